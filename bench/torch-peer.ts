/**
 * The PyTorch peer of the training bench: ../shared/bench/torch_corrkd/bench.py (its README), the
 * same network, MRM and losses in PyTorch on this CPU, run with Debian's system interpreter when it
 * can import torch (apt-get install -y python3-torch). Its JSON is validated; its times are medians
 * of wall-clock milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../main/core/paths.ts';

export const PEER_DIR = process.env.CORRKD_TORCH_BENCH ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'bench', 'torch_corrkd');
const PYTHON = '/usr/bin/python3';

const peerSchema = z.object({
  torch_version: z.string(),
  threads: z.number(),
  teacher_step_ms: z.number(),
  student_step_ms: z.number(),
  forward_ms_batch1: z.number(),
  forward_ms_batch128: z.number(),
});
/** plus the whole peer process's CPU seconds (null without /proc) and wall seconds */
export type PeerResult = z.infer<typeof peerSchema> & { cpuSeconds: number | null; wallSeconds: number };

export interface PeerArgs {
  batch: number;
  dims: { l: number; a: number; v: number };
  threads: number;
  steps: number;
}

/** Why the peer cannot run here, or null when it can. */
export function peerUnavailable(): string | null {
  if (!existsSync(path.join(PEER_DIR, 'bench.py'))) return `${path.join(PEER_DIR, 'bench.py')} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch (apt-get install -y python3-torch)`;
  return null;
}

/**
 * user + system CPU seconds of this process's waited-for children, from /proc/self/stat (cutime,
 * cstime in clock ticks, 100 per second on Linux); null where there is no /proc.
 */
function childrenCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

export function runPeer(a: PeerArgs): PeerResult {
  const args = ['bench.py', '--dl', String(a.dims.l), '--da', String(a.dims.a), '--dv', String(a.dims.v), '--batch', String(a.batch), '--threads', String(a.threads), '--steps', String(a.steps), '--warmup', '2'];
  const t0 = performance.now();
  const cpu0 = childrenCpuSeconds();
  const p = spawnSync(PYTHON, args, { cwd: PEER_DIR, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (p.error || p.status !== 0) throw new Error(`PyTorch peer failed (${PYTHON} ${args.join(' ')}): ${p.error?.message ?? p.stderr.slice(-500)}`);
  const parsed = peerSchema.parse(JSON.parse(p.stdout));
  const cpu1 = childrenCpuSeconds();
  return { ...parsed, cpuSeconds: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, wallSeconds };
}
