/** The Pushgateway job that `vigil detect` pushes its run metrics under. */
export const PUSH_JOB = 'vigil';
