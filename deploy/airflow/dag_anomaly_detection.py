"""Airflow DAG: run `vigil detect` on a schedule, with retries and failure alerts.

Settings (environment of the scheduler and workers):
  ANOMALY_CRON            schedule, cron syntax (default "*/5 * * * *")
  CONFIG_PATH             config.yaml for vigil (default /etc/vigil/config.yaml)
  VIGIL_BIN               the vigil executable, may include arguments (default "vigil")
  VIGIL_PROFILE           config profile passed as --profile (optional)
  VIGIL_RUNNER            "local" (default): run vigil on the worker;
                          "kubernetes": run the vigil image with KubernetesPodOperator (falls back to
                          local when the cncf.kubernetes provider is not installed)
  VIGIL_IMAGE, VIGIL_NAMESPACE   image and namespace for "kubernetes"
  VIGIL_CONFIGMAP         ConfigMap holding config.yaml (default vigil-config; kustomize appends a hash to
                          the name it generates, so give Airflow a ConfigMap of its own with a fixed name)
  VIGIL_STATE_CLAIM       PersistentVolumeClaim for the state directory (default vigil-state), mounted at the
                          config's model_path VIGIL_STATE_PATH (default /var/lib/vigil): models and the alert
                          outbox survive from run to run
  VIGIL_SECRET            Secret whose keys become environment variables (default vigil-secrets, optional)
  ALERT_WEBHOOK           Slack incoming webhook for failure alerts, or the Airflow connection named by
  VIGIL_SLACK_CONN_ID     (default "vigil_slack"; its password, or host, holds the webhook URL)
  ALERT_EMAIL             comma-separated addresses for email_on_failure (optional)

vigil's exit codes: 0 ok; 1 partial failure (e.g. Alertmanager unreachable: alerts stay in the outbox and
go out on the next run), retried; 2 bad config or usage, failed at once since a retry cannot fix it.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import subprocess
import urllib.request
from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException

try:
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:  # Airflow 2
    from airflow.operators.python import PythonOperator

try:
    from airflow.sdk.bases.hook import BaseHook
except ImportError:  # Airflow 2
    from airflow.hooks.base import BaseHook

log = logging.getLogger(__name__)

DAG_ID = "vigil_anomaly_detection"
SCHEDULE = os.environ.get("ANOMALY_CRON", "*/5 * * * *")
CONFIG_PATH = os.environ.get("CONFIG_PATH", "/etc/vigil/config.yaml")
PROFILE = os.environ.get("VIGIL_PROFILE", "")
EXIT_PARTIAL_FAILURE = 1
EXIT_USAGE = 2


def vigil_detect_args() -> list[str]:
    args = ["detect", "--config", CONFIG_PATH]
    if PROFILE:
        args += ["--profile", PROFILE]
    return args


def run_vigil_detect() -> None:
    """Runs one `vigil detect`; exit 2 fails the task without retries, any other failure is retried."""
    command = shlex.split(os.environ.get("VIGIL_BIN", "vigil")) + vigil_detect_args()
    log.info("running %s", shlex.join(command))
    try:
        completed = subprocess.run(command, check=False, timeout=int(os.environ.get("VIGIL_TIMEOUT_SECONDS", "900")))
    except FileNotFoundError as error:
        raise AirflowFailException(f"vigil executable not found: {command[0]} (set VIGIL_BIN)") from error
    except subprocess.TimeoutExpired as error:
        raise AirflowException(f"vigil detect did not finish within {error.timeout} s") from error
    if completed.returncode == EXIT_USAGE:
        raise AirflowFailException(f"vigil detect: bad config or usage (exit 2); check {CONFIG_PATH} with `vigil config check`")
    if completed.returncode != 0:
        raise AirflowException(f"vigil detect failed with exit {completed.returncode}; undelivered alerts are kept for the next run")


def slack_webhook_url() -> str | None:
    url = os.environ.get("ALERT_WEBHOOK")
    if url:
        return url
    try:
        connection = BaseHook.get_connection(os.environ.get("VIGIL_SLACK_CONN_ID", "vigil_slack"))
    except Exception:  # no such connection: alerting by Slack is simply not configured
        return None
    return connection.password or connection.host or None


def notify_failure(context: dict) -> None:
    """on_failure_callback: posts the failed task to Slack; never raises, so it cannot hide the failure."""
    url = slack_webhook_url()
    if not url:
        log.warning("vigil DAG failed and no Slack webhook is configured (ALERT_WEBHOOK or connection)")
        return
    task_instance = context.get("task_instance")
    task_id = getattr(task_instance, "task_id", "?")
    log_url = getattr(task_instance, "log_url", "")
    text = f":rotating_light: Airflow DAG `{DAG_ID}` task `{task_id}` failed at {context.get('logical_date') or context.get('ts')}: {context.get('exception')}"
    if log_url:
        text += f"\nLogs: {log_url}"
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            log.info("failure alert sent to Slack: HTTP %s", response.status)
    except Exception as error:
        log.error("could not send the failure alert to Slack: %s", error)


def detect_task(dag: DAG):
    if os.environ.get("VIGIL_RUNNER", "local") == "kubernetes":
        try:
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
            from kubernetes.client import models as k8s
        except ImportError:
            log.warning("VIGIL_RUNNER=kubernetes but the cncf.kubernetes provider is missing: running vigil locally")
        else:
            container_security = k8s.V1SecurityContext(
                run_as_non_root=True,
                run_as_user=10001,
                run_as_group=10001,
                read_only_root_filesystem=True,
                allow_privilege_escalation=False,
                capabilities=k8s.V1Capabilities(drop=["ALL"]),
                seccomp_profile=k8s.V1SeccompProfile(type="RuntimeDefault"),
            )
            return KubernetesPodOperator(
                task_id="vigil_detect",
                dag=dag,
                name="vigil-detect",
                namespace=os.environ.get("VIGIL_NAMESPACE", "vigil"),
                image=os.environ.get("VIGIL_IMAGE", "vigil:latest"),
                arguments=vigil_detect_args(),
                env_from=[k8s.V1EnvFromSource(secret_ref=k8s.V1SecretEnvSource(name=os.environ.get("VIGIL_SECRET", "vigil-secrets"), optional=True))],
                volumes=[
                    k8s.V1Volume(name="config", config_map=k8s.V1ConfigMapVolumeSource(name=os.environ.get("VIGIL_CONFIGMAP", "vigil-config"))),
                    k8s.V1Volume(
                        name="state",
                        persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name=os.environ.get("VIGIL_STATE_CLAIM", "vigil-state")),
                    ),
                    k8s.V1Volume(name="tmp", empty_dir=k8s.V1EmptyDirVolumeSource()),
                ],
                volume_mounts=[
                    k8s.V1VolumeMount(name="config", mount_path=os.path.dirname(CONFIG_PATH), read_only=True),
                    k8s.V1VolumeMount(name="state", mount_path=os.environ.get("VIGIL_STATE_PATH", "/var/lib/vigil")),
                    k8s.V1VolumeMount(name="tmp", mount_path="/tmp"),
                ],
                security_context=k8s.V1PodSecurityContext(run_as_non_root=True, run_as_user=10001, run_as_group=10001, fs_group=10001),
                container_security_context=container_security,
                get_logs=True,
                on_finish_action="delete_pod",
            )
    return PythonOperator(task_id="vigil_detect", dag=dag, python_callable=run_vigil_detect)


default_args = {
    "owner": "vigil",
    "retries": int(os.environ.get("VIGIL_RETRIES", "2")),
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(minutes=15),
    "email": [address.strip() for address in os.environ.get("ALERT_EMAIL", "").split(",") if address.strip()],
    "email_on_failure": bool(os.environ.get("ALERT_EMAIL")),
    "email_on_retry": False,
    "on_failure_callback": notify_failure,
}

with DAG(
    dag_id=DAG_ID,
    description="Vigil anomaly detection over Prometheus metrics (vigil detect)",
    schedule=SCHEDULE,
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["vigil", "anomaly-detection", "monitoring"],
) as dag:
    detect_task(dag)
