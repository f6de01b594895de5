import {
  DataSourceApi,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

/**
 * Grafana's Alertmanager datasource is not a query datasource: panels cannot query it, and Grafana talks to it
 * through `/api/alertmanager/<uid>/api/v2/...`. This mirrors that: queries answer no data, the health check calls
 * the real Alertmanager through the host's proxy.
 */
export class HostAlertmanagerDataSource extends DataSourceApi {
  constructor(private readonly settings: DataSourceInstanceSettings) {
    super(settings);
  }

  async query(): Promise<DataQueryResponse> {
    return { data: [] };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    await getBackendSrv().get(`/api/alertmanager/${this.settings.uid}/api/v2/status`);
    return { status: 'success', message: 'Health check passed.' };
  }
}
