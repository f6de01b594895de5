import { type Alert } from './alert';
import { slackMessage } from './slackMessage';

const NOW = Date.UTC(2026, 0, 1);

function alert(instance: string, endsAtMs: number): Alert {
  return {
    labels: { alertname: 'VigilAnomaly', severity: 'critical', instance },
    annotations: { summary: `cpu: ${instance} is <high> & rising` },
    startsAt: new Date(NOW - 60_000).toISOString(),
    endsAt: new Date(endsAtMs).toISOString(),
    generatorURL: 'https://g/a/vigil-anomaly-app/detectors/cpu',
  };
}

describe('slackMessage', () => {
  it('lists firing then resolved alerts with escaped summaries and links', () => {
    const message = slackMessage([alert('r', NOW), alert('f', NOW + 60_000)], NOW);
    expect(message.text).toBe('Vigil anomaly alerts: 1 firing, 1 resolved');
    expect(message.blocks.map((block) => block.text.text)).toEqual([
      '*Vigil anomaly alerts: 1 firing, 1 resolved*',
      '*FIRING* [critical] cpu: f is &lt;high&gt; &amp; rising <https://g/a/vigil-anomaly-app/detectors/cpu|open in Vigil>',
      '*RESOLVED* [critical] cpu: r is &lt;high&gt; &amp; rising <https://g/a/vigil-anomaly-app/detectors/cpu|open in Vigil>',
    ]);
  });

  it("stays within Slack's block limit", () => {
    const alerts = Array.from({ length: 100 }, (_, i) => alert(`h${i}`, NOW + 1));
    const message = slackMessage(alerts, NOW);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks[message.blocks.length - 1].text.text).toBe('_and 60 more_');
  });
});
