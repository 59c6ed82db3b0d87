/**
 * Writes the transcript CSVs of the text experiments (never into the repo): OUT/mosi.csv,
 * OUT/mosei.csv and OUT/both.csv (ids prefixed with the corpus), mode = train / valid / test where
 * test is the held-out 15 % of train videos (corpora.ts); OUT/meld.csv: MELD's positive (+1) and
 * negative (-1) utterances, all mode = test (scored by sign only). Usage: tsx bench/probes/text/write-csvs.ts OUT
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readCorpus, readMeld, TEXT_CORPORA, type CorpusRow } from './corpora.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: write-csvs.ts OUTDIR');
mkdirSync(out, { recursive: true });

const write = (name: string, rows: CorpusRow[], prefix: boolean): void => {
  const records = rows.map((r) => [prefix ? `${r.corpus}:${r.id}` : r.id, r.text, r.label, r.split]);
  writeFileSync(path.join(out, name), stringify([['id', 'text', 'label', 'mode'], ...records]));
  const count = (s: string): number => rows.filter((r) => r.split === s).length;
  process.stdout.write(`${name}: train ${count('train')}, valid ${count('valid')}, test ${count('test')}\n`);
};

const all: CorpusRow[] = [];
for (const c of TEXT_CORPORA) {
  const rows = readCorpus(c);
  write(`${c}.csv`, rows, false);
  all.push(...rows);
}
write('both.csv', all, true);

const meld = readMeld().filter((r) => r.label !== 0);
writeFileSync(path.join(out, 'meld.csv'), stringify([['id', 'text', 'label', 'mode'], ...meld.map((r) => [r.id, r.text, r.label, 'test'])]));
process.stdout.write(`meld.csv: test ${meld.length}\n`);
