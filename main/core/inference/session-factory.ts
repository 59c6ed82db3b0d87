import * as ort from 'onnxruntime-node';
import { AppError } from '../errors.ts';
import { currentProviderEnv, planProviders, type DevicePref, type ProviderName, type ProviderPlan } from './providers.ts';

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider the session was created with (the one that runs the model). */
  provider: ProviderName;
  /** Providers not used, each with why (unavailable, or failed to initialise). */
  skipped: ProviderPlan['skipped'];
}

/**
 * The one place that creates onnxruntime sessions (STYLE habit 12). Sessions are memoised per
 * (model file, device preference) and disposed together. Providers are tried one at a time in
 * plan order so the provider that really initialised is known; a provider that fails to start
 * (missing driver, no adapter) is recorded with its error and the next one is tried; CPU is last.
 */
export class SessionFactory {
  private readonly sessions = new Map<string, Promise<OpenedSession>>();

  constructor(private readonly options: { intraOpNumThreads?: number } = {}) {}

  open(modelPath: string, pref: DevicePref = 'auto'): Promise<OpenedSession> {
    const key = `${modelPath}\u0000${pref}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = this.create(modelPath, pref);
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  private async create(modelPath: string, pref: DevicePref): Promise<OpenedSession> {
    const plan = planProviders(pref, currentProviderEnv(ort.listSupportedBackends));
    const skipped = [...plan.skipped];
    for (const provider of plan.order) {
      try {
        const session = await ort.InferenceSession.create(modelPath, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          ...(this.options.intraOpNumThreads ? { intraOpNumThreads: this.options.intraOpNumThreads } : {}),
        });
        return { session, provider, skipped };
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (provider === 'cpu') {
          throw new AppError('ModelContractMismatch', `onnxruntime could not load ${modelPath}: ${msg}`, { file: modelPath, cause: e });
        }
        skipped.push({ provider, reason: `failed to initialise: ${msg.split('\n')[0]}` });
      }
    }
    throw new AppError('Internal', `No execution provider could load ${modelPath}.`, { file: modelPath });
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) {
      try {
        await (await s).session.release();
      } catch {
        /* a session that failed to open has nothing to release */
      }
    }
  }
}
