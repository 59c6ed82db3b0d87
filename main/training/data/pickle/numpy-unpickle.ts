import { NameRegistry, Parser } from 'pickleparser';

/**
 * Python pickles holding numpy arrays, read with the npm `pickleparser` (all opcodes of protocols
 * 0-5) plus the few numpy globals these files reference, rebuilt here:
 *   numpy{.core|._core}.multiarray._reconstruct + ndarray.__setstate__  (protocols 2-4)
 *   numpy.dtype + dtype.__setstate__                                   (endianness, item size)
 *   numpy{.core|._core}.multiarray.scalar                              (numpy scalars in lists)
 *   numpy{.core|._core}.numeric._frombuffer                            (protocol 5 buffers)
 *   _codecs.encode(str, 'latin1')                                      (bytes in protocol 2)
 *   collections.OrderedDict
 * `numpy._core` is numpy 2's name for `numpy.core`; both are registered.
 */

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

/** A rebuilt numpy array: data in C (row-major) order whatever the pickle's order was. */
export interface NdArray {
  readonly isNdArray: true;
  /** numpy type string with byte order, e.g. '<f4', '|O', '<U12' */
  dtype: string;
  shape: number[];
  /** numbers for numeric/bool dtypes (int64 become Float64Array), strings for U/S, values for O */
  data: NumericArray | string[] | unknown[];
}

export function isNdArray(x: unknown): x is NdArray {
  return typeof x === 'object' && x !== null && (x as { isNdArray?: unknown }).isNdArray === true;
}

class DType {
  kind: string;
  size: number;
  order = '<';
  constructor(str: string) {
    const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(str);
    if (!m) throw new Error(`unsupported numpy dtype '${str}'`);
    this.kind = m[2]!;
    this.size = m[3] ? Number(m[3]) : 0;
    if (m[1]) this.order = m[1] === '|' || m[1] === '=' ? '<' : m[1];
  }
  /** state = (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]) */
  __setstate__(state: unknown[]): void {
    const order = state[1];
    if (order === '>' || order === '<') this.order = order;
    if (state[2] != null || state[3] != null) throw new Error('structured / sub-array numpy dtypes are not supported');
    const elsize = state[5];
    if (typeof elsize === 'number' && elsize > 0) this.size = elsize;
  }
  get str(): string {
    return `${this.kind === 'O' || this.size <= 1 ? '|' : this.order}${this.kind}${this.size}`;
  }
}

class ArrayBuilder implements NdArray {
  readonly isNdArray = true as const;
  dtype = '';
  shape: number[] = [];
  data: NdArray['data'] = [];
  /** state = (version, shape, dtype, is_fortran, rawdata) */
  __setstate__(state: unknown[]): void {
    const [, shape, dtype, fortran, raw] = state as [number, number[], DType, boolean, unknown];
    if (!(dtype instanceof DType)) throw new Error('ndarray state without a numpy dtype');
    fill(this, dtype, shape.map(Number), raw, Boolean(fortran));
  }
}

function fill(arr: ArrayBuilder, dtype: DType, shape: number[], raw: unknown, fortran: boolean): void {
  arr.dtype = dtype.str;
  arr.shape = shape;
  const count = shape.reduce((a, b) => a * b, 1);
  if (dtype.kind === 'O') {
    if (!Array.isArray(raw)) throw new Error('object ndarray without a list of values');
    arr.data = fortran ? toCOrder(raw, shape) : raw;
    return;
  }
  const bytes = asBytes(raw);
  if (bytes.byteLength !== count * dtype.size) {
    throw new Error(`ndarray ${dtype.str}${JSON.stringify(shape)} needs ${count * dtype.size} bytes, has ${bytes.byteLength}`);
  }
  const data = decode(bytes, dtype, count);
  arr.data = fortran ? toCOrder(data, shape) : data;
}

function asBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw === 'string') return latin1(raw);
  throw new Error(`ndarray data is a ${typeof raw}, expected bytes`);
}

function latin1(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

/** Copies into an aligned buffer in machine (little-endian) order, swapping when the data is '>'. */
function decode(bytes: Uint8Array, dt: DType, count: number): NumericArray | string[] {
  const size = dt.size;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  if (dt.order === '>' && size > 1 && dt.kind !== 'S') {
    const unit = dt.kind === 'U' ? 4 : size;
    for (let i = 0; i < copy.length; i += unit) copy.subarray(i, i + unit).reverse();
  }
  const buf = copy.buffer;
  const key = `${dt.kind}${size}`;
  switch (key) {
    case 'f4':
      return new Float32Array(buf);
    case 'f8':
      return new Float64Array(buf);
    case 'f2':
      return halfToFloat(new Uint16Array(buf));
    case 'i1':
      return new Int8Array(buf);
    case 'i2':
      return new Int16Array(buf);
    case 'i4':
      return new Int32Array(buf);
    case 'i8':
      return Float64Array.from(new BigInt64Array(buf), Number);
    case 'u1':
    case 'b1':
      return new Uint8Array(buf);
    case 'u2':
      return new Uint16Array(buf);
    case 'u4':
      return new Uint32Array(buf);
    case 'u8':
      return Float64Array.from(new BigUint64Array(buf), Number);
  }
  if (dt.kind === 'U') {
    const chars = new Uint32Array(buf);
    const per = size / 4;
    return Array.from({ length: count }, (_, i) => {
      let end = (i + 1) * per;
      while (end > i * per && chars[end - 1] === 0) end--;
      return String.fromCodePoint(...chars.subarray(i * per, end));
    });
  }
  if (dt.kind === 'S') {
    const dec = new TextDecoder('utf-8');
    return Array.from({ length: count }, (_, i) => {
      let end = (i + 1) * size;
      while (end > i * size && copy[end - 1] === 0) end--;
      return dec.decode(copy.subarray(i * size, end));
    });
  }
  throw new Error(`unsupported numpy dtype '${dt.str}'`);
}

function halfToFloat(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const x = h[i]!;
    const sign = x & 0x8000 ? -1 : 1;
    const exp = (x >> 10) & 0x1f;
    const frac = x & 0x3ff;
    out[i] =
      exp === 0 ? sign * 2 ** -14 * (frac / 1024) : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}

/** Fortran (column-major) -> C (row-major) order. */
function toCOrder<A extends NumericArray | string[] | unknown[]>(src: A, shape: number[]): A {
  if (shape.length < 2) return src;
  const n = src.length;
  const out = (Array.isArray(src) ? new Array(n) : new (src.constructor as new (n: number) => NumericArray)(n)) as A;
  const idx = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < n; c++) {
    // c walks C order; f is the same element's Fortran offset.
    let f = 0;
    let stride = 1;
    for (let d = 0; d < shape.length; d++) {
      f += idx[d]! * stride;
      stride *= shape[d]!;
    }
    (out as unknown[])[c] = (src as unknown[])[f];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]! += 1;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

function numpyRegistry(): NameRegistry {
  const reg = new NameRegistry();
  const reconstruct = () => new ArrayBuilder();
  const dtype = (str: string) => new DType(String(str));
  const scalar = (dt: DType, raw: unknown) => {
    const data = decode(asBytes(raw), dt, 1);
    return data[0];
  };
  const frombuffer = (raw: unknown, dt: DType, shape: number[], order: string) => {
    const a = new ArrayBuilder();
    fill(a, dt, shape.map(Number), raw, order === 'F');
    return a;
  };
  for (const core of ['numpy.core', 'numpy._core']) {
    reg.register(`${core}.multiarray`, '_reconstruct', reconstruct);
    reg.register(`${core}.multiarray`, 'scalar', scalar);
    reg.register(`${core}.numeric`, '_frombuffer', frombuffer);
  }
  reg.register('numpy', 'ndarray', function ndarray() {});
  reg.register('numpy', 'dtype', dtype);
  reg.register('_codecs', 'encode', (s: string, enc: string) => {
    if (enc !== 'latin1' && enc !== 'latin-1') throw new Error(`_codecs.encode with '${enc}' is not supported`);
    return latin1(s);
  });
  reg.register('collections', 'OrderedDict', () => ({}));
  reg.register('builtins', 'bytearray', (x?: unknown) => (x === undefined ? new Uint8Array(0) : asBytes(x)));
  return reg;
}

/**
 * Unpickles a buffer; numpy arrays come back as NdArray, dicts as plain objects, tuples/lists as
 * arrays. Throws plain Errors (the caller names the file in its AppError).
 */
export function unpickle(buffer: Uint8Array): unknown {
  const parser = new Parser({ nameResolver: numpyRegistry(), unpicklingTypeOfDictionary: 'object' });
  return parser.parse(buffer);
}
