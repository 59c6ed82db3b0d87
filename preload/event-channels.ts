/**
 * Main -> renderer event channels, in a file of its own without zod so the preload bundle stays
 * small; contract.ts types each channel's payload (Events) and checks this list is complete.
 */
export const EVENT_CHANNELS = [
  'analyze:job',
  'batch:progress',
  'batch:state',
  'dataset:progress',
  'training:batch',
  'training:epoch',
  'training:state',
  'settings:download',
] as const;
