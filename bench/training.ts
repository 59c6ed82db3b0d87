import os from 'node:os';
import { benchCorrkd } from './training-steps.ts';
import type { BenchRow } from './training-steps.ts';
import type { Bench } from './registry.ts';
import { printTable } from './table.ts';
import { peerUnavailable, runPeer, PEER_DIR } from './torch-peer.ts';
import type { PeerResult } from './torch-peer.ts';

const BATCH = 128;
const PEER_THREADS = 2;

/** The peer's median for a row of ours, or undefined when it has none. */
function peerMs(r: BenchRow, peer: PeerResult): number | undefined {
  if (r.kind === 'teacher') return peer.teacher_step_ms;
  if (r.kind === 'student') return peer.student_step_ms;
  if (r.kind === 'forward') return r.batch === 1 ? peer.forward_ms_batch1 : r.batch === 128 ? peer.forward_ms_batch128 : undefined;
  return undefined;
}

export const trainingBench: Bench = {
  name: 'training',
  description:
    'CorrKD at the MOSI shape (batch 128, T 50, text-v2 / audio-v1 / visual-v1 dims): training steps (teacher; student with every loss term) with the wasm kernels on and off, one-modality batches, student forward latency in tfjs and onnxruntime-node; next to the PyTorch peer (../shared/bench/torch_corrkd, 2 threads) run in the same bench',
  async run() {
    const load0 = os.loadavg()[0]!;
    const report = await benchCorrkd({ batch: BATCH, steps: 5, forwardBatches: [1, 128], forwardRuns: 10, profile: true });
    process.stdout.write(`tfjs backend ${report.backend}, ${report.params} parameters, dims ${JSON.stringify(report.shape.dims)}; load average ${load0.toFixed(1)} on ${os.cpus().length} cores\n`);
    const why = peerUnavailable();
    let peer: PeerResult | null = null;
    if (why) process.stdout.write(`PyTorch peer not run: ${why}.\n`);
    else {
      const { l, a, v } = report.shape.dims;
      peer = runPeer({ batch: BATCH, dims: { l, a, v }, threads: PEER_THREADS, steps: 5 });
      const cpu = peer.cpuSeconds === null ? 'n/a' : `${peer.cpuSeconds.toFixed(1)} s CPU`;
      process.stdout.write(`PyTorch peer: torch ${peer.torch_version}, ${peer.threads} threads, ${PEER_DIR}/bench.py; whole run ${peer.wallSeconds.toFixed(1)} s wall, ${cpu}\n`);
    }
    printTable(
      report.rows.map((r) => {
        const p = peer ? peerMs(r, peer) : undefined;
        return {
          what: r.what,
          batch: r.batch,
          'ms (wall)': r.msPerRun,
          'ms CPU': r.cpuMsPerRun,
          ...(peer ? { 'PyTorch ms (wall)': p ?? '', 'ours / PyTorch': p ? r.msPerRun / p : '' } : {}),
        };
      }),
    );
    for (const p of report.profiles) {
      const inKernels = p.kernels.reduce((a, k) => a + k.ms, 0);
      process.stdout.write(`\nwhere a ${p.stage} step goes (tf.profile of one step, ${p.stepMs.toFixed(0)} ms wall; kernels ${inKernels.toFixed(0)} ms, the rest ${(p.stepMs - inKernels).toFixed(0)} ms is JavaScript: tape, gradient bookkeeping, batch assembly):\n`);
      printTable(p.kernels.slice(0, 10).map((k) => ({ kernel: k.name, calls: k.calls, ms: k.ms, 'share of step': `${((100 * k.ms) / p.stepMs).toFixed(1)} %` })));
    }
    process.stdout.write(`load average after: ${os.loadavg()[0]!.toFixed(1)} (medians of 5 steps; a loaded machine slows PyTorch's 2 threads more than our 1)\n`);
  },
};
