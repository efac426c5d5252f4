import { Clock, latestDefinition, Principal, ScheduleCommand, scheduleDecider, ScheduleEvent, scheduleEventCodec, ScheduleState, scheduleStreamId } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { AccessCheck, CommandExecutor } from '../commands/command-executor';
import { checkTeamMember, TeamMembers } from '../commands/team-member';

const SWAP_COMMANDS: ReadonlySet<ScheduleCommand['type']> = new Set(['OfferShiftSwap', 'TakeShiftSwap', 'WithdrawShiftSwap']);

/**
 * Admins, and the members of the owning team (of the team named, for a new
 * schedule), change a schedule; swaps are also open to the people who rotate
 * in its layers (a follow-the-sun schedule has people of other teams).
 * Checked on the state the command is decided on. A command without a
 * principal (the command line) is the operator's.
 */
export function scheduleAccess(membersOf: TeamMembers): AccessCheck<ScheduleCommand, ScheduleState> {
  return (command, state, { principal }) => {
    if (!principal) return;
    if (command.type !== 'CreateSchedule' && !state.exists) return; // The decider answers SCHEDULE_NOT_FOUND.
    const team = command.type === 'CreateSchedule' ? command.ownerTeam.trim() : state.ownerTeam;
    if (SWAP_COMMANDS.has(command.type) && latestDefinition(state).layers.some((layer) => layer.members.includes(principal.name))) return;
    checkScheduleEditor(principal, team, membersOf);
  };
}

/** Admins and the owning team's members change a schedule (and its calendar's URL). */
export function checkScheduleEditor(principal: Principal, team: string, membersOf: TeamMembers): void {
  checkTeamMember(principal, team, membersOf, 'its schedules');
}

/** The write path for schedules: one stream per schedule. */
export class ScheduleCommandExecutor extends CommandExecutor<ScheduleCommand, ScheduleEvent, ScheduleState> {
  constructor(store: EventStore, clock: Clock, membersOf: TeamMembers) {
    super(store, clock, scheduleDecider, scheduleEventCodec, (command) => scheduleStreamId(command.scheduleId), scheduleAccess(membersOf));
  }
}
