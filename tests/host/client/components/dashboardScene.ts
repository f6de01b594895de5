import type { DataQuery, DataSourceRef } from '@grafana/data';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  VizPanel,
} from '@grafana/scenes';

/** The part of Grafana's dashboard JSON model the host renders. */
export interface DashboardModel {
  uid: string;
  title: string;
  time?: { from: string; to: string };
  timezone?: string;
  panels: DashboardPanel[];
}

interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  datasource?: DataSourceRef;
  targets?: DataQuery[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: [] };
  maxDataPoints?: number;
  interval?: string;
  gridPos?: { h: number; w: number; x: number; y: number };
}

/** Grafana's grid row height in pixels. */
const GRID_ROW_HEIGHT = 30;

/** Builds the scene Grafana would render for a dashboard: its panels as VizPanels stacked top to bottom. */
export function buildDashboardScene(dashboard: DashboardModel): EmbeddedScene {
  const panels = [...dashboard.panels].sort((a, b) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0));
  return new EmbeddedScene({
    key: `dashboard-${dashboard.uid}`,
    $timeRange: new SceneTimeRange({
      from: dashboard.time?.from ?? 'now-6h',
      to: dashboard.time?.to ?? 'now',
      timeZone: dashboard.timezone || 'browser',
    }),
    controls: [new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: panels.map(
        (panel) =>
          new SceneFlexItem({
            minHeight: (panel.gridPos?.h ?? 8) * GRID_ROW_HEIGHT,
            body: new VizPanel({
              key: `panel-${panel.id}`,
              title: panel.title ?? '',
              description: panel.description,
              pluginId: panel.type,
              options: panel.options ?? {},
              fieldConfig: panel.fieldConfig ?? { defaults: {}, overrides: [] },
              $data: new SceneQueryRunner({
                datasource: panel.datasource,
                queries: panel.targets ?? [],
                maxDataPoints: panel.maxDataPoints,
                minInterval: panel.interval,
              }),
            }),
          })
      ),
    }),
  });
}
