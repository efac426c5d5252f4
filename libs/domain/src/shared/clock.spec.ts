import { FileClock } from './clock';

describe('FileClock', () => {
  it('reads the instant the file holds at each call', () => {
    let text = '2027-03-22T00:00:00.000Z';
    const clock = new FileClock('clock', () => text);
    expect(clock.now().toISOString()).toBe('2027-03-22T00:00:00.000Z');
    text = '2027-03-25T00:00:01Z\n';
    expect(clock.now().toISOString()).toBe('2027-03-25T00:00:01.000Z');
  });

  it('reads an empty file, caught while it is rewritten in place, as the time not moved yet', () => {
    let text = '2027-03-22T07:00:00.000Z';
    const clock = new FileClock('clock', () => text);
    clock.now();
    text = '';
    expect(clock.now().toISOString()).toBe('2027-03-22T07:00:00.000Z');
  });

  it('refuses a file that holds something else, or nothing before it ever held an instant', () => {
    expect(() => new FileClock('clock', () => 'tomorrow').now()).toThrow('does not hold an ISO-8601 instant: "tomorrow"');
    expect(() => new FileClock('clock', () => '').now()).toThrow('does not hold an ISO-8601 instant');
  });
});
