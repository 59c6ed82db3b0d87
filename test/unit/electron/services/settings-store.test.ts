import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../../main/electron/services/settings-store.ts';

describe('window settings are validated when read back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'corrkd-settings-'));
  const file = path.join(dir, 'settings.json');
  afterEach(() => rmSync(file, { force: true }));

  it('starts from defaults and persists updates atomically', () => {
    const s = new SettingsStore(file, dir);
    expect(s.get()).toMatchObject({ device: 'auto', fps: 5, activePack: null, storeFile: path.join(dir, 'results.sqlite') });
    s.update({ device: 'cpu', fps: 12 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ device: 'cpu', fps: 12 });
    expect(new SettingsStore(file, dir).get().fps).toBe(12);
  });

  it('ignores a file that does not validate, and says so', () => {
    writeFileSync(file, JSON.stringify({ device: 'quantum', fps: 5 }));
    const warnings: string[] = [];
    const s = new SettingsStore(file, dir, (m) => warnings.push(m));
    expect(s.get().device).toBe('auto');
    expect(warnings.join(' ')).toContain(file);
    writeFileSync(file, '{ not json');
    expect(new SettingsStore(file, dir, (m) => warnings.push(m)).get().fps).toBe(5);
    expect(warnings).toHaveLength(2);
  });

  it('refuses an update outside the schema and keeps the old values', () => {
    const s = new SettingsStore(file, dir);
    expect(() => s.update({ fps: 0 })).toThrow(/Settings rejected/);
    expect(s.get().fps).toBe(5);
  });
});
