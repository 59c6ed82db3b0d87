import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerModels } from '../../../../main/cli/commands/models.ts';
import { runCli } from '../../../../main/cli/run.ts';

// The command runs in-process through the same runCli as bin (exit code + stderr), with an empty
// user folder. This machine cannot reach the model hub, so the offline pull is real.
const home = mkdtempSync(path.join(os.tmpdir(), 'corrkd-models-cli-'));
const saved = process.env.CORRKD_HOME;
beforeAll(() => {
  process.env.CORRKD_HOME = home;
});
afterAll(() => {
  if (saved === undefined) delete process.env.CORRKD_HOME;
  else process.env.CORRKD_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('corrkd');
  registerModels(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  process.exitCode = 0;
  try {
    await runCli(program, ['node', 'corrkd', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout, stderr };
}

describe('corrkd models', () => {
  it('list --json shows text-v1 ready and no ASR model in an empty user folder', async () => {
    const r = await cli('models', 'list', '--json');
    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout);
    expect(inv.textV1).toMatchObject({ present: true, dims: 100 });
    expect(inv.asr.folder).toBe(path.join(home, 'models'));
    expect(inv.asr.models.map((m: { name: string }) => m.name)).toContain('whisper-tiny.en');
    expect(inv.asr.models.every((m: { present: boolean }) => !m.present)).toBe(true);
  });
  it('list verifies the bundled pack and shows what it was trained on and its licence line', async () => {
    const inv = JSON.parse((await cli('models', 'list', '--json')).stdout);
    const pack = inv.packs.find((p: { dir: string }) => path.basename(p.dir) === 'default');
    expect(pack).toMatchObject({ id: 'corrkd-default', problem: null });
    expect(pack.trainedModalities.length).toBeGreaterThan(0);
    expect(pack).not.toHaveProperty('manifest');
    const text = (await cli('models', 'list')).stdout;
    const lines = text.split('\n');
    const at = lines.indexOf(`  default  corrkd-default ${pack.version}, trained on ${pack.trainedModalities.join(' + ')}`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {4}(licence not stated|\S+( - NON-COMMERCIAL USE ONLY)?: )/);
  });
  it('list (text) tells how to get a missing ASR model', async () => {
    const r = await cli('models', 'list');
    expect(r.stdout).toContain('whisper-tiny.en  not downloaded (about 75 MB): corrkd models pull whisper-tiny.en');
  });
  it('pull of an unknown name exits 2 and lists the valid names', async () => {
    const r = await cli('models', 'pull', 'whisper-enormous');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/InvalidArgument: Unknown ASR model "whisper-enormous"; known models: whisper-tiny\.en, /);
  });
  it('pull offline fails fast with NetworkUnavailable (exit 1), nothing on stdout', async () => {
    const r = await cli('models', 'pull', 'whisper-tiny.en', '--timeout', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NetworkUnavailable: Cannot reach https://huggingface.co/');
    expect(r.stdout).toBe('');
  });
  it('rejects a bad --timeout as bad input', async () => {
    const r = await cli('models', 'pull', 'whisper-tiny.en', '--timeout', 'soon');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a number of seconds > 0, got "soon"');
  });
});
