import { spawn } from 'node:child_process';
import { labelEnvName, renderTemplate, type WebhookAlert } from '../../alerting/remediation';

/** Output kept per stream; the rest is counted, not stored. */
const OUTPUT_LIMIT = 16_384;
/** After the timeout's SIGTERM, this long before SIGKILL. */
export const KILL_GRACE_MS = 2_000;
/** The only variables of vigil's own environment a command sees (its token and other secrets stay here). */
const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'TZ'];

export interface CommandResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  detail: string;
}

/** The environment of an activity's command: the alert's labels as VIGIL_LABEL_<NAME>, plus a few facts. */
export function commandEnvironment(
  alert: WebhookAlert,
  activity: string,
  env: Record<string, string | undefined> = process.env
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    if (env[name] !== undefined) {
      result[name] = env[name]!;
    }
  }
  for (const [name, value] of Object.entries(alert.labels)) {
    result[labelEnvName(name)] = value;
  }
  result.VIGIL_ACTIVITY = activity;
  result.VIGIL_ALERT_FINGERPRINT = alert.fingerprint;
  result.VIGIL_ALERT_STATUS = alert.status;
  result.VIGIL_ALERT_STARTS_AT = alert.startsAt;
  return result;
}

/**
 * Runs the activity's program with its arguments (placeholders filled, each one argument) and no shell:
 * label values are data, never code. On timeout: SIGTERM, then SIGKILL.
 */
export function runCommand(
  argvTemplate: string[],
  alert: WebhookAlert,
  activity: string,
  timeoutMs: number
): Promise<CommandResult> {
  const [program, ...args] = argvTemplate.map((part) => renderTemplate(part, alert.labels));
  return new Promise((resolve) => {
    const output = { stdout: '', stderr: '' };
    let timedOut = false;
    const child = spawn(program, args, {
      env: commandEnvironment(alert, activity),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (output[stream].length < OUTPUT_LIMIT) {
        output[stream] += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output[stream].length);
      }
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
      clearTimeout(timer);
      clearTimeout(killer);
      const ok = !spawnError && !timedOut && exitCode === 0;
      const detail = spawnError
        ? `cannot run ${program}: ${spawnError.message}`
        : timedOut
          ? `${program} timed out after ${timeoutMs} ms and was killed`
          : exitCode === 0
            ? `${program} exited 0`
            : `${program} ${signal ? `was killed by ${signal}` : `exited ${exitCode}`}`;
      resolve({ ok, exitCode, signal, timedOut, ...output, detail });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
