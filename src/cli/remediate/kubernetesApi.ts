import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

export interface KubernetesApiOptions {
  /** e.g. https://10.0.0.1:443; default: the in-cluster address. */
  baseUrl?: string;
  env?: Record<string, string | undefined>;
  /** Directory holding the service account's token, ca.crt and namespace. */
  serviceAccountDir?: string;
}

export interface KubernetesResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The few Kubernetes REST calls `vigil remediate` makes (workload patches, the scale subresource, Leases), with
 * the pod's service account token and CA, as @kubernetes/client-node would send them.
 */
export class KubernetesApi {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly ca: string | undefined;
  /** The pod's namespace (from the service account), when running in a pod. */
  readonly podNamespace: string | undefined;

  constructor(options: KubernetesApiOptions = {}) {
    const env = options.env ?? process.env;
    const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT;
    const inCluster = env.KUBERNETES_SERVICE_HOST
      ? `https://${env.KUBERNETES_SERVICE_HOST.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`
      : undefined;
    const baseUrl = options.baseUrl ?? inCluster;
    if (!baseUrl) {
      throw new KubernetesApiError(0, 'no Kubernetes API: set remediation.kubernetes.api_url or run in a pod');
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = readOptional(`${dir}/token`)?.trim();
    this.ca = readOptional(`${dir}/ca.crt`);
    this.podNamespace = readOptional(`${dir}/namespace`)?.trim();
  }

  /** One call; a status >= 400 other than those in `accept` throws with the API's own message. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept: number[] = []
  ): Promise<KubernetesResponse> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (this.token) {
      headers.Authorization = `Bearer ${this.token}`;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers, ca: this.ca, timeout: 15_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { message: text.slice(0, 200) };
          }
          if (status >= 400 && !accept.includes(status)) {
            const reason = typeof parsed.message === 'string' ? parsed.message : `HTTP ${status}`;
            reject(new KubernetesApiError(status, `${method} ${path}: ${status} ${reason}`));
            return;
          }
          resolve({ status, body: parsed });
        });
        response.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new KubernetesApiError(0, `${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
