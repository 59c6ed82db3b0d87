import { createRequire } from 'node:module';
import { AppError } from '../errors.ts';

/**
 * Where the ffmpeg / ffprobe executables are (DESIGN 9): FFMPEG_PATH / FFPROBE_PATH win; otherwise the
 * binaries shipped inside the npm tarballs of @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe.
 * Those packages are loaded lazily, so an environment override never touches them.
 */

const require = createRequire(import.meta.url);

type Tool = 'ffmpeg' | 'ffprobe';

const ENV: Record<Tool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const PACKAGE: Record<Tool, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

const resolved = new Map<Tool, string>();

/**
 * Inside a packaged Electron app the package paths point into `app.asar`, an archive the OS cannot
 * execute from; electron-builder unpacks native binaries to `app.asar.unpacked` beside it.
 */
export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function resolveTool(tool: Tool): string {
  const fromEnv = process.env[ENV[tool]];
  if (fromEnv && fromEnv.trim() !== '') return fromEnv;
  const cached = resolved.get(tool);
  if (cached) return cached;
  let installerPath: string;
  try {
    const mod = require(PACKAGE[tool]) as { path?: unknown };
    if (typeof mod.path !== 'string') throw new Error(`${PACKAGE[tool]} exported no path`);
    installerPath = mod.path;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError(
      'ToolFailed',
      `Cannot find the ${tool} executable: ${why}. Install ${PACKAGE[tool]} or set ${ENV[tool]} to the ${tool} binary.`,
      { cause: e },
    );
  }
  const p = unpackedAsarPath(installerPath);
  resolved.set(tool, p);
  return p;
}

/** Absolute path of the ffmpeg executable (FFMPEG_PATH, else @ffmpeg-installer/ffmpeg). */
export function ffmpegPath(): string {
  return resolveTool('ffmpeg');
}

/** Absolute path of the ffprobe executable (FFPROBE_PATH, else @ffprobe-installer/ffprobe). */
export function ffprobePath(): string {
  return resolveTool('ffprobe');
}
