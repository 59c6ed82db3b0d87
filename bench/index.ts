/**
 * `npm run bench [-- NAME...]`: speed and memory figures (never asserted in tests: this machine is
 * shared and noisy). Each entry prints its own table; ratios are "seconds of media per wall second"
 * (x real time) unless stated.
 */
import { BENCHES } from './registry.ts';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length) {
  process.stderr.write(`Unknown bench ${unknown.join(', ')}; valid: ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
for (const b of BENCHES) {
  if (wanted.length && !wanted.includes(b.name)) continue;
  process.stdout.write(`\n## ${b.name}: ${b.description}\n`);
  const t = performance.now();
  await b.run();
  process.stdout.write(`(${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(`\npeak RSS of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
process.exit(0);
