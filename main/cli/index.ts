#!/usr/bin/env node
import { Command } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { runCli } from './run.ts';

const program = new Command('corrkd')
  .description('CorrKD Studio: multimodal sentiment of recorded video, robust to missing modalities')
  .version('0.1.0')
  .showHelpAfterError();

for (const register of COMMANDS) register(program);

await runCli(program, process.argv);
