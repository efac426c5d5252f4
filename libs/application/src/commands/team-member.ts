import { AccessRole, Principal } from '@incident-ledger/domain';

/** The members of a team, as the catalogue has them now (none for a team it does not know). */
export type TeamMembers = (team: string) => readonly string[];

/** The caller is neither an admin nor a member of the team that owns what they would change (a schedule, an integration's service, an escalation policy). */
export class NotTeamMemberError extends Error {
  constructor(
    readonly person: string,
    readonly team: string,
    /** What the team owns, for the message: "its schedules". */
    readonly owned: string,
  ) {
    super(`Only admins and members of team ${team} change ${owned}; ${person} is not a member`);
    this.name = 'NotTeamMemberError';
  }
}

/** Admins, and members of `team`, may change what `team` owns. */
export function checkTeamMember(principal: Principal, team: string, membersOf: TeamMembers, owned: string): void {
  if (principal.role !== AccessRole.ADMIN && !membersOf(team).includes(principal.name)) throw new NotTeamMemberError(principal.name, team, owned);
}
