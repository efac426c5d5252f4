import { Severity } from '../incidents/severity';
import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { AlertStatus, NormalisedAlert } from './alert.types';
import { AlertGroupEvent, AlertGroupStatus, RecordedAlert } from './alert-group.events';

interface AlertGroupCommandBase {
  alertGroupId: string;
  actor: string;
}

/** Where a group's alerts go, decided by the integration's routing rules for its most severe firing alert. */
export interface AlertGroupRoute {
  readonly service: string;
  readonly severity: Severity;
  readonly title: string;
}

export type AlertGroupCommand = AlertGroupCommandBase &
  (
    | {
        type: 'ReceiveAlerts';
        integrationId: string;
        groupKey: string;
        alerts: readonly NormalisedAlert[];
        truncatedAlerts: number;
        /** The sender says the whole group resolved, what it left out included (see AlertBatch). */
        groupResolved: boolean;
        route: AlertGroupRoute;
      }
    | { type: 'AcknowledgeAlertGroup' }
    | { type: 'LinkAlertGroupToIncident'; incidentId: string; episode: number }
  );

export type AlertGroupState =
  | { readonly exists: false; readonly episode: 0 }
  | {
      readonly exists: true;
      readonly integrationId: string;
      readonly groupKey: string;
      readonly status: AlertGroupStatus;
      /** Counts from 1: each time the group is triggered again after it resolved. */
      readonly episode: number;
      readonly route: AlertGroupRoute;
      /** The incident of the current episode, or of the last one when none is linked yet. */
      readonly incidentId: string | null;
      /** The incident of the current episode only. */
      readonly incidentEpisode: number;
      /** Every alert the group ever had, by fingerprint, with its latest status. */
      readonly alerts: ReadonlyMap<string, AlertStatus>;
      readonly firing: number;
      readonly truncatedAlerts: number;
    };

export function evolveAlertGroup(state: AlertGroupState, event: AlertGroupEvent): AlertGroupState {
  if (event.type === 'AlertGroupTriggered') {
    const { integrationId, groupKey, service, severity, title, episode } = event.data;
    const previous = state.exists ? state : { alerts: new Map<string, AlertStatus>(), firing: 0, truncatedAlerts: 0, incidentId: null, incidentEpisode: 0 };
    return { ...previous, exists: true, integrationId, groupKey, status: 'TRIGGERED', episode, route: { service, severity, title } };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'AlertsReceived': {
      const alerts = new Map(state.alerts);
      let firing = state.firing;
      for (const alert of event.data.alerts) {
        if (alerts.get(alert.fingerprint) === 'FIRING') firing -= 1;
        if (alert.status === 'FIRING') firing += 1;
        alerts.set(alert.fingerprint, alert.status);
      }
      return { ...state, alerts, firing, truncatedAlerts: event.data.truncatedAlerts };
    }
    case 'AlertGroupAcknowledged':
      return { ...state, status: 'ACKNOWLEDGED' };
    case 'AlertGroupResolved': {
      const alerts = new Map([...state.alerts.keys()].map((fingerprint) => [fingerprint, 'RESOLVED' as const]));
      return { ...state, status: 'RESOLVED', alerts, firing: 0, truncatedAlerts: 0 };
    }
    case 'AlertGroupIncidentLinked':
      return { ...state, incidentId: event.data.incidentId, incidentEpisode: event.data.episode };
  }
}

export function decideAlertGroup(command: AlertGroupCommand, state: AlertGroupState, now: Date): AlertGroupEvent[] {
  const stamp = { alertGroupId: command.alertGroupId, at: now.toISOString(), by: command.actor };
  if (command.type === 'ReceiveAlerts') return receive(command, state, stamp);
  if (!state.exists) throw new DomainError('ALERT_GROUP_NOT_FOUND', `No alert group ${command.alertGroupId}`);
  switch (command.type) {
    case 'AcknowledgeAlertGroup':
      if (state.status === 'RESOLVED') throw new DomainError('ALERT_GROUP_RESOLVED', `Alert group ${command.alertGroupId} is resolved: there is nothing to acknowledge`);
      return state.status === 'ACKNOWLEDGED' ? [] : [{ type: 'AlertGroupAcknowledged', data: stamp }];
    case 'LinkAlertGroupToIncident':
      if (command.episode !== state.episode) throw new DomainError('ALERT_GROUP_MOVED_ON', `Alert group ${command.alertGroupId} was triggered again since`);
      if (state.incidentId === command.incidentId && state.incidentEpisode === state.episode) return [];
      return [{ type: 'AlertGroupIncidentLinked', data: { ...stamp, incidentId: command.incidentId, episode: command.episode } }];
  }
}

type ReceiveAlerts = Extract<AlertGroupCommand, { type: 'ReceiveAlerts' }>;

/**
 * Records what is new: alerts the group has not seen, and alerts whose status
 * changed. A sender repeating a notification (Alertmanager does, every
 * `repeat_interval`; a PagerDuty sender retrying) writes nothing, so it
 * neither counts twice nor pages twice. A group that is not open opens with
 * its first firing alert; one whose alerts are all resolved resolves, unless
 * the sender left some out (`max_alerts`) and does not say they resolved too.
 */
function receive(command: ReceiveAlerts, state: AlertGroupState, stamp: { alertGroupId: string; at: string; by: string }): AlertGroupEvent[] {
  const known = state.exists ? state.alerts : new Map<string, AlertStatus>();
  const latest = new Map(command.alerts.map((alert) => [alert.fingerprint, alert]));
  const changed = [...latest.values()].filter((alert) => known.get(alert.fingerprint) !== alert.status).map(recorded);
  const open = state.exists && state.status !== 'RESOLVED';
  const truncatedAlerts = command.truncatedAlerts;
  if (!open) {
    if (!changed.some((alert) => alert.status === 'FIRING')) return [];
    const { service, severity, title } = command.route;
    return [
      { type: 'AlertGroupTriggered', data: { ...stamp, integrationId: command.integrationId, groupKey: command.groupKey, service, severity, title, episode: state.episode + 1 } },
      { type: 'AlertsReceived', data: { ...stamp, alerts: changed, truncatedAlerts } },
    ];
  }
  const firing = changed.reduce((count, alert) => count + (alert.status === 'FIRING' ? 1 : 0) - (known.get(alert.fingerprint) === 'FIRING' ? 1 : 0), state.firing);
  // Alerts left out may still fire: only the sender's word that the whole group resolved covers them.
  const resolves = firing === 0 && (truncatedAlerts === 0 || command.groupResolved);
  const received: AlertGroupEvent[] = changed.length > 0 || truncatedAlerts !== state.truncatedAlerts ? [{ type: 'AlertsReceived', data: { ...stamp, alerts: changed, truncatedAlerts } }] : [];
  return resolves ? [...received, { type: 'AlertGroupResolved', data: { ...stamp, episode: state.episode } }] : received;
}

function recorded({ groupKey: _groupKey, ...alert }: NormalisedAlert): RecordedAlert {
  return alert;
}

export const alertGroupDecider: Decider<AlertGroupCommand, AlertGroupEvent, AlertGroupState> = {
  decide: decideAlertGroup,
  evolve: evolveAlertGroup,
  initialState: { exists: false, episode: 0 },
};
