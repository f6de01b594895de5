import { AppEvents } from '@grafana/data';
import {
  getAppEvents,
  type BackendSrv,
  type BackendSrvRequest,
  type FetchError,
  type FetchResponse,
} from '@grafana/runtime';
import { Observable, lastValueFrom } from 'rxjs';

/** Grafana's backendSrv over `fetch`: same request options, same response and error shapes. */
export class FetchBackendSrv implements BackendSrv {
  private readonly inFlight = new Map<string, AbortController>();

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      if (options.requestId) {
        this.inFlight.get(options.requestId)?.abort();
        this.inFlight.set(options.requestId, controller);
      }
      options.abortSignal?.addEventListener('abort', () => controller.abort());
      this.send<T>(options, controller.signal)
        .then((response) => {
          subscriber.next(response);
          subscriber.complete();
        })
        .catch((error: unknown) => subscriber.error(error))
        .finally(() => {
          if (options.requestId && this.inFlight.get(options.requestId) === controller) {
            this.inFlight.delete(options.requestId);
          }
        });
      return () => controller.abort();
    });
  }

  chunked(options: BackendSrvRequest): Observable<FetchResponse<Uint8Array | undefined>> {
    return this.fetch<Uint8Array | undefined>({ ...options, responseType: 'arraybuffer' });
  }

  request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return lastValueFrom(this.fetch<T>(options)).then((response) => response.data);
  }

  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  get<T = unknown>(
    url: string,
    params?: BackendSrvRequest['params'],
    requestId?: string,
    options?: Partial<BackendSrvRequest>
  ): Promise<T> {
    return this.request<T>({ ...options, url, params, requestId, method: 'GET' });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'DELETE' });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'POST' });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'PATCH' });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'PUT' });
  }

  private async send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = new Headers(options.headers);
    let body: BodyInit | undefined;
    if (options.data !== undefined && method !== 'GET') {
      if (typeof options.data === 'string' || options.data instanceof FormData || options.data instanceof Blob) {
        body = options.data;
      } else {
        body = JSON.stringify(options.data);
        if (!headers.has('Content-Type')) {
          headers.set('Content-Type', 'application/json');
        }
      }
    }
    const fetchResponse = await fetch(urlWithParams(options.url, options.params), {
      method,
      headers,
      body,
      signal,
      credentials: options.credentials ?? 'same-origin',
    });
    const data = (await readBody(fetchResponse, options.responseType)) as T;
    const response: FetchResponse<T> = {
      data,
      status: fetchResponse.status,
      statusText: fetchResponse.statusText,
      ok: fetchResponse.ok,
      headers: fetchResponse.headers,
      redirected: fetchResponse.redirected,
      type: fetchResponse.type,
      url: fetchResponse.url,
      config: options,
    };
    if (!fetchResponse.ok) {
      throw this.toFetchError(response, options);
    }
    if (options.showSuccessAlert && method !== 'GET') {
      const message = (data as { message?: unknown } | undefined)?.message;
      if (typeof message === 'string') {
        getAppEvents().publish({ type: AppEvents.alertSuccess.name, payload: [message] });
      }
    }
    return response;
  }

  private toFetchError<T>(response: FetchResponse<T>, options: BackendSrvRequest): FetchError<T> {
    const body = response.data as { message?: unknown; error?: unknown } | string | undefined;
    const message =
      typeof body === 'object' && body !== null && typeof body.message === 'string'
        ? body.message
        : typeof body === 'object' && body !== null && typeof body.error === 'string'
          ? body.error
          : response.statusText;
    const error: FetchError<T> = {
      status: response.status,
      statusText: response.statusText,
      data: response.data,
      message,
      config: options,
      isHandled: false,
    };
    if (options.showErrorAlert !== false) {
      getAppEvents().publish({ type: AppEvents.alertError.name, payload: [message] });
      error.isHandled = true;
    }
    return error;
  }
}

function urlWithParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params) {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  const query = search.toString();
  if (!query) {
    return url;
  }
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

async function readBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  if (responseType === 'blob') {
    return response.blob();
  }
  if (responseType === 'arraybuffer') {
    return new Uint8Array(await response.arrayBuffer());
  }
  const text = await response.text();
  if (responseType === 'text') {
    return text;
  }
  const contentType = response.headers.get('Content-Type') ?? '';
  if (text && contentType.includes('json')) {
    return JSON.parse(text);
  }
  return text || undefined;
}
