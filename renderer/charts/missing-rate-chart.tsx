import type { Metrics } from '../../preload/contract.ts';
import { percent } from '../format.ts';
import { LineChart } from './line-chart.tsx';

/** F1 (and Acc-2) against the random step-missing rate p = 0 .. 1 (the random protocol, DESIGN 6). */
export function MissingRateChart({ rates }: { rates: readonly { p: number; metrics: Metrics }[] }) {
  const pick = (key: string) => rates.filter((r) => typeof r.metrics[key] === 'number').map((r) => ({ x: r.p, y: r.metrics[key] as number }));
  const series = [
    { name: 'F1 (non-0)', points: pick('f1_non0') },
    { name: 'F1 (has-0)', points: pick('f1_has0') },
    { name: 'Acc-2 (non-0)', points: pick('acc2_non0') },
  ];
  const f1 = pick('f1_non0');
  const label = `F1 against missing rate: ${f1.map((p) => `p ${p.x.toFixed(1)}: ${percent(p.y, 1)}`).join(', ')}`;
  return (
    <LineChart
      series={series}
      xTitle="missing rate p (share of steps zeroed per modality)"
      yTitle="score"
      xDomain={[0, 1]}
      yDomain={[0, 1]}
      formatY={(v) => percent(v)}
      formatX={(v) => v.toFixed(1)}
      markers
      label={label}
      height={260}
    />
  );
}
