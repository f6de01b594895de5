import type { Silence } from '../../clients';
import { alertSilences } from './alertSilences';
import { alertmanagerAlert } from './alertTestData';

function silence(id: string, createdBy: string, comment = ''): Silence {
  return {
    id,
    status: { state: 'active' },
    matchers: [{ name: 'job', value: 'vigil-demo', isRegex: false, isEqual: true }],
    startsAt: '2026-01-11T07:00:00.000Z',
    endsAt: '2026-01-11T19:00:00.000Z',
    createdBy,
    comment,
  };
}

function mutedBy(...ids: string[]) {
  const alert = alertmanagerAlert({ alertname: 'VigilAnomaly', instance: 'web-1' }, {}, 'suppressed');
  return { ...alert, status: { ...alert.status, silencedBy: ids } };
}

describe('alertSilences', () => {
  const ours = silence('ours', 'vigil');
  const alices = silence('alices', 'alice', 'Planned maintenance CHG-42');
  const all = [ours, alices, silence('unrelated', 'vigil')];

  it("gives Unmute only Vigil's silences and keeps someone else's apart", () => {
    expect(alertSilences(mutedBy('alices'), all)).toEqual({ vigil: [], others: [alices], unknownIds: [] });
    expect(alertSilences(mutedBy('ours', 'alices'), all)).toEqual({ vigil: [ours], others: [alices], unknownIds: [] });
  });

  it('keeps the ids of silences it was not given, rather than dropping them', () => {
    expect(alertSilences(mutedBy('ours', 'new'), all)).toEqual({ vigil: [ours], others: [], unknownIds: ['new'] });
  });

  it('finds none for an alert that is not silenced', () => {
    expect(alertSilences(alertmanagerAlert({ alertname: 'VigilAnomaly' }), all)).toEqual({
      vigil: [],
      others: [],
      unknownIds: [],
    });
  });
});
