export interface Bench {
  name: string;
  description: string;
  run: () => Promise<void>;
}

import { pipelineBench } from './pipeline.ts';

export const BENCHES: Bench[] = [pipelineBench];
