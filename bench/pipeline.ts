import path from 'node:path';
import { makeContext } from '../main/core/context.ts';
import { probeMedia } from '../main/core/media/probe.ts';
import { decodeAudio } from '../main/core/media/decode-audio.ts';
import { sampleFrames } from '../main/core/media/frames.ts';
import { detectSpeech } from '../main/core/features/vad/silero-vad.ts';
import { extractAudioV2 } from '../main/core/features/audio/audio-v2.ts';
import { extractVisualSeries } from '../main/core/features/visual/visual-series.ts';
import { createVisualExtractor } from '../main/core/features/visual/visual-extractors.ts';
import { resolveTranscript } from '../main/core/transcript/resolve-transcript.ts';
import { splitUtterances } from '../main/core/align/utterances.ts';
import { alignToSteps, textV3Steps } from '../main/core/align/steps.ts';
import { EXTRACTORS, extractClipFeatures } from '../main/core/pipeline/clip-features.ts';
import { createPipelineWorkers } from '../main/core/pipeline/worker-pools.ts';
import type { Bench } from './registry.ts';
import { printTable, SHARED_DATA } from './table.ts';

const CLIPS = [
  'liveportrait_d20.mp4',
  'video-retalking_face_1.mp4',
  'video-retalking_face_2.mp4',
  'video-retalking_face_3.mp4',
  'video-retalking_face_4.mp4',
  'video-retalking_face_5.mp4',
].map((f) => path.join(SHARED_DATA, 'videos', 'talking_heads', f));

async function timed<R>(f: () => Promise<R>): Promise<[R, number]> {
  const t = performance.now();
  const r = await f();
  return [r, (performance.now() - t) / 1000];
}

export const pipelineBench: Bench = {
  name: 'pipeline',
  description: 'feature stages on the 6 shared talking-head clips, one stage at a time on one thread (x real time = video s / wall s), then the whole pipeline with its worker threads',
  async run() {
    const ctx = { ...makeContext(), workers: createPipelineWorkers() };
    const face = await createVisualExtractor(EXTRACTORS.visual.id); // the app's face features
    const totals = { video: 0, decode: 0, vad: 0, audio: 0, face: 0, align: 0, e2e: 0 };
    for (const clip of CLIPS) {
      const info = await probeMedia(clip, ctx);
      totals.video += info.durationSec;
      const [pcm, tDec] = await timed(() => decodeAudio(clip, ctx, { info }));
      const [vad, tVad] = await timed(() => detectSpeech(pcm, ctx));
      const [aud, tAud] = await timed(async () => extractAudioV2(pcm));
      const [vis, tFace] = await timed(() => extractVisualSeries(sampleFrames(clip, ctx, { fps: 5, info }), ctx, { extractor: face }));
      const [, tAlign] = await timed(async () => {
        const tr = await resolveTranscript(clip, ctx, { durationSec: info.durationSec, speech: vad.segments, allowAsr: false });
        const utts = splitUtterances(tr, info.durationSec);
        await textV3Steps(utts);
        for (const u of utts) {
          alignToSteps(u, aud);
          alignToSteps(u, vis.series);
        }
      });
      totals.decode += tDec;
      totals.vad += tVad;
      totals.audio += tAud;
      totals.face += tFace;
      totals.align += tAlign;
      const [, tE2e] = await timed(() => extractClipFeatures(clip, ctx, { cache: null }));
      totals.e2e += tE2e;
    }
    face.dispose();
    await ctx.workers.close();
    const stageSum = totals.decode + totals.vad + totals.audio + totals.face + totals.align;
    const rows = (['decode', 'vad', 'audio', 'face', 'align'] as const).map((k) => ({
      stage: k === 'audio' ? `audio features (${EXTRACTORS.audio.id})` : k === 'face' ? `face (${EXTRACTORS.visual.id}, 5 fps)` : k === 'align' ? `align + text (${EXTRACTORS.text.id})` : k,
      'wall s': totals[k],
      'x real time': totals.video / totals[k],
      'share %': (100 * totals[k]) / stageSum,
    }));
    rows.push({ stage: 'end to end (workers, no cache)', 'wall s': totals.e2e, 'x real time': totals.video / totals.e2e, 'share %': Number.NaN });
    process.stdout.write(`${CLIPS.length} clips, ${totals.video.toFixed(1)} s of video\n`);
    printTable(rows);
  },
};
