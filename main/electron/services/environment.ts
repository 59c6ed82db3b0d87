import * as ort from 'onnxruntime-node';
import { currentProviderEnv, planProviders } from '../../core/inference/providers.ts';
import { ASR_MODELS } from '../../core/transcript/asr/asr-models.ts';
import { modelState } from '../../core/transcript/asr/model-store.ts';
import type { AsrModelInfo, ProviderChoice } from '../../../preload/contract.ts';

/** What each device preference would really run on this machine (the providers tried, and why the others are not). */
export function deviceChoices(): ProviderChoice[] {
  const env = currentProviderEnv(ort.listSupportedBackends);
  return (['auto', 'cpu', 'gpu'] as const).map((pref) => {
    const plan = planProviders(pref, env);
    return { pref, order: plan.order, skipped: plan.skipped };
  });
}

/** The speech recognition models the app knows, and whether each is downloaded and complete. */
export async function asrModels(): Promise<AsrModelInfo[]> {
  const out: AsrModelInfo[] = [];
  for (const spec of ASR_MODELS) {
    const st = await modelState(spec);
    out.push({
      name: spec.name,
      approxMB: spec.approxMB,
      present: st.state === 'present',
      detail: st.state === 'present' ? `ready, ${(st.bytes / 1e6).toFixed(1)} MB in ${st.dir}` : st.reason,
    });
  }
  return out;
}
