export interface Bench {
  name: string;
  description: string;
  run: () => Promise<void>;
}

import { pipelineBench } from './pipeline.ts';
import { trainingBench } from './training.ts';
import { analyzeBench } from './analyze.ts';
import { batchBench } from './batch.ts';
import { probeAudioBench } from './probes/probe-audio.ts';
import { faceStageBench } from './face-stage.ts';

export const BENCHES: Bench[] = [pipelineBench, analyzeBench, faceStageBench, batchBench, trainingBench, probeAudioBench];
