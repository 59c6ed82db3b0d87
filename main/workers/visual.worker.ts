import { createVisualV1, type VisualFrameResult, type VisualV1Extractor, type VisualV1Options } from '../core/features/visual/visual-v1.ts';
import { withTransfer } from './protocol.ts';
import { serveWorker } from './worker-host.ts';

/**
 * Face worker: one visual-v1 extractor (face-api on tfjs wasm) per thread, loaded on first use and
 * kept; frames arrive as transferred rgb24 buffers, vectors go back transferred.
 */
let extractor: Promise<VisualV1Extractor> | undefined;
let extractorKey = '';

function get(opts: VisualV1Options): Promise<VisualV1Extractor> {
  const key = JSON.stringify(opts);
  if (!extractor || key !== extractorKey) {
    void extractor?.then((e) => e.dispose()).catch(() => {});
    extractorKey = key;
    extractor = createVisualV1(opts);
    extractor.catch(() => {
      extractor = undefined;
    });
  }
  return extractor;
}

const api = {
  async warmup(args: { opts: VisualV1Options }) {
    const e = await get(args.opts);
    return { backend: e.engine.backend };
  },

  async frame(args: { opts: VisualV1Options; rgb: Uint8Array; width: number; height: number }) {
    const e = await get(args.opts);
    const r: VisualFrameResult = await e.extract({ rgb: args.rgb, width: args.width, height: args.height });
    return withTransfer(r, [r.vector.buffer as ArrayBuffer]);
  },
};

export type VisualWorkerApi = typeof api;

serveWorker(api);
