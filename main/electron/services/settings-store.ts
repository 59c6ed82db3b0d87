import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { DEFAULT_ASR_MODEL } from '../../core/transcript/asr/asr-models.ts';
import type { SettingsValues } from '../../../preload/contract.ts';

/**
 * The window's settings, one JSON file in the user data folder, validated with zod when read back
 * (STYLE habit 3). A file that does not parse is not trusted: defaults apply and the problem is
 * logged; a field that is absent takes its default.
 */
export function settingsSchema(dataDir: string) {
  return z.object({
    device: z.enum(['auto', 'cpu', 'gpu']).default('auto'),
    /** frames sampled per second for the face (DESIGN 3.2, default 5) */
    fps: z.number().min(1).max(30).default(5),
    /** run Whisper when a clip has no transcript file or stream (only once the model is downloaded) */
    useAsr: z.boolean().default(true),
    asrModel: z.string().min(1).default(DEFAULT_ASR_MODEL),
    /** model pack folder; null = the bundled default pack */
    activePack: z.string().nullable().default(null),
    /** pack folders outside the bundled and user pack folders that were exported or activated here */
    knownPacks: z.array(z.string()).default([]),
    /** the results store the batch view uses (the same file `corrkd batch --db` takes) */
    storeFile: z.string().default(path.join(dataDir, 'results.sqlite')),
  });
}

export class SettingsStore {
  private values: SettingsValues;
  private readonly schema;

  constructor(
    readonly file: string,
    dataDir: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.schema = settingsSchema(dataDir);
    this.values = this.read();
  }

  get(): SettingsValues {
    return { ...this.values };
  }

  update(patch: Partial<SettingsValues>): SettingsValues {
    const next = this.schema.safeParse({ ...this.values, ...patch });
    if (!next.success) throw new AppError('InvalidArgument', `Settings rejected: ${z.prettifyError(next.error)}`);
    this.values = next.data;
    this.write();
    return this.get();
  }

  private read(): SettingsValues {
    if (!existsSync(this.file)) return this.schema.parse({});
    try {
      const parsed = this.schema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
      this.warn(`${this.file}: settings do not validate, using defaults: ${z.prettifyError(parsed.error)}`);
    } catch (e) {
      this.warn(`${this.file}: settings unreadable, using defaults: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.schema.parse({});
  }

  /** Written under a temporary name and renamed, so a crash never leaves half a file. */
  private write(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.values, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
