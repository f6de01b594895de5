import type { DataSourceApi, DataSourceInstanceSettings, DataSourceRef, ScopedVars } from '@grafana/data';
import {
  config,
  getTemplateSrv,
  type DataSourceSrv,
  type GetDataSourceListFilters,
  type RuntimeDataSource,
  type RuntimeDataSourceRegistration,
} from '@grafana/runtime';
import { HostAlertmanagerDataSource } from './alertmanagerDataSource';
import { HostPrometheusDataSource } from './prometheusDataSource';

type DataSourceFactory = (settings: DataSourceInstanceSettings) => DataSourceApi<any>;

/** The datasource types the stand-in host can instantiate; Grafana would load their plugins instead. */
const FACTORIES: Record<string, DataSourceFactory> = {
  prometheus: (settings) => new HostPrometheusDataSource(settings),
  alertmanager: (settings) => new HostAlertmanagerDataSource(settings),
};

/** Resolves datasource references (uid, name, `${variable}`, default) against the provisioned datasources in boot data. */
export class HostDataSourceSrv implements DataSourceSrv {
  private readonly instances = new Map<string, DataSourceApi>();
  private readonly runtime = new Map<string, RuntimeDataSource>();

  async get(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    const runtime = this.runtime.get(settings.uid);
    if (runtime) {
      return runtime;
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      const factory = FACTORIES[settings.type];
      if (!factory) {
        throw new Error(`Datasource type "${settings.type}" (${settings.uid}) is not available in the stand-in host`);
      }
      instance = factory(settings);
      instance.meta = settings.meta;
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  getInstanceSettings(
    ref?: DataSourceRef | string | null,
    scopedVars?: ScopedVars
  ): DataSourceInstanceSettings | undefined {
    const all = this.allSettings();
    const wanted = typeof ref === 'string' ? ref : ref?.uid;
    if (wanted === undefined || wanted === null || wanted === 'default') {
      return (
        all.find((settings) => settings.isDefault) ?? all.find((settings) => settings.name === config.defaultDatasource)
      );
    }
    const resolved = getTemplateSrv().replace(wanted, scopedVars);
    return all.find((settings) => settings.uid === resolved || settings.name === resolved);
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type === undefined ? undefined : Array.isArray(filters.type) ? filters.type : [filters.type];
    return this.allSettings().filter((settings) => {
      if (types && !types.includes(settings.type)) {
        return false;
      }
      if (filters.pluginId && settings.meta.id !== filters.pluginId) {
        return false;
      }
      if (filters.metrics && !settings.meta.metrics) {
        return false;
      }
      if (filters.alerting && !settings.meta.alerting) {
        return false;
      }
      return filters.filter ? filters.filter(settings) : true;
    });
  }

  reload(): void {
    this.instances.clear();
  }

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    if (this.runtime.has(dataSource.uid) || config.datasources[dataSource.name]) {
      throw new Error(`A datasource with uid ${dataSource.uid} is already registered`);
    }
    this.runtime.set(dataSource.uid, dataSource);
  }

  private allSettings(): DataSourceInstanceSettings[] {
    const runtime = [...this.runtime.values()].map((ds) => ds.instanceSettings);
    return [...Object.values(config.datasources), ...runtime];
  }
}
