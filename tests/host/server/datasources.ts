/** The datasources the host provisions, with the uids every part of Vigil uses (see shared-contracts.md). */
export interface ProvisionedDataSource {
  id: number;
  uid: string;
  name: string;
  type: 'prometheus' | 'alertmanager';
  typeName: string;
  /** Where the host's proxy forwards requests for this datasource. */
  url: string;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
}

const LOGO = 'public/build/img/icons/unicons/database.svg';

export function provisionedDataSources(prometheusUrl: string, alertmanagerUrl: string): ProvisionedDataSource[] {
  return [
    {
      id: 1,
      uid: 'prometheus',
      name: 'Prometheus',
      type: 'prometheus',
      typeName: 'Prometheus',
      url: prometheusUrl,
      isDefault: true,
      jsonData: { httpMethod: 'GET', timeInterval: '15s' },
    },
    {
      id: 2,
      uid: 'alertmanager',
      name: 'Alertmanager',
      type: 'alertmanager',
      typeName: 'Alertmanager',
      url: alertmanagerUrl,
      isDefault: false,
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    },
  ];
}

/** The row `GET /api/datasources` returns for a datasource. */
export function toApiDataSource(ds: ProvisionedDataSource) {
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: 1,
    name: ds.name,
    type: ds.type,
    typeName: ds.typeName,
    typeLogoUrl: LOGO,
    access: 'proxy',
    url: ds.url,
    user: '',
    database: '',
    basicAuth: false,
    isDefault: ds.isDefault,
    jsonData: ds.jsonData,
    readOnly: true,
  };
}

/** The entry in boot data's `settings.datasources` (Grafana's DataSourceInstanceSettings), keyed by name. */
export function toInstanceSettings(ds: ProvisionedDataSource) {
  return {
    id: ds.id,
    uid: ds.uid,
    type: ds.type,
    name: ds.name,
    url: `/api/datasources/proxy/uid/${ds.uid}`,
    access: 'proxy',
    isDefault: ds.isDefault,
    readOnly: true,
    jsonData: ds.jsonData,
    meta: {
      id: ds.type,
      name: ds.typeName,
      type: 'datasource',
      module: `core:plugin/${ds.type}`,
      baseUrl: `public/app/plugins/datasource/${ds.type}`,
      info: {
        author: { name: 'Grafana Labs' },
        description: ds.typeName,
        links: [],
        logos: { small: LOGO, large: LOGO },
        screenshots: [],
        updated: '',
        version: '',
      },
      metrics: ds.type === 'prometheus',
      alerting: ds.type === 'prometheus',
      annotations: ds.type === 'prometheus',
      backend: true,
    },
  };
}
