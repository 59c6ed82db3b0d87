/**
 * Writes the FER2013 crops the face net learns from, with the project's selection and split
 * (bench/probes/face-cnn/data.ts: one crop per content group, conflicting groups and dark crops
 * left out, sha256 split test < 26, valid 26..51), as flat arrays for train_face_net.py:
 *   x.f32   N x 24 x 24 luma 0..1 (2x2-box halved from 48 px, not standardised), little-endian
 *   y.u8    class index in FER_CLASSES order
 *   split.u8  0 train, 1 valid, 2 test
 *   rel.txt   one relative path per row
 *
 *   npx tsx scripts/face-net/dump-fer.ts OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadFer } from '../../bench/probes/face-cnn/data.ts';
import { FER_CLASSES } from '../../bench/probes/face-cnn/model.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: dump-fer.ts OUT_DIR');
mkdirSync(out, { recursive: true });
const { splits, files, dropped } = loadFer();
const order = ['train', 'valid', 'test'] as const;
const n = order.reduce((a, s) => a + splits[s].y.length, 0);
const x = new Float32Array(n * 24 * 24);
const y = new Uint8Array(n);
const sp = new Uint8Array(n);
const rel: string[] = [];
let i = 0;
order.forEach((s, si) => {
  const d = splits[s];
  d.x.forEach((v, j) => {
    x.set(v, i * 576);
    y[i] = d.y[j]!;
    sp[i] = si;
    rel.push(d.rel[j]!);
    i++;
  });
});
writeFileSync(path.join(out, 'x.f32'), Buffer.from(x.buffer));
writeFileSync(path.join(out, 'y.u8'), y);
writeFileSync(path.join(out, 'split.u8'), sp);
writeFileSync(path.join(out, 'rel.txt'), rel.join('\n') + '\n');
writeFileSync(path.join(out, 'meta.json'), JSON.stringify({ classes: FER_CLASSES, side: 24, files, dropped, counts: Object.fromEntries(order.map((s) => [s, splits[s].y.length])) }, null, 1));
console.log(`wrote ${n} crops to ${out}`, Object.fromEntries(order.map((s) => [s, splits[s].y.length])));
