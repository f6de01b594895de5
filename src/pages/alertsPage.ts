import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../constants';
import { AlertsScene } from '../scenes/AlertsScene';
import { prefixRoute } from '../utils/utils.routing';
import { singleScene } from './singleScene';

export const alertsPage = new SceneAppPage({
  title: 'Alerts',
  subTitle: 'Anomaly alerts held by Alertmanager, grouped by detector; mute and unmute without leaving Grafana',
  url: prefixRoute(ROUTES.Alerts),
  routePath: ROUTES.Alerts,
  getScene: () => singleScene(new AlertsScene()),
});
