import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../constants';
import { DetectorEditorScene } from '../scenes/DetectorEditorScene';
import { DetectorsScene } from '../scenes/DetectorsScene';
import { prefixRoute } from '../utils/utils.routing';
import { singleScene } from './singleScene';

const NEW_DETECTOR = 'new';

export const detectorsPage = new SceneAppPage({
  title: 'Detectors',
  subTitle: 'Anomaly detectors over Prometheus queries: designed here, run by the vigil CronJob',
  url: prefixRoute(ROUTES.Detectors),
  routePath: `${ROUTES.Detectors}/*`,
  getScene: () => singleScene(new DetectorsScene()),
  drilldowns: [
    {
      routePath: ':detectorId/*',
      getPage(routeMatch, parent) {
        const detectorId = decodeURIComponent(routeMatch.params.detectorId);
        const isNew = detectorId === NEW_DETECTOR;
        return new SceneAppPage({
          title: isNew ? 'New detector' : detectorId,
          subTitle: 'Query, model and sensitivity; preview what it would have alerted on, then save and export',
          url: prefixRoute(`${ROUTES.Detectors}/${encodeURIComponent(detectorId)}`),
          routePath: ':detectorId/*',
          getParentPage: () => parent,
          getScene: () => singleScene(new DetectorEditorScene(isNew ? undefined : detectorId)),
        });
      },
    },
  ],
});
