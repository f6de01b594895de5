/** Run-metric names other parts read back from Prometheus (the app's Detectors page). */
export const LAST_RUN_METRIC = 'vigil_last_run_timestamp_seconds';
