import { accessSync, constants } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobePath, unpackedAsarPath } from '../../../../main/core/media/ffmpeg-paths.ts';

describe('ffmpeg-paths', () => {
  const saved = { ffmpeg: process.env.FFMPEG_PATH, ffprobe: process.env.FFPROBE_PATH };
  afterEach(() => {
    if (saved.ffmpeg === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved.ffmpeg;
    if (saved.ffprobe === undefined) delete process.env.FFPROBE_PATH;
    else process.env.FFPROBE_PATH = saved.ffprobe;
  });

  it('finds the executables shipped in the npm packages', () => {
    delete process.env.FFMPEG_PATH;
    delete process.env.FFPROBE_PATH;
    expect(ffmpegPath()).toMatch(/@ffmpeg-installer[\\/].+[\\/]ffmpeg(\.exe)?$/);
    expect(ffprobePath()).toMatch(/@ffprobe-installer[\\/].+[\\/]ffprobe(\.exe)?$/);
    expect(() => accessSync(ffmpegPath(), constants.X_OK)).not.toThrow();
    expect(() => accessSync(ffprobePath(), constants.X_OK)).not.toThrow();
  });

  it('honours FFMPEG_PATH and FFPROBE_PATH', () => {
    process.env.FFMPEG_PATH = '/opt/custom/ffmpeg';
    process.env.FFPROBE_PATH = '/opt/custom/ffprobe';
    expect(ffmpegPath()).toBe('/opt/custom/ffmpeg');
    expect(ffprobePath()).toBe('/opt/custom/ffprobe');
  });

  it('points into app.asar.unpacked inside a packaged Electron app', () => {
    expect(unpackedAsarPath('/Applications/X.app/Contents/Resources/app.asar/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg')).toBe(
      '/Applications/X.app/Contents/Resources/app.asar.unpacked/node_modules/@ffmpeg-installer/darwin-arm64/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\App\\resources\\app.asar\\node_modules\\ffprobe.exe')).toBe('C:\\App\\resources\\app.asar.unpacked\\node_modules\\ffprobe.exe');
    expect(unpackedAsarPath('/home/u/app.asar.unpacked/ffmpeg')).toBe('/home/u/app.asar.unpacked/ffmpeg');
  });
});
