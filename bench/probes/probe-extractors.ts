import { AppError } from '../../main/core/errors.ts';
import { AUDIO_V1_DIMS, extractAudioV1 } from '../../main/core/features/audio/audio-v1.ts';
import type { FrameSeries } from '../../main/core/types.ts';

/** The extractors the audio probe can compare, each with its column groups for ablation. */
export interface ProbeExtractor {
  id: string;
  dims: readonly { name: string }[];
  extract: (samples: Float32Array) => FrameSeries;
  groups: Record<string, string[]>;
}

const v1Names = AUDIO_V1_DIMS.map((d) => d.name);

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
};

export function probeExtractor(id: string): ProbeExtractor {
  const ex = PROBE_EXTRACTORS[id];
  if (!ex) throw new AppError('InvalidArgument', `Unknown probe extractor '${id}'; valid: ${Object.keys(PROBE_EXTRACTORS).join(', ')}.`);
  return ex;
}
