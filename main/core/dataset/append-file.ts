import { closeSync, openSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import os from 'node:os';

/** The format is little-endian; typed-array bytes are written as they lie in memory. */
export function assertLittleEndian(): void {
  if (os.endianness() !== 'LE') {
    throw new Error('The feature dataset format is little-endian; this machine is big-endian (unsupported).');
  }
}

const FLUSH_BYTES = 1 << 20;

/**
 * An append-only file with a running sha256 and byte count. Small writes are buffered and flushed
 * in ~1 MiB chunks, so appending one sample at a time stays cheap.
 */
export class AppendFile {
  readonly path: string;
  private fd: number;
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private total = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  write(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    // Copy: callers may reuse their buffers after append returns.
    const copy = Buffer.from(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    this.hash.update(copy);
    this.pending.push(copy);
    this.pendingBytes += copy.byteLength;
    this.total += copy.byteLength;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  writeFloats(values: Float32Array): void {
    this.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    let off = 0;
    while (off < chunk.byteLength) off += writeSync(this.fd, chunk, off, chunk.byteLength - off);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes and closes; returns the size and sha256 of everything written. */
  close(): { bytes: number; sha256: string } {
    this.flush();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    return { bytes: this.total, sha256: this.hash.digest('hex') };
  }

  /** Closes without a result (used when a build is abandoned). */
  abandon(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
