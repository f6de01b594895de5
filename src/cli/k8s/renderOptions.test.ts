import { parseRenderArgs } from './renderOptions';

describe('parseRenderArgs', () => {
  it('fills defaults, taking the config from CONFIG_PATH when --config is absent', () => {
    expect(parseRenderArgs([], { CONFIG_PATH: '/etc/vigil/config.yaml' })).toEqual({
      configPath: '/etc/vigil/config.yaml',
      profile: undefined,
      namespace: 'vigil',
      image: 'vigil:latest',
      shards: 1,
      schedule: '*/5 * * * *',
      outDir: undefined,
    });
    expect(parseRenderArgs([], {}).configPath).toBe('config.yaml');
  });

  it('reads every flag', () => {
    const request = parseRenderArgs(
      [
        '-c',
        'c.yaml',
        '--profile',
        'prod',
        '-n',
        'ops',
        '--image',
        'r.example/vigil:1',
        '--shards',
        '8',
        '--schedule',
        '@hourly',
        '-o',
        'out',
      ],
      {}
    );
    expect(request).toEqual({
      configPath: 'c.yaml',
      profile: 'prod',
      namespace: 'ops',
      image: 'r.example/vigil:1',
      shards: 8,
      schedule: '@hourly',
      outDir: 'out',
    });
  });

  it.each([
    [['--shards', '1.5'], /--shards must be a whole number from 1 to 1000, got "1.5"/],
    [['--shards', '1001'], /--shards/],
    [['--namespace', 'Ops_Team'], /--namespace must be a DNS label/],
    [['--image', 'a b'], /--image must be an image reference without spaces/],
    [['--schedule', '* * *'], /--schedule must be a cron expression with 5 fields/],
    [['--profile', ''], /--profile must not be empty/],
    [['stray'], /k8s render: /],
  ])('rejects %j', (args, message) => {
    expect(() => parseRenderArgs(args, {})).toThrow(message);
  });
});
