import { FieldType, toDataFrame } from '@grafana/data';
import { displayNamesFromFrames } from './displayNames';

const frame = (labels: Record<string, string>, config: Record<string, string> = {}) =>
  toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [1, 2] },
      { name: 'Value', type: FieldType.number, values: [3, 4], labels, config },
    ],
  });

describe('displayNamesFromFrames', () => {
  const web2 = { __name__: 'rps', instance: 'web-2' };
  const web3 = { __name__: 'rps', instance: 'web-3' };

  it('names a series by the legendFormat the datasource rendered', () => {
    const name = displayNamesFromFrames([frame(web2, { displayNameFromDS: 'web-2' }), frame(web3)]);
    expect(name(web2)).toBe('web-2');
  });

  it('falls back to the labels for a series without a display name', () => {
    const name = displayNamesFromFrames([frame(web2, { displayNameFromDS: 'web-2' }), frame(web3)]);
    expect(name(web3)).toBe('rps{instance="web-3"}');
  });

  it('prefers a display name set on the panel over the datasource one', () => {
    const name = displayNamesFromFrames([frame(web2, { displayNameFromDS: 'web-2', displayName: 'front' })]);
    expect(name(web2)).toBe('front');
  });
});
