import { IncidentMoments, IncidentTimestamp } from './incident-timestamp';
import { PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS, timestampWarnings } from './incident.warnings';

const declaredAt = '2026-12-01T10:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(declaredAt) - ms).toISOString();
const moments = (times: Partial<IncidentMoments>): IncidentMoments => ({
  [IncidentTimestamp.IMPACT_STARTED]: null,
  [IncidentTimestamp.DETECTED]: declaredAt,
  [IncidentTimestamp.ACKNOWLEDGED]: null,
  [IncidentTimestamp.MITIGATED]: null,
  [IncidentTimestamp.RESOLVED]: null,
  ...times,
});

describe('timestamp warnings', () => {
  it('has none for an incident whose moments lie within a week of its declaration', () => {
    expect(timestampWarnings(declaredAt, moments({}))).toEqual([]);
    expect(
      timestampWarnings(declaredAt, moments({ IMPACT_STARTED: before(PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS), DETECTED: before(60 * 60_000) })),
    ).toEqual([]);
  });

  it('warns of an impact start more than a week before the declaration, as an old example date gives', () => {
    const warnings = timestampWarnings(declaredAt, moments({ IMPACT_STARTED: '2026-01-01T09:55:00.000Z' }));
    expect(warnings).toEqual([
      {
        code: 'LONG_BEFORE_DECLARATION',
        timestamp: IncidentTimestamp.IMPACT_STARTED,
        message:
          'The impact start (2026-01-01T09:55:00.000Z) lies 334 days before the declaration (2026-12-01T10:00:00.000Z): ' +
          'check its date, and correct it with correctIncidentTimestamp if it is wrong; the metrics measure from it',
      },
    ]);
  });

  it('warns of each moment that lies too far back, in the order of the moments', () => {
    const longAgo = before(PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS + 1);
    const warnings = timestampWarnings(declaredAt, moments({ IMPACT_STARTED: before(30 * 86_400_000), DETECTED: longAgo }));
    expect(warnings).toEqual([
      expect.objectContaining({ timestamp: IncidentTimestamp.IMPACT_STARTED, message: expect.stringMatching(/^The impact start \(.*\) lies 30 days before/) }),
      expect.objectContaining({ timestamp: IncidentTimestamp.DETECTED, message: expect.stringMatching(/^The detection \(.*\) lies 7 days before/) }),
    ]);
  });
});
