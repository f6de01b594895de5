import { fakeFetch } from './fakeFetch';
import { groupingPath, PushgatewayClient } from './pushgateway';

describe('groupingPath', () => {
  it('encodes values, and uses the base64 form for values with a slash or empty', () => {
    expect(groupingPath('vigil', { detector: 'cpu load', shard: '0' })).toBe(
      '/metrics/job/vigil/detector/cpu%20load/shard/0'
    );
    expect(groupingPath('vigil', { path: '/var/tmp' })).toBe('/metrics/job/vigil/path@base64/L3Zhci90bXA=');
    expect(groupingPath('a/b')).toBe('/metrics/job@base64/YS9i');
    expect(groupingPath('vigil', { empty: '' })).toBe('/metrics/job/vigil/empty@base64/=');
    expect(groupingPath('vigil', { x: '??>' })).toBe('/metrics/job/vigil/x/%3F%3F%3E');
  });

  it('refuses bad grouping keys', () => {
    expect(() => groupingPath('')).toThrow('job must not be empty');
    expect(() => groupingPath('j', { 'a-b': 'x' })).toThrow('invalid grouping label name "a-b"');
  });
});

describe('PushgatewayClient', () => {
  it('PUTs (replace) or POSTs the text format with a final newline, and DELETEs groups', async () => {
    const fake = fakeFetch([{ status: 200 }]);
    const client = new PushgatewayClient({ baseUrl: 'http://pgw.test', fetch: fake.fetch });
    await client.push('vigil', { detector: 'cpu' }, 'vigil_up 1');
    await client.push('vigil', {}, 'vigil_up 1\n', { replace: false });
    await client.deleteGroup('vigil', { detector: 'cpu' });
    expect(fake.calls.map((call) => [call.init.method, call.url, call.init.body])).toEqual([
      ['PUT', 'http://pgw.test/metrics/job/vigil/detector/cpu', 'vigil_up 1\n'],
      ['POST', 'http://pgw.test/metrics/job/vigil', 'vigil_up 1\n'],
      ['DELETE', 'http://pgw.test/metrics/job/vigil/detector/cpu', undefined],
    ]);
  });
});
