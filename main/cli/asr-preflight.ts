import { isAppError } from '../core/errors.ts';
import { DEFAULT_ASR_MODEL } from '../core/transcript/asr/asr-models.ts';

/**
 * `--asr` without a speech-to-text model: say so once per run, with which model is missing and how
 * to get it, instead of once per file or not at all (each file's transcript search then fails fast at
 * the model check, before any audio is decoded). Returns whether the model is there.
 */
export async function asrPreflight(enabled: boolean, write: (line: string) => void = (l) => process.stderr.write(l)): Promise<boolean> {
  if (!enabled) return false;
  const { requireAsrModel } = await import('../core/transcript/asr/whisper.ts');
  try {
    await requireAsrModel(DEFAULT_ASR_MODEL);
    return true;
  } catch (e) {
    if (!isAppError(e) || e.kind !== 'ModelMissing') throw e;
    write(`corrkd: warning: --asr: ${e.message} Going on without speech-to-text: clips need a transcript file or subtitle stream for the text modality.\n`);
    return false;
  }
}
