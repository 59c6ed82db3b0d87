import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipResultSchema, SUBSETS } from '../../../main/core/result/schema.ts';
import { DEFAULT_PACK_DIR } from '../../../main/core/inference/pack.ts';
import { EXTRACTORS } from '../../../main/core/features/extractors.ts';
import { ffmpegPath } from '../../../main/core/media/ffmpeg-paths.ts';

const LONG = { l: 'text', a: 'audio', v: 'visual' } as const;
import { dataPath } from '../../helpers/data.ts';
import { corrkd } from '../training-cli/run-cli.ts';

/** `corrkd analyze` with the bundled default pack: schema 2 results, and packs that must be refused. */
describe('corrkd analyze (real CLI, default pack)', () => {
  let dir: string;
  let silent: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'corrkd-analyze-'));
    // 3 s of digital silence without video: no modality is usable, whatever the pack reads
    silent = path.join(dir, 'silence.wav');
    const made = spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '3', '-y', silent]);
    if (made.status !== 0) throw new Error(`ffmpeg could not write ${silent}: ${String(made.stderr)}`);
  });

  it('returns a schema-valid result for the demo clip and explains every unusable modality', async () => {
    const r = await corrkd(['analyze', path.resolve('assets/sample/pexels-face.mp4'), '--json', '--fps', '1', '--device', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const res = clipResultSchema.parse(JSON.parse(r.stdout));
    expect(res.schema).toBe(2);
    expect(res.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(res.score).toBeGreaterThanOrEqual(-3);
    expect(res.score).toBeLessThanOrEqual(3);
    expect(res.prior!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Object.keys(res.contributions).sort()).toEqual([...SUBSETS].sort());
    expect(res.modalities.audio).toMatchObject({ present: true, usable: false, usedByModel: false });
    expect(res.modalities.audio.reason).toMatch(/digital silence/);
    expect(res.modalities.text).toMatchObject({ usable: true, usedByModel: true });
    expect(res.transcript.source).toBe('sidecar-srt');
    expect(res.segments).toHaveLength(4);
    expect(res.device.provider).toBe('cpu');
    // a subset has a score exactly when it keeps a modality the model reads that is usable here
    for (const s of SUBSETS) {
      const reads = [...s].some((c) => res.modalities[LONG[c as 'l' | 'a' | 'v']].usedByModel);
      expect(res.contributions[s] === null, s).toBe(!reads);
    }
  });

  it('analyses a still image: a FER crop is read as 3 s of unchanging video with its face', async () => {
    const r = await corrkd(['analyze', dataPath('fer2013/train/happy/Training_10019449.jpg'), '--json', '--device', 'cpu', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const res = clipResultSchema.parse(JSON.parse(r.stdout));
    expect(res.durationSec).toBe(3);
    expect(res.segments.map((s) => [s.start, s.end, s.modalities.visual])).toEqual([[0, 3, 1]]);
    expect(res.modalities.visual).toMatchObject({ present: true, usable: true, coverage: 1, reason: null });
    expect(res.modalities.audio).toMatchObject({ present: false, usable: false, reason: 'no audio stream in the file' });
    expect(res.warnings.join(' ')).toMatch(/Still image: .*\(10 steps of 300 ms\)/);
  });

  it('reads a plain talking-head video (no transcript) from its voice and face: segments from speech, a score per clip', async () => {
    // two clips with a pause in the speech (measured: 2 utterances each; VAD does not depend on --fps)
    const clips = ['video-retalking_face_1.mp4', 'liveportrait_d20.mp4'].map((f) => dataPath(`videos/talking_heads/${f}`));
    const r = await corrkd(['analyze', ...clips, '--json', '--fps', '2', '--device', 'cpu', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const out = (JSON.parse(r.stdout) as unknown[]).map((x) => clipResultSchema.parse(x));
    for (const res of out) {
      expect(res.model.trainedModalities).toEqual(expect.arrayContaining(['a', 'v']));
      expect(res.modalities.text).toMatchObject({ usable: false, usedByModel: false });
      expect(res.modalities.audio, res.file).toMatchObject({ usable: true, usedByModel: true });
      expect(res.modalities.visual, res.file).toMatchObject({ usable: true, usedByModel: true });
      expect(res.score, res.file).not.toBeNull();
      // utterances come from voice activity: two stretches of speech, not one block over the clip
      expect(res.segments.length, res.file).toBeGreaterThan(1);
      for (const s of res.segments) expect(s.end).toBeLessThanOrEqual(res.durationSec + 1e-6);
      expect(res.segments[1]!.start - res.segments[0]!.end, res.file).toBeGreaterThan(0.3);
      expect(res.contributions.a).not.toBeNull();
      expect(res.contributions.v).not.toBeNull();
    }
    // evidence, not the prior: two different people saying different things get different scores
    expect(out[0]!.score).not.toBe(out[1]!.score);
    expect(out[0]!.score).not.toBe(out[0]!.prior!.score);
  });

  it('analyses several files, reporting a bad one as a row and exiting 2', async () => {
    const bad = path.join(dir, 'empty.mp4');
    await writeFile(bad, '');
    const r = await corrkd(['analyze', dataPath('videos/talking_heads/video-retalking_face_4.mp4'), bad, '--json', '--fps', '1', '--device', 'cpu']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as unknown[];
    expect(out).toHaveLength(2);
    const head = clipResultSchema.parse(out[0]);
    // no transcript and no --asr: text is unusable with its reason
    expect(head.modalities.text).toMatchObject({ usable: false, usedByModel: false });
    expect(head.modalities.text.reason).toBeTruthy();
    expect(head.score === null).toBe(!Object.values(head.modalities).some((m) => m.usedByModel));
    expect(out[1]).toMatchObject({ file: bad, error: { kind: 'EmptyFile' } });
    expect(r.stderr).toContain('empty.mp4');
  });

  it('gives no score for a clip with nothing usable, keeping the prior apart (JSON and summary)', async () => {
    const r = await corrkd(['analyze', silent, '--json', '--device', 'cpu', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const res = clipResultSchema.parse(JSON.parse(r.stdout));
    expect(res.modalities.audio.reason).toMatch(/digital silence/);
    expect(Object.values(res.modalities).some((m) => m.usedByModel)).toBe(false);
    expect(res).toMatchObject({ score: null, label: null, class7: null, probabilities: null });
    expect(Object.values(res.contributions).every((c) => c === null)).toBe(true);
    expect(res.segments.every((s) => s.score === null)).toBe(true);
    expect(res.prior!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(res.warnings.join(' ')).toMatch(/no score \(no evidence\); the model's prior, [+-]\d\.\d\d, is in "prior"/);
    const human = await corrkd(['analyze', silent, '--device', 'cpu']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain("sentiment  none: no evidence (no modality the model reads is usable; the model's prior would say");
  });

  it('--asr without a speech-to-text model says once which model is missing and how to get it', async () => {
    const env = { CORRKD_HOME: path.join(dir, 'no-models') }; // a user folder without models, whatever this machine has
    const r = await corrkd(['analyze', silent, silent, '--asr', '--json', '--device', 'cpu'], { env });
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('--asr:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/speech recognition model whisper-tiny\.en is not available .*corrkd models pull whisper-tiny\.en.*or copy its folder/);
  });

  it('refuses a tampered pack, naming the file', async () => {
    const pack = path.join(dir, 'tampered');
    await cp(DEFAULT_PACK_DIR, pack, { recursive: true });
    const onnx = path.join(pack, 'student.onnx');
    const bytes = await readFile(onnx);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256;
    await writeFile(onnx, bytes);
    const r = await corrkd(['analyze', path.resolve('assets/sample/pexels-face.mp4'), '--json', '--model', pack]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ModelContractMismatch: .*student\.onnx does not match its checksum/);
  });

  it('refuses a pack whose io contract does not fit this app’s extractors, saying which', async () => {
    const pack = path.join(dir, 'mismatch');
    await cp(DEFAULT_PACK_DIR, pack, { recursive: true });
    const mf = path.join(pack, 'manifest.json');
    const m = JSON.parse(await readFile(mf, 'utf8'));
    // text is a trained modality of the default pack: its extractor must be the app's
    m.extractors.text = { ...m.extractors.text, id: 'glove-300' };
    await writeFile(mf, JSON.stringify(m));
    const r = await corrkd(['analyze', path.resolve('assets/sample/pexels-face.mp4'), '--json', '--model', pack]);
    expect(r.code).toBe(2);
    const t = EXTRACTORS.text;
    expect(r.stderr).toContain(`io contract mismatch: text extractor is glove-300 v${t.version} (${t.dim}-d), this app computes ${t.id} v${t.version} (${t.dim}-d)`);
  });

  it('refuses a folder that is not a pack', async () => {
    const r = await corrkd(['analyze', path.resolve('assets/sample/pexels-face.mp4'), '--model', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ModelMissing: .*manifest\.json is missing/);
  });
});
