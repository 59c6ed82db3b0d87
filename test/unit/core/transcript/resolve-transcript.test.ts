import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { resolveTranscript } from '../../../../main/core/transcript/resolve-transcript.ts';
import { getTranscriptSource, transcriptSourceIds } from '../../../../main/core/transcript/sources.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-transcript-'));
const savedHome = process.env.CORRKD_HOME;
beforeAll(() => {
  process.env.CORRKD_HOME = path.join(tmp, 'home'); // an empty user folder: no ASR model
});
afterAll(() => {
  if (savedHome === undefined) delete process.env.CORRKD_HOME;
  else process.env.CORRKD_HOME = savedHome;
  rmSync(tmp, { recursive: true, force: true });
});

const SRT = '1\n00:00:01,000 --> 00:00:02,000\nfrom srt\n';
const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfrom vtt\n';
/** A folder with a (never decoded) clip.mp4 and the given sidecar files. */
function folder(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmp, 'case-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(d, name), content);
  return path.join(d, 'clip.mp4');
}
const base = { durationSec: 10, allowAsr: false, embeddedStreams: [] as number[] };
const ctx = makeContext();

describe('transcript source registry', () => {
  it('lists the sources in the order they are tried, explicit file first', () => {
    expect(transcriptSourceIds()).toEqual(['cli', 'sidecar-srt', 'sidecar-vtt', 'sidecar-txt', 'embedded', 'whisper']);
  });
  it('an unknown source id throws and names the valid ones', () => {
    expect(() => getTranscriptSource('youtube')).toThrow(expect.objectContaining({ kind: 'InvalidArgument', message: expect.stringContaining('sidecar-srt, sidecar-vtt') }));
  });
});

describe('resolveTranscript', () => {
  it('prefers .srt over .vtt over .txt next to the video', async () => {
    const clip = folder({ 'clip.srt': SRT, 'clip.vtt': VTT, 'clip.txt': 'from txt' });
    const t = await resolveTranscript(clip, ctx, base);
    expect(t.source).toBe('sidecar-srt');
    expect(t.timed).toBe(true);
    expect(t.text).toBe('from srt');
    expect(t.words.map((w) => w.text)).toEqual(['from', 'srt']);
    expect(t.attempts.map((a) => [a.source, a.outcome])).toEqual([
      ['cli', 'skipped'],
      ['sidecar-srt', 'used'],
    ]);
  });
  it('falls through to .vtt and then .txt', async () => {
    expect((await resolveTranscript(folder({ 'clip.vtt': VTT, 'clip.txt': 'x' }), ctx, base)).source).toBe('sidecar-vtt');
    const t = await resolveTranscript(folder({ 'clip.TXT': 'plain  words\n here' }), ctx, base);
    expect(t.source).toBe('sidecar-txt');
    expect(t.timed).toBe(false);
    expect(t.text).toBe('plain words here');
  });
  it('spreads plain text over the speech segments', async () => {
    const t = await resolveTranscript(folder({ 'clip.txt': 'aaa bbb' }), ctx, { ...base, speech: [{ start: 2, end: 4 }] });
    expect(t.words).toEqual([
      { text: 'aaa', start: 2, end: 3 },
      { text: 'bbb', start: 3, end: 4 },
    ]);
  });
  it('spreads plain text over the whole clip without speech segments', async () => {
    const t = await resolveTranscript(folder({ 'clip.txt': 'aaa bbb' }), ctx, { ...base, durationSec: 8 });
    expect(t.words.map((w) => [w.start, w.end])).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });
  it('takes a language-tagged sidecar and reports its language', async () => {
    const t = await resolveTranscript(folder({ 'clip.de.srt': SRT, 'clip.en.srt': SRT.replace('from srt', 'english') }), ctx, base);
    expect(t.text).toBe('english');
    expect(t.language).toBe('en');
  });
  it('skips an empty sidecar and a subtitle file without cues, and says so', async () => {
    const t = await resolveTranscript(folder({ 'clip.srt': 'not a subtitle', 'clip.txt': '  \n' }), ctx, base);
    expect(t.source).toBe('none');
    expect(t.words).toEqual([]);
    expect(t.attempts.find((a) => a.source === 'sidecar-srt')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('no valid cues') });
  });
  it('reads a Windows-1252 sidecar', async () => {
    const clip = folder({});
    writeFileSync(path.join(path.dirname(clip), 'clip.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x92, 0x6f, 0x6b])); // "café ’ok"
    expect((await resolveTranscript(clip, ctx, base)).text).toBe('café \u2019ok');
  });
  it('an explicit --transcript wins over sidecars', async () => {
    const clip = folder({ 'clip.srt': SRT });
    const explicit = path.join(path.dirname(clip), 'mine.vtt');
    writeFileSync(explicit, VTT);
    const t = await resolveTranscript(clip, ctx, { ...base, explicitPath: explicit });
    expect(t.source).toBe('cli');
    expect(t.text).toBe('from vtt');
    expect(t.origin).toBe(explicit);
  });
  it('a missing or empty --transcript is bad input, not a silent fallback', async () => {
    const clip = folder({ 'clip.srt': SRT });
    await expect(resolveTranscript(clip, ctx, { ...base, explicitPath: path.join(tmp, 'nope.srt') })).rejects.toMatchObject({ kind: 'FileUnreadable' });
    const empty = path.join(path.dirname(clip), 'empty.txt');
    writeFileSync(empty, '');
    await expect(resolveTranscript(clip, ctx, { ...base, explicitPath: empty })).rejects.toMatchObject({ kind: 'InvalidArgument', file: empty });
  });
  it('with ASR allowed but no model downloaded: source none, the attempt says how to get the model, and no audio is decoded', async () => {
    let decoded = 0;
    const loadAudio16k = async () => {
      decoded += 1;
      return new Float32Array(16000);
    };
    const t = await resolveTranscript(folder({}), ctx, { ...base, allowAsr: true, loadAudio16k });
    expect(decoded).toBe(0);
    expect(t.source).toBe('none');
    const w = t.attempts.find((a) => a.source === 'whisper');
    expect(w).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('corrkd models pull whisper-tiny.en') });
  });
  it('with ASR turned off, whisper is skipped without trying', async () => {
    const t = await resolveTranscript(folder({}), ctx, { ...base, loadAudio16k: async () => new Float32Array(16000) });
    expect(t.attempts.find((a) => a.source === 'whisper')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('turned off') });
  });
  it('stops when canceled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(resolveTranscript(folder({ 'clip.srt': SRT }), makeContext({ signal: ac.signal }), base)).rejects.toMatchObject({ kind: 'Canceled' });
  });
});
