export { NUM_CLASSES, labelToClass, labelsToClasses, classArray, classTensor, type ClassLabels } from './labels.ts';
export { taskLoss, sentimentScore, type TaskLoss } from './task-loss.ts';
export { scdLoss, scdParts, type ScdParts } from './scd-loss.ts';
export { cpdLoss, cpdParts, type CpdParts } from './cpd-loss.ts';
export { StatsNet, createStatsNets, STATS_HIDDEN, type StatsNetWeights, type StatsNetWeightsInput, type StatsNetOptions } from './stats-net.ts';
export { rcdLoss, rcdParts, jsMi, checkDerangement, type RcdLoss, type RcdParts } from './rcd-loss.ts';
export {
  totalStudentLoss,
  resolveLossWeights,
  DEFAULT_LOSS_WEIGHTS,
  type LossWeights,
  type StudentLoss,
  type StudentLossInputs,
  type StudentLossOptions,
} from './student-loss.ts';
export { rowNormalize, safeRowNorm } from './row-norm.ts';
