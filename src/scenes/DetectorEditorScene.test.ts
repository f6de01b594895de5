import { locationService } from '@grafana/runtime';
import { parseAppJsonData, type AppJsonData } from '../utils/api/appSettings';
import type { DetectorEditorScene as EditorScene } from './DetectorEditorScene';

let stored: AppJsonData;
jest.mock('../utils/api/appSettings', () => ({
  ...jest.requireActual('../utils/api/appSettings'),
  loadAppSettings: async () => stored,
  updateAppSettings: async (change: (current: AppJsonData) => AppJsonData) => (stored = change(stored)),
}));
jest.mock('../worker/createDetectorWorker', () => ({ createDetectorWorker: () => undefined }));
// The scene is driven here without its view (whose YAML export jsdom's module resolution cannot load).
jest.mock('../components/DetectorEditor/DetectorEditor', () => ({ DetectorEditor: () => null }));

const detector = { id: 'api-latency', name: 'API latency', query: 'up', datasourceUid: 'prometheus' };

let DetectorEditorScene: typeof EditorScene;
beforeAll(async () => {
  // @grafana/scenes observes intersections as it loads; jsdom has no IntersectionObserver.
  Object.assign(globalThis, { IntersectionObserver: class {} });
  ({ DetectorEditorScene } = await import('./DetectorEditorScene'));
});

async function openEditor(id: string | undefined): Promise<EditorScene> {
  const scene = new DetectorEditorScene(id);
  scene.activate();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return scene;
}

describe('DetectorEditorScene save', () => {
  beforeEach(() => {
    stored = parseAppJsonData({ detectors: [detector] });
    jest.spyOn(locationService, 'push').mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  it("confirms a new detector's first save on the detector's own page it moves to", async () => {
    const editor = await openEditor(undefined);
    editor.setField('name', 'Traffic');
    editor.setField('query', 'rate(http_requests_total[5m])');
    await editor.save();
    expect(locationService.push).toHaveBeenCalledWith(expect.stringMatching(/\/detectors\/traffic$/));
    expect((await openEditor('traffic')).state.saveState.status).toBe('saved');
    expect((await openEditor('traffic')).state.saveState.status).toBe('idle');
  });

  it('refuses a new detector with a stored id, naming the detector that has it, and writes nothing', async () => {
    const editor = await openEditor(undefined);
    editor.setField('name', 'Something else');
    editor.setField('id', 'api-latency');
    editor.setField('query', 'demo_memory_used_bytes');
    await editor.save();
    expect(editor.state.saveState).toEqual({
      status: 'error',
      message:
        'A detector with id "api-latency" exists already ("API latency"): pick another id, or open that detector.',
      takenBy: 'api-latency',
    });
    expect(stored.detectors).toEqual([detector]);
    expect(locationService.push).not.toHaveBeenCalled();
  });
});

describe('DetectorEditorScene delete', () => {
  beforeEach(() => jest.spyOn(locationService, 'push').mockImplementation(() => {}));
  afterEach(() => jest.restoreAllMocks());

  it('deletes a stored detector that fails validation, which cannot be opened, and goes back to the list', async () => {
    const invalid = { ...detector, id: 'broken', sensitivity: 5 };
    stored = parseAppJsonData({ detectors: [detector, invalid] });
    const editor = await openEditor('broken');
    expect(editor.state).toMatchObject({ loadErrorDeletable: true });
    expect(editor.state.loadError).toContain('sensitivity');
    await editor.delete();
    expect(stored.detectors).toEqual([detector]);
    expect(locationService.push).toHaveBeenCalledWith(expect.stringMatching(/\/detectors$/));
  });

  it('deletes a valid detector', async () => {
    stored = parseAppJsonData({ detectors: [detector] });
    await (await openEditor('api-latency')).delete();
    expect(stored.detectors).toEqual([]);
  });
});
