import { PersistentMap } from './persistent-map';

describe('persistent map', () => {
  it('leaves the version it was set on as it was', () => {
    const before = PersistentMap.from(Array.from({ length: 1_000 }, (_, i) => [`service-${i}`, i] as const));
    const after = before.set('service-7', 70).set('new', 1);
    expect([before.get('service-7'), before.has('new'), before.size]).toEqual([7, false, 1_000]);
    expect([after.get('service-7'), after.get('new'), after.size]).toEqual([70, 1, 1_001]);
    expect([...after.values()].reduce((sum, value) => sum + value, 0)).toBe((999 * 1_000) / 2 - 7 + 70 + 1);
  });

  it('deletes into a new version, leaving the old one whole', () => {
    const before = PersistentMap.from([['a', 1], ['b', 2]] as const);
    const after = before.delete('a');
    expect([after.has('a'), after.size, [...after.values()]]).toEqual([false, 1, [2]]);
    expect([before.get('a'), before.size]).toEqual([1, 2]);
    expect(after.delete('missing')).toBe(after);
  });

  it('starts empty', () => {
    const map = PersistentMap.empty<number>();
    expect([map.size, map.get('x'), [...map.entries()]]).toEqual([0, undefined, []]);
  });
});
