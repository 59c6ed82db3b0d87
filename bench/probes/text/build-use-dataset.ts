/**
 * A text dataset for the network with the sentence vector appended to every word step: text-v2's
 * 106 dims + the sentence's USE lite vector projected on the first K principal components of the
 * training sentences (whitened: unit variance), on each step with mask 1 (masked steps stay 0).
 * The PCA is fitted once on the train rows of --fit (MOSI + MOSEI train) and kept in --pca, so
 * every dataset of the experiment uses the same projection.
 *   tsx bench/probes/text/build-use-dataset.ts --csv X.csv --out DIR --k 32 --pca P.json --fit both.csv [--use DIR]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { transcriptWordSteps } from '../../../main/core/dataset/build-transcripts.ts';
import { readTranscriptCsv } from '../../../main/core/dataset/transcript-csv.ts';
import { V1_MODALITIES } from '../../../main/core/dataset/v1-modalities.ts';
import { DatasetWriter } from '../../../main/core/dataset/writer.ts';
import { TEXT_EXTRACTOR } from '../../../main/core/features/text/text-v2.ts';
import { T_STEPS } from '../../../main/core/types.ts';
import { fitPca, project, type Pca } from './pca.ts';
import { sentenceForm } from './sentence-text.ts';
import { readUseCache } from './use-vectors.ts';

const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    out: { type: 'string' },
    k: { type: 'string', default: '32' },
    pca: { type: 'string' },
    fit: { type: 'string' },
    use: { type: 'string', default: '/work/tmp-text/use' },
  },
});
if (!values.csv || !values.out || !values.pca || !values.fit) throw new Error('usage: --csv X --out DIR --k K --pca P.json --fit both.csv');
const k = Number(values.k);
const cache = readUseCache(values.use, 'norm');
if (!cache) throw new Error(`no USE cache in ${values.use} (run use-cache.ts)`);
const useOf = (text: string): Float32Array => {
  const v = cache.get(sentenceForm(text));
  if (!v) throw new Error(`no USE vector for '${text}'`);
  return v;
};

interface SavedPca {
  mean: number[];
  components: number[];
  variance: number[];
  k: number;
  d: number;
}
let pca: Pca;
if (existsSync(values.pca)) {
  const s = JSON.parse(readFileSync(values.pca, 'utf8')) as SavedPca;
  pca = { mean: Float64Array.from(s.mean), components: Float64Array.from(s.components), variance: Float64Array.from(s.variance), k: s.k, d: s.d };
} else {
  const fitRows = readTranscriptCsv(values.fit, 0).rows.filter((r) => r.split === 'train');
  pca = fitPca(fitRows.map((r) => useOf(r.text)), 64);
  const saved: SavedPca = { mean: [...pca.mean], components: [...pca.components], variance: [...pca.variance], k: pca.k, d: pca.d };
  writeFileSync(values.pca, JSON.stringify(saved));
  process.stderr.write(`PCA on ${fitRows.length} train sentences: first variances ${[...pca.variance.subarray(0, 4)].map((v) => v.toFixed(4)).join(' ')}\n`);
}
if (k > pca.k) throw new Error(`k ${k} > ${pca.k} components`);

const csv = readTranscriptCsv(values.csv, 0);
const base = TEXT_EXTRACTOR.dims;
const D = base + k;
const writer = new DatasetWriter(
  values.out,
  { T: T_STEPS, modalities: { ...V1_MODALITIES, l: { extractor: `${TEXT_EXTRACTOR.id}+use-pca${k}`, dim: D } }, source: { kind: 'transcripts', path: values.csv, description: `probe: text-v2 + USE lite PCA ${k}` } },
  { overwrite: true },
);
for (const r of csv.rows) {
  const m = transcriptWordSteps(r.text, T_STEPS);
  let l = null;
  if (m) {
    const p = project(pca, useOf(r.text));
    const data = new Float32Array(T_STEPS * D);
    for (let t = 0; t < T_STEPS; t++) {
      if (!m.stepMask[t]) continue;
      data.set(m.data.subarray(t * base, (t + 1) * base), t * D);
      for (let j = 0; j < k; j++) data[t * D + base + j] = p[j]! / Math.sqrt(pca.variance[j]!);
    }
    l = { dim: D, steps: T_STEPS, data, stepMask: m.stepMask };
  }
  writer.append(r.split, { id: r.id, label: r.label, l, a: null, v: null, info: { text: r.text } });
}
const h = writer.finish({ tool: 'bench/probes/text/build-use-dataset.ts', failed: 0 });
process.stdout.write(`${values.out}: ${Object.entries(h.splits).map(([s, v]) => `${s} ${v.n}`).join(', ')}; l dim ${D}\n`);
