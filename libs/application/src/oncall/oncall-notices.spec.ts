import { parseShiftReminders, shiftRemindersProblem } from './oncall-notices';

describe('SHIFT_REMINDERS', () => {
  it('reads hours before a shift, longest first, or off', () => {
    expect(parseShiftReminders('1h, 24h,1h')).toEqual([24, 1]);
    expect(parseShiftReminders('off')).toEqual([]);
    expect(shiftRemindersProblem('24h,1h')).toBeNull();
  });

  it('names what it cannot read', () => {
    expect(shiftRemindersProblem('24h,30m')).toContain('"30m"');
    expect(shiftRemindersProblem('0h')).toContain('"0h"');
    expect(shiftRemindersProblem('200h')).toContain('"200h"');
    expect(shiftRemindersProblem('')).toContain('""');
  });
});
