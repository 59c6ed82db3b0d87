import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { ffmpegPath } from '../../../../main/core/media/ffmpeg-paths.ts';
import { runProcess } from '../../../../main/core/media/run-process.ts';
import { embeddedCandidates, extractEmbeddedSrt } from '../../../../main/core/transcript/embedded.ts';
import { resolveTranscript } from '../../../../main/core/transcript/resolve-transcript.ts';
import { TALKING_HEADS, dataPath } from '../../../helpers/data.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-embedded-'));
const source = dataPath(TALKING_HEADS[0] as string);
const withSubs = path.join(tmp, 'with-subs.mp4');
const ctx = makeContext();

beforeAll(async () => {
  // A real clip with a mov_text subtitle stream muxed in (streams copied, nothing re-encoded).
  const srt = path.join(tmp, 'subs.srt');
  writeFileSync(srt, '1\n00:00:00,500 --> 00:00:02,000\nI really liked it.\n\n2\n00:00:02,500 --> 00:00:04,000\nNot bad at all!\n');
  const r = await runProcess(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', source, '-i', srt, '-map', '0', '-map', '1', '-c', 'copy', '-c:s', 'mov_text', withSubs]);
  expect(r.exitCode).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('embedded subtitles', () => {
  it('extracts a text subtitle stream as SRT', async () => {
    const srt = await extractEmbeddedSrt(withSubs, 0, ctx);
    expect(srt).toContain('I really liked it.');
    expect(srt).toContain('00:00:02,500 --> 00:00:04,000');
  });
  it('returns null for a clip without a subtitle stream', async () => {
    expect(await extractEmbeddedSrt(source, 0, ctx)).toBeNull();
  });
  it('is the source when there is no sidecar', async () => {
    const t = await resolveTranscript(withSubs, ctx, { durationSec: 5, allowAsr: false });
    expect(t.source).toBe('embedded');
    expect(t.timed).toBe(true);
    expect(t.words[0]).toMatchObject({ text: 'I', start: 0.5 });
    expect(t.text).toBe('I really liked it. Not bad at all!');
  });
  it('tries text codecs only, English first', () => {
    expect(
      embeddedCandidates([
        { index: 2, codec: 'hdmv_pgs_subtitle', language: 'eng' },
        { index: 3, codec: 'subrip', language: 'fre' },
        { index: 4, codec: 'mov_text', language: 'eng' },
      ]),
    ).toEqual([2, 1]);
  });
  it('rejects a negative stream number', async () => {
    await expect(extractEmbeddedSrt(withSubs, -1, ctx)).rejects.toMatchObject({ kind: 'InvalidArgument' });
  });
});
