import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/**
 * Finds files whose container structure says "there should be more bytes than there are", without
 * decoding anything. ffprobe alone cannot: an MP4 with its index (moov) at the END that was cut short
 * has no index at all ("moov atom not found", the same words ffprobe uses for random bytes named
 * .mp4), and an MP4 with the index at the FRONT (+faststart) that was cut short probes as complete,
 * because the index describes samples that are no longer in the file.
 *
 * - ISO-BMFF (mp4/mov/m4a/3gp): walk the top-level boxes; a box whose declared size runs past the end
 *   of the file, or no moov/moof box at all, means truncated.
 * - RIFF (wav/avi): the RIFF chunk size says how long the file is (one pad byte allowed by the spec).
 */

export type ContainerKind = 'iso-bmff' | 'riff' | 'other';

export interface ExtentCheck {
  container: ContainerKind;
  /** Why the file is cut short, or undefined when its structure is complete (or unknown). */
  truncated?: string;
}

const ISO_TOP_LEVEL = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'moof', 'sidx', 'pdin']);
/** A guard against pathological files: fragmented MP4s have a few boxes per fragment, never this many. */
const MAX_BOXES = 1_000_000;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

function isBoxType(b: Buffer, at: number): boolean {
  if (b.length < at + 4) return false;
  for (let i = at; i < at + 4; i++) {
    const c = b[i] ?? 0;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

async function checkIsoBmff(fh: FileHandle, fileSize: number): Promise<string | undefined> {
  let pos = 0;
  let hasIndex = false;
  let lastType = '';
  for (let n = 0; pos < fileSize && n < MAX_BOXES; n++) {
    const head = await readAt(fh, pos, 16);
    if (head.length < 8) return `it ends inside the header of a box after '${lastType}' (byte ${pos} of ${fileSize})`;
    if (!isBoxType(head, 4)) return undefined; // not a box boundary we understand: leave it to ffprobe
    const type = head.toString('latin1', 4, 8);
    let size = head.readUInt32BE(0);
    if (size === 1) {
      if (head.length < 16) return `it ends inside the header of its '${type}' box`;
      size = Number(head.readBigUInt64BE(8));
    } else if (size === 0) {
      size = fileSize - pos; // "extends to the end of the file"
    }
    if (size < 8) return undefined;
    if (type === 'moov' || type === 'moof') hasIndex = true;
    if (pos + size > fileSize) {
      return `its '${type}' box declares ${pos + size} bytes but the file has only ${fileSize}`;
    }
    lastType = type;
    pos += size;
  }
  if (!hasIndex) return "it has no 'moov' index box (the file ends before its index was written)";
  return undefined;
}

/** Looks at the container structure of `file` (size already known). Reads only box/chunk headers. */
export async function checkContainerExtent(file: string, fileSize: number): Promise<ExtentCheck> {
  const fh = await open(file, 'r');
  try {
    const head = await readAt(fh, 0, 16);
    const firstType = head.length >= 8 ? head.toString('latin1', 4, 8) : '';
    if (ISO_TOP_LEVEL.has(firstType)) {
      const truncated = await checkIsoBmff(fh, fileSize);
      return truncated === undefined ? { container: 'iso-bmff' } : { container: 'iso-bmff', truncated };
    }
    if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF') {
      const declared = head.readUInt32LE(4);
      // 0 and 0xFFFFFFFF are written by streaming encoders that never knew the final length.
      if (declared !== 0 && declared !== 0xffffffff && 8 + declared > fileSize + 1) {
        return { container: 'riff', truncated: `its RIFF header declares ${8 + declared} bytes but the file has only ${fileSize}` };
      }
      return { container: 'riff' };
    }
    return { container: 'other' };
  } finally {
    await fh.close();
  }
}
