import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { checkContract, DEFAULT_PACK_DIR, readManifest } from '../../../../main/core/inference/pack.ts';
import { extractorVersion, type ModelManifest } from '../../../../main/core/inference/manifest-schema.ts';

/** The io contract: trained modalities must use this app's extractors; untrained ones are fed zeros of their own dim. */
describe('checkContract', () => {
  const base = readManifest(DEFAULT_PACK_DIR);
  const edit = (f: (m: ModelManifest) => void): ModelManifest => {
    const m = structuredClone(base);
    f(m);
    return m;
  };
  const trained = base.trainedModalities[0]!;
  const other = (['text', 'audio', 'visual'] as const).find((m) => m !== trained)!;

  it('accepts the shipped default pack', () => {
    expect(() => checkContract(DEFAULT_PACK_DIR, base)).not.toThrow();
  });

  it('accepts another extractor on a modality the pack was not trained on', () => {
    const m = edit((x) => {
      x.trainedModalities = [trained];
      x.extractors[other] = { ...x.extractors[other], id: 'older-extractor', version: 7 };
    });
    expect(() => checkContract(DEFAULT_PACK_DIR, m)).not.toThrow();
  });

  it('refuses another extractor on a trained modality, naming both', () => {
    const m = edit((x) => {
      x.extractors[trained] = { ...x.extractors[trained], id: 'older-extractor' };
    });
    const want = EXTRACTORS[trained];
    expect(() => checkContract(DEFAULT_PACK_DIR, m)).toThrow(
      `${trained} extractor is older-extractor v${want.version} (${want.dim}-d), this app computes ${want.id} v${want.version} (${want.dim}-d)`,
    );
  });

  it('refuses an input whose shape disagrees with the declared extractor dim, even untrained', () => {
    const m = edit((x) => {
      x.trainedModalities = [trained];
      x.extractors[other] = { ...x.extractors[other], dim: x.extractors[other].dim + 1 };
    });
    expect(() => checkContract(DEFAULT_PACK_DIR, m)).toThrow(/io contract mismatch: .*input '.*' has shape/);
  });
});

describe('extractorVersion', () => {
  it("records the app's own version for the app's extractors, the id's -vN otherwise", () => {
    expect(extractorVersion(EXTRACTORS.audio.id)).toBe(EXTRACTORS.audio.version);
    expect(extractorVersion(EXTRACTORS.visual.id)).toBe(EXTRACTORS.visual.version);
    expect(extractorVersion(EXTRACTORS.text.id)).toBe(EXTRACTORS.text.version);
    expect(extractorVersion('text-v1')).toBe(1);
    expect(extractorVersion('glove-300')).toBe(0);
  });
});
