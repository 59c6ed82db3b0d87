import path from 'node:path';

/**
 * A cheap pre-filter for the batch walk: which files are worth asking ffprobe about. A file is a
 * candidate when its extension is a media extension OR its first bytes carry a known container
 * signature (so `clip` without an extension is found). The real decision is ffprobe's
 * (probeMedia in main/core/media/probe.ts): a candidate that is not media gets an error row, it is
 * not silently dropped.
 */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  // video containers
  'mp4', 'm4v', 'mov', 'qt', 'mkv', 'webm', 'avi', 'wmv', 'asf', 'flv', 'f4v', 'mpg', 'mpeg', 'm2v',
  'ts', 'mts', 'm2ts', 'vob', '3gp', '3g2', 'ogv', 'mxf', 'divx',
  // audio
  'wav', 'mp3', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'wma', 'aif', 'aiff', 'amr', 'caf',
]);

export function hasMediaExtension(file: string): boolean {
  const ext = path.extname(file).slice(1).toLowerCase();
  return ext !== '' && MEDIA_EXTENSIONS.has(ext);
}

/** Bytes of the file head that sniffContainer looks at (MPEG-TS needs 189: a second sync byte at 188). */
export const SNIFF_BYTES = 189;

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};
const bytes = (b: Uint8Array, at: number, sig: readonly number[]): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/**
 * The container family a file head announces, or null. Signatures are the published magic numbers
 * of each format (ISO BMFF box types, EBML, RIFF, Ogg, MPEG start codes, ASF GUID ...).
 */
export function sniffContainer(head: Uint8Array): string | null {
  const b = head;
  // ISO base media (mp4, mov, m4a, 3gp): a box header whose type is ftyp/moov/mdat/free/wide/skip.
  for (const box of ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip']) if (ascii(b, 4, box)) return 'isobmff';
  if (bytes(b, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska';
  if (ascii(b, 0, 'RIFF') && (ascii(b, 8, 'AVI ') || ascii(b, 8, 'WAVE'))) return 'riff';
  if (ascii(b, 0, 'RF64') || ascii(b, 0, 'BW64')) return 'riff';
  if (ascii(b, 0, 'OggS')) return 'ogg';
  if (ascii(b, 0, 'fLaC')) return 'flac';
  if (ascii(b, 0, 'ID3')) return 'mp3';
  if (ascii(b, 0, 'FLV')) return 'flv';
  if (ascii(b, 0, '#!AMR')) return 'amr';
  if (ascii(b, 0, 'caff')) return 'caf';
  if (ascii(b, 0, 'FORM') && (ascii(b, 8, 'AIFF') || ascii(b, 8, 'AIFC'))) return 'aiff';
  if (bytes(b, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
  if (bytes(b, 0, [0x00, 0x00, 0x01, 0xba]) || bytes(b, 0, [0x00, 0x00, 0x01, 0xb3])) return 'mpeg-ps';
  if (b[0] === 0x47 && b[188] === 0x47) return 'mpeg-ts';
  if (bytes(b, 0, [0x06, 0x0e, 0x2b, 0x34])) return 'mxf';
  // MPEG audio / ADTS AAC frame sync: 11 set bits.
  if (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xe0) === 0xe0) return 'mpeg-audio';
  return null;
}
