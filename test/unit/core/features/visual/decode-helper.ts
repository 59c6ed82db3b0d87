/**
 * Test-only decoder: images and video frames to raw rgb24 through the bundled ffmpeg/ffprobe
 * binaries (argument arrays, no shell). The product uses main/core/media/frames.ts; this helper only
 * keeps the visual tests independent of that module.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../../../main/core/paths.ts';

const run = promisify(execFile);
const FFMPEG = path.join(PROJECT_ROOT, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
const FFPROBE = path.join(PROJECT_ROOT, 'node_modules/@ffprobe-installer/linux-x64/ffprobe');

export interface RgbFrame {
  time: number;
  rgb: Uint8Array;
  width: number;
  height: number;
}

async function probeSize(file: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run(FFPROBE, [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file,
  ]);
  const [w, h] = stdout.trim().split('\n')[0]!.split(',').map(Number);
  if (!w || !h) throw new Error(`ffprobe gave no size for ${file}: ${stdout}`);
  return { width: w, height: h };
}

function readAll(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg ${code}: ${err}`))));
  });
}

/** Scale filter that keeps the aspect ratio and caps the longer side (even sizes). */
function scaleFilter(size: { width: number; height: number }, maxSide?: number): { vf: string[]; width: number; height: number } {
  if (!maxSide || Math.max(size.width, size.height) <= maxSide) return { vf: [], ...size };
  const s = maxSide / Math.max(size.width, size.height);
  const width = Math.round((size.width * s) / 2) * 2;
  const height = Math.round((size.height * s) / 2) * 2;
  return { vf: [`scale=${width}:${height}`], width, height };
}

/** Decodes a jpg/png to one rgb24 frame (time 0). */
export async function decodeImageRgb(file: string, maxSide?: number): Promise<RgbFrame> {
  const sc = scaleFilter(await probeSize(file), maxSide);
  const vf = sc.vf.length ? ['-vf', sc.vf[0]!] : [];
  const buf = await readAll(['-v', 'error', '-i', file, ...vf, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  if (buf.length !== sc.width * sc.height * 3) throw new Error(`unexpected byte count ${buf.length} for ${file}`);
  return { time: 0, rgb: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), width: sc.width, height: sc.height };
}

/** Samples a video at `fps` to rgb24 frames; time = centre of the sampling interval. */
export async function decodeVideoRgb(file: string, fps: number, maxSide?: number): Promise<RgbFrame[]> {
  const sc = scaleFilter(await probeSize(file), maxSide);
  const filters = [`fps=${fps}`, ...sc.vf].join(',');
  const buf = await readAll(['-v', 'error', '-i', file, '-vf', filters, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  const frameBytes = sc.width * sc.height * 3;
  const frames: RgbFrame[] = [];
  for (let i = 0; (i + 1) * frameBytes <= buf.length; i++) {
    const rgb = new Uint8Array(buf.buffer, buf.byteOffset + i * frameBytes, frameBytes);
    frames.push({ time: (i + 0.5) / fps, rgb, width: sc.width, height: sc.height });
  }
  return frames;
}

export async function* asAsync<T>(items: T[]): AsyncIterable<T> {
  for (const x of items) yield x;
}
