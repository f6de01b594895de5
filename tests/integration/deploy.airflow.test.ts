import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCli } from './deployCliBuild';

const ROOT = resolve(__dirname, '../..');
const DAG_FILE = join(ROOT, 'deploy/airflow/dag_anomaly_detection.py');

/**
 * Airflow cannot be installed here, so the DAG is imported against a minimal stand-in of the Airflow 2 API
 * it uses (DAG, PythonOperator, BaseHook, the exceptions): enough to read what it declares and to run its
 * task callable and failure callback for real.
 */
const AIRFLOW_STUB: Record<string, string> = {
  'airflow/__init__.py': `
import pkgutil
__path__ = pkgutil.extend_path(__path__, __name__)

class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
`,
  'airflow/exceptions.py': `
class AirflowException(Exception):
    pass
class AirflowFailException(AirflowException):
    pass
`,
  'airflow/operators/__init__.py': '',
  'airflow/operators/python.py': `
class PythonOperator:
    def __init__(self, task_id, dag, python_callable, **kwargs):
        self.task_id = task_id
        self.python_callable = python_callable
        dag.tasks.append(self)
`,
  'airflow/hooks/__init__.py': '',
  'airflow/hooks/base.py': `
import json, os
class Connection:
    def __init__(self, host=None, password=None):
        self.host = host
        self.password = password
class BaseHook:
    @staticmethod
    def get_connection(conn_id):
        known = json.loads(os.environ.get("STUB_AIRFLOW_CONNECTIONS", "{}"))
        if conn_id not in known:
            raise KeyError(f"The conn_id {conn_id} isn't defined")
        return Connection(**known[conn_id])
`,
};

/** The cncf.kubernetes provider and the kubernetes client models, on the path only where a test adds them. */
const KUBERNETES_PROVIDER_STUB: Record<string, string> = {
  'airflow/providers/cncf/kubernetes/operators/pod.py': `
class KubernetesPodOperator:
    def __init__(self, task_id, dag, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        dag.tasks.append(self)
`,
  'kubernetes/__init__.py': '',
  'kubernetes/client/__init__.py': '',
  'kubernetes/client/models.py': `
def __getattr__(name):
    def init(self, **kwargs):
        self.model = name
        self.fields = kwargs
    return type(name, (), {"__init__": init})
`,
};

const DRIVER = `
import importlib.util, json, sys
from airflow.exceptions import AirflowException, AirflowFailException
spec = importlib.util.spec_from_file_location("dag_anomaly_detection", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
dag = module.dag
mode = sys.argv[2]
if mode == "describe":
    args = dag.kwargs["default_args"]
    print(json.dumps({
        "dag_id": dag.dag_id,
        "schedule": dag.kwargs["schedule"],
        "catchup": dag.kwargs["catchup"],
        "max_active_runs": dag.kwargs["max_active_runs"],
        "retries": args["retries"],
        "retry_delay_s": args["retry_delay"].total_seconds(),
        "email": args["email"],
        "email_on_failure": args["email_on_failure"],
        "callback": args["on_failure_callback"].__name__,
        "tasks": [[type(task).__name__, task.task_id] for task in dag.tasks],
        "task_kwargs": getattr(dag.tasks[0], "kwargs", {}),
    }, default=lambda model: {"model": model.model, **model.fields}))
elif mode == "run":
    try:
        dag.tasks[0].python_callable()
        print(json.dumps({"outcome": "success"}))
    except AirflowFailException as error:
        print(json.dumps({"outcome": "fail-without-retry", "message": str(error)}))
    except AirflowException as error:
        print(json.dumps({"outcome": "retry", "message": str(error)}))
elif mode == "notify":
    class TaskInstance:
        task_id = "vigil_detect"
        log_url = "http://airflow.example/log?task=vigil_detect"
    module.notify_failure({"task_instance": TaskInstance(), "exception": "vigil detect failed with exit 1", "ts": "2026-01-01T00:05:00+00:00"})
    print(json.dumps({"outcome": "notified"}))
`;

let scratch: string;

/** Runs the driver asynchronously: the loopback "Slack" server in this process must keep answering. */
function python(
  mode: string,
  env: Record<string, string>,
  extraPath: string[] = []
): Promise<{ status: number | null; result: any; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('python3', [join(scratch, 'driver.py'), DAG_FILE, mode], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        PYTHONPATH: [join(scratch, 'stub'), ...extraPath].join(':'),
        PYTHONPYCACHEPREFIX: join(scratch, 'pycache'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => {
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      done({ status, result: lastLine ? JSON.parse(lastLine) : undefined, stderr });
    });
  });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-airflow-'));
  for (const [path, text] of Object.entries(AIRFLOW_STUB)) {
    mkdirSync(join(scratch, 'stub', path, '..'), { recursive: true });
    writeFileSync(join(scratch, 'stub', path), text.trimStart());
  }
  for (const [path, text] of Object.entries(KUBERNETES_PROVIDER_STUB)) {
    mkdirSync(join(scratch, 'stub-kubernetes', path, '..'), { recursive: true });
    writeFileSync(join(scratch, 'stub-kubernetes', path), text.trimStart());
  }
  writeFileSync(join(scratch, 'driver.py'), DRIVER.trimStart());
}, 60_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('deploy/airflow/dag_anomaly_detection.py', () => {
  it('compiles as Python 3', () => {
    const compiled = spawnSync('python3', ['-m', 'py_compile', DAG_FILE], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPYCACHEPREFIX: join(scratch, 'pycache') },
    });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  it('declares one run at a time, no catchup, retries with delay and failure alerting', async () => {
    const { status, result, stderr } = await python('describe', {});
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(result).toEqual({
      dag_id: 'vigil_anomaly_detection',
      schedule: '*/5 * * * *',
      catchup: false,
      max_active_runs: 1,
      retries: 2,
      retry_delay_s: 60,
      email: [],
      email_on_failure: false,
      callback: 'notify_failure',
      tasks: [['PythonOperator', 'vigil_detect']],
      task_kwargs: {},
    });
  });

  it('takes its schedule from ANOMALY_CRON and mails failures to ALERT_EMAIL', async () => {
    const { result } = await python('describe', {
      ANOMALY_CRON: '0 * * * *',
      ALERT_EMAIL: 'oncall@example.com, sre@example.com',
    });
    expect(result.schedule).toBe('0 * * * *');
    expect(result.email).toEqual(['oncall@example.com', 'sre@example.com']);
    expect(result.email_on_failure).toBe(true);
  });

  it('falls back to running vigil locally when the Kubernetes provider is missing', async () => {
    const { result, stderr } = await python('describe', { VIGIL_RUNNER: 'kubernetes' });
    expect(result.tasks).toEqual([['PythonOperator', 'vigil_detect']]);
    expect(stderr).toContain('cncf.kubernetes provider is missing');
  });

  it('runs the vigil image with KubernetesPodOperator when asked: config, persistent state, secrets, locked down', async () => {
    const { result, stderr } = await python(
      'describe',
      {
        VIGIL_RUNNER: 'kubernetes',
        VIGIL_IMAGE: 'registry.example.com/platform/vigil:1.0.0',
        VIGIL_NAMESPACE: 'vigil-prod',
        VIGIL_PROFILE: 'prod',
      },
      [join(scratch, 'stub-kubernetes')]
    );
    expect(stderr).toBe('');
    expect(result.tasks).toEqual([['KubernetesPodOperator', 'vigil_detect']]);
    const pod = result.task_kwargs;
    expect(pod).toMatchObject({
      image: 'registry.example.com/platform/vigil:1.0.0',
      namespace: 'vigil-prod',
      arguments: ['detect', '--config', '/etc/vigil/config.yaml', '--profile', 'prod'],
    });
    const volumes = Object.fromEntries(pod.volumes.map((volume: any) => [volume.name, volume]));
    expect(volumes.config.config_map.name).toBe('vigil-config');
    expect(volumes.state.persistent_volume_claim.claim_name).toBe('vigil-state');
    const mounts = Object.fromEntries(pod.volume_mounts.map((mount: any) => [mount.name, mount.mount_path]));
    expect(mounts).toEqual({ config: '/etc/vigil', state: '/var/lib/vigil', tmp: '/tmp' });
    expect(pod.env_from[0].secret_ref).toMatchObject({ name: 'vigil-secrets', optional: true });
    expect(pod.container_security_context).toMatchObject({
      run_as_user: 10001,
      read_only_root_filesystem: true,
      allow_privilege_escalation: false,
    });
    expect(pod.container_security_context.capabilities.drop).toEqual(['ALL']);
  });

  it('runs vigil detect with CONFIG_PATH and the profile, and maps exit codes to retry or fail', async () => {
    const argsFile = join(scratch, 'args.txt');
    const fakeVigil = (code: number) => `sh -c 'printf "%s\\n" "$@" > ${argsFile}; exit ${code}' vigil`;
    const env = { CONFIG_PATH: '/etc/vigil/config.yaml', VIGIL_PROFILE: 'prod' };

    expect((await python('run', { ...env, VIGIL_BIN: fakeVigil(0) })).result).toEqual({ outcome: 'success' });
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([
      'detect',
      '--config',
      '/etc/vigil/config.yaml',
      '--profile',
      'prod',
    ]);

    const partial = (await python('run', { ...env, VIGIL_BIN: fakeVigil(1) })).result;
    expect(partial.outcome).toBe('retry');
    expect(partial.message).toContain('exit 1');

    const badConfig = (await python('run', { ...env, VIGIL_BIN: fakeVigil(2) })).result;
    expect(badConfig.outcome).toBe('fail-without-retry');
    expect(badConfig.message).toContain('/etc/vigil/config.yaml');

    const missing = (await python('run', { ...env, VIGIL_BIN: join(scratch, 'no-such-vigil') })).result;
    expect(missing.outcome).toBe('fail-without-retry');
    expect(missing.message).toContain('vigil executable not found');
  });

  it('fails without retry when the real vigil refuses its config', async () => {
    const cli = buildCli(join(scratch, 'cli'));
    const missingConfig = join(scratch, 'no-such-config.yaml');
    const outcome = (await python('run', { VIGIL_BIN: `node ${cli}`, CONFIG_PATH: missingConfig })).result;
    expect(outcome.outcome).toBe('fail-without-retry');
    expect(outcome.message).toContain(missingConfig);
  }, 60_000);

  describe('failure callback', () => {
    let server: Server;
    let received: Array<{ path: string; contentType: string | undefined; body: string }>;

    beforeEach(async () => {
      received = [];
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
          response.end('ok');
        });
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    });

    afterEach(async () => {
      await new Promise<void>((done) => server.close(() => done()));
    });

    const webhook = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

    it('posts the failed task to the Slack webhook in ALERT_WEBHOOK', async () => {
      const { result, stderr } = await python('notify', { ALERT_WEBHOOK: webhook('/services/T/B/X') });
      expect(stderr).toBe('');
      expect(result).toEqual({ outcome: 'notified' });
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/services/T/B/X');
      expect(received[0].contentType).toBe('application/json');
      const text = JSON.parse(received[0].body).text;
      expect(text).toContain('vigil_anomaly_detection');
      expect(text).toContain('vigil_detect');
      expect(text).toContain('exit 1');
      expect(text).toContain('http://airflow.example/log?task=vigil_detect');
    });

    it('uses the Airflow connection when no environment variable is set', async () => {
      await python('notify', {
        STUB_AIRFLOW_CONNECTIONS: JSON.stringify({ vigil_slack: { password: webhook('/from-connection') } }),
      });
      expect(received.map((request) => request.path)).toEqual(['/from-connection']);
    });

    it('never raises when Slack is unreachable or not configured', async () => {
      const unreachable = await python('notify', { ALERT_WEBHOOK: 'http://127.0.0.1:1/services/closed-port' });
      expect(unreachable.result).toEqual({ outcome: 'notified' });
      expect(unreachable.stderr).toContain('could not send the failure alert to Slack');
      const unconfigured = await python('notify', {});
      expect(unconfigured.result).toEqual({ outcome: 'notified' });
      expect(received).toHaveLength(0);
    });
  });
});
