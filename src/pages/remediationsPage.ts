import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../constants';
import { RemediationsScene } from '../scenes/RemediationsScene';
import { prefixRoute } from '../utils/utils.routing';
import { singleScene } from './singleScene';

export const remediationsPage = new SceneAppPage({
  title: 'Remediations',
  subTitle: 'What vigil remediate did about anomaly alerts, and what its guard rails refused (read-only)',
  url: prefixRoute(ROUTES.Remediations),
  routePath: ROUTES.Remediations,
  getScene: () => singleScene(new RemediationsScene()),
});
