import { escapeHelp, formatLabels, formatSampleValue, type Labels } from './exposition';

type MetricType = 'counter' | 'gauge' | 'histogram';

interface Family {
  name: string;
  help: string;
  type: MetricType;
  buckets?: number[];
  samples: Map<string, { labels: Labels; value: number; bucketCounts?: number[]; sum?: number; count?: number }>;
}

function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A small metrics registry rendering the Prometheus text format (no prom-client: the CLI needs only this). */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  private family(name: string, help: string, type: MetricType, buckets?: number[]): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { name, help, type, buckets, samples: new Map() };
      this.families.set(name, family);
    } else if (family.type !== type) {
      throw new Error(`metric ${name} is a ${family.type}, not a ${type}`);
    }
    return family;
  }

  declareCounter(name: string, help: string): void {
    this.family(name, help, 'counter');
  }

  declareGauge(name: string, help: string): void {
    this.family(name, help, 'gauge');
  }

  declareHistogram(name: string, help: string, buckets: number[]): void {
    this.family(
      name,
      help,
      'histogram',
      [...buckets].sort((a, b) => a - b)
    );
  }

  inc(name: string, labels: Labels, amount = 1): void {
    const family = this.require(name, 'counter');
    const key = keyOf(labels);
    const sample = family.samples.get(key);
    if (sample) {
      sample.value += amount;
    } else {
      family.samples.set(key, { labels, value: amount });
    }
  }

  set(name: string, labels: Labels, value: number): void {
    this.require(name, 'gauge').samples.set(keyOf(labels), { labels, value });
  }

  /** Removes every sample of a gauge whose labels include all of `matching` (e.g. a series that vanished). */
  clear(name: string, matching: Labels = {}): void {
    const family = this.require(name, 'gauge');
    for (const [key, sample] of family.samples) {
      if (Object.entries(matching).every(([label, value]) => sample.labels[label] === value)) {
        family.samples.delete(key);
      }
    }
  }

  /** Removes the sample of a gauge with exactly these labels. */
  delete(name: string, labels: Labels): void {
    this.require(name, 'gauge').samples.delete(keyOf(labels));
  }

  observe(name: string, labels: Labels, value: number): void {
    const family = this.require(name, 'histogram');
    const key = keyOf(labels);
    let sample = family.samples.get(key);
    if (!sample) {
      sample = { labels, value: 0, bucketCounts: family.buckets!.map(() => 0), sum: 0, count: 0 };
      family.samples.set(key, sample);
    }
    family.buckets!.forEach((bound, index) => {
      if (value <= bound) {
        sample.bucketCounts![index]++;
      }
    });
    sample.sum! += value;
    sample.count! += 1;
  }

  private require(name: string, type: MetricType): Family {
    const family = this.families.get(name);
    if (!family || family.type !== type) {
      throw new Error(`metric ${name} is not declared as a ${type}`);
    }
    return family;
  }

  /** The text exposition of every declared family; a family without samples still gets HELP and TYPE. */
  render(): string {
    const lines: string[] = [];
    for (const family of this.families.values()) {
      lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
      for (const sample of family.samples.values()) {
        if (family.type !== 'histogram') {
          lines.push(`${family.name}${formatLabels(sample.labels)} ${formatSampleValue(sample.value)}`);
          continue;
        }
        family.buckets!.forEach((bound, index) => {
          const labels = { ...sample.labels, le: formatSampleValue(bound) };
          lines.push(`${family.name}_bucket${formatLabels(labels)} ${sample.bucketCounts![index]}`);
        });
        lines.push(`${family.name}_bucket${formatLabels({ ...sample.labels, le: '+Inf' })} ${sample.count}`);
        lines.push(`${family.name}_sum${formatLabels(sample.labels)} ${formatSampleValue(sample.sum!)}`);
        lines.push(`${family.name}_count${formatLabels(sample.labels)} ${sample.count}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
