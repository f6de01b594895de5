import type { Silence } from '../../clients';
import { seriesKey } from '../../engine/series';
import { seriesMutes } from './silencedSeries';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const web1 = { __name__: 'http_requests', instance: 'web-1', job: 'api' };
const web2 = { __name__: 'http_requests', instance: 'web-2', job: 'api' };

function silence(
  matchers: Array<[string, '=' | '=~' | '!=', string]>,
  endsAt: string,
  state: Silence['status']['state'] = 'active'
): Silence {
  return {
    id: `s-${endsAt}`,
    status: { state },
    matchers: matchers.map(([name, op, value]) => ({ name, value, isRegex: op === '=~', isEqual: op !== '!=' })),
    startsAt: '2026-12-07T11:00:00Z',
    endsAt,
    createdBy: 'alice',
    comment: 'maintenance',
  };
}

/** When every alert of each series is silenced, as the tests below state it. */
const silencedUntil = (...args: Parameters<typeof seriesMutes>) =>
  Object.fromEntries(
    Object.entries(seriesMutes(...args)).flatMap(([key, mute]) => (mute.until === undefined ? [] : [[key, mute.until]]))
  );

describe('seriesMutes', () => {
  it('finds the series a panel mute silenced, by the alert labels the series gets', () => {
    const panelMute = silence(
      [
        ['alertname', '=', 'VigilAnomaly'],
        ['instance', '=', 'web-1'],
        ['job', '=', 'api'],
        ['metric', '=', 'http_requests'],
      ],
      '2026-12-07T13:00:00Z'
    );
    expect(silencedUntil([panelMute], [web1, web2], NOW)).toEqual({
      [seriesKey(web1)]: Date.parse('2026-12-07T13:00:00Z'),
    });
  });

  it('takes the latest end among the silences covering a series, regexes and negations included', () => {
    const silences = [
      silence([['instance', '=~', 'web-.*']], '2026-12-07T14:00:00Z'),
      silence(
        [
          ['job', '=', 'api'],
          ['instance', '!=', 'web-2'],
        ],
        '2026-12-08T00:00:00Z'
      ),
    ];
    expect(silencedUntil(silences, [web1, web2], NOW)).toEqual({
      [seriesKey(web1)]: Date.parse('2026-12-08T00:00:00Z'),
      [seriesKey(web2)]: Date.parse('2026-12-07T14:00:00Z'),
    });
  });

  it('does not count a silence of one detector or one severity: the series still alerts for the others', () => {
    const silences = [
      silence(
        [
          ['vigil_detector', '=', 'api-latency'],
          ['instance', '=', 'web-1'],
        ],
        '2026-12-07T13:00:00Z'
      ),
      silence(
        [
          ['severity', '=', 'critical'],
          ['instance', '=', 'web-1'],
        ],
        '2026-12-07T13:00:00Z'
      ),
      silence(
        [
          ['alertname', '=', 'HighLatency'],
          ['instance', '=', 'web-1'],
        ],
        '2026-12-07T13:00:00Z'
      ),
    ];
    expect(silencedUntil(silences, [web1], NOW)).toEqual({});
  });

  it('passes over a silence whose regex JavaScript cannot read, and still finds the others', () => {
    const silences = [
      silence([['instance', '=~', '(?i)DB-.*']], '2026-12-07T15:00:00Z'),
      silence([['instance', '=', 'web-1']], '2026-12-07T13:00:00Z'),
    ];
    expect(silencedUntil(silences, [web1], NOW)).toEqual({ [seriesKey(web1)]: Date.parse('2026-12-07T13:00:00Z') });
  });

  it('ignores expired and pending silences, and an active one whose end has passed since it was read', () => {
    const silences = [
      silence([['instance', '=', 'web-1']], '2026-12-07T13:00:00Z', 'expired'),
      silence([['instance', '=', 'web-1']], '2026-12-07T13:00:00Z', 'pending'),
      silence([['instance', '=', 'web-1']], '2026-12-07T11:59:00Z'),
    ];
    expect(silencedUntil(silences, [web1], NOW)).toEqual({});
  });
});
