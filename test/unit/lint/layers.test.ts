import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

/**
 * The layer rules of eslint.config.js (ARCHITECTURE.md, issue 13 item 1): a snippet placed at a path
 * in one layer is linted in memory with the project's own config; an import across a forbidden
 * boundary must be reported, an allowed one must not.
 */
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: PROJECT_ROOT });
});

/** The layer-rule messages for `code` as if it were the file `file` (relative to the project root). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const filePath = path.join(PROJECT_ROOT, file);
  expect(await eslint.isPathIgnored(filePath)).toBe(false);
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A parse error would hide every rule: fail on it instead of passing an "allowed" case.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

async function expectForbidden(file: string, code: string): Promise<void> {
  expect(await layerErrors(file, code)).toHaveLength(1);
}

async function expectAllowed(file: string, code: string): Promise<void> {
  expect(await layerErrors(file, code)).toEqual([]);
}

describe('layer rules (eslint.config.js)', () => {
  it('main/core imports nothing from workers, electron, cli or training', async () => {
    const file = 'main/core/pipeline/layer-probe.ts';
    await expectForbidden(file, "import { serveWorker } from '../../workers/audio.worker.ts';\n");
    await expectForbidden(file, "import type { TrainingSource } from '../../training/data/load-training-sources.ts';\n");
    await expectForbidden(file, "import { registerIpc } from '../../electron/ipc/register-ipc.ts';\n");
    await expectForbidden(file, "export { runCli } from '../../cli/run.ts';\n");
    await expectForbidden(file, "export async function f() { return import('../../cli/run.ts'); }\n");
    await expectForbidden(file, "import { app } from 'electron';\n");
    await expectAllowed(file, "import { AppError } from '../errors.ts';\nimport { WorkerPool } from '../threads/worker-pool.ts';\n");
  });

  it('main/training may import core, not electron or cli', async () => {
    const file = 'main/training/trainer/layer-probe.ts';
    await expectForbidden(file, "import { startApp } from '../../electron/main.ts';\n");
    await expectForbidden(file, "import type { CliOptions } from '../../cli/options.ts';\n");
    await expectAllowed(file, "import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';\nimport { AppError } from '../../core/errors.ts';\n");
  });

  it('main/cli may import core, training and workers, not electron', async () => {
    const file = 'main/cli/commands/layer-probe.ts';
    await expectForbidden(file, "import { createAppServices } from '../../electron/services/app-services.ts';\n");
    await expectForbidden(file, "import { dialog } from 'electron';\n");
    await expectAllowed(
      file,
      [
        "import { makeContext } from '../../core/context.ts';",
        "import { loadTrainingData } from '../../training/data/load-training-data.ts';",
        "import type { AudioWorkerApi } from '../../workers/audio.worker.ts';",
        "export const load = () => import('../../core/pipeline/worker-pools.ts');",
        '',
      ].join('\n'),
    );
  });

  it('worker entry files import core (and training), never the app or the cli', async () => {
    await expectForbidden('main/workers/layer-probe.worker.ts', "import { runCli } from '../cli/run.ts';\n");
    await expectForbidden('main/workers/layer-probe.worker.ts', "import { mainWindow } from '../electron/window.ts';\n");
    await expectAllowed('main/workers/layer-probe.worker.ts', "import { serveWorker } from '../core/threads/worker-host.ts';\nimport { train } from '../training/trainer/train.ts';\n");
    const electronWorker = 'main/electron/workers/layer-probe.worker.ts';
    await expectForbidden(electronWorker, "import { TrainingService } from '../services/training-service.ts';\n");
    await expectForbidden(electronWorker, "import { ipcMain } from 'electron';\n");
    await expectAllowed(electronWorker, "import { serveWorker } from '../../core/threads/worker-host.ts';\nimport { startTrainingRun } from '../../training/trainer/start-run.ts';\nimport { helper } from './worker-helper.ts';\n");
  });

  it('a worker entry is started by URL, imported only for its types', async () => {
    const file = 'main/electron/services/layer-probe.ts';
    await expectForbidden(file, "import { api } from '../workers/training.worker.ts';\n");
    await expectAllowed(file, "import type { TrainingWorkerApi } from '../workers/training.worker.ts';\n");
  });

  it('the renderer imports its own code and preload types only, never main/, Node or electron', async () => {
    const file = 'renderer/views/layer-probe.tsx';
    await expectForbidden(file, "import { readFileSync } from 'node:fs';\n");
    await expectForbidden(file, "import path from 'path';\n");
    await expectForbidden(file, "import { ipcRenderer } from 'electron';\n");
    await expectForbidden(file, "import { AppError } from '../../main/core/errors.ts';\n");
    await expectForbidden(file, "import type { ClipResult } from '../../main/core/result/schema.ts';\n");
    await expectForbidden(file, "import { REQUESTS } from '../../preload/contract.ts';\n");
    await expectAllowed(
      file,
      [
        "import { useState } from 'react';",
        "import type { ClipResult } from '../../preload/contract.ts';",
        "import type { Api } from '../../preload/api.ts';",
        "import { percent } from '../format.ts';",
        '',
      ].join('\n'),
    );
  });
});
