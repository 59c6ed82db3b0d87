import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUseLite, USE_LITE, useLiteDir, type SentenceEncoder } from '../../../../../../main/core/features/text/sentence/use-lite.ts';

const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array): number => Math.sqrt(cos(a, a));

describe('loadUseLite: bad installs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'use-lite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder without the model (ModelMissing, naming the file)', async () => {
    await expect(loadUseLite(dir)).rejects.toMatchObject({ kind: 'ModelMissing', message: expect.stringContaining('model.json') });
  });

  it('refuses weights other than the ones text-v3 was measured with (ModelContractMismatch)', async () => {
    const src = useLiteDir();
    const manifest = JSON.parse(readFileSync(path.join(src, 'model.json'), 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
    const shards = manifest.weightsManifest[0]!.paths;
    for (const f of ['model.json', 'vocab.json', ...shards.slice(0, -1)]) symlinkSync(path.join(src, f), path.join(dir, f));
    const last = shards[shards.length - 1]!;
    copyFileSync(path.join(src, last), path.join(dir, last));
    const bytes = readFileSync(path.join(dir, last));
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(path.join(dir, last), bytes);
    await expect(loadUseLite(dir)).rejects.toMatchObject({ kind: 'ModelContractMismatch', message: expect.stringContaining(USE_LITE.weightsSha256) });
  });
});

describe('loadUseLite: the encoder', () => {
  let enc: SentenceEncoder;
  beforeAll(async () => {
    enc = await loadUseLite();
  }, 60_000);

  it('gives the reference vectors (unit length, first dims as printed by @energetic-ai/embeddings 0.2.0)', async () => {
    const [a, b] = await enc.embed(['anyhow it was really good', 'i didnt like it at all']);
    expect(a!.length).toBe(512);
    expect(norm(a!)).toBeCloseTo(1, 4);
    const first = [0.028992, -0.058645, -0.033087, -0.056601, 0.053314, -0.060598];
    first.forEach((x, i) => expect(a![i]).toBeCloseTo(x, 5));
    [0.03728, -0.040792, -0.028696, -0.061308, 0.046123, -0.060427].forEach((x, i) => expect(b![i]).toBeCloseTo(x, 5));
  });

  it('places paraphrases closer than unrelated sentences, batch-independently; empty text gives zeros', async () => {
    const texts = ['i loved this movie', 'this film was wonderful', 'the train leaves at nine tomorrow', ''];
    const v = await enc.embed(texts);
    expect(cos(v[0]!, v[1]!)).toBeGreaterThan(cos(v[0]!, v[2]!) + 0.2);
    expect(Array.from(v[3]!).every((x) => x === 0)).toBe(true);
    const alone = (await enc.embed([texts[1]!]))[0]!;
    for (let i = 0; i < 512; i++) expect(alone[i]).toBeCloseTo(v[1]![i]!, 5);
  });
});
