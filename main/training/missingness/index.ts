export {
  FIXED_CONDITIONS,
  INCOMPLETE_CONDITIONS,
  RANDOM_RATES,
  MODALITY_ORDER,
  isCondition,
  keptModalities,
  type Condition,
  type ModalityKey,
} from './conditions.ts';
export { allKeptMasks, modalityStepMask, type ModalityMasks } from './masks.ts';
export { sampleMrmMasks, MRM_SUBSETS, MRM_SUBSET_PROB, MRM_STEP_PROB, type MrmMasks } from './mrm.ts';
export { fixedConditionMasks, randomStepMasks } from './protocol-masks.ts';
export { applyMasks, applyMasksInPlace, type ModalityTensors, type ModalityArrays } from './apply-masks.ts';
