/**
 * Rewrites the visual-v2 and visual-v3 dimension tables in README.md from their dims tables, so the document never
 * drifts from the code. Run: npx tsx main/core/features/visual/update-readme-dims.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedBlock, type GeneratedBlock } from '../../docs/generated-block.ts';
import { visualV2DimsMarkdown } from './visual-v2-dims.ts';
import { visualV3DimsMarkdown } from './visual-v3-dims.ts';

export const VISUAL_README = fileURLToPath(new URL('./README.md', import.meta.url));
export const VISUAL_V2_BLOCK: GeneratedBlock = { name: 'visual-v2 dims', script: 'update-readme-dims.ts' };

export const VISUAL_V3_BLOCK: GeneratedBlock = { name: 'visual-v3 dims', script: 'update-readme-dims.ts' };

export function withVisualTables(doc: string): string {
  return withGeneratedBlock(withGeneratedBlock(doc, VISUAL_V2_BLOCK, visualV2DimsMarkdown(), VISUAL_README), VISUAL_V3_BLOCK, visualV3DimsMarkdown(), VISUAL_README);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(VISUAL_README, withVisualTables(readFileSync(VISUAL_README, 'utf8')));
}
