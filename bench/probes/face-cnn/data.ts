/**
 * FER2013 crops for the CNN, with the project's selection and split, by import:
 * - files: fer-extract.ts listFer (sorted emotion folders and names);
 * - selection: fer-probe.ts probeRecords (one image per content group = sha256 of the file bytes,
 *   groups whose copies carry different emotions dropped, faces darker than
 *   USABILITY.visual.minFaceBrightness, i.e. the all-black crops, left out);
 * - split: fer-probe.ts ferSplit (FACE_IMAGE_HOLDOUT of build-face-images.ts: sha256 first byte < 26
 *   test, 26..51 valid, else train), the same as face-hog-probe.ts's hashSplit(bytes).
 * Decoded with jpeg-js as Rec. 601 luma 0..1 (as face-hog-probe.ts), then 2x2-box halved to 24 px
 * (face-hog/hog.ts halve): FER's copy is blurred (sigma ~2-2.5 px at 48 px), so 48 -> 24 px keeps
 * practically all of its content (a Gaussian of sigma 2 px passes < 1 % at the 24 px Nyquist
 * frequency) at a quarter of the compute.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { listFer } from '../fer-extract.ts';
import type { FerRecord } from '../fer-extract.ts';
import { type Split, probeRecords } from '../fer-probe.ts';
import { halve } from '../face-hog/hog.ts';
import { FER_CLASSES } from './model.ts';

export const FER_DIR = path.join(process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data'), 'fer2013', 'train');
export const SRC = 48;
/** the side the net's data is stored at */
export const SIDE = 24;

export interface CnnData {
  /** SIDE*SIDE luma 0..1 per crop, row-major */
  x: Float32Array[];
  /** FER_CLASSES index */
  y: Uint8Array;
  rel: string[];
  /** the 48 px luma crops (only when loadFer was asked for them) */
  x48?: Float32Array[];
}

export function decodeLuma48(bytes: Buffer): Float32Array {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  if (img.width !== SRC || img.height !== SRC) throw new Error(`expected ${SRC}x${SRC}, got ${img.width}x${img.height}`);
  const out = new Float32Array(SRC * SRC);
  for (let i = 0; i < out.length; i++) out[i] = (0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!) / 255;
  return out;
}

export function loadFer(dir = FER_DIR, want: Split[] = ['train', 'valid', 'test'], keep48 = false): { splits: Record<Split, CnnData>; files: number; dropped: { conflicting: number; duplicates: number; dark: number } } {
  const items = listFer(dir);
  const luma = new Map<string, Float32Array>();
  const all: FerRecord[] = items.map((it) => {
    const bytes = readFileSync(it.file);
    const l = decodeLuma48(bytes);
    luma.set(it.rel, l);
    return { rel: it.rel, emotion: it.emotion, sha256: createHash('sha256').update(bytes).digest('hex'), faceFound: true, brightness: l.reduce((a, v) => a + v, 0) / l.length, topExpression: null, v1: [], v2: [] };
  });
  const { records, dropped } = probeRecords(all);
  records.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  const splits = {} as Record<Split, CnnData>;
  for (const s of ['train', 'valid', 'test'] as Split[]) {
    const rows = want.includes(s) ? records.filter((r) => r.split === s) : [];
    splits[s] = {
      x: rows.map((r) => halve(luma.get(r.rel)!, SRC)),
      y: Uint8Array.from(rows, (r) => FER_CLASSES.indexOf(r.emotion as (typeof FER_CLASSES)[number])),
      rel: rows.map((r) => r.rel),
      ...(keep48 ? { x48: rows.map((r) => luma.get(r.rel)!) } : {}),
    };
  }
  return { splits, files: items.length, dropped };
}
