/** Datasets for training (DESIGN 6, issue 3 item 5): every reader returns a FeatureDataset (core/dataset/feature-dataset.ts). */
export { mergeDatasets, type MergeSource } from './merge-datasets.ts';
export { loadTrainingSources, type TrainingSource } from './load-training-sources.ts';
export { loadFeatureDataset, standardizeDataset, type LoadOptions } from './load-feature-dataset.ts';
export { loadTranscriptCsv, type TranscriptCsvOptions } from './load-transcript-csv.ts';
export { loadResearchPickle, type PickleOptions } from './pickle/research-pickle.ts';
export { loadTrainingData, type TrainingDataOptions } from './load-training-data.ts';
export { MemorySink } from './memory-sink.ts';
