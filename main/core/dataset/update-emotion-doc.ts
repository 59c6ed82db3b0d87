/**
 * Rewrites the table in EMOTION-SENTIMENT.md from EMOTION_SENTIMENT, so the document never drifts
 * from the code. Run: npx tsx main/core/dataset/update-emotion-doc.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedBlock, type GeneratedBlock } from '../docs/generated-block.ts';
import { emotionTableMarkdown } from './emotion-sentiment.ts';

export const EMOTION_DOC = fileURLToPath(new URL('./EMOTION-SENTIMENT.md', import.meta.url));
export const EMOTION_BLOCK: GeneratedBlock = { name: 'emotion table', script: 'update-emotion-doc.ts' };

export function withEmotionTable(doc: string): string {
  return withGeneratedBlock(doc, EMOTION_BLOCK, emotionTableMarkdown(), EMOTION_DOC);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(EMOTION_DOC, withEmotionTable(readFileSync(EMOTION_DOC, 'utf8')));
}
