import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './loadConfig';

const dir = mkdtempSync(join(tmpdir(), 'vigil-activities-'));
function load(text: string) {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return loadConfig(file, { env: {}, requireDetectors: false });
}

describe('activities in the config', () => {
  it('reads every action type with its guard rails', () => {
    const config = load(`activities:
  - name: restart
    match: '{vigil_detector="api", severity="critical"}'
    action: { type: rollout_restart, kind: Deployment, namespace: prod, name: "{{ service }}" }
    cooldown: 30m
    max_actions_per_hour: 3
  - name: run
    match: ['vigil_detector=~"db-.*"']
    action: { type: command, argv: [/usr/local/bin/fix, "{{ instance }}"], timeout: 5s }
`);
    expect(config.activities).toEqual([
      expect.objectContaining({
        name: 'restart',
        cooldownMs: 30 * 60_000,
        maxActionsPerHour: 3,
        action: { type: 'rollout_restart', kind: 'Deployment', namespace: 'prod', name: '{{ service }}' },
      }),
      expect.objectContaining({
        name: 'run',
        cooldownMs: 10 * 60_000,
        maxActionsPerHour: 6,
        action: { type: 'command', argv: ['/usr/local/bin/fix', '{{ instance }}'], timeoutMs: 5000 },
      }),
    ]);
  });

  it.each([
    [
      'a scale outside its bounds',
      'match: \'x="y"\'\n    action: { type: scale, kind: Deployment, namespace: a, name: b, replicas: 9, min: 1, max: 4 }',
      ':4: activities[0].action.replicas: replicas must lie within min..max',
    ],
    [
      'a bad matcher',
      "action: { type: webhook, url: 'http://x' }\n    match: 'severity=~\"(\"'",
      ':4: activities[0].match: invalid regular expression',
    ],
    [
      'an unknown key',
      "match: 'x=\"y\"'\n    action: { type: webhook, url: 'http://x', retries: 3 }",
      ':4: activities[0].action: unknown key(s) retries',
    ],
    [
      'a malformed template',
      "match: 'x=\"y\"'\n    action: { type: command, argv: ['{{ instance'] }",
      ':4: activities[0].action.argv[0]: malformed placeholder',
    ],
  ])('names file:line and key for %s', (_, body, expected) => {
    expect(() => load(`activities:\n  - name: a\n    ${body}\n`)).toThrow(expected);
  });

  it('takes a Git author only as "Name <email>", naming file:line and key otherwise (exit 2)', () => {
    const git = (author: string) => `remediation:\n  git:\n    repository: /srv/record\n    author: '${author}'\n`;
    expect(load(git('Vigil Bot <bot@example.com>')).settings.remediation.git?.author).toBe(
      'Vigil Bot <bot@example.com>'
    );
    for (const author of ['vigil', 'vigil <>', '<vigil@example.com>', 'vigil <a b@example.com>']) {
      let error: unknown;
      try {
        load(git(author));
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        exitCode: 2,
        message: `${join(dir, 'config.yaml')}:4: remediation.git.author: must be "Name <email>", e.g. "vigil remediate <vigil@example.com>"`,
      });
    }
  });
});
