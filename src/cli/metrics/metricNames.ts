/** Run-metric names other parts read back from Prometheus (the app's Detectors page, tests, benches). */
export const LAST_RUN_METRIC = 'vigil_last_run_timestamp_seconds';
export const LAST_SUCCESS_METRIC = 'vigil_last_success_timestamp_seconds';
export const LAST_RUN_SUCCEEDED_METRIC = 'vigil_last_run_succeeded';
export const SAMPLES_READ_METRIC = 'vigil_run_samples_read';
