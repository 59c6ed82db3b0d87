/**
 * Child process for the kill-and-resume test: trains the MOSI subset into RUNDIR and SIGKILLs itself
 * (no cleanup, no finally blocks, like a crash or `kill -9`) at the given stage/epoch/step.
 * Usage: node --import tsx train-child.ts RUNDIR STAGE EPOCH STEP CONFIG_JSON
 */
import { makeContext } from '../../../../main/core/context.ts';
import { trainCorrkd } from '../../../../main/training/trainer/train.ts';
import { mosiSubset } from './mosi-subset.ts';

const [runDir, stage, epoch, step, configJson] = process.argv.slice(2);
const data = await mosiSubset({ train: 32, dev: 8, T: 6 });
await trainCorrkd(
  data,
  { runDir: runDir!, backend: 'wasm', config: JSON.parse(configJson!) },
  makeContext({
    onProgress: (p) => {
      if (p.type === 'train-batch' && p.stage === stage && p.epoch === Number(epoch) && p.step === Number(step)) process.kill(process.pid, 'SIGKILL');
    },
  }),
);
process.stdout.write('finished without being killed\n');
