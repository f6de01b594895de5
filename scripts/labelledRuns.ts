/**
 * The windows of a corpus converted to NAB's layout from row labels: each run of consecutive labelled rows is one
 * window, from its first to its last time (the converted corpora label stretches, not points, so NAB's rule of 10% of
 * the file around a point label is not applied).
 */
export function labelledRuns(times: readonly string[], labelled: readonly boolean[]): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  times.forEach((time, i) => {
    if (labelled[i] && !(i > 0 && labelled[i - 1])) {
      runs.push([time, time]);
    } else if (labelled[i]) {
      runs[runs.length - 1][1] = time;
    }
  });
  return runs;
}
