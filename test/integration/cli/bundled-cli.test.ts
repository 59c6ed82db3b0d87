import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, STAMP_FILE, type CliBuild, type CliStamp } from '../../../main/cli/tools/build-cli.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node ...argv` from the project root, with a user folder of its own. */
function node(argv: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * `npm run build:cli`'s bundle against the TypeScript sources: the same output for the same
 * command. The bundle is built into a temp folder laid out like the checkout (tmp/dist/cli/ beside a
 * copy of bin.js in tmp/main/cli/), so the test neither needs nor disturbs dist/cli/.
 */
describe('the bundled CLI (npm run build:cli)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-bundled-cli-'));
  const env = { CORRKD_HOME: path.join(tmp, 'home') };
  let built: CliBuild;
  const source = (...args: string[]) => node(['--import', 'tsx', path.join(PROJECT_ROOT, 'main/cli/index.ts'), ...args], env);
  const bundled = (...args: string[]) => node([built.entry, ...args], env);

  beforeAll(async () => {
    // a source saved during the build leaves it unstamped (bin.js would not use it): build again
    for (let i = 0; i < 3; i++) {
      built = await buildCli(path.join(tmp, 'dist', 'cli'));
      if (built.stamped) break;
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe('bin.js', () => {
    // bin.js copied next to the temp build, with the project's node_modules and package type for the
    // tsx fallback, and a stand-in for the sources that says it ran
    const bin = path.join(tmp, 'main', 'cli', 'bin.js');
    const stampFile = () => path.join(built.outDir, STAMP_FILE);
    let stamp: string;
    beforeAll(() => {
      expect(built.stamped).toBe(true);
      mkdirSync(path.dirname(bin), { recursive: true });
      copyFileSync(path.join(PROJECT_ROOT, 'main/cli/bin.js'), bin);
      symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
      writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(path.join(tmp, 'main/cli/index.ts'), "const ran: string = 'the sources';\nprocess.stdout.write(ran);\n");
      stamp = readFileSync(stampFile(), 'utf8');
    });

    it('runs the bundle while every source it was built from is unchanged', async () => {
      const [s, b] = [await source('--help'), await node([bin, '--help'], env)];
      expect(b).toEqual(s);
    });

    it('runs the sources through tsx, printing nothing else, when a source changed or the stamp is missing', async () => {
      const st = JSON.parse(stamp) as CliStamp;
      st.inputs[0]![1] -= 1000; // as if that file had been saved since the build
      writeFileSync(stampFile(), JSON.stringify(st));
      expect(await node([bin, '--help'], env)).toEqual({ code: 0, stdout: 'the sources', stderr: '' });
      rmSync(stampFile());
      expect(await node([bin, '--help'], env)).toEqual({ code: 0, stdout: 'the sources', stderr: '' });
    });
  });

  it.each([[['--help']], [['models', 'list', '--json']]])('%j prints what the sources print', async (args) => {
    const [s, b] = [await source(...args), await bundled(...args)];
    expect(s.code, s.stderr).toBe(0);
    expect(b).toEqual(s);
  });

  it('analyses the sample clip as the sources do (worker threads, models/ and the pack from the bundle)', { timeout: 300_000 }, async () => {
    const args = ['analyze', path.resolve(PROJECT_ROOT, 'assets/sample/pexels-face.mp4'), '--json', '--fps', '1', '--device', 'cpu', '--no-cache'];
    const [s, b] = [await source(...args), await bundled(...args)];
    expect(s.code, s.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // stage timings differ from run to run; everything else is the same computation
    const stable = (r: Run) => ({ ...(JSON.parse(r.stdout) as Record<string, unknown>), timingsMs: undefined });
    expect(stable(b)).toEqual(stable(s));
    expect(JSON.parse(b.stdout)).toHaveProperty('timingsMs.total');
  });
});
