/**
 * Seeded pseudo-random numbers (training batch order, MRM masks, derangements, weight init; dataset
 * splits; test signals).
 * mulberry32 for the stream (32-bit state, fast, good enough for sampling); child seeds are derived
 * with a murmur3-style finaliser over (seed, label), so a child does not depend on how many numbers
 * its parent has drawn. Same seed -> same sequence on every platform (pure integer arithmetic).
 */
import { AppError } from './errors.ts';

/** murmur3 fmix32: a bijective 32-bit mixer (avalanche), used to turn (seed, label) into a seed. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the label's UTF-16 code units. */
function hashLabel(label: string | number): number {
  const s = String(label);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Normalises any finite number to a uint32 seed (integers keep their low 32 bits). */
export function toSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new AppError('InvalidArgument', `Seed must be a finite number, got ${seed}.`);
  if (Number.isInteger(seed)) return Number(BigInt.asUintN(32, BigInt(seed)));
  // A fractional seed: mix its float64 bits so 0.5 and 0.25 differ.
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, seed);
  return fmix32(b.getUint32(0) ^ fmix32(b.getUint32(4)));
}

/** A seed for a named sub-stream of `seed` (e.g. deriveSeed(s, 'mrm'), deriveSeed(s, `epoch-${e}`)). */
export function deriveSeed(seed: number, label: string | number): number {
  return fmix32(toSeed(seed) ^ fmix32(hashLabel(label) + 0x9e3779b9));
}

export class Rng {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    this.seed = toSeed(seed);
    this.state = this.seed;
  }

  /** Next uint32 (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1) with 32-bit resolution (never 1, so `uniform() < p` is false for p = 0, true for p = 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new AppError('InvalidArgument', `Rng.int needs an integer n in [1, 2^32], got ${n}.`);
    }
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher-Yates in place; returns the same array. */
  shuffle<T>(arr: T[]): T[];
  shuffle<A extends Int32Array | Uint32Array | Float32Array | Float64Array>(arr: A): A;
  shuffle(arr: { length: number; [i: number]: unknown }): unknown {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * A uniformly random derangement of 0..n-1 (perm[i] != i for every i), by rejection of random
   * permutations (a permutation is a derangement with probability ~1/e, so ~2.7 draws on average).
   * n = 0 gives an empty permutation; n = 1 has no derangement and throws.
   */
  derangement(n: number): Int32Array {
    if (n === 1) throw new AppError('InvalidArgument', 'A derangement needs at least 2 elements (batch of 1 has no negative pair).');
    for (;;) {
      const p = this.permutation(n);
      let ok = true;
      for (let i = 0; i < n; i++) {
        if (p[i] === i) {
          ok = false;
          break;
        }
      }
      if (ok) return p;
    }
  }

  /** An independent generator for a named sub-stream; does not advance this one. */
  child(label: string | number): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  /** A new generator seeded from this stream's next number (advances this one). */
  split(): Rng {
    return new Rng(fmix32(this.nextUint32() ^ 0x5bd1e995));
  }
}

export function createRng(seed: number): Rng {
  return new Rng(seed);
}

/** The fixed derangement the loss vectors use: perm[i] = (i + 1) % n. */
export function shiftDerangement(n: number): Int32Array {
  if (n === 1) throw new AppError('InvalidArgument', 'A derangement needs at least 2 elements.');
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = (i + 1) % n;
  return p;
}
