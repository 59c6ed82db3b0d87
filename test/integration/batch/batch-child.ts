import { Command } from 'commander';
import { registerBatch } from '../../../main/cli/commands/batch.ts';
import { registerExport } from '../../../main/cli/commands/export.ts';
import { runCli } from '../../../main/cli/run.ts';
import { createProbeAnalyzer } from './probe-analyzer.ts';

/**
 * The `corrkd` CLI with the batch and export commands exactly as shipped, except that batch analyses
 * with the test analyzer (probe-analyzer.ts) instead of the app pipeline. Tests run it as a child
 * process to kill it (SIGKILL, SIGINT) mid-batch. BATCH_TEST_PACE sets the analyzer's pace.
 */
const pace = Number(process.env.BATCH_TEST_PACE ?? '0');
const program = new Command('corrkd').exitOverride();
registerBatch(program, async () => createProbeAnalyzer(pace > 0 ? { pace } : {}));
registerExport(program);
await runCli(program, process.argv);
