import type { Command } from 'commander';
import { makeContext } from '../../core/context.ts';
import { probeMedia } from '../../core/media/probe.ts';
import { displaySize } from '../../core/media/media-info.ts';
import { printJson, sigintController } from '../run.ts';

/** `corrkd probe FILE [--json]`: streams, duration, fps, rotation (DESIGN 3.1). */
export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('show the streams of a media file (duration, fps, rotation, audio, subtitles)')
    .argument('<file>', 'video or audio file')
    .option('--json', 'print one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) => {
      const ac = sigintController();
      const info = await probeMedia(file, makeContext({ signal: ac.signal }));
      if (opts.json) {
        printJson(info);
        return;
      }
      const lines = [`${info.file}`, `  container  ${info.formatName}, ${info.durationSec.toFixed(2)} s, ${(info.sizeBytes / 1e6).toFixed(1)} MB`];
      if (info.video) {
        const d = displaySize(info.video);
        lines.push(`  video      ${info.video.codec} ${d.width}x${d.height} @ ${info.video.fps.toFixed(2)} fps, rotation ${info.video.rotation}°`);
      } else lines.push('  video      none');
      if (info.audio) lines.push(`  audio      ${info.audio.codec} ${info.audio.sampleRate} Hz, ${info.audio.channels} ch`);
      else lines.push('  audio      none');
      lines.push(`  subtitles  ${info.subtitles.length ? info.subtitles.map((s) => `${s.codec}${s.language ? ` (${s.language})` : ''}`).join(', ') : 'none'}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
