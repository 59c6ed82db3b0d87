/**
 * Rewrites the visual-v2 dimension table in README.md from VISUAL_V2_DIMS, so the document never
 * drifts from the code. Run: npx tsx main/core/features/visual/update-readme-dims.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedBlock, type GeneratedBlock } from '../../docs/generated-block.ts';
import { visualV2DimsMarkdown } from './visual-v2-dims.ts';

export const VISUAL_README = fileURLToPath(new URL('./README.md', import.meta.url));
export const VISUAL_V2_BLOCK: GeneratedBlock = { name: 'visual-v2 dims', script: 'update-readme-dims.ts' };

export function withVisualV2Table(doc: string): string {
  return withGeneratedBlock(doc, VISUAL_V2_BLOCK, visualV2DimsMarkdown(), VISUAL_README);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(VISUAL_README, withVisualV2Table(readFileSync(VISUAL_README, 'utf8')));
}
