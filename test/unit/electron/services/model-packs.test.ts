import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { DEFAULT_PACK_DIR } from '../../../../main/core/inference/pack.ts';
import { MODELS_DIR } from '../../../../main/core/paths.ts';
import { evaluationFile, listModels, packRoots, storedEvaluations } from '../../../../main/electron/services/model-packs.ts';
import type { ModelPack, ModelsReply } from '../../../../preload/contract.ts';

/**
 * A copy of the bundled pack under another id that this app can use whatever its audio and visual
 * extractors are at the moment: trained on text only (an untrained modality is not checked against
 * the app), with the text extractor the app computes.
 */
function userPack(dir: string, id: string, version: string): string {
  cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as {
    id: string;
    version: string;
    trainedModalities: string[];
    extractors: Record<string, unknown>;
    inputs: { text: string };
    io: { inputs: { name: string; shape: (number | string)[] }[] };
    T: number;
  };
  m.id = id;
  m.version = version;
  m.trainedModalities = ['text'];
  m.extractors.text = { ...EXTRACTORS.text };
  m.io.inputs.find((i) => i.name === m.inputs.text)!.shape = ['batch', m.T, EXTRACTORS.text.dim];
  writeFileSync(file, JSON.stringify(m, null, 2));
  return dir;
}

describe('the Models view lists bundled and user packs', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'corrkd-modelpacks-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const userPacks = path.join(tmp, 'packs');
  const evalDir = path.join(tmp, 'evaluations');
  const mine = path.join(userPacks, 'mine');
  const tampered = path.join(userPacks, 'tampered');
  const garbled = path.join(userPacks, 'garbled');
  const incomplete = path.join(userPacks, 'incomplete');
  const elsewhere = path.join(tmp, 'elsewhere', 'exported');
  const gone = path.join(tmp, 'deleted-pack');

  beforeAll(() => {
    userPack(mine, 'mine', '0.2.0');
    userPack(tampered, 'tampered', '1');
    const onnx = path.join(tampered, 'student.onnx');
    const bytes = readFileSync(onnx);
    bytes[100] = (bytes[100]! + 1) % 256;
    writeFileSync(onnx, bytes);
    mkdirSync(garbled);
    writeFileSync(path.join(garbled, 'manifest.json'), '{ "id": "garbled", ');
    userPack(incomplete, 'incomplete', '1');
    rmSync(path.join(incomplete, 'student.onnx'));
    mkdirSync(path.join(userPacks, 'notes')); // no manifest: not a pack
    writeFileSync(path.join(userPacks, 'README.txt'), 'my packs');
    userPack(elsewhere, 'exported', '3');
  });

  const byDir = (r: ModelsReply, dir: string): ModelPack => {
    const p = r.packs.find((x) => x.dir === dir);
    if (!p) throw new Error(`${dir} not listed; listed: ${r.packs.map((x) => x.dir).join(', ')}`);
    return p;
  };

  it('the bundled folder and the user folder are the roots', () => {
    expect(packRoots(userPacks)).toEqual([
      { dir: MODELS_DIR, bundled: true },
      { dir: userPacks, bundled: false },
    ]);
  });

  it('lists the bundled pack, every user pack and the known ones, each with its problem instead of failing the list', async () => {
    const r = await listModels({ userPacksDir: userPacks, activePack: mine, knownPacks: [elsewhere, gone, mine], evalDir });
    expect(r.activeDir).toBe(mine);
    expect(r.packs.map((p) => p.dir)).toEqual([DEFAULT_PACK_DIR, garbled, incomplete, mine, tampered, elsewhere, gone]);

    const bundled = byDir(r, DEFAULT_PACK_DIR);
    expect(bundled).toMatchObject({ id: 'corrkd-default', bundled: true, active: false, licence: { id: 'CC-BY-NC-SA-4.0', commercialUse: false } });
    expect(bundled.manifest).toMatchObject({ id: 'corrkd-default' });

    expect(byDir(r, mine)).toMatchObject({ id: 'mine', version: '0.2.0', bundled: false, active: true, problem: null, trainedModalities: ['text'] });
    expect(byDir(r, elsewhere)).toMatchObject({ id: 'exported', bundled: false, active: false, problem: null });

    const t = byDir(r, tampered);
    expect(t).toMatchObject({ id: 'tampered', bundled: false, active: false });
    expect(t.problem).toMatch(/student\.onnx does not match its checksum in the manifest/);

    const g = byDir(r, garbled);
    expect(g).toMatchObject({ id: null, version: null, manifest: null, evaluation: null, licence: null, trainedModalities: [] });
    expect(g.problem).toMatch(/garbled[\\/]manifest\.json is not valid JSON/);

    expect(byDir(r, incomplete).problem).toMatch(/is incomplete: student\.onnx is listed in the manifest but missing/);
    expect(byDir(r, gone)).toMatchObject({ id: null, manifest: null, problem: `No model pack at ${gone}: manifest.json is missing.` });

    if (r.textVectors.ready) expect(r.textVectors.detail).toMatch(/^text-v1: \d+ words x \d+$/);
    else expect(r.textVectors.detail).toMatch(/^text-v1 missing: /);
  });

  it('the bundled default is the active pack when none is chosen', async () => {
    const r = await listModels({ userPacksDir: path.join(tmp, 'no-user-packs-yet'), activePack: null, knownPacks: [], evalDir });
    expect(r.activeDir).toBe(DEFAULT_PACK_DIR);
    expect(r.packs.map((p) => [p.dir, p.bundled, p.active])).toEqual([[DEFAULT_PACK_DIR, true, true]]);
  });

  it("shows the manifest's metrics table, with the window's own stored evaluations over it", async () => {
    const manifest = JSON.parse(readFileSync(path.join(mine, 'manifest.json'), 'utf8')) as { metrics: { table: Record<string, Record<string, number>> } };
    const table = manifest.metrics.table;
    const before = byDir(await listModels({ userPacksDir: userPacks, activePack: null, knownPacks: [], evalDir }), mine);
    expect(before.evaluation).toEqual({
      conditions: Object.fromEntries(['l', 'a', 'v', 'la', 'lv', 'av', 'lav'].map((c) => [c, table[c]])),
      avg: table.avg,
      metrics: table.lav,
    });

    mkdirSync(evalDir, { recursive: true });
    writeFileSync(evaluationFile(evalDir, 'mine', '0.2.0', 'fixed'), JSON.stringify({ n: 40, conditions: { l: { acc2: 0.9 } }, avg: { acc2: 0.8 } }));
    writeFileSync(evaluationFile(evalDir, 'mine', '0.2.0', 'random'), JSON.stringify({ n: 40, rates: [{ p: 0.3, metrics: { acc2: 0.7 } }] }));
    const after = byDir(await listModels({ userPacksDir: userPacks, activePack: null, knownPacks: [], evalDir }), mine);
    expect(after.evaluation).toEqual({ conditions: { l: { acc2: 0.9 } }, avg: { acc2: 0.8 }, metrics: table.lav, rates: [{ p: 0.3, metrics: { acc2: 0.7 } }] });
  });

  it('ignores a stored evaluation that is not valid (a half-written file), keeping the rest of the list', async () => {
    const dir = path.join(tmp, 'evaluations-damaged');
    mkdirSync(dir);
    writeFileSync(evaluationFile(dir, 'mine', '0.2.0', 'fixed'), '{"conditions": {"l": {"acc2": 0.'); // cut while written
    writeFileSync(evaluationFile(dir, 'mine', '0.2.0', 'random'), JSON.stringify({ rates: 'not a list' }));
    expect(storedEvaluations(dir, 'mine', '0.2.0')).toEqual({});
    const r = await listModels({ userPacksDir: userPacks, activePack: null, knownPacks: [], evalDir: dir });
    const none = await listModels({ userPacksDir: userPacks, activePack: null, knownPacks: [], evalDir: path.join(tmp, 'no-evaluations') });
    expect(byDir(r, mine).evaluation).toEqual(byDir(none, mine).evaluation); // the manifest's table only
    expect(r.packs.map((p) => p.dir)).toEqual([DEFAULT_PACK_DIR, garbled, incomplete, mine, tampered]);
  });

  it('names evaluation files safely whatever the pack id and version hold', () => {
    expect(path.basename(evaluationFile(evalDir, 'mine', '1.0/../../x', 'fixed'))).toBe('mine-1.0_.._.._x-fixed.json');
    expect(path.dirname(evaluationFile(evalDir, 'a b', 'v:1', 'random'))).toBe(evalDir);
  });
});
