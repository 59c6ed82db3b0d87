import { describe, expect, it } from 'vitest';
import { FIXED_CONDITIONS, RANDOM_RATES } from '../../../../main/training/missingness/conditions.ts';
import type { MetricsJson } from '../../../../main/training/eval/metrics-json.ts';
import type { EvalReport } from '../../../../main/training/eval/types.ts';
import { lineChartSvg, niceTicks } from '../../../../main/training/report/line-chart-svg.ts';
import { renderReportHtml } from '../../../../main/training/report/render-report.ts';

function metrics(f1: number, extra: Partial<MetricsJson> = {}): MetricsJson {
  return { n: 229, acc2_has0: f1 - 0.01, f1_has0: f1 - 0.02, acc2_non0: f1 + 0.005, f1_non0: f1, acc7: 0.3141, acc5: 0.3592, mae: 0.9876, corr: 0.6543, ...extra };
}

// the published CorrKD MOSI F1 anchors (DESIGN 6) as the table's values
const F1: Record<string, number> = { l: 0.812, a: 0.6652, v: 0.6072, la: 0.8356, lv: 0.8241, av: 0.7374, lav: 0.8394 };
const fixed: EvalReport = {
  protocol: 'fixed',
  n: 229,
  runner: 'onnxruntime-node cpu',
  metrics: metrics(F1.lav!),
  conditions: Object.fromEntries(FIXED_CONDITIONS.map((c) => [c, metrics(F1[c]!)])) as EvalReport['conditions'],
  avg: metrics(0.7469),
};
const random: EvalReport = {
  protocol: 'random',
  n: 229,
  runner: 'onnxruntime-node cpu',
  seed: 1,
  metrics: metrics(0.84),
  rates: RANDOM_RATES.map((p) => ({ p, metrics: metrics(0.84 - 0.3 * p, p === 1 ? { f1_non0: null } : {}) })),
};

describe('renderReportHtml', () => {
  const html = renderReportHtml({
    title: 'CorrKD evaluation: test <pack> & co',
    facts: [
      ['model pack', 'corrkd-test 1.0.0'],
      ['data', '/data/label.csv'],
    ],
    fixed,
    random,
    history: [{ stage: 'teacher', epochs: [1, 2, 3].map((e) => ({ epoch: e, train: 3 - e * 0.1, valid: 2.9 - e * 0.05 })) }],
    notes: ["'a' is fed as zeros"],
    created: '2025-01-01T00:00:00.000Z',
  });

  it('is one self-contained document: no scripts, no external references of any kind', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain('<style>');
    expect((html.match(/<svg/g) ?? []).length).toBe(2); // F1 against p, teacher losses
  });

  it('shows the fixed table: six subsets, Avg and complete, with the values in %', () => {
    for (const label of ['{l} text', '{a} audio', '{v} visual', '{l, a}', '{l, v}', '{a, v}', 'Avg (six incomplete)', '{l, a, v} complete']) {
      expect(html).toContain(escape(label));
    }
    expect(html).toContain('<td>81.20</td>');
    expect(html).toContain('<td>66.52</td>');
    expect(html).toContain('<td>74.69</td>'); // Avg F1 (Non0)
    expect(html).toContain('<td>83.94</td>'); // complete
    expect(html).toContain('<td>0.9876</td>'); // MAE raw
    const fixedTable = html.slice(html.indexOf('Fixed missing'), html.indexOf('Random step-missing'));
    expect(fixedTable.indexOf('{a, v}')).toBeLessThan(fixedTable.indexOf('Avg (six incomplete)'));
    expect(fixedTable.indexOf('Avg (six incomplete)')).toBeLessThan(fixedTable.indexOf('{l, a, v} complete'));
  });

  it('charts F1 (Non0) against p with one point per defined rate, and lists the rates', () => {
    const chart = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(chart).toContain('F1 (Non0) against the random missing rate p');
    // F1 (Non0) is null at p = 1: 10 points for F1, 11 for Acc-2
    expect((chart.match(/<title>F1 \(Non0\):/g) ?? []).length).toBe(10);
    expect((chart.match(/<title>Acc-2 \(Non0\):/g) ?? []).length).toBe(11);
    expect(chart).toContain('<title>F1 (Non0): 0.5 -&gt; 69.0%</title>');
    expect(html).toContain('<th scope="row">1.0</th>');
  });

  it('escapes text that came from outside (titles, paths, notes)', () => {
    expect(html).toContain('test &lt;pack&gt; &amp; co');
    expect(html).not.toContain('test <pack>');
    expect(html).toContain('&#39;a&#39; is fed as zeros');
  });
});

describe('lineChartSvg / niceTicks', () => {
  it('breaks a line at a null point and keeps every point inside the plot area', () => {
    const svg = lineChartSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      width: 300,
      height: 200,
      series: [{ name: 's', color: '#000', points: [[0, 1], [1, 2], [2, null], [3, 4], [4, 3]] }],
    });
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2);
    for (const m of svg.matchAll(/cx="([\d.]+)" cy="([\d.]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1])).toBeLessThanOrEqual(300);
      expect(Number(m[2])).toBeGreaterThanOrEqual(0);
      expect(Number(m[2])).toBeLessThanOrEqual(200);
    }
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.43, 0.87, 5)).toEqual([0.5, 0.6, 0.7, 0.8]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });
});

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
