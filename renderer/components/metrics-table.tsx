import type { Metrics } from '../../preload/contract.ts';
import { metric, percent, SUBSET_NAMES } from '../format.ts';

const COLS: { key: string; head: string; pct: boolean }[] = [
  { key: 'acc2_has0', head: 'Acc-2 has0', pct: true },
  { key: 'f1_has0', head: 'F1 has0', pct: true },
  { key: 'acc2_non0', head: 'Acc-2 non0', pct: true },
  { key: 'f1_non0', head: 'F1 non0', pct: true },
  { key: 'acc7', head: 'Acc-7', pct: true },
  { key: 'acc5', head: 'Acc-5', pct: true },
  { key: 'mae', head: 'MAE', pct: false },
  { key: 'corr', head: 'Corr', pct: false },
];

/** Rows of metrics (conditions of the fixed protocol, or splits), in the CLI's units. */
export function MetricsTable({ rows, caption }: { rows: readonly { name: string; metrics: Metrics; strong?: boolean }[]; caption: string }) {
  return (
    <table className="metrics">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">kept</th>
          {COLS.map((c) => (
            <th key={c.key} scope="col">
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} className={r.strong ? 'strong' : ''}>
            <th scope="row">{SUBSET_NAMES[r.name] ?? r.name}</th>
            {COLS.map((c) => (
              <td key={c.key} className="num">
                {c.pct ? percent(r.metrics[c.key], 1) : metric(r.metrics[c.key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
