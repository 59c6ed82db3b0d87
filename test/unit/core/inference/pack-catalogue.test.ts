import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePack, licenceLine, packDirsIn } from '../../../../main/core/inference/pack-catalogue.ts';
import { DEFAULT_PACK_DIR } from '../../../../main/core/inference/pack.ts';
import { licenceSchema } from '../../../../main/core/inference/manifest-schema.ts';

describe('pack catalogue', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-catalogue-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('lists folders with a manifest and verifies the bundled pack', () => {
    expect(packDirsIn(path.dirname(DEFAULT_PACK_DIR))).toContain(DEFAULT_PACK_DIR);
    expect(packDirsIn(path.join(tmp, 'nowhere'))).toEqual([]);
    const e = describePack(DEFAULT_PACK_DIR);
    expect(e).toMatchObject({ id: 'corrkd-default', problem: null });
    expect(e.manifest?.id).toBe('corrkd-default');
  });

  it('reports a tampered pack as a problem naming the file, keeping what it could read', () => {
    const dir = path.join(tmp, 'tampered');
    cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
    const onnx = path.join(dir, 'student.onnx');
    const bytes = readFileSync(onnx);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1]! + 1) % 256;
    writeFileSync(onnx, bytes);
    const e = describePack(dir);
    expect(e.id).toBe('corrkd-default');
    expect(e.problem).toMatch(/student\.onnx does not match its checksum/);
  });

  it('says plainly when a pack is for non-commercial use only', () => {
    const nc = licenceSchema.parse({ id: 'CC-BY-NC-SA-4.0', commercialUse: false, notice: 'trained on RAVDESS (CC BY-NC-SA 4.0).' });
    expect(licenceLine(nc)).toBe('CC-BY-NC-SA-4.0 - NON-COMMERCIAL USE ONLY: trained on RAVDESS (CC BY-NC-SA 4.0).');
    expect(licenceLine(null)).toBe('licence not stated in the manifest');
  });
});
