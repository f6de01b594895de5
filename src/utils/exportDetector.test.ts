import { parse } from 'yaml';
import { configSchema } from '../cli/config/schema';
import { parseDetectorSpec } from '../engine/detectorSpec';
import { detectorsConfigMapYaml, detectorsConfigYaml } from './exportDetector';

// jsdom resolves yaml's ES-module browser build, which jest does not transform; the CommonJS build is the same code.
jest.mock('yaml', () => jest.requireActual(`${process.cwd()}/node_modules/yaml/dist/index.js`));

const spec = parseDetectorSpec({
  id: 'rps',
  name: 'Requests',
  query: 'sum(rate(http_requests_total[5m])) by (instance)',
  sensitivity: 0.7,
});

describe('detector export', () => {
  it('writes a config.yaml the CLI accepts, with the detector unchanged', () => {
    const config = configSchema.parse(parse(detectorsConfigYaml([spec])));
    expect(config.detectors).toHaveLength(1);
    expect(parseDetectorSpec(config.detectors[0])).toEqual(spec);
  });

  it('wraps the same config.yaml in a ConfigMap', () => {
    const configMap = parse(detectorsConfigMapYaml([spec]));
    expect(configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vigil-detectors' } });
    expect(configMap.data['config.yaml']).toBe(detectorsConfigYaml([spec]));
  });
});
