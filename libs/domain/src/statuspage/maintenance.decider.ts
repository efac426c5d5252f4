import { checkSlug } from '../catalogue/catalogue.rules';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkOptionalText, checkText } from '../shared/field-rules';
import { MaintenanceEvent, MaintenanceWindow } from './maintenance.events';
import { STATUSPAGE_LIMITS } from './statuspage.limits';
import { MAINTENANCE_STATUSES, MaintenanceStatus, PUBLIC_IMPACTS, PublicImpact } from './statuspage.types';

/** What the ledger says when it starts or completes a maintenance on time: Statuspage's own wording. */
export const AUTOMATIC_MAINTENANCE_MESSAGES: Readonly<Record<'in_progress' | 'completed', string>> = {
  in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
  completed: 'The scheduled maintenance has been completed.',
};

const DAY_MS = 86_400_000;

interface MaintenanceCommandBase {
  maintenanceId: string;
  actor: string;
}

export type MaintenanceCommand = MaintenanceCommandBase &
  (
    | ({ type: 'ScheduleMaintenance'; name: string; message: string; impact: PublicImpact; components: readonly string[]; autoStart: boolean; autoComplete: boolean } & MaintenanceWindow)
    /** `expected`: the ledger's own move on time, taken only from that status (a person may have moved it already). */
    | { type: 'UpdateMaintenance'; status: MaintenanceStatus; message: string | null; automatic?: { expected: MaintenanceStatus } }
    | ({ type: 'RescheduleMaintenance' } & MaintenanceWindow)
    | { type: 'CancelMaintenance'; reason?: string | null }
  );

export type MaintenanceState =
  | { readonly exists: false }
  | { readonly exists: true; readonly status: MaintenanceStatus; readonly cancelled: boolean; readonly window: MaintenanceWindow; readonly autoStart: boolean; readonly autoComplete: boolean };

export function evolveMaintenance(state: MaintenanceState, event: MaintenanceEvent): MaintenanceState {
  if (event.type === 'MaintenanceScheduled') {
    const { scheduledFor, scheduledUntil, autoStart, autoComplete } = event.data;
    return { exists: true, status: 'scheduled', cancelled: false, window: { scheduledFor, scheduledUntil }, autoStart, autoComplete };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'MaintenanceUpdated':
      return { ...state, status: event.data.status };
    case 'MaintenanceRescheduled':
      return { ...state, window: { scheduledFor: event.data.scheduledFor, scheduledUntil: event.data.scheduledUntil } };
    case 'MaintenanceCancelled':
      return { ...state, cancelled: true };
  }
}

export function decideMaintenance(command: MaintenanceCommand, state: MaintenanceState, now: Date): MaintenanceEvent[] {
  const stamp = { maintenanceId: command.maintenanceId, at: now.toISOString(), by: command.actor };
  if (command.type === 'ScheduleMaintenance') {
    if (state.exists) throw new DomainError('MAINTENANCE_EXISTS', `Maintenance ${command.maintenanceId} already exists`, { field: 'id' });
    checkSlug(command.maintenanceId, 'id');
    if (!PUBLIC_IMPACTS.includes(command.impact)) throw invalidInput('impact', `impact must be one of ${PUBLIC_IMPACTS.join(', ')}`);
    return [
      {
        type: 'MaintenanceScheduled',
        data: {
          ...stamp,
          ...checkWindow(command, now),
          name: checkText(command.name, 'name', STATUSPAGE_LIMITS.name),
          message: checkText(command.message, 'message', STATUSPAGE_LIMITS.message),
          impact: command.impact,
          components: checkComponentIds(command.components),
          autoStart: command.autoStart,
          autoComplete: command.autoComplete,
        },
      },
    ];
  }
  if (!state.exists) throw new DomainError('MAINTENANCE_NOT_FOUND', `No maintenance ${command.maintenanceId}`);
  if (command.type === 'UpdateMaintenance' && command.automatic && (state.cancelled || state.status !== command.automatic.expected)) return [];
  if (state.cancelled) throw new DomainError('MAINTENANCE_OVER', `Maintenance ${command.maintenanceId} was cancelled`);
  if (state.status === 'completed') throw new DomainError('MAINTENANCE_OVER', `Maintenance ${command.maintenanceId} is completed`);
  switch (command.type) {
    case 'UpdateMaintenance':
      return [{ type: 'MaintenanceUpdated', data: { ...stamp, status: checkMove(state.status, command.status), message: messageOf(command), automatic: command.automatic !== undefined } }];
    case 'RescheduleMaintenance': {
      const window = checkWindow(command, now);
      // Once it runs, its start is history: only its end can move.
      if (state.status !== 'scheduled' && window.scheduledFor !== state.window.scheduledFor) throw new DomainError('MAINTENANCE_STARTED', `Maintenance ${command.maintenanceId} has started: only its end can move`, { field: 'scheduledFor' });
      const same = window.scheduledFor === state.window.scheduledFor && window.scheduledUntil === state.window.scheduledUntil;
      return same ? [] : [{ type: 'MaintenanceRescheduled', data: { ...stamp, ...window } }];
    }
    case 'CancelMaintenance':
      if (state.status !== 'scheduled') throw new DomainError('MAINTENANCE_STARTED', `Maintenance ${command.maintenanceId} has started: complete it instead`);
      return [{ type: 'MaintenanceCancelled', data: { ...stamp, reason: checkOptionalText(command.reason, 'reason', STATUSPAGE_LIMITS.reason) } }];
  }
}

/** Forward only (steps may be skipped), or a note in the same status. */
function checkMove(from: MaintenanceStatus, to: MaintenanceStatus): MaintenanceStatus {
  if (!MAINTENANCE_STATUSES.includes(to)) throw invalidInput('status', `status must be one of ${MAINTENANCE_STATUSES.join(', ')}`);
  if (MAINTENANCE_STATUSES.indexOf(to) < MAINTENANCE_STATUSES.indexOf(from)) throw new DomainError('MAINTENANCE_STATUS_BACKWARDS', `A maintenance ${from.replace('_', ' ')} cannot go back to ${to.replace('_', ' ')}`, { field: 'status' });
  return to;
}

/** A person writes their update; the ledger's own moves say what Statuspage says. */
function messageOf(command: { status: MaintenanceStatus; message: string | null; automatic?: unknown }): string {
  if (command.automatic && (command.status === 'in_progress' || command.status === 'completed')) return AUTOMATIC_MAINTENANCE_MESSAGES[command.status];
  return checkText(command.message, 'message', STATUSPAGE_LIMITS.message);
}

function checkWindow(window: MaintenanceWindow, now: Date): MaintenanceWindow {
  const from = parseTime(window.scheduledFor, 'scheduledFor');
  const until = parseTime(window.scheduledUntil, 'scheduledUntil');
  if (until <= from) throw invalidInput('scheduledUntil', 'scheduledUntil must be after scheduledFor');
  if (until - from > STATUSPAGE_LIMITS.maintenanceDays * DAY_MS) throw invalidInput('scheduledUntil', `A maintenance window is at most ${STATUSPAGE_LIMITS.maintenanceDays} days`);
  if (until <= now.getTime()) throw invalidInput('scheduledUntil', 'That window is over already');
  return { scheduledFor: new Date(from).toISOString(), scheduledUntil: new Date(until).toISOString() };
}

function parseTime(value: string, field: string): number {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) throw invalidInput(field, `${field} must be an ISO-8601 date and time, such as 2026-12-24T02:00:00Z`);
  return time;
}

function checkComponentIds(components: readonly string[]): string[] {
  if (components.length > STATUSPAGE_LIMITS.components) throw invalidInput('components', `A maintenance affects at most ${STATUSPAGE_LIMITS.components} components`);
  return [...new Set(components.map((id, i) => checkSlug(id, `components[${i}]`)))].sort();
}

export const maintenanceDecider: Decider<MaintenanceCommand, MaintenanceEvent, MaintenanceState> = {
  decide: decideMaintenance,
  evolve: evolveMaintenance,
  initialState: { exists: false },
};
