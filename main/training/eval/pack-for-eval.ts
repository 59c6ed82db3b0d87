/**
 * Reads a model pack folder into the PackInfo that evaluation needs: manifest.json validated with
 * the export's schema and every listed file present with its sha256. Unlike the app's loader
 * (core/inference/pack.ts) it does not require the app's own extractors: a pack trained on research
 * features (e.g. a pickle's GloVe) is evaluated on data with the same dims (loadEvalData checks them).
 */
import type { PackInfo } from '../../core/inference/pack-info.ts';
import { packInfoFromManifest, readManifest, verifyPackFiles } from '../../core/inference/pack-manifest.ts';

export { packInfoFromManifest, readManifest, verifyPackFiles };

export function readPackForEval(dir: string): PackInfo {
  const m = readManifest(dir);
  verifyPackFiles(dir, m);
  return packInfoFromManifest(dir, m);
}
