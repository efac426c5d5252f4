import { Severity } from '../incidents/severity';
import { severityFromHint } from './alert-severity';

describe('the default severity map', () => {
  it.each([
    ['critical', Severity.SEV2],
    ['error', Severity.SEV3],
    ['warning', Severity.SEV4],
    ['info', Severity.SEV5],
    ['CRITICAL', Severity.SEV2],
  ])('maps %s to %s', (hint, severity) => {
    expect(severityFromHint(hint)).toBe(severity);
  });

  it('knows no severity for a hint it does not map, nor for none, so the routing default holds', () => {
    expect(severityFromHint('page')).toBeNull();
    expect(severityFromHint('toString')).toBeNull();
    expect(severityFromHint(null)).toBeNull();
  });

  it('follows a map the caller gives', () => {
    expect(severityFromHint('page', { page: Severity.SEV1 })).toBe(Severity.SEV1);
  });
});
