import type { TrainBatchEvent } from '../../preload/contract.ts';
import { LineChart } from './line-chart.tsx';

/** Every loss term of one training phase against the optimizer step, live while it trains. */
export function LossChart({ phase, batches }: { phase: 'teacher' | 'student'; batches: readonly TrainBatchEvent[] }) {
  const own = batches.filter((b) => b.stage === phase);
  const terms = [...new Set(own.flatMap((b) => Object.keys(b.losses)))];
  const series = terms.map((t) => ({ name: t, points: own.filter((b) => Number.isFinite(b.losses[t])).map((b) => ({ x: b.globalStep, y: b.losses[t]! })) }));
  const last = own[own.length - 1];
  const label = last
    ? `${phase} loss terms over ${last.globalStep} steps, latest: ${terms.map((t) => `${t} ${last.losses[t]?.toFixed(3)}`).join(', ')}`
    : `${phase}: no steps yet`;
  return <LineChart series={series} xTitle={`${phase} optimizer step`} yTitle="loss" label={label} />;
}
