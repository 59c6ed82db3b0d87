import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Which model pack a queued job must be analysed with: the pack's id and version, and one sha256
 * over the checksums its manifest lists for its files (manifest `files`, verified when the pack is
 * loaded). Two packs with the same id and version but different weights differ here, so a worker
 * never answers a coordinator with another pack's numbers.
 */
export const packIdentitySchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  files: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PackIdentity = z.infer<typeof packIdentitySchema>;

export function packIdentityOf(m: { id: string; version: string; files: Record<string, string> }): PackIdentity {
  const lines = Object.entries(m.files)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, sha]) => `${sha}  ${name}\n`)
    .join('');
  return { id: m.id, version: m.version, files: createHash('sha256').update(lines).digest('hex') };
}

export function samePack(a: PackIdentity, b: PackIdentity): boolean {
  return a.id === b.id && a.version === b.version && a.files === b.files;
}

/** "corrkd-default 2.0.0 (files 1a2b3c4d5e6f)" */
export function describePack(p: PackIdentity): string {
  return `${p.id} ${p.version} (files ${p.files.slice(0, 12)})`;
}
