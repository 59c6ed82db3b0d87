import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { SplitName } from './format.ts';

/**
 * Content-derived splits that never depend on row order, row count or a seed: a key (a video id,
 * a speaker, an image's bytes) goes to the same split in every build, on every machine. Used to keep
 * a held-out part of a corpus that ships only train/valid (the MOSI/MOSEI test splits are not
 * available here), and to split images by content so byte-identical copies never straddle splits.
 */

/** First byte of sha256(key): a uniform bucket 0..255. */
export function hashByte(key: string | Uint8Array): number {
  return createHash('sha256').update(key).digest()[0]!;
}

export interface HashFractions {
  /** share of keys that go to test (0..1) */
  test: number;
  /** share of keys that go to valid (0..1); the rest is train */
  valid: number;
}

function checkFractions(f: HashFractions): void {
  const ok = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;
  if (!ok(f.test) || !ok(f.valid) || f.test + f.valid > 1) {
    throw new AppError('InvalidArgument', `hash split fractions test ${f.test} + valid ${f.valid} must each be in [0, 1] and sum to at most 1.`);
  }
}

/**
 * Bucket b = hashByte(key): b < round(256 test) -> test; b < round(256 (test + valid)) -> valid;
 * else train. With test 0.15 that is b < 38 (14.8 % of keys); with test 0.1, valid 0.1: b < 26 test,
 * 26..50 valid.
 */
export function hashSplit(key: string | Uint8Array, f: HashFractions): SplitName {
  checkFractions(f);
  const b = hashByte(key);
  if (b < Math.round(256 * f.test)) return 'test';
  if (b < Math.round(256 * (f.test + f.valid))) return 'valid';
  return 'train';
}

/**
 * The video a CMU-MOSI / CMU-MOSEI sample id belongs to (ids are `<video>_<clip>`): the leading
 * number for MOSEI's numeric video ids (`100499_0_0`, `100499_59_0385`), else the 11-character
 * YouTube id, which may itself hold '_' or '-' (`6_k3cw9_k-Y_17_741`, `03bSnISJMiM_1`). Any other id
 * is its own video.
 */
export function videoOfClipId(id: string): string {
  const numeric = /^(\d+)_\d+(?:_\d+)?$/.exec(id);
  if (numeric) return numeric[1]!;
  if (id.length > 12 && id[11] === '_') return id.slice(0, 11);
  return id;
}
