import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Shard } from '../shard';

/**
 * Layout of the state directory (config `model_path`). Each shard of an Indexed Job owns its own files,
 * so pods sharing one volume never write the same file.
 */
export class StateDirectory {
  constructor(
    readonly root: string,
    private readonly shard: Shard
  ) {}

  private suffix(): string {
    return this.shard.count > 1 ? `.shard-${this.shard.index}-of-${this.shard.count}` : '';
  }

  /** One file per detector and shard: a JSON Lines header, then one line per series. */
  detectorFile(detectorId: string): string {
    return join(this.root, 'detectors', `${detectorId}${this.suffix()}.jsonl`);
  }

  /** The detectors with a state file of this layout. */
  detectorIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(join(this.root, 'detectors'));
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const match = /^([a-z0-9_-]+)(\.shard-\d+-of-\d+)?\.jsonl$/.exec(name);
      return match && (match[2] ?? '') === this.suffix() ? [match[1]] : [];
    });
  }

  /** Where versions before JSON Lines kept the detector's state (removed once the new file is written). */
  legacyDetectorFile(detectorId: string): string {
    return join(this.root, 'detectors', `${detectorId}${this.suffix()}.json`);
  }

  alertsFile(): string {
    return join(this.root, `alerts${this.suffix()}.json`);
  }

  outboxFile(): string {
    return join(this.root, `outbox${this.suffix()}.json`);
  }

  /** Held by the run that owns this shard's files (see StateLock). */
  lockFile(): string {
    return join(this.root, `vigil${this.suffix()}.lock`);
  }

  /**
   * Outboxes or alert states written under another shard count (the Job's parallelism changed, or a run by hand
   * without the CronJob's --shard-count): no pod of the current layout owns them, so their contents are adopted.
   */
  otherLayoutFiles(kind: 'outbox' | 'alerts'): Array<{ file: string; lock: string }> {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const match = new RegExp(`^${kind}(\\.shard-\\d+-of-(\\d+))?\\.json$`).exec(name);
      if (!match || (match[2] === undefined ? 1 : Number(match[2])) === this.shard.count) {
        return [];
      }
      return [{ file: join(this.root, name), lock: join(this.root, `vigil${match[1] ?? ''}.lock`) }];
    });
  }
}
