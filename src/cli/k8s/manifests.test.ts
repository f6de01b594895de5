import { buildManifests, type ManifestOptions } from './manifests';

const options: ManifestOptions = {
  configText: 'prometheus_url: http://p:9090\n',
  statePath: '/var/lib/vigil',
  listenPort: 9464,
  namespace: 'vigil',
  image: 'vigil:latest',
  profile: undefined,
  shards: 1,
  schedule: '*/5 * * * *',
  storageClass: undefined,
  sampleSecret: false,
};

function container(objects: ReturnType<typeof buildManifests>, kind: 'CronJob' | 'Deployment'): any {
  const object: any = objects.find((candidate) => candidate.kind === kind);
  return kind === 'CronJob'
    ? object.spec.jobTemplate.spec.template.spec.containers[0]
    : object.spec.template.spec.containers[0];
}

describe('buildManifests', () => {
  it('passes the profile to detect and serve, and the shard count to the Indexed Job', () => {
    const objects = buildManifests({ ...options, profile: 'prod', shards: 6 });
    const cronJob: any = objects.find((object) => object.kind === 'CronJob');
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({ completionMode: 'Indexed', completions: 6, parallelism: 6 });
    expect(container(objects, 'CronJob').args).toEqual([
      'detect',
      '--config',
      '/etc/vigil/config.yaml',
      '--profile',
      'prod',
      '--shard-index',
      '$(JOB_COMPLETION_INDEX)',
      '--shard-count',
      '6',
    ]);
    expect(container(objects, 'Deployment').args).toEqual([
      'serve',
      '--config',
      '/etc/vigil/config.yaml',
      '--profile',
      'prod',
      '--no-alerts',
    ]);
  });

  it('mounts the state at model_path and names the ConfigMap after its content', () => {
    const objects = buildManifests({ ...options, statePath: '/data/state' });
    const stateMount = container(objects, 'CronJob').volumeMounts.find(
      (mount: { name: string }) => mount.name === 'state'
    );
    expect(stateMount).toEqual({ name: 'state', mountPath: '/data/state' });
    const names = (configText: string) =>
      buildManifests({ ...options, configText }).find((object) => object.kind === 'ConfigMap')!.metadata.name;
    expect(names('a: 1\n')).toBe('vigil-config-k4g754g8mg');
    expect(names('a: 2\n')).not.toBe(names('a: 1\n'));
  });

  it('makes the detect state ReadWriteMany when shard pods may share it from several nodes', () => {
    const claims = (shards: number, storageClass?: string) =>
      Object.fromEntries(
        buildManifests({ ...options, shards, storageClass })
          .filter((object) => object.kind === 'PersistentVolumeClaim')
          .map((claim: any) => [claim.metadata.name, claim.spec])
      );
    expect(claims(1)['vigil-state'].accessModes).toEqual(['ReadWriteOnce']);
    expect(claims(3)['vigil-state'].accessModes).toEqual(['ReadWriteMany']);
    expect(claims(3)['vigil-serve-state'].accessModes).toEqual(['ReadWriteOnce']);
    expect(claims(3)['vigil-state'].storageClassName).toBeUndefined();
    expect(claims(3, 'efs-sc')['vigil-state'].storageClassName).toBe('efs-sc');
  });

  it('adds the placeholder Secret only when asked', () => {
    const secrets = (sampleSecret: boolean) =>
      buildManifests({ ...options, sampleSecret }).filter((object) => object.kind === 'Secret');
    expect(secrets(false)).toEqual([]);
    expect(secrets(true).map((secret) => secret.metadata.name)).toEqual(['vigil-secrets']);
  });

  it('puts every namespaced object in the namespace', () => {
    const objects = buildManifests({ ...options, namespace: 'anomalies', sampleSecret: true });
    for (const object of objects) {
      expect(object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace).toBe('anomalies');
    }
  });
});
