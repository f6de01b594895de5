import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneObject } from '@grafana/scenes';

/** A page body holding one scene object at full width. */
export function singleScene(body: SceneObject): EmbeddedScene {
  return new EmbeddedScene({
    body: new SceneFlexLayout({ direction: 'column', children: [new SceneFlexItem({ body })] }),
  });
}
