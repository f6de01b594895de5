import type { EchoBackend, EchoEvent, EchoMeta, EchoSrv } from '@grafana/runtime';

/**
 * Grafana's echo service collects interaction and page-view events for its analytics backends. The host keeps
 * them in memory (window.__vigilHostEchoEvents) so that a test can read what the plugin reported.
 */
export class HostEchoSrv implements EchoSrv {
  private readonly backends: EchoBackend[] = [];
  readonly events: EchoEvent[] = [];

  addBackend(backend: EchoBackend): void {
    this.backends.push(backend);
  }

  addEvent<T extends EchoEvent>(event: Omit<T, 'meta'>, meta: Partial<EchoMeta> = {}): void {
    const full = { ...event, meta: { ...this.meta(), ...meta } } as EchoEvent;
    this.events.push(full);
    for (const backend of this.backends) {
      if (backend.supportedEvents.includes(full.type)) {
        backend.addEvent(full);
      }
    }
  }

  flush(): void {
    for (const backend of this.backends) {
      backend.flush();
    }
  }

  private meta(): EchoMeta {
    return {
      sessionId: '',
      userId: 1,
      userLogin: 'admin',
      userSignedIn: true,
      orgId: 1,
      orgRole: 'Admin',
      screenSize: { width: window.innerWidth, height: window.innerHeight },
      windowSize: { width: window.innerWidth, height: window.innerHeight },
      userAgent: navigator.userAgent,
      ts: Date.now(),
      timeSinceNavigationStart: performance.now(),
      path: window.location.pathname,
      url: window.location.href,
    };
  }
}
