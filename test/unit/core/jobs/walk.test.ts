import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { walkFolder } from '../../../../main/core/jobs/walk.ts';
import { makeContext } from '../../../../main/core/context.ts';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import { dataPath } from '../../../helpers/data.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-walk-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

const rel = (p: string) => path.relative(dir, p);

describe('walkFolder', () => {
  it('finds media by extension or content, reports unreadable entries, ignores the rest, survives loops', async () => {
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(path.join(dir, 'x.mp4'));
    copyFileSync(dataPath('videos/talking_heads/liveportrait_d20.mp4'), path.join(dir, 'a', 'clip.mp4'));
    copyFileSync(dataPath('mosi/raw/03bSnISJMiM_1.wav'), path.join(dir, 'a', 'b', 'no extension'));
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    writeFileSync(path.join(dir, 'empty.mp4'), '');
    symlinkSync(path.join(dir, 'gone.mp4'), path.join(dir, 'broken.mp4'));
    symlinkSync('self', path.join(dir, 'self'));
    symlinkSync('..', path.join(dir, 'a', 'b', 'up'));
    symlinkSync(path.join(dir, 'a', 'clip.mp4'), path.join(dir, 'link to clip.mp4'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.mp4')]);
    const warnings: string[] = [];
    const walk = await walkFolder(dir, makeContext({ log: (_l, m) => warnings.push(m) }));
    const files = walk.entries.filter((e) => e.kind === 'file').map((e) => rel(e.path));
    const errors = Object.fromEntries(walk.entries.flatMap((e) => (e.kind === 'error' ? [[rel(e.path), e.error]] : [])));
    expect(files.sort()).toEqual(['a/b/no extension', 'a/clip.mp4', 'empty.mp4', 'link to clip.mp4']);
    expect(Object.keys(errors).sort()).toEqual(['broken.mp4', 'fifo.mp4', 'self', 'x.mp4']);
    expect(errors['broken.mp4']).toMatchObject({ kind: 'FileUnreadable', message: expect.stringMatching(/broken symbolic link/) });
    expect(errors['self']!.message).toMatch(/symbolic link loop/);
    expect(errors['fifo.mp4']!.message).toMatch(/named pipe/);
    expect(errors['x.mp4']!.message).toMatch(/folder named like a media file/);
    expect(walk.ignored).toBe(1); // notes.txt
    expect(warnings.some((w) => w.includes('a/b/up'))).toBe(true);
    const clip = walk.entries.find((e) => e.kind === 'file' && e.path.endsWith('no extension'));
    expect(clip).toMatchObject({ container: 'riff' });
  });

  it('refuses a path that is not a folder, naming it', async () => {
    const f = path.join(dir, 'file.mp4');
    writeFileSync(f, 'x');
    await expect(walkFolder(f, makeContext())).rejects.toMatchObject({ kind: 'InvalidArgument', message: expect.stringContaining(f) });
    await expect(walkFolder(path.join(dir, 'nope'), makeContext())).rejects.toMatchObject({ kind: 'FileUnreadable' });
  });

  it('reports a file the user may not read as an error entry (checked as an unprivileged user)', () => {
    // Root reads everything, so the walk runs in a child process as "nobody" when we are root.
    const secret = path.join(dir, 'secret.mp4');
    copyFileSync(dataPath('videos/talking_heads/liveportrait_d20.mp4'), secret);
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(path.join(dir, 'unknown-format'), 'x');
    chmodSync(secret, 0o000);
    chmodSync(path.join(dir, 'unknown-format'), 0o000);
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    const script = `
      import { walkFolder } from ${JSON.stringify(path.join(PROJECT_ROOT, 'main/core/jobs/walk.ts'))};
      const w = await walkFolder(${JSON.stringify(dir)}, { signal: new AbortController().signal, log: () => {} });
      console.log(JSON.stringify(w.entries.map((e) => e.kind === 'error' ? { path: e.path, kind: e.error.kind, message: e.error.message } : { path: e.path })));
    `;
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: os.tmpdir(), TSX_TSCONFIG_PATH: path.join(PROJECT_ROOT, 'tsconfig.node.json') },
      ...asNobody,
    });
    expect(r.stderr).toBe('');
    const entries = JSON.parse(r.stdout) as { path: string; kind?: string; message?: string }[];
    const byName = Object.fromEntries(entries.map((e) => [path.basename(e.path), e]));
    expect(byName['secret.mp4']).toMatchObject({ kind: 'FileUnreadable', message: `${secret} cannot be read: permission denied` });
    expect(byName['unknown-format']).toMatchObject({ kind: 'FileUnreadable', message: expect.stringMatching(/permission denied/) });
    expect(byName['locked']).toMatchObject({ kind: 'FileUnreadable', message: expect.stringMatching(/permission denied/) });
  });
});
