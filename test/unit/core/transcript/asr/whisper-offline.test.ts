import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../../main/core/context.ts';
import { asrModelDir, getAsrModel } from '../../../../../main/core/transcript/asr/asr-models.ts';
import { checkHubReachable, pullAsrModel } from '../../../../../main/core/transcript/asr/model-pull.ts';
import { modelState, writeModelManifest } from '../../../../../main/core/transcript/asr/model-store.ts';
import { transcribeWithWhisper } from '../../../../../main/core/transcript/asr/whisper.ts';

// This machine cannot reach the Hugging Face hub: the offline paths run for real.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-asr-'));
const saved = process.env.CORRKD_HOME;
beforeAll(() => {
  process.env.CORRKD_HOME = tmp;
});
afterAll(() => {
  if (saved === undefined) delete process.env.CORRKD_HOME;
  else process.env.CORRKD_HOME = saved;
  rmSync(tmp, { recursive: true, force: true });
});

describe('Whisper without a local model', () => {
  it('fails with ModelMissing that says exactly how to get it', async () => {
    const err = await transcribeWithWhisper(new Float32Array(16000), makeContext(), { model: 'whisper-tiny.en' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'ModelMissing', message: expect.stringContaining('`corrkd models pull whisper-tiny.en`') });
  });
  it('an unknown model name lists the known ones', async () => {
    await expect(transcribeWithWhisper(new Float32Array(16000), makeContext(), { model: 'whisper-huge' })).rejects.toMatchObject({
      kind: 'InvalidArgument',
      message: expect.stringContaining('whisper-tiny.en, whisper-base.en'),
    });
  });
});

describe('model presence (manifest)', () => {
  it('is present only when every listed file is there with its size, and verified by hash on request', async () => {
    const spec = getAsrModel('whisper-base');
    const dir = asrModelDir(spec);
    mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), '{"model_type":"whisper"}');
    writeFileSync(path.join(dir, 'onnx', 'part.bin'), Buffer.alloc(1000, 7));
    await writeModelManifest(spec);
    expect((await modelState(spec, { verify: true })).state).toBe('present');
    writeFileSync(path.join(dir, 'onnx', 'part.bin'), Buffer.alloc(1000, 8)); // same size, other bytes
    expect((await modelState(spec)).state).toBe('present');
    expect(await modelState(spec, { verify: true })).toMatchObject({ state: 'missing', reason: expect.stringContaining('corrupt') });
    rmSync(path.join(dir, 'onnx', 'part.bin'));
    expect(await modelState(spec)).toMatchObject({ state: 'missing', reason: expect.stringContaining('onnx/part.bin') });
  });
});

describe('models pull while offline', () => {
  it('fails fast with NetworkUnavailable and a clear message', async () => {
    const t0 = Date.now();
    const err = await pullAsrModel('whisper-tiny.en', makeContext(), { timeoutMs: 3000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'NetworkUnavailable', message: expect.stringMatching(/Cannot reach https:\/\/huggingface\.co\/.*needs internet access/) });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(existsSync(path.join(asrModelDir(getAsrModel('whisper-tiny.en')), 'corrkd-model.json'))).toBe(false);
  });
  it('reports a timeout as such when the host does not answer', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the request hangs until the timeout,
    // or fails at once where there is no route at all; both are NetworkUnavailable.
    const saved = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = 'http://192.0.2.1';
    try {
      await expect(checkHubReachable('x/y', 500)).rejects.toMatchObject({ kind: 'NetworkUnavailable', message: expect.stringContaining('http://192.0.2.1/') });
    } finally {
      if (saved === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = saved;
    }
  });
  it('an unknown name is InvalidArgument listing the valid names, before any network', async () => {
    await expect(pullAsrModel('whisper-large', makeContext(), { timeoutMs: 100 })).rejects.toMatchObject({
      kind: 'InvalidArgument',
      message: expect.stringContaining('whisper-tiny.en'),
    });
  });
});
