/**
 * The project-wide FER2013 split (common brief): group = sha256 of the file bytes; first byte < 26
 * -> held-out test, 26..51 -> valid, else train. As hashSplit fractions: 26/256 each.
 */
import type { HashFractions } from '../../main/core/dataset/holdout.ts';

export const FER_HOLDOUT: HashFractions = { test: 26 / 256, valid: 26 / 256 };
