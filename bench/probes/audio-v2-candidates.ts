import { CONTEXT, type AudioV2Dim } from '../../main/core/features/audio/audio-v2-dims.ts';
import { LLD } from '../../main/core/features/audio/audio-v2-lld.ts';

/**
 * Dimensions tried beside audio-v2 in the probe and NOT in the extractor (yet): each group is
 * measured by adding it to audio-v2 (probe --extractors audio-v2+cand --ablate). `abs-level` is
 * the recording level itself, for reference only: it is not gain-independent.
 */
const S = CONTEXT.short;

const mfccHigh: AudioV2Dim[] = Array.from({ length: 9 }, (_, k) => ({
  name: `mfcc_${k + 5}`,
  unit: 'log-mel cepstrum',
  group: 'cand:mfcc5-13',
  meaning: `MFCC ${k + 5}`,
  compute: (c) => c.value(LLD.mfcc1 + k + 4),
}));

const L = CONTEXT.long;
/** Minus its own mean over the valid frames within +-1.5 s: a fixed channel filter adds a constant to these, which cancels. */
const cmn = (name: string, l: number, group: string): AudioV2Dim => ({
  name: `${name}_cmn`,
  unit: 'same as the LLD',
  group,
  meaning: `${name} minus its +-1.5 s mean`,
  compute: (c) => c.value(l) - c.mean(l, L, false),
});

export const AUDIO_V2_CANDIDATES: readonly AudioV2Dim[] = [
  { name: 'rms_dbfs', unit: 'dBFS', group: 'cand:abs-level', meaning: 'frame RMS level', compute: (c) => c.value(LLD.rmsDb) },
  ...mfccHigh,
  { name: 'f0_st_frame', unit: 'st', group: 'cand:raw-voiced', meaning: 'frame F0, 0 unvoiced', compute: (c) => c.value(LLD.f0St) },
  { name: 'hnr_frame', unit: 'dB', group: 'cand:raw-voiced', meaning: 'frame HNR', compute: (c) => c.value(LLD.hnrDb) },
  { name: 'f1_frame', unit: 'Hz', group: 'cand:raw-voiced', meaning: 'frame F1', compute: (c) => c.value(LLD.f1) },
  { name: 'f2_frame', unit: 'Hz', group: 'cand:raw-voiced', meaning: 'frame F2', compute: (c) => c.value(LLD.f2) },
  { name: 'alpha_v', unit: 'dB', group: 'cand:sb-voiced', meaning: 'alpha ratio, voiced mean', compute: (c) => c.mean(LLD.alphaRatio, S, true) },
  { name: 'hammarberg_v', unit: 'dB', group: 'cand:sb-voiced', meaning: 'Hammarberg, voiced mean', compute: (c) => c.mean(LLD.hammarberg, S, true) },
  { name: 'slope0500_v', unit: 'dB/kHz', group: 'cand:sb-voiced', meaning: 'slope 0-500, voiced mean', compute: (c) => c.mean(LLD.slope0500, S, true) },
  { name: 'slope5001500_v', unit: 'dB/kHz', group: 'cand:sb-voiced', meaning: 'slope 500-1500, voiced mean', compute: (c) => c.mean(LLD.slope5001500, S, true) },
  ...[1, 2, 3, 4].map((k) => cmn(`mfcc${k}`, LLD.mfcc1 + k - 1, 'cand:mfcc-cmn')),
  cmn('alpha', LLD.alphaRatio, 'cand:sb-cmn'),
  cmn('hammarberg', LLD.hammarberg, 'cand:sb-cmn'),
  cmn('slope0500', LLD.slope0500, 'cand:sb-cmn'),
  cmn('slope5001500', LLD.slope5001500, 'cand:sb-cmn'),
  { name: 'f0_p10', unit: 'st', group: 'cand:f0-pct', meaning: 'F0 p10 +-150', compute: (c) => c.quantile(LLD.f0St, 0.1, S, true) },
  { name: 'f0_p90', unit: 'st', group: 'cand:f0-pct', meaning: 'F0 p90 +-150', compute: (c) => c.quantile(LLD.f0St, 0.9, S, true) },
];
