import { secretsInConfig } from './configSecrets';

describe('secretsInConfig', () => {
  it('names every secret with the variable that sets it instead, in profiles too', () => {
    const text = [
      'prometheus_url: http://promuser:S3CRET@prom:9090/?token=Q',
      'auth: { bearer_token: B }',
      'slack_webhook_url: https://hooks.slack.com/services/T/B/S',
      'grafana: { url: https://grafana.example, token: G, datasource_uid: p }',
      'remediation: { bearer_token: R }',
      'grafana_url: https://user:pw@grafana.example',
      'profiles:',
      '  prod: { auth: { username: u, password: P }, pushgateway_url: "http://pg:9091/?api_key=K" }',
      '',
    ].join('\n');
    expect(secretsInConfig(text, 'c.yaml')).toEqual([
      "prometheus_url's credentials (use PROMETHEUS_URL)",
      'auth.bearer_token (use PROMETHEUS_BEARER_TOKEN)',
      'slack_webhook_url (use ALERT_WEBHOOK)',
      'grafana.token (use GRAFANA_TOKEN)',
      'remediation.bearer_token (use VIGIL_REMEDIATE_TOKEN)',
      "grafana_url's credentials (remove them)",
      'profiles.prod.auth.password (use PROMETHEUS_URL with user:password@)',
      "profiles.prod.pushgateway_url's credentials (use PUSHGATEWAY_URL)",
    ]);
  });

  it('passes a config without secrets: plain URLs, a user name alone, ordinary query parameters', () => {
    const text = [
      'prometheus_url: http://prom:9090/prefix?timeout=5s',
      'alertmanager_url: http://observer@am:9093',
      'metrics: ["rate(password_resets_total[5m])"]',
      'mutes: [{ matchers: \'{job="token-service"}\', comment: token rotation }]',
      '',
    ].join('\n');
    expect(secretsInConfig(text, 'c.yaml')).toEqual([]);
  });
});
