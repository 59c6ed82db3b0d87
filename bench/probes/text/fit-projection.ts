/**
 * Fits text-v3's sentence projection and writes models/text-v3/sentence-projection.json: the first
 * 64 principal components of the USE lite vectors of MOSI + MOSEI train sentences (held-out videos
 * excluded: corpora.ts), each scaled to unit variance. Vectors from the USE cache of use-cache.ts
 * when --use DIR is given (same encoder, same sentence form), else computed here (~10-50 ms each).
 *   tsx bench/probes/text/fit-projection.ts [--use /work/tmp-text/use] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { USE_LITE } from '../../../main/core/features/text/sentence/use-lite.ts';
import { sentenceEncoder } from '../../../main/core/features/text/sentence/sentence-features.ts';
import { sentenceForm } from '../../../main/core/features/text/sentence/sentence-form.ts';
import { SENTENCE_PROJECTION_FILE, textV3Dir, type ProjectionFile } from '../../../main/core/features/text/sentence/sentence-projection.ts';
import { readCorpus, TEXT_CORPORA } from './corpora.ts';
import { fitPca } from './pca.ts';
import { readUseCache } from './use-vectors.ts';

export const SENTENCE_K = 64;

const { values } = parseArgs({ options: { use: { type: 'string' }, out: { type: 'string', default: path.join(textV3Dir(), SENTENCE_PROJECTION_FILE) } } });
const texts = TEXT_CORPORA.flatMap((c) => readCorpus(c).filter((r) => r.split === 'train')).map((r) => sentenceForm(r.text));
let vectors: Float32Array[];
if (values.use) {
  const cache = readUseCache(values.use, 'norm');
  if (!cache) throw new Error(`no USE cache in ${values.use}`);
  vectors = texts.map((t) => {
    const v = cache.get(t);
    if (!v) throw new Error(`no cached vector for '${t}'`);
    return v;
  });
} else {
  vectors = await (await sentenceEncoder()).embed(texts);
}
const pca = fitPca(vectors, SENTENCE_K);
const r = (x: number): number => Math.fround(x);
const file: ProjectionFile = {
  format: 'corrkd-sentence-projection',
  formatVersion: 1,
  encoder: { package: USE_LITE.package, version: USE_LITE.version, weightsSha256: USE_LITE.weightsSha256 },
  inputDims: pca.d,
  k: pca.k,
  mean: [...pca.mean].map(r),
  components: [...pca.components].map(r),
  scale: [...pca.variance].map((v) => r(1 / Math.sqrt(v))),
  fit: {
    sentences: texts.length,
    source: 'CMU-MOSI + CMU-MOSEI train sentences (label.csv mode train), held-out videos (sha256 first byte < 38) excluded; sentence form',
    created: new Date().toISOString(),
  },
};
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(file));
process.stdout.write(`${values.out}: k ${pca.k} of ${pca.d}, fitted on ${texts.length} sentences; variance of the first 4: ${[...pca.variance.subarray(0, 4)].map((v) => v.toFixed(4)).join(' ')}\n`);
