/**
 * The one typed IPC contract (STYLE habits 1-3), imported by main, preload and renderer.
 *
 * - `REQUESTS`: renderer -> main invokes, channel `domain:verb` -> zod schema of its ONE argument.
 *   Main validates every argument with it before any handler runs (main/electron/ipc/handlers.ts).
 * - `Replies`: what each invoke resolves to.
 * - `Events`: main -> renderer pushes; `EVENT_CHANNELS` is the allow-list the preload subscribes to.
 *
 * Pure (zod + types), so it type-checks under both the Node and the DOM configuration.
 */
import { z } from 'zod';
import type {
  AnalyzeJob,
  AnalyzeStartReply,
  BatchJobSummary,
  BatchProgressEvent,
  BatchRowsReply,
  BatchRunState,
  ClipResult,
  DatasetBuildReply,
  DownloadEvent,
  EvalReport,
  ExportReply,
  ModelsReply,
  SettingsReply,
  StageEvent,
  TrainBatchEvent,
  TrainEpochEvent,
  TrainState,
} from './contract-types.ts';

import { EVENT_CHANNELS } from './event-channels.ts';

export type * from './contract-types.ts';

/** An absolute path (POSIX, drive letter or UNC), no NUL byte, bounded length. */
export const absPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'path must be absolute');

const jobId = z.string().regex(/^a[0-9]{1,9}$/, 'not an analyse job id');
const batchJobId = z.number().int().min(1);
const none = z.undefined();

export const REQUESTS = {
  'analyze:start': z.strictObject({ paths: z.array(absPath).min(1).max(1000) }),
  'analyze:cancel': z.strictObject({ jobId }),
  'analyze:list': none,
  'analyze:result': z.strictObject({ jobId }),
  'analyze:clear': none,

  'batch:start': z.strictObject({ folder: absPath, resume: z.boolean(), concurrency: z.number().int().min(1).max(64).optional() }),
  'batch:cancel': none,
  'batch:state': none,
  'batch:jobs': none,
  'batch:rows': z.strictObject({
    jobId: batchJobId,
    outcome: z.enum(['all', 'succeeded', 'failed', 'pending']),
    label: z.enum(['all', 'negative', 'neutral', 'positive']),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(1000),
  }),
  'batch:result': z.strictObject({ jobId: batchJobId, path: absPath }),
  'batch:export': z.strictObject({ jobId: batchJobId, format: z.enum(['csv', 'jsonl']), out: absPath }),

  'models:list': none,
  'models:activate': z.strictObject({ dir: absPath }),
  'dataset:build': z.strictObject({
    kind: z.enum(['clips', 'transcripts']),
    csv: absPath,
    out: absPath,
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    force: z.boolean(),
  }),
  'dataset:cancel': none,
  'training:start': z.strictObject({
    data: absPath,
    out: absPath,
    epochs: z.number().int().min(1).max(1000).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    batchSize: z.number().int().min(2).max(65_536).optional(),
    resume: z.boolean(),
  }),
  'training:stop': none,
  'training:state': none,
  'training:export': z.strictObject({ run: absPath, out: absPath, activate: z.boolean() }),
  'training:evaluate': z.strictObject({ pack: absPath, data: absPath, protocol: z.enum(['fixed', 'random']) }),

  'settings:get': none,
  'settings:set': z.strictObject({
    device: z.enum(['auto', 'cpu', 'gpu']).optional(),
    fps: z.number().min(1).max(30).optional(),
    useAsr: z.boolean().optional(),
    asrModel: z.string().min(1).max(100).optional(),
    storeFile: absPath.optional(),
  }),
  'settings:pull-asr': z.strictObject({ name: z.string().min(1).max(100) }),

  'dialog:open-media': none,
  'dialog:open-folder': z.strictObject({ title: z.string().max(200) }),
  'dialog:open-file': z.strictObject({ title: z.string().max(200), kind: z.enum(['csv', 'sqlite']) }),
  'dialog:save-file': z.strictObject({ title: z.string().max(200), defaultName: z.string().min(1).max(255).regex(/^[^\\/\0]+$/) }),
} as const;

export type RequestChannel = keyof typeof REQUESTS;
export type RequestArg<C extends RequestChannel> = z.input<(typeof REQUESTS)[C]>;
export type ParsedArg<C extends RequestChannel> = z.output<(typeof REQUESTS)[C]>;

export interface Replies {
  'analyze:start': AnalyzeStartReply;
  'analyze:cancel': { canceled: boolean };
  'analyze:list': AnalyzeJob[];
  'analyze:result': ClipResult;
  'analyze:clear': { removed: number };

  'batch:start': BatchRunState;
  'batch:cancel': BatchRunState;
  'batch:state': BatchRunState;
  'batch:jobs': BatchJobSummary[];
  'batch:rows': BatchRowsReply;
  'batch:result': ClipResult;
  'batch:export': { file: string };

  'models:list': ModelsReply;
  'models:activate': ModelsReply;
  'dataset:build': DatasetBuildReply;
  'dataset:cancel': { canceled: boolean };
  'training:start': TrainState;
  'training:stop': TrainState;
  'training:state': TrainState;
  'training:export': ExportReply;
  'training:evaluate': EvalReport;

  'settings:get': SettingsReply;
  'settings:set': SettingsReply;
  'settings:pull-asr': SettingsReply;

  'dialog:open-media': string[];
  'dialog:open-folder': string | null;
  'dialog:open-file': string | null;
  'dialog:save-file': string | null;
}

export type Reply<C extends RequestChannel> = Replies[C];

export interface Events {
  'analyze:job': AnalyzeJob;
  'batch:progress': BatchProgressEvent;
  'batch:state': BatchRunState;
  'dataset:progress': StageEvent;
  'training:batch': TrainBatchEvent;
  'training:epoch': TrainEpochEvent;
  'training:state': TrainState;
  'settings:download': DownloadEvent;
}

export type EventChannel = keyof Events;

export { EVENT_CHANNELS };

export const REQUEST_CHANNELS = Object.keys(REQUESTS) as RequestChannel[];

// Compile-time checks: every request has a reply and every event is listed.
type MissingReply = Exclude<RequestChannel, keyof Replies>;
type ExtraReply = Exclude<keyof Replies, RequestChannel>;
type UnlistedEvent = Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>;
type UnknownEvent = Exclude<(typeof EVENT_CHANNELS)[number], EventChannel>;
export const CONTRACT_COMPLETE: [MissingReply, ExtraReply, UnlistedEvent, UnknownEvent] extends [never, never, never, never] ? true : never = true;
