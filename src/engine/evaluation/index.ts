export * from './windows';
export * from './pointMetrics';
export * from './eventMetrics';
export * from './nabScore';
export * from './detectionSummary';
export * from './medianOrNull';
export * from './episodes';
export * from './crossValidation';
