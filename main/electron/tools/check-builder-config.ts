/**
 * `npm run check:builder`: electron-builder's own configuration check, without packaging (the
 * Electron binary cannot be downloaded here). Loads electron-builder.yml the way `electron-builder`
 * does (getConfig: file + package.json metadata) and runs its validateConfiguration (the JSON
 * schema of app-builder-lib plus its deprecation checks). Exit 1 with electron-builder's message
 * on an invalid configuration.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

try {
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  const targets = ['linux', 'win', 'mac'].map((p) => `${p}: ${JSON.stringify((config[p] as { target?: unknown } | undefined)?.target)}`);
  process.stdout.write(`electron-builder.yml is valid for electron-builder ${require('electron-builder/package.json').version}\n  ${targets.join('\n  ')}\n`);
} catch (e) {
  process.stderr.write(`electron-builder.yml is NOT valid:\n${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
