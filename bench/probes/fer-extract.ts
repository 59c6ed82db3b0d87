/**
 * Extracts visual-v1 and visual-v2 vectors (and face-api's top expression) from every FER2013 image,
 * once, into a feature file that fer-probe.ts reads. Both vectors come from the same face
 * observation, in face-crop mode (the whole 48x48 crop is the face: the detectors find no face in
 * FER's tight crops), exactly as `dataset build --face-images` and `analyze --face-crop on` see it.
 *
 *   nice npx tsx bench/probes/fer-extract.ts [--fer ../shared/data/fer2013/train] [--out tmp/fer-features.json] [--limit N]
 *
 * --limit N takes the first N files of each emotion folder (a quick run). One thread; the full 28,709
 * images take about 25 min on the shared 2-core dev machine.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPRESSIONS } from '../../main/core/features/visual/expressions.ts';
import { createFaceObserver } from '../../main/core/features/visual/face-observer.ts';
import { visualV1Vector } from '../../main/core/features/visual/visual-v1.ts';
import { visualV2Vector } from '../../main/core/features/visual/visual-v2.ts';
import { decodeInProcess } from '../../main/core/media/still-image.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';

export interface FerRecord {
  /** emotion folder / file name */
  rel: string;
  emotion: string;
  sha256: string;
  faceFound: boolean;
  brightness: number;
  topExpression: string | null;
  v1: number[];
  v2: number[];
}

export function listFer(dir: string, limit = Infinity): { rel: string; emotion: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((emotion) =>
      readdirSync(path.join(dir, emotion))
        .filter((f) => /\.(jpe?g|png)$/i.test(f))
        .sort()
        .slice(0, limit)
        .map((f) => ({ rel: `${emotion}/${f}`, emotion, file: path.join(dir, emotion, f) })),
    );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fer: { type: 'string', default: path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'fer2013', 'train') },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'tmp', 'fer-features.json') },
      limit: { type: 'string' },
    },
  });
  const items = listFer(values.fer!, values.limit ? Number(values.limit) : Infinity);
  const observer = await createFaceObserver();
  const out: FerRecord[] = [];
  const t0 = performance.now();
  for (const [i, it] of items.entries()) {
    const bytes = readFileSync(it.file);
    const pic = decodeInProcess(bytes);
    if (!pic) throw new Error(`cannot decode ${it.file}`);
    const obs = await observer.observe(pic, 'on');
    const ex = obs.expressions;
    let top: string | null = null;
    if (ex) top = EXPRESSIONS[ex.indexOf(Math.max(...ex))] ?? null;
    out.push({
      rel: it.rel,
      emotion: it.emotion,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      faceFound: obs.faceFound,
      brightness: obs.brightness,
      topExpression: top,
      v1: Array.from(visualV1Vector(obs), (x) => Number(x.toFixed(6))),
      v2: Array.from(visualV2Vector(obs, pic), (x) => Number(x.toFixed(6))),
    });
    if ((i + 1) % 500 === 0 || i + 1 === items.length) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`${i + 1}/${items.length} in ${s.toFixed(0)} s (${((1000 * s) / (i + 1)).toFixed(1)} ms/image)\n`);
    }
  }
  observer.dispose();
  writeFileSync(values.out!, JSON.stringify(out));
  process.stderr.write(`wrote ${out.length} records to ${values.out}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
