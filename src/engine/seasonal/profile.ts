import { MAD_TO_SIGMA, madOfSorted, medianOfSorted } from '../util/robust';
import { type Period, periodMs } from './period';

/** Bins per period: 15 minutes of a day, or one hour of a week. */
const DEFAULT_BINS: Record<Period, number> = { daily: 96, weekly: 168 };

/**
 * A seasonal profile: per phase bin, the typical offset from the period's own level (median of
 * value minus the median of its day or week) and the spread around it (MAD as sigma). Offsets
 * interpolate linearly between the centers of neighbouring bins, so few bins stay smooth. The
 * level itself is tracked separately (rolling median of deseasonalised values), so a level shift
 * moves the baseline without refitting the shape.
 */
export interface SeasonalProfile {
  period: Period;
  levels: Float64Array;
  scales: Float64Array;
}

export function binCount(period: Period, stepMs: number): number {
  return Math.max(1, Math.min(DEFAULT_BINS[period], Math.floor(periodMs(period) / stepMs)));
}

/** Builds the profile from history; bins without data borrow from the nearest bin that has some. */
export function fitProfile(
  timestamps: Float64Array,
  values: Float64Array,
  period: Period,
  stepMs: number
): SeasonalProfile {
  const bins = binCount(period, stepMs);
  const length = periodMs(period);
  const width = length / bins;
  const blockLevels = new Map<number, number[]>();
  for (let i = 0; i < timestamps.length; i++) {
    if (Number.isFinite(values[i])) {
      const block = Math.floor(timestamps[i] / length);
      const list = blockLevels.get(block) ?? [];
      list.push(values[i]);
      blockLevels.set(block, list);
    }
  }
  const levelOf = new Map<number, number>();
  for (const [block, list] of blockLevels) {
    levelOf.set(block, medianOfSorted(Float64Array.from(list).sort()));
  }
  const members: number[][] = Array.from({ length: bins }, () => []);
  for (let i = 0; i < timestamps.length; i++) {
    if (Number.isFinite(values[i])) {
      members[phaseBin(timestamps[i], period, width, bins)].push(
        values[i] - levelOf.get(Math.floor(timestamps[i] / length))!
      );
    }
  }
  const levels = new Float64Array(bins).fill(NaN);
  const scales = new Float64Array(bins).fill(NaN);
  members.forEach((list, bin) => {
    if (list.length > 0) {
      const sorted = Float64Array.from(list).sort();
      levels[bin] = medianOfSorted(sorted);
      scales[bin] = MAD_TO_SIGMA * madOfSorted(sorted, levels[bin]);
    }
  });
  fillEmptyBins(levels);
  fillEmptyBins(scales);
  // Float32 precision is plenty for a baseline and halves the persisted state; rounding here keeps
  // a restored profile identical to the fitted one.
  return {
    period,
    levels: Float64Array.from(Float32Array.from(levels)),
    scales: Float64Array.from(Float32Array.from(scales)),
  };
}

function phaseBin(timestamp: number, period: Period, width: number, bins: number): number {
  const phase = ((timestamp % periodMs(period)) + periodMs(period)) % periodMs(period);
  return Math.min(bins - 1, Math.floor(phase / width));
}

function fillEmptyBins(values: Float64Array): void {
  const bins = values.length;
  if (values.every((value) => Number.isNaN(value))) {
    values.fill(0);
    return;
  }
  const source = values.slice();
  for (let bin = 0; bin < bins; bin++) {
    if (!Number.isNaN(source[bin])) {
      continue;
    }
    for (let distance = 1; distance < bins; distance++) {
      const before = source[(bin - distance + bins) % bins];
      const after = source[(bin + distance) % bins];
      if (!Number.isNaN(before) || !Number.isNaN(after)) {
        values[bin] = Number.isNaN(before) ? after : before;
        break;
      }
    }
  }
}

/** Seasonal offset and spread at a time (linear between bin centers, wrapping around the period). */
export function profileAt(profile: SeasonalProfile, timestamp: number, out: { level: number; scale: number }): void {
  const bins = profile.levels.length;
  const length = periodMs(profile.period);
  const width = length / bins;
  const phase = ((timestamp % length) + length) % length;
  const position = phase / width - 0.5;
  const lowBin = Math.floor(position);
  const fraction = position - lowBin;
  const a = (lowBin + bins) % bins;
  const b = (lowBin + 1) % bins;
  out.level = profile.levels[a] + (profile.levels[b] - profile.levels[a]) * fraction;
  out.scale = profile.scales[a] + (profile.scales[b] - profile.scales[a]) * fraction;
}
