import { DomainError } from '../shared/domain-error';
import { LayerDefinition } from './oncall.types';
import { checkInstant, checkLayer, checkLocalDate, checkOverride, checkScheduleDefinition, checkTimeZone } from './oncall.rules';

const layer: LayerDefinition = { id: 'primary', members: ['ana', 'ben'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2026-01-05', restrictions: [], endsAt: null };

function refusal(check: () => unknown): { reason: string; field: unknown; message: string } {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) return { reason: error.reason, field: error.details.field, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('on-call input checks', () => {
  it('refuses an unknown time zone, and a fixed offset that has no DST rules', () => {
    expect(refusal(() => checkTimeZone('Mars/Olympus_Mons'))).toEqual({ reason: 'INVALID_INPUT', field: 'timeZone', message: '"Mars/Olympus_Mons" is not an IANA time zone (such as Europe/Berlin or America/New_York)' });
    expect(refusal(() => checkTimeZone('+05:30')).field).toBe('timeZone');
    expect(refusal(() => checkTimeZone(undefined)).field).toBe('timeZone');
  });

  it('accepts an IANA zone in its canonical spelling', () => {
    expect(checkTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(checkTimeZone('UTC')).toBe('UTC');
  });

  it('refuses a hand-off that is not a time', () => {
    for (const handOff of ['25:00', '9:00', '09:60', 'noon', '09:00:00']) {
      expect(refusal(() => checkLayer({ ...layer, handOff })).field).toBe('handOff');
    }
    expect(refusal(() => checkLayer({ ...layer, handOff: '24:00' })).message).toBe('handOff "24:00" is not a time: use HH:MM, 00:00 to 23:59');
  });

  it('refuses an empty member list', () => {
    expect(refusal(() => checkLayer({ ...layer, members: [] }))).toEqual({ reason: 'INVALID_INPUT', field: 'members', message: 'A layer needs at least one member' });
    expect(refusal(() => checkLayer({ ...layer, members: ['ana', ' '] })).field).toBe('members');
  });

  it('refuses a rotation longer than a year, or not a whole positive number', () => {
    expect(refusal(() => checkLayer({ ...layer, rotation: { unit: 'WEEK', length: 53 } }))).toEqual({ reason: 'INVALID_INPUT', field: 'rotation.length', message: 'A rotation lasts 1 to 52 weeks (at most a year); got 53' });
    expect(refusal(() => checkLayer({ ...layer, rotation: { unit: 'DAY', length: 367 } })).field).toBe('rotation.length');
    expect(refusal(() => checkLayer({ ...layer, rotation: { unit: 'HOUR', length: 8785 } })).field).toBe('rotation.length');
    expect(refusal(() => checkLayer({ ...layer, rotation: { unit: 'DAY', length: 0 } })).field).toBe('rotation.length');
    expect(refusal(() => checkLayer({ ...layer, rotation: { unit: 'DAY', length: 1.5 } })).field).toBe('rotation.length');
    expect(checkLayer({ ...layer, rotation: { unit: 'DAY', length: 366 } }).rotation).toEqual({ unit: 'DAY', length: 366 });
  });

  it('refuses restrictions with times or days that are not', () => {
    expect(refusal(() => checkLayer({ ...layer, restrictions: [{ kind: 'DAILY', from: '9', to: '17:00' }] })).field).toBe('restrictions.from');
    expect(refusal(() => checkLayer({ ...layer, restrictions: [{ kind: 'WEEKLY', fromDay: 1, from: '09:00', toDay: 8 as never, to: '17:00' }] })).field).toBe('restrictions.toDay');
  });

  it('refuses a start date that is not a day', () => {
    expect(refusal(() => checkLocalDate('2026-02-30', 'startDate')).field).toBe('startDate');
    expect(refusal(() => checkLocalDate('0026-01-01', 'startDate')).field).toBe('startDate');
    expect(checkLocalDate('2028-02-29', 'startDate')).toBe('2028-02-29');
  });

  it('refuses an override that ends before it starts, or when it starts', () => {
    const override = { id: 'o1', person: 'ana', from: '2026-01-06T12:00:00Z', to: '2026-01-06T11:00:00Z' };
    expect(refusal(() => checkOverride(override))).toEqual({ reason: 'INVALID_INPUT', field: 'to', message: 'An override ends after it starts: 2026-01-06T11:00:00.000Z is not after 2026-01-06T12:00:00.000Z' });
    expect(refusal(() => checkOverride({ ...override, to: '2026-01-06T13:00:00+01:00' })).field).toBe('to');
    expect(checkOverride({ ...override, to: '2026-01-06T14:00:00+01:00' })).toEqual({ ...override, from: '2026-01-06T12:00:00.000Z', to: '2026-01-06T13:00:00.000Z' });
  });

  it('refuses an instant without an offset', () => {
    expect(refusal(() => checkInstant('2026-01-06T12:00:00', 'from')).field).toBe('from');
  });

  it('refuses two layers with one id', () => {
    expect(refusal(() => checkScheduleDefinition({ timeZone: 'UTC', layers: [layer, layer], overrides: [] }))).toEqual({ reason: 'INVALID_INPUT', field: 'layer id', message: 'Two layers are named "primary"' });
  });
});
