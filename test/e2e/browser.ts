import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CORRKD_CHROMIUM ?? '/usr/bin/chromium';

/** The preload stand-in, bundled for the page (an IIFE that defines window.api). */
export async function bridgeClientScript(): Promise<string> {
  const r = await build({
    entryPoints: [path.join(path.dirname(new URL(import.meta.url).pathname), 'bridge-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors, in order */
  errors: string[];
}

/** A fresh profile per run, no network features, 1280x800 (the smallest size the app supports). */
export async function openBrowser(initScript: string): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'corrkd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  await context.addInitScript({ content: initScript });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return { context, page, errors };
}
