import { newEventId } from './event-ids';

describe('event ids', () => {
  it('are version 7 UUIDs carrying their time', () => {
    const at = Date.parse('2026-11-24T13:00:00.123Z');
    const id = newEventId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by the time they were made', () => {
    const ids = [0, 1, 2, 1_000, 86_400_000].map((offset) => newEventId(Date.parse('2026-01-01T00:00:00Z') + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it('do not repeat, within one millisecond and across the random pool', () => {
    const ids = Array.from({ length: 2_000 }, () => newEventId(1_800_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
