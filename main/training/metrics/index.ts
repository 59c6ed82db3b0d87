export { regressionMetrics, pearson, type RegressionMetrics } from './regression-metrics.ts';
export { categoricalMetrics, IEMOCAP_EMOTIONS, type ClassMetrics } from './categorical-metrics.ts';
export { weightedF1, accuracy } from './weighted-f1.ts';
export { roundHalfEven } from './round-half-even.ts';
