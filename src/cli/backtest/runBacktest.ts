import { scoreCausally, type DetectionResult, type DetectorSpec } from '../../engine';
import {
  DetectionSummary,
  DetectionTotals,
  NAB_PROFILES,
  NabProfileName,
  summarizeDetection,
  totalDetections,
  nabScoreCorpus,
} from '../../engine/evaluation';
import { type CorpusFile, fileSpec } from './nabCorpus';

export interface FileBacktest {
  name: string;
  rows: number;
  windows: number;
  summary: DetectionSummary;
  /** Raw NAB score of the file per profile, at the corpus-wide optimal threshold of that profile. */
  nab: Record<NabProfileName, { score: number; truePositives: number; falsePositives: number; falseNegatives: number }>;
  seconds: number;
}

export interface ProfileResult {
  profile: NabProfileName;
  normalized: number | null;
  threshold: number;
  score: number;
  nullScore: number;
  perfectScore: number;
}

export interface BacktestReport {
  detector: { kind: DetectorSpec['model']['kind']; sensitivity: number; threshold: number };
  files: FileBacktest[];
  totals: DetectionTotals;
  nab: ProfileResult[];
  seconds: number;
}

/** Scores each corpus file causally, then evaluates: NAB per profile (one global threshold), events, alert load. */
export function runBacktest(
  spec: DetectorSpec,
  corpus: CorpusFile[],
  onFile?: (done: number, total: number, name: string) => void,
  keepResults?: (file: CorpusFile, result: DetectionResult) => void
): BacktestReport {
  const started = performance.now();
  let threshold = NaN;
  const scored = corpus.map((file, index) => {
    onFile?.(index, corpus.length, file.name);
    const fileStarted = performance.now();
    const result = scoreCausally(fileSpec(spec, file), file.series.timestamps, file.series.values);
    threshold = result.threshold;
    keepResults?.(file, result);
    onFile?.(index + 1, corpus.length, file.name);
    return {
      file,
      scores: result.scores,
      summary: summarizeDetection(file.series.timestamps, result.anomalies, file.windows),
      seconds: (performance.now() - fileStarted) / 1000,
    };
  });
  const nabInput = scored.map(({ file, scores }) => ({ name: file.name, scores, windows: file.windows }));
  const profiles = NAB_PROFILES.map((profile) => nabScoreCorpus(nabInput, profile));
  const files: FileBacktest[] = scored.map(({ file, summary, seconds }, index) => {
    const nab = Object.fromEntries(
      profiles.map((result) => {
        const f = result.files[index];
        return [
          result.profile.name,
          {
            score: f.score,
            truePositives: f.truePositives,
            falsePositives: f.falsePositives,
            falseNegatives: f.falseNegatives,
          },
        ];
      })
    ) as FileBacktest['nab'];
    return { name: file.name, rows: file.series.values.length, windows: file.windows.length, summary, nab, seconds };
  });
  return {
    detector: { kind: spec.model.kind, sensitivity: spec.sensitivity, threshold },
    files,
    totals: totalDetections(scored.map((s) => s.summary)),
    nab: profiles.map((result) => ({
      profile: result.profile.name,
      normalized: result.normalized,
      threshold: result.threshold,
      score: result.score,
      nullScore: result.nullScore,
      perfectScore: result.perfectScore,
    })),
    seconds: (performance.now() - started) / 1000,
  };
}
