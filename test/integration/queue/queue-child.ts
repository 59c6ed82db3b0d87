import { Command } from 'commander';
import { AppError } from '../../../main/core/errors.ts';
import type { BatchAnalyzer } from '../../../main/core/jobs/default-analyzer.ts';
import { registerBatch } from '../../../main/cli/commands/batch.ts';
import { registerExport } from '../../../main/cli/commands/export.ts';
import { registerWorker } from '../../../main/cli/commands/worker.ts';
import { runCli } from '../../../main/cli/run.ts';
import { packIdentityOf } from '../../../main/core/queue/pack-identity.ts';
import { createProbeAnalyzer, PROBE_FILES } from '../batch/probe-analyzer.ts';

/**
 * The `corrkd` CLI with batch, worker and export exactly as shipped, except that both sides use the
 * test analyzer (batch/probe-analyzer.ts: ffprobe + a full ffmpeg decode, no model) instead of the
 * app pipeline, so queue tests with several real processes stay fast. Set by the environment:
 *   QUEUE_TEST_PACE        decode at this many times real time (files stay in flight)
 *   QUEUE_TEST_FAIL        a file whose path contains this fails every time with ToolFailed
 *   QUEUE_TEST_HANG        a file whose path contains this never finishes (until its deadline)
 *   QUEUE_TEST_PACK_FILES  the worker's pack checksum (another pack than the coordinator's)
 */
const env = process.env;
const pace = Number(env.QUEUE_TEST_PACE ?? '0');

function analyzer(): BatchAnalyzer {
  const base = createProbeAnalyzer(pace > 0 ? { pace } : {});
  return {
    ...base,
    pack: packIdentityOf({ id: base.model.id, version: base.model.version, files: { 'probe.txt': env.QUEUE_TEST_PACK_FILES ?? PROBE_FILES } }),
    analyze: async (file, ctx) => {
      if (env.QUEUE_TEST_FAIL && file.includes(env.QUEUE_TEST_FAIL)) {
        throw new AppError('ToolFailed', `${file}: the test analyzer fails this file on purpose (QUEUE_TEST_FAIL).`, { file });
      }
      if (env.QUEUE_TEST_HANG && file.includes(env.QUEUE_TEST_HANG)) {
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error), { once: true }));
      }
      return base.analyze(file, ctx);
    },
  };
}

const program = new Command('corrkd').exitOverride();
registerBatch(program, async () => analyzer());
registerWorker(program, async () => analyzer());
registerExport(program);
await runCli(program, process.argv);
