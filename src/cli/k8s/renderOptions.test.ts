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
      storageClass: undefined,
      sampleSecret: false,
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
        '--storage-class',
        'efs-sc',
        '--sample-secret',
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
      storageClass: 'efs-sc',
      sampleSecret: true,
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
    [['--storage-class', 'Fast SSD'], /--storage-class must be a StorageClass name/],
    [['stray'], /k8s render: /],
  ])('rejects %j', (args, message) => {
    expect(() => parseRenderArgs(args, {})).toThrow(message);
  });
  it('prints for "-o yaml" (kubectl\'s habit) and refuses other kubectl output formats', () => {
    expect(parseRenderArgs(['-o', 'yaml'], {}).outDir).toBeUndefined();
    expect(parseRenderArgs(['--out', './yaml'], {}).outDir).toBe('./yaml');
    expect(() => parseRenderArgs(['-o', 'json'], {})).toThrow(
      /takes a directory .* not an output format like kubectl's "-o json"/
    );
  });

  it('says so when a shell pipe reached it as an argument (copied as \\| from a Markdown table)', () => {
    expect(() => parseRenderArgs(['--config', 'c.yaml', '|', 'kubectl', 'apply', '-f', '-'], {})).toThrow(
      /^k8s render: Unexpected argument '\|'.*\(the shell passed "\|" to vigil instead of piping: remove the backslash or quotes around it\)/
    );
  });
});
