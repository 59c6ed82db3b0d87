import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../main/core/paths.ts';

/** Fails fast with a clear message when the shared data folder is not beside the checkout. */
export default function setup(): void {
  const data = process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
  if (!existsSync(data)) {
    throw new Error(`Shared test data not found at ${data}. Tests read real clips from ../shared/data.`);
  }
}
