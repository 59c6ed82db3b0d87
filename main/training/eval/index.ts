/** Evaluation protocols (DESIGN 6) over an exported pack (onnxruntime-node) or a tfjs network. */
export { PROTOCOLS, isProtocol, parseProtocol, type Protocol } from './protocols.ts';
export { METRIC_KEYS, toMetricsJson, averageMetrics, type MetricKey, type MetricsJson } from './metrics-json.ts';
export type { BatchScorer, EvalOptions, EvalReport, RateResult } from './types.ts';
export { runProtocol, scoreSplit, conditionMasks, rateMasks, DEFAULT_EVAL_SEED, DEFAULT_EVAL_BATCH, type BatchMasks } from './run-protocol.ts';
export { onnxScorer, ioFromSession, type OnnxIo } from './onnx-scorer.ts';
export { tfjsScorer } from './tfjs-scorer.ts';
export { evaluatePack, type PackSource, type PackEvalOptions, type PackEvalReport } from './evaluate-pack.ts';
export { evaluateRun } from './evaluate-run.ts';
export { loadEvalData, parseEvalSplit, concatSplits, EVAL_SPLITS, type EvalSplit, type EvalSource, type EvalData, type PackContract } from './eval-data.ts';
export { readPackForEval, readManifest, packInfoFromManifest, verifyPackFiles } from './pack-for-eval.ts';
export { writeRunDataSource, readRunDataSource, loadRunData, RUN_DATA_FILE } from './run-data-source.ts';
export { evalJson, type EvalContext } from './eval-json.ts';
export { formatEvalTable, formatMetric } from './eval-table.ts';
