/**
 * Runs first (main.ts imports it before anything from core): tells the core where the model packs
 * are before paths.ts reads CORRKD_MODELS_DIR. The bundle lives at <app>/dist/electron/main/app/,
 * so the app root is four folders up; inside a package that root is app.asar, whose models/ are
 * unpacked beside it (electron-builder.yml asarUnpack), because onnxruntime reads files natively.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = here.endsWith(path.join('main', 'electron')) ? path.resolve(here, '..', '..') : path.resolve(here, '..', '..', '..', '..');
const unpacked = appRoot.replace(/([\\/])app\.asar$/, '$1app.asar.unpacked');

process.env.CORRKD_MODELS_DIR ??= path.join(unpacked, 'models');

export const APP_ROOT = appRoot;
export const RENDERER_DIR = path.join(appRoot, 'dist', 'renderer');
export const PRELOAD_FILE = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
