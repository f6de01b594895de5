/**
 * A small AMD loader that loads plugin bundles the way Grafana does: `define([deps], factory)` where the deps are
 * Grafana's shared modules, the special `module` dependency (carrying `uri`, from which the plugin derives its
 * public path), `exports` and `require`. webpack's output for a module with top-level await returns a Promise from
 * the factory: the loader awaits it before handing out the exports.
 */

type Factory = (...deps: unknown[]) => unknown;

interface Definition {
  deps: string[];
  factory: Factory | Record<string, unknown>;
}

export interface SharedModules {
  /** Modules available synchronously (loaded with the host). */
  eager: Record<string, unknown>;
  /** Modules loaded on first use (Grafana loads these lazily too). */
  lazy: Record<string, () => Promise<unknown>>;
}

interface AmdWindow {
  define?: ((...args: unknown[]) => void) & { amd: object };
  require?: (deps: string[], onLoad?: (...modules: unknown[]) => void, onError?: (error: unknown) => void) => void;
}

const GRAFANA_LEGACY_PREFIX = 'grafana/';

export class AmdLoader {
  private readonly definitionsByScript = new Map<string, Definition>();
  private readonly namedDefinitions = new Map<string, Definition>();
  private readonly modulesByUrl = new Map<string, Promise<unknown>>();
  private readonly resolvedShared = new Map<string, Promise<unknown>>();

  constructor(private readonly shared: SharedModules) {}

  /** Installs global `define`/`require`. Call only after the host bundle ran (UMD libraries would take the AMD branch). */
  install(target: AmdWindow = window as unknown as AmdWindow): void {
    const define = (...args: unknown[]) => this.define(args);
    target.define = Object.assign(define, { amd: {} });
    target.require = (deps, onLoad, onError) => {
      Promise.all(deps.map((dep) => this.resolveDependency(dep, document.baseURI)))
        .then((modules) => onLoad?.(...modules))
        .catch((error) => (onError ? onError(error) : console.error(error)));
    };
  }

  /** Loads (once) the AMD module at `url` and resolves with its exports, after any top-level await settled. */
  import(url: string): Promise<unknown> {
    const absolute = new URL(url, document.baseURI).href;
    const key = withoutCacheBuster(absolute);
    let loading = this.modulesByUrl.get(key);
    if (!loading) {
      loading = this.loadScript(absolute).then(() => {
        const definition = this.definitionsByScript.get(absolute);
        if (!definition) {
          throw new Error(`${absolute} loaded but did not call define(): it is not an AMD module`);
        }
        return this.instantiate(definition, absolute);
      });
      this.modulesByUrl.set(key, loading);
    }
    return loading;
  }

  private define(args: unknown[]): void {
    const name = typeof args[0] === 'string' ? (args.shift() as string) : undefined;
    const deps = Array.isArray(args[0]) ? (args.shift() as string[]) : ['require', 'exports', 'module'];
    const factory = args[0] as Definition['factory'];
    const definition: Definition = { deps, factory };
    if (name) {
      this.namedDefinitions.set(name, definition);
      return;
    }
    const script = document.currentScript;
    if (!(script instanceof HTMLScriptElement) || !script.src) {
      throw new Error('Anonymous define() outside a script loaded by the AMD loader');
    }
    this.definitionsByScript.set(script.src, definition);
  }

  private async instantiate(definition: Definition, uri: string): Promise<unknown> {
    if (typeof definition.factory !== 'function') {
      return definition.factory;
    }
    const module = { id: uri, uri, exports: {} as Record<string, unknown> };
    const resolved = await Promise.all(
      definition.deps.map((dep) => {
        if (dep === 'module') {
          return module;
        }
        if (dep === 'exports') {
          return module.exports;
        }
        if (dep === 'require') {
          return (name: string) => this.requireSync(name);
        }
        return this.resolveDependency(dep, uri);
      })
    );
    const returned = await definition.factory(...resolved);
    return returned === undefined ? module.exports : returned;
  }

  private resolveDependency(dep: string, parentUri: string): Promise<unknown> {
    const name = dep.startsWith(GRAFANA_LEGACY_PREFIX) ? dep.slice(GRAFANA_LEGACY_PREFIX.length) : dep;
    const named = this.namedDefinitions.get(name);
    if (named) {
      return this.instantiate(named, name);
    }
    if (name in this.shared.eager) {
      return Promise.resolve(this.shared.eager[name]);
    }
    const lazy = this.shared.lazy[name];
    if (lazy) {
      let loading = this.resolvedShared.get(name);
      if (!loading) {
        loading = lazy();
        this.resolvedShared.set(name, loading);
      }
      return loading;
    }
    if (name.startsWith('.') || name.startsWith('/') || /^https?:/.test(name)) {
      return this.import(new URL(name.endsWith('.js') ? name : `${name}.js`, parentUri).href);
    }
    return Promise.reject(
      new Error(`The plugin at ${parentUri} depends on "${dep}", which the stand-in host does not provide`)
    );
  }

  private requireSync(name: string): unknown {
    if (name in this.shared.eager) {
      return this.shared.eager[name];
    }
    throw new Error(`require("${name}"): not a shared module available synchronously in the stand-in host`);
  }

  private loadScript(src: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`Failed to load plugin script ${src}`));
      document.head.appendChild(script);
    });
  }
}

function withoutCacheBuster(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('_cache');
  return parsed.href;
}
