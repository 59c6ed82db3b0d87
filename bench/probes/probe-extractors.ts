import { AppError } from '../../main/core/errors.ts';
import { AUDIO_V1_DIMS, extractAudioV1 } from '../../main/core/features/audio/audio-v1.ts';
import { AUDIO_V2_DIMS, extractAudioV2 } from '../../main/core/features/audio/audio-v2.ts';
import type { AudioV2Dim } from '../../main/core/features/audio/audio-v2-dims.ts';
import type { FrameSeries } from '../../main/core/types.ts';
import { AUDIO_V2_CANDIDATES } from './audio-v2-candidates.ts';

/** The extractors the audio probe can compare, each with its column groups for ablation. */
export interface ProbeExtractor {
  id: string;
  dims: readonly { name: string }[];
  extract: (samples: Float32Array) => FrameSeries;
  groups: Record<string, string[]>;
}

const v1Names = AUDIO_V1_DIMS.map((d) => d.name);

function groupsOf(dims: readonly AudioV2Dim[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of dims) (out[d.group] ??= []).push(d.name);
  return out;
}

function v2Probe(id: string, dims: readonly AudioV2Dim[]): ProbeExtractor {
  return { id, dims, extract: (x) => extractAudioV2(x, 16000, { dims }), groups: groupsOf(dims) };
}

export const PROBE_EXTRACTORS: Record<string, ProbeExtractor> = {
  'audio-v1': {
    id: 'audio-v1',
    dims: AUDIO_V1_DIMS,
    extract: (x) => extractAudioV1(x),
    groups: {
      level: ['rms_dbfs', 'loudness'],
      pitch: ['f0_hz', 'log_f0', 'voicing_prob', 'voiced'],
      'jitter/shimmer': ['jitter_local', 'shimmer_local'],
      mfcc: v1Names.filter((n) => n.startsWith('mfcc_')),
      spectral: ['spectral_centroid_hz', 'spectral_flux', 'spectral_rolloff_hz', 'zcr'],
    },
  },
  'audio-v2': v2Probe('audio-v2', AUDIO_V2_DIMS),
  'audio-v2+cand': v2Probe('audio-v2+cand', [...AUDIO_V2_DIMS, ...AUDIO_V2_CANDIDATES]),
};

export function probeExtractor(id: string): ProbeExtractor {
  const ex = PROBE_EXTRACTORS[id];
  if (!ex) throw new AppError('InvalidArgument', `Unknown probe extractor '${id}'; valid: ${Object.keys(PROBE_EXTRACTORS).join(', ')}.`);
  return ex;
}
