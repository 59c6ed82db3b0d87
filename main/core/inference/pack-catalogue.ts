import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { toAppError } from '../errors.ts';
import { MANIFEST_FILE, type ModelManifest, type PackLicence } from './manifest-schema.ts';
import { checkContract, readManifest, verifyPackFiles } from './pack.ts';

/**
 * Which model packs are there (STYLE 11): the one answer for `corrkd models list` and the window's
 * Models view. A pack is usable only when its manifest parses, its files match their checksums and
 * its io contract fits this app; otherwise `problem` says why.
 */
export interface PackEntry {
  dir: string;
  id: string | null;
  version: string | null;
  created: string | null;
  trainedModalities: string[];
  licence: PackLicence | null;
  /** why the pack cannot be used, or null */
  problem: string | null;
  /** the validated manifest, when it parsed */
  manifest: ModelManifest | null;
}

/** Folders directly under `root` that hold a manifest.json (none when root does not exist). */
export function packDirsIn(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, MANIFEST_FILE)))
    .map((e) => path.join(root, e.name))
    .sort();
}

/** Reads and fully verifies one pack, never throwing: a problem is reported in the entry. */
export function describePack(dir: string): PackEntry {
  const entry: PackEntry = { dir, id: null, version: null, created: null, trainedModalities: [], licence: null, problem: null, manifest: null };
  try {
    const m = readManifest(dir);
    Object.assign(entry, { id: m.id, version: m.version, created: m.created, trainedModalities: [...m.trainedModalities], licence: m.licence ?? null, manifest: m });
    checkContract(dir, m);
    verifyPackFiles(dir, m);
  } catch (e) {
    entry.problem = toAppError(e, dir).message;
  }
  return entry;
}

/** One line on the pack's terms for a person: the licence, and a warning when it is not for commercial use. */
export function licenceLine(l: PackLicence | null): string {
  if (!l) return 'licence not stated in the manifest';
  return `${l.id}${l.commercialUse ? '' : ' - NON-COMMERCIAL USE ONLY'}: ${l.notice}`;
}
