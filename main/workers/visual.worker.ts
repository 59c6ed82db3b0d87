import { makeContext } from '../core/context.ts';
import { type CropPolicy, type FaceCropMode, cropPolicyFor } from '../core/features/visual/face-crop.ts';
import type { TrackOptions } from '../core/features/visual/face-tracker.ts';
import type { VisualExtractor } from '../core/features/visual/visual-extractor.ts';
import { createVisualExtractor } from '../core/features/visual/visual-extractors.ts';
import { decodeStill } from '../core/media/still-image.ts';
import { withTransfer } from '../core/threads/protocol.ts';
import { serveWorker } from '../core/threads/worker-host.ts';
import type { ExtractorArgs, StillResult, VisualWorkerApi } from '../core/pipeline/worker-apis.ts';

/**
 * Face worker: one visual extractor (face-api on tfjs wasm) per thread, loaded on first use and kept
 * while the same extractor id and options are asked for; frames arrive as transferred rgb24 buffers,
 * vectors go back transferred. `still` decodes an image file here too, so a dataset of many small
 * images spreads its decoding over the pool instead of the caller's thread.
 */
let extractor: Promise<VisualExtractor> | undefined;
let extractorKey = '';

function get(args: ExtractorArgs): Promise<VisualExtractor> {
  const key = JSON.stringify([args.extractorId, args.opts]);
  if (!extractor || key !== extractorKey) {
    void extractor?.then((e) => e.dispose()).catch(() => {});
    extractorKey = key;
    extractor = createVisualExtractor(args.extractorId, args.opts);
    extractor.catch(() => {
      extractor = undefined;
    });
  }
  return extractor;
}

const api = {
  async warmup(args: ExtractorArgs) {
    const e = await get(args);
    return { backend: e.engine.backend };
  },

  async run(args: ExtractorArgs & { crop: CropPolicy; track: TrackOptions; frames: { rgb: Uint8Array; width: number; height: number }[] }) {
    const e = await get(args);
    const r = await e.extractRun(args.frames, args.crop, args.track);
    return withTransfer(r, r.map((x) => x.vector.buffer as ArrayBuffer));
  },

  /**
   * One still image file: decoded (in-process for JPEG/PNG, else ffmpeg), capped at maxSide; the
   * face-crop mode is resolved for its size in the file (face-crop.ts).
   */
  async still(args: ExtractorArgs & { file: string; maxSide: number; faceCrop: FaceCropMode; bytes?: Uint8Array }) {
    const pic = await decodeStill(args.file, makeContext(), { maxSide: args.maxSide, ...(args.bytes ? { bytes: args.bytes } : {}) });
    const e = await get(args);
    const crop = cropPolicyFor(args.faceCrop, { still: true, width: pic.sourceWidth, height: pic.sourceHeight });
    const r = await e.extract(pic, crop);
    const out: StillResult = { ...r, sourceWidth: pic.sourceWidth, sourceHeight: pic.sourceHeight, width: pic.width, height: pic.height, crop };
    return withTransfer(out, [r.vector.buffer as ArrayBuffer]);
  },
} satisfies VisualWorkerApi;

serveWorker(api);
