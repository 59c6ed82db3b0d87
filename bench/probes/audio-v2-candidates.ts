import { CONTEXT, type AudioV2Dim } from '../../main/core/features/audio/audio-v2-dims.ts';
import { LLD } from '../../main/core/features/audio/audio-v2-lld.ts';
import type { FrameContext } from '../../main/core/features/audio/frame-context.ts';

/**
 * Dimensions tried beside audio-v2 in the probe and left OUT of the extractor, kept so the
 * measurements in main/core/features/audio/README.md can be rerun
 * (`--extractors audio-v2+cand --single` / `--ablate` / `--only NAMES`). Each group was measured by
 * adding it to audio-v2 or leaving it out; none helped by more than the CV noise, and `abs-level`
 * and raw `mfcc` break under a change of recording gain or channel.
 */
const S = CONTEXT.short;
const L = CONTEXT.long;

/** Level reference: 95th percentile of frame RMS (dBFS) over +-1.5 s. */
const levelRef = (c: FrameContext): number => c.quantile(LLD.rmsDb, 0.95, L, false);

const dim = (name: string, group: string, compute: (c: FrameContext) => number): AudioV2Dim => ({ name, unit: '-', group, meaning: `candidate ${name}`, compute });

export const AUDIO_V2_CANDIDATES: readonly AudioV2Dim[] = [
  // loudness relative to the recording (gain-independent): left out, the four CV figures rose by
  // 0.002-0.028 without them
  dim('loud_rel_db', 'cand:loudness', (c) => c.value(LLD.rmsDb) - levelRef(c)),
  dim('loud_p20_rel_db', 'cand:loudness', (c) => c.quantile(LLD.rmsDb, 0.2, S, false) - levelRef(c)),
  dim('loud_p80_rel_db', 'cand:loudness', (c) => c.quantile(LLD.rmsDb, 0.8, S, false) - levelRef(c)),
  dim('loud_slope_db_s', 'cand:loudness', (c) => c.slopePerSec(LLD.rmsDb, S, false)),
  // formant bandwidths (voiced mean +-150 ms)
  ...(['b1', 'b2', 'b3'] as const).map((b) => dim(`${b}_hz`, 'cand:bandwidths', (c) => c.mean(LLD[b], S, true))),
  // the recording level itself: NOT gain-independent, for reference only
  dim('rms_dbfs', 'cand:abs-level', (c) => c.value(LLD.rmsDb)),
  // MFCC without mean normalisation (1-4) and the higher coefficients
  ...Array.from({ length: 13 }, (_, k) => dim(`mfcc_${k + 1}`, k < 4 ? 'cand:mfcc' : 'cand:mfcc5-13', (c) => c.value(LLD.mfcc1 + k))),
  // frame values of voiced-only LLDs (0 when unvoiced) instead of context means
  dim('f0_st_frame', 'cand:raw-voiced', (c) => c.value(LLD.f0St)),
  dim('hnr_frame', 'cand:raw-voiced', (c) => c.value(LLD.hnrDb)),
  dim('f1_frame', 'cand:raw-voiced', (c) => c.value(LLD.f1)),
  dim('f2_frame', 'cand:raw-voiced', (c) => c.value(LLD.f2)),
  // spectral balance averaged over voiced frames, and mean-normalised
  dim('alpha_v', 'cand:sb-voiced', (c) => c.mean(LLD.alphaRatio, S, true)),
  dim('hammarberg_v', 'cand:sb-voiced', (c) => c.mean(LLD.hammarberg, S, true)),
  dim('slope0500_v', 'cand:sb-voiced', (c) => c.mean(LLD.slope0500, S, true)),
  dim('slope5001500_v', 'cand:sb-voiced', (c) => c.mean(LLD.slope5001500, S, true)),
  ...(['alphaRatio', 'hammarberg', 'slope0500', 'slope5001500'] as const).map((l) => dim(`${l}_cmn`, 'cand:sb-cmn', (c) => c.value(LLD[l]) - c.mean(LLD[l], L, false))),
  // F0 percentiles
  dim('f0_p10', 'cand:f0-pct', (c) => c.quantile(LLD.f0St, 0.1, S, true)),
  dim('f0_p90', 'cand:f0-pct', (c) => c.quantile(LLD.f0St, 0.9, S, true)),
];
