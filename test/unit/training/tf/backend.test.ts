import { describe, expect, it } from 'vitest';
import { currentTf, initTf, wasmBinaryDir } from '../../../../main/training/tf/backend.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../main/core/errors.ts';

describe('initTf', () => {
  it("'auto' falls back to wasm when tfjs-node is not installed, and is idempotent", async () => {
    const a = await initTf('auto');
    // tfjs-node cannot be installed offline (DESIGN 9); if it ever is, 'tensorflow' is the right answer.
    expect(['wasm', 'tensorflow']).toContain(a.backend);
    const b = await initTf();
    expect(b).toBe(a);
    expect(currentTf()).toBe(a);
    const x = a.tf.tensor1d([1, 2, 3]);
    expect(Array.from(a.tf.sum(x).dataSync())).toEqual([6]);
    expect(existsSync(path.join(wasmBinaryDir(), 'tfjs-backend-wasm.wasm'))).toBe(true);
  });

  it('switches to an explicit backend and back', async () => {
    const cpu = await initTf('cpu');
    expect(cpu.backend).toBe('cpu');
    expect(cpu.tf.getBackend()).toBe('cpu');
    const wasm = await initTf('wasm');
    expect(wasm.backend).toBe('wasm');
    expect(wasm.tf.getBackend()).toBe('wasm');
  });

  it("an explicit 'node' that cannot load says so with an AppError", async () => {
    let err: unknown;
    try {
      await initTf('node');
    } catch (e) {
      err = e;
    }
    if (err === undefined) return; // tfjs-node present: nothing to refuse
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/tfjs-node/);
  });
});
