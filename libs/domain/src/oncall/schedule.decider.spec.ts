import { DomainError } from '../shared/domain-error';
import { NewLayer, ScheduleCommand } from './schedule.commands';
import { decideSchedule, evolveSchedule, initialScheduleState, latestDefinition, ScheduleState } from './schedule.decider';
import { onCallAt, renderSchedule } from './schedule.renderer';

// Europe/Berlin in January is CET (+01:00): a 09:00 hand-off is 08:00Z.
const weekly = (members: string[], handOff = '09:00'): NewLayer => ({ name: 'Primary', members, rotation: { unit: 'WEEK', length: 1 }, handOff, startDate: '2026-01-05' });
const create = (layers: NewLayer[] = [weekly(['ann', 'bob'])]): ScheduleCommand => ({ type: 'CreateSchedule', scheduleId: 'payments', name: 'Payments', ownerTeam: 'payments', timeZone: 'Europe/Berlin', layers, actor: 'admin' });

/** Runs each command at its own instant on the state the ones before left, as the executor would. */
function history(...steps: [string, ScheduleCommand][]): ScheduleState {
  return steps.reduce((state, [at, command]) => decideSchedule(command, state, new Date(at)).reduce(evolveSchedule, state), initialScheduleState);
}

function refusal(state: ScheduleState, at: string, command: ScheduleCommand): DomainError {
  try {
    decideSchedule(command, state, new Date(at));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the command was accepted');
}

const who = (state: ScheduleState, at: string) => onCallAt(state.timeline, at)?.person ?? null;
const cmd = <C extends ScheduleCommand['type']>(type: C, fields: object) => ({ type, scheduleId: 'payments', actor: 'ann', ...fields }) as ScheduleCommand;

describe('schedule decider', () => {
  it('creates a schedule with its layers, numbered in order, in force from their creation on', () => {
    const state = history(['2026-01-01T00:00:00Z', create([weekly(['ann', 'bob']), { ...weekly(['cat']), name: 'Nights' }])]);
    expect(latestDefinition(state).layers.map((layer) => [layer.id, layer.name])).toEqual([['layer-1', 'Primary'], ['layer-2', 'Nights']]);
    expect(who(state, '2025-12-31T12:00:00Z')).toBeNull();
    expect(who(state, '2026-01-06T12:00:00Z')).toBe('cat');
  });

  it('refuses bad input naming the field, and writes nothing', () => {
    const cases: [ScheduleCommand, string][] = [
      [{ ...create(), timeZone: 'Mars/Olympus' } as ScheduleCommand, 'timeZone'],
      [create([{ ...weekly(['ann']), handOff: '25:00' }]), 'handOff'],
      [create([{ ...weekly(['ann']), handOff: 'noon' }]), 'handOff'],
      [create([weekly([])]), 'members'],
      [create([{ ...weekly(['ann']), rotation: { unit: 'WEEK', length: 53 } }]), 'rotation.length'],
      [create([{ ...weekly(['ann']), rotation: { unit: 'DAY', length: 367 } }]), 'rotation.length'],
      [create([{ ...weekly(['ann']), timeZone: '+05:30' }]), 'layer.timeZone'],
    ];
    for (const [command, field] of cases) {
      const error = refusal(initialScheduleState, '2026-01-01T00:00:00Z', command);
      expect([error.reason, error.details.field]).toEqual(['INVALID_INPUT', field]);
    }
  });

  it('an edit takes effect from its instant: who was on call before answers as it was', () => {
    const before = history(['2026-01-01T00:00:00Z', create()]);
    const edited = history(
      ['2026-01-01T00:00:00Z', create()],
      ['2026-01-14T00:00:00Z', cmd('ChangeScheduleLayer', { layerId: 'layer-1', changes: { members: ['dan'] } })],
    );
    // ann had the first week, bob the second: the edit on the 14th leaves both as they were.
    for (const at of ['2026-01-06T12:00:00Z', '2026-01-13T12:00:00Z']) expect(who(edited, at)).toBe(who(before, at));
    expect(who(edited, '2026-01-13T12:00:00Z')).toBe('bob');
    expect(who(edited, '2026-01-14T12:00:00Z')).toBe('dan');
  });

  it('a change planned for later keeps what is added meanwhile', () => {
    const state = history(
      ['2026-01-01T00:00:00Z', create()],
      ['2026-01-02T00:00:00Z', cmd('ChangeScheduleLayer', { layerId: 'layer-1', changes: { members: ['dan'] }, effectiveFrom: '2026-02-02T08:00:00Z' })],
      ['2026-01-03T00:00:00Z', cmd('AddScheduleOverride', { person: 'eve', from: '2026-02-10T00:00:00Z', to: '2026-02-11T00:00:00Z' })],
    );
    // ann from the 5th, bob from the 12th, ann from the 19th, bob from the 26th.
    expect(who(state, '2026-01-27T12:00:00Z')).toBe('bob');
    expect(who(state, '2026-02-03T12:00:00Z')).toBe('dan');
    expect(who(state, '2026-02-10T12:00:00Z')).toBe('eve');
  });

  it('refuses to change the past: a change from before now, an override that ended', () => {
    const state = history(['2026-01-01T00:00:00Z', create()]);
    const now = '2026-01-10T00:00:00Z';
    expect(refusal(state, now, cmd('ChangeScheduleLayer', { layerId: 'layer-1', changes: { handOff: '10:00' }, effectiveFrom: '2026-01-09T00:00:00Z' })).details.field).toBe('effectiveFrom');
    expect(refusal(state, now, cmd('AddScheduleOverride', { person: 'eve', from: '2026-01-08T00:00:00Z', to: '2026-01-09T00:00:00Z' })).details.field).toBe('to');
    expect(refusal(state, now, cmd('AddScheduleOverride', { person: 'eve', from: '2026-01-12T00:00:00Z', to: '2026-01-11T00:00:00Z' })).details.field).toBe('to');
  });

  it('an override removed stops counting from its removal, not before', () => {
    const state = history(
      ['2026-01-01T00:00:00Z', create()],
      ['2026-01-02T00:00:00Z', cmd('AddScheduleOverride', { person: 'eve', from: '2026-01-06T00:00:00Z', to: '2026-01-08T00:00:00Z' })],
      ['2026-01-07T00:00:00Z', cmd('RemoveScheduleOverride', { overrideId: 'override-1' })],
    );
    expect(who(state, '2026-01-06T12:00:00Z')).toBe('eve');
    expect(who(state, '2026-01-07T12:00:00Z')).toBe('ann');
    expect(refusal(state, '2026-01-07T00:00:00Z', cmd('RemoveScheduleOverride', { overrideId: 'override-1' })).reason).toBe('OVERRIDE_NOT_FOUND');
  });

  it('reorders layers: the new highest wins from then on', () => {
    const state = history(
      ['2026-01-01T00:00:00Z', create([weekly(['ann']), { ...weekly(['cat']), name: 'Second' }])],
      ['2026-01-10T00:00:00Z', cmd('ReorderScheduleLayers', { order: ['layer-2', 'layer-1'] })],
    );
    expect(who(state, '2026-01-09T00:00:00Z')).toBe('cat');
    expect(who(state, '2026-01-11T00:00:00Z')).toBe('ann');
    expect(refusal(state, '2026-01-11T00:00:00Z', cmd('ReorderScheduleLayers', { order: ['layer-1'] })).details.field).toBe('order');
  });

  it('ends a layer: nobody from it after its end, and it cannot be changed any more', () => {
    const state = history(
      ['2026-01-01T00:00:00Z', create([weekly(['ann']), { ...weekly(['cat']), name: 'Top' }])],
      ['2026-01-10T00:00:00Z', cmd('EndScheduleLayer', { layerId: 'layer-2', endsAt: '2026-01-12T00:00:00Z' })],
    );
    expect(who(state, '2026-01-11T00:00:00Z')).toBe('cat');
    expect(who(state, '2026-01-12T00:00:00Z')).toBe('ann');
    expect(refusal(state, '2026-01-13T00:00:00Z', cmd('ChangeScheduleLayer', { layerId: 'layer-2', changes: { members: ['dan'] } })).reason).toBe('LAYER_ENDED');
    expect(refusal(state, '2026-01-13T00:00:00Z', cmd('ChangeScheduleLayer', { layerId: 'layer-9', changes: {} })).reason).toBe('LAYER_NOT_FOUND');
  });

  describe('shift swaps', () => {
    // A daily rotation (ann, bob) handing off at 09:00 Berlin (08:00Z), and ann on an override 08:00Z–11:00Z on the 7th:
    // ann is on call from the 6th 08:00Z (her day) through the hand-off on the 7th until 11:00Z.
    const daily: NewLayer = { name: 'Days', members: ['ann', 'bob'], rotation: { unit: 'DAY', length: 1 }, handOff: '09:00', startDate: '2026-01-06' };
    const setUp = history(
      ['2026-01-01T00:00:00Z', create([daily])],
      ['2026-01-01T00:00:00Z', cmd('AddScheduleOverride', { person: 'ann', from: '2026-01-07T08:00:00Z', to: '2026-01-07T11:00:00Z' })],
    );

    it('a swap that crosses a hand-off puts the taker on call for all of it, and the rota after it', () => {
      const offered = decideSchedule(cmd('OfferShiftSwap', { person: 'ann', from: '2026-01-07T02:00:00Z', to: '2026-01-07T11:00:00Z' }), setUp, new Date('2026-01-02T00:00:00Z')).reduce(evolveSchedule, setUp);
      expect(offered.swaps.map((swap) => [swap.swapId, swap.status])).toEqual([['swap-1', 'OFFERED']]);
      const taken = decideSchedule(cmd('TakeShiftSwap', { swapId: 'swap-1', person: 'cat' }), offered, new Date('2026-01-03T00:00:00Z')).reduce(evolveSchedule, offered);
      expect(taken.swaps[0]).toMatchObject({ status: 'TAKEN', takenBy: 'cat', overrideId: 'override-2' });
      // The next override is numbered after the swap's, not given its id again.
      const [next] = decideSchedule(cmd('AddScheduleOverride', { person: 'dan', from: '2026-01-20T00:00:00Z', to: '2026-01-21T00:00:00Z' }), taken, new Date('2026-01-03T00:00:00Z'));
      expect(next).toMatchObject({ type: 'ScheduleOverrideAdded', data: { override: { id: 'override-3' } } });
      expect(who(taken, '2026-01-07T01:59:00Z')).toBe('ann');
      expect(who(taken, '2026-01-07T07:59:00Z')).toBe('cat');
      expect(who(taken, '2026-01-07T08:00:00Z')).toBe('cat');
      expect(who(taken, '2026-01-07T11:00:00Z')).toBe('bob');
      expect(renderSchedule(taken.timeline, '2026-01-07T00:00:00Z', '2026-01-07T12:00:00Z').final.map((shift) => [shift.person, shift.from, shift.to])).toEqual([
        ['ann', '2026-01-07T00:00:00.000Z', '2026-01-07T02:00:00.000Z'],
        ['cat', '2026-01-07T02:00:00.000Z', '2026-01-07T11:00:00.000Z'],
        ['bob', '2026-01-07T11:00:00.000Z', '2026-01-07T12:00:00.000Z'],
      ]);
    });

    it('refuses a swap of a shift that is not yours, or of the past, naming the field', () => {
      const now = new Date('2026-01-02T00:00:00Z');
      // bob's day starts at 08:00Z on the 7th, but ann's override keeps it hers until 11:00Z.
      expect(() => decideSchedule(cmd('OfferShiftSwap', { person: 'bob', from: '2026-01-07T09:00:00Z', to: '2026-01-07T12:00:00Z' }), setUp, now)).toThrow(
        expect.objectContaining({ reason: 'INVALID_INPUT', details: { field: 'person' } }),
      );
      expect(() => decideSchedule(cmd('OfferShiftSwap', { person: 'ann', from: '2026-01-01T09:00:00Z', to: '2026-01-01T12:00:00Z' }), setUp, now)).toThrow(
        expect.objectContaining({ details: { field: 'from' } }),
      );
    });

    it('an offer nobody took expires at its start; a taken or withdrawn one cannot be taken again', () => {
      const offered = history(
        ['2026-01-01T00:00:00Z', create([daily])],
        ['2026-01-02T00:00:00Z', cmd('OfferShiftSwap', { person: 'ann', from: '2026-01-06T08:00:00Z', to: '2026-01-06T20:00:00Z' })],
      );
      expect(refusal(offered, '2026-01-06T08:00:00Z', cmd('TakeShiftSwap', { swapId: 'swap-1', person: 'bob' })).reason).toBe('SWAP_NOT_OPEN');
      expect(refusal(offered, '2026-01-03T00:00:00Z', cmd('TakeShiftSwap', { swapId: 'swap-1', person: 'ann' })).details.field).toBe('person');
      expect(refusal(offered, '2026-01-03T00:00:00Z', cmd('TakeShiftSwap', { swapId: 'swap-7', person: 'bob' })).reason).toBe('SWAP_NOT_FOUND');
      const withdrawn = decideSchedule(cmd('WithdrawShiftSwap', { swapId: 'swap-1' }), offered, new Date('2026-01-03T00:00:00Z')).reduce(evolveSchedule, offered);
      expect(refusal(withdrawn, '2026-01-03T00:00:00Z', cmd('TakeShiftSwap', { swapId: 'swap-1', person: 'bob' })).reason).toBe('SWAP_NOT_OPEN');
      expect(who(withdrawn, '2026-01-06T12:00:00Z')).toBe('ann');
    });
  });

  it('refuses commands on a schedule that does not exist, and a second schedule of one id', () => {
    expect(refusal(initialScheduleState, '2026-01-01T00:00:00Z', cmd('RenameSchedule', { name: 'x' })).reason).toBe('SCHEDULE_NOT_FOUND');
    expect(refusal(history(['2026-01-01T00:00:00Z', create()]), '2026-01-01T00:00:00Z', create()).reason).toBe('SCHEDULE_EXISTS');
  });

  describe('notices', () => {
    const state = history(['2026-01-01T00:00:00Z', create()]);
    const remind = (hoursBefore: number, person = 'bob', shiftFrom = '2026-01-12T08:00:00.000Z') =>
      cmd('SendShiftReminder', { person, shiftFrom, shiftTo: '2026-01-19T08:00:00.000Z', hoursBefore, actor: 'oncall-notices' });

    it('reminds of a shift once per lead, and not of a shift that is not (or no longer) so', () => {
      const now = new Date('2026-01-11T08:00:00Z');
      const [sentEvent] = decideSchedule(remind(24), state, now);
      expect(sentEvent).toMatchObject({ type: 'ShiftReminderSent', data: { person: 'bob', shiftFrom: '2026-01-12T08:00:00.000Z', hoursBefore: 24 } });
      const after = evolveSchedule(state, sentEvent);
      expect(decideSchedule(remind(24), after, now)).toEqual([]);
      expect(decideSchedule(remind(1), after, new Date('2026-01-12T07:00:00Z'))).toHaveLength(1);
      // ann's week is not bob's; a shift that started is not reminded of.
      expect(decideSchedule(remind(24, 'ann'), state, now)).toEqual([]);
      expect(decideSchedule(remind(24), state, new Date('2026-01-12T08:00:00Z'))).toEqual([]);
      // The notices are not a change of the schedule.
      expect(after.updatedAt).toBe(state.updatedAt);
    });

    it('warns of a gap once, while it is still one', () => {
      const ending = history(
        ['2026-01-01T00:00:00Z', create()],
        ['2026-01-02T00:00:00Z', cmd('EndScheduleLayer', { layerId: 'layer-1', endsAt: '2026-01-10T00:00:00Z' })],
      );
      const warn = cmd('WarnScheduleGap', { gapFrom: '2026-01-10T00:00:00.000Z', gapTo: null, actor: 'oncall-notices' });
      const now = new Date('2026-01-05T00:00:00Z');
      const [warned] = decideSchedule(warn, ending, now);
      expect(warned).toMatchObject({ type: 'ScheduleGapWarned', data: { gapFrom: '2026-01-10T00:00:00.000Z', gapTo: null } });
      expect(decideSchedule(warn, evolveSchedule(ending, warned), now)).toEqual([]);
      // Where somebody is on call, there is no gap to warn of.
      expect(decideSchedule(warn, state, now)).toEqual([]);
    });
  });
});
