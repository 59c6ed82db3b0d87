import path from 'node:path';
import type { StageContext } from '../../context.ts';
import { AppError, isAppError, throwIfAborted } from '../../errors.ts';
import { asrModelDir, getAsrModel, pullHint, userModelsDir } from './asr-models.ts';
import { modelState, writeModelManifest } from './model-store.ts';
import type { ModelManifest } from './model-store.ts';
import { loadTransformers } from './transformers-env.ts';

/**
 * `corrkd models pull NAME`: downloads an ASR model into the user's model folder through
 * transformers.js (the files it will later load, no more), then writes the manifest that makes it
 * "present". The hub is checked first with a short timeout, so offline it fails fast and clearly.
 */

/** The Hugging Face hub, or a mirror named by HF_ENDPOINT (the variable the HF tools share). */
export function hubUrl(): string {
  const custom = process.env.HF_ENDPOINT?.trim();
  return custom ? (custom.endsWith('/') ? custom : `${custom}/`) : 'https://huggingface.co/';
}

export const DEFAULT_REACH_TIMEOUT_MS = 10_000;

/** Resolves when the hub answers (any HTTP status); NetworkUnavailable when it cannot be reached in time. */
export async function checkHubReachable(repo: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const url = `${hubUrl()}api/models/${repo}`;
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.any(signals) });
  } catch (e) {
    throwIfAborted(signal, 'model download');
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${(timeoutMs / 1000).toFixed(1)} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new AppError(
      'NetworkUnavailable',
      `Cannot reach ${hubUrl()} (${why}). Downloading a model needs internet access. On an offline machine, copy the folder ` +
        `${path.join(userModelsDir(), ...repo.split('/'))} from a machine where \`corrkd models pull\` ran to the same path here.`,
      { cause: e },
    );
  }
}

export interface PullOptions {
  timeoutMs?: number;
  force?: boolean;
}

export async function pullAsrModel(name: string, ctx: StageContext, opts: PullOptions = {}): Promise<{ manifest: ModelManifest; downloaded: boolean; dir: string }> {
  const spec = getAsrModel(name);
  const dir = asrModelDir(spec);
  if (!opts.force) {
    const st = await modelState(spec);
    if (st.state === 'present') return { manifest: st.manifest, downloaded: false, dir };
  }
  await checkHubReachable(spec.repo, opts.timeoutMs ?? DEFAULT_REACH_TIMEOUT_MS, ctx.signal);
  const t = await loadTransformers({ allowRemote: true });
  t.env.remoteHost = hubUrl();
  try {
    const p = await t.pipeline('automatic-speech-recognition', spec.repo, {
      dtype: spec.dtype,
      device: 'cpu',
      progress_callback: (d: unknown) => {
        const info = d as { status?: string; file?: string; loaded?: number; total?: number };
        if (info.status === 'progress' && info.file) {
          ctx.onProgress({ type: 'download', file: info.file, loaded: info.loaded ?? 0, ...(info.total ? { total: info.total } : {}) });
        }
      },
    });
    await p.dispose();
  } catch (e) {
    if (isAppError(e)) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError('ToolFailed', `Downloading ${spec.name} (${spec.repo}) failed: ${why}. Run \`${pullHint(spec)}\` again to resume.`, { cause: e });
  } finally {
    t.env.allowRemoteModels = false;
  }
  throwIfAborted(ctx.signal, 'model download');
  return { manifest: await writeModelManifest(spec), downloaded: true, dir };
}
