import { DomainError, invalidInput } from '../shared/domain-error';
import { httpUrl } from '../alerting/alert-fields';
import type { AlertLink, AlertLinkKind } from '../alerting/alert.types';
import { ALERTING_LIMITS } from '../alerting/alerting.limits';
import { AttachAlertGroup } from './incident.commands';
import { factOf, optionalText, requiredText } from './incident-decision';
import { IncidentEvent } from './incident.events';
import { INCIDENT_LIMITS } from './incident.limits';
import { AlertCommand, AlertEvent } from './incident.lifecycles';
import { DeclaredState } from './incident.state';
import { isActiveStatus } from './incident-status';

// Written as a record so that a kind added to AlertLinkKind and not here does not compile.
const LINK_KINDS = { GENERATOR: true, RUNBOOK: true, SILENCE: true, DASHBOARD: true, PANEL: true, IMAGE: true, LINK: true } satisfies Record<AlertLinkKind, true>;

/** Every kind of link an alert may carry, as a list: for the codec, the checks and the API's enum. */
export const ALERT_LINK_KINDS = Object.keys(LINK_KINDS) as AlertLinkKind[];

/**
 * The incident's side of the alert groups linked to it. Attaching needs an
 * open incident: a resolved one is refused as INCIDENT_NOT_OPEN (its
 * responders called it over, so a group firing afterwards starts a new
 * incident), a closed or merged one by the rules every command meets. A
 * group's resolution is recorded whatever the status, once per firing.
 */
export function decideAlertGroup(command: AlertCommand, state: DeclaredState, now: Date): IncidentEvent[] {
  const fact = factOf(command, now);
  switch (command.type) {
    case 'AttachAlertGroup': {
      if (!isActiveStatus(state.status)) {
        throw new DomainError('INCIDENT_NOT_OPEN', `Incident ${command.incidentId} is ${state.status}: an alert group is attached to an open incident only`, {
          incidentId: command.incidentId,
          status: state.status,
        });
      }
      const group = checkedGroup(command);
      return [{ type: 'AlertGroupAttached', data: { ...fact, ...group, firstTime: state.alertGroups[group.alertGroupId] === undefined } }];
    }
    case 'RecordAlertGroupResolved': {
      const alertGroupId = requiredText('alertGroupId', command.alertGroupId, INCIDENT_LIMITS.alertReferenceMaxLength);
      const attached = state.alertGroups[alertGroupId];
      if (attached === undefined) {
        throw new DomainError('ALERT_GROUP_NOT_ATTACHED', `Alert group ${alertGroupId} is not attached to incident ${command.incidentId}`, { field: 'alertGroupId', alertGroupId });
      }
      // Senders repeat a resolution (Alertmanager notifies until it forgets the group): the first one is the fact.
      if (attached.resolved) return [];
      return [{ type: 'AttachedAlertGroupResolved', data: { ...fact, alertGroupId, title: attached.title } }];
    }
  }
}

export function evolveAlertGroups(state: DeclaredState, event: AlertEvent): DeclaredState {
  const { alertGroupId, title } = event.data;
  const resolved = event.type === 'AttachedAlertGroupResolved';
  return { ...state, alertGroups: { ...state.alertGroups, [alertGroupId]: { title, resolved } } };
}

function checkedGroup(command: AttachAlertGroup): Pick<AttachAlertGroup, 'alertGroupId' | 'integrationId' | 'title' | 'alertCount' | 'links'> {
  const { alertCount } = command;
  if (!Number.isSafeInteger(alertCount) || alertCount < 1) throw invalidInput('alertCount', 'alertCount must be a whole number of at least 1');
  return {
    alertGroupId: requiredText('alertGroupId', command.alertGroupId, INCIDENT_LIMITS.alertReferenceMaxLength),
    integrationId: requiredText('integrationId', command.integrationId, INCIDENT_LIMITS.alertReferenceMaxLength),
    title: requiredText('title', command.title, INCIDENT_LIMITS.titleMaxLength),
    alertCount,
    links: checkedLinks(command.links),
  };
}

/**
 * The links are shown as links wherever the incident is: the same rule the
 * payload parsers keep them by (an absolute http(s) URL within their limits),
 * so that a link one accepted is never what refuses the attachment.
 */
function checkedLinks(links: readonly AlertLink[]): AlertLink[] {
  if (!Array.isArray(links)) throw invalidInput('links', 'links must be a list');
  if (links.length > ALERTING_LIMITS.linksMaxCount) throw invalidInput('links', `at most ${ALERTING_LIMITS.linksMaxCount} links`);
  return links.map((link, index) => {
    const field = `links[${index}]`;
    if (!Object.hasOwn(LINK_KINDS, link.kind)) throw invalidInput(`${field}.kind`, `${field}.kind must be one of ${ALERT_LINK_KINDS.join(', ')}`);
    if (httpUrl(link.url) === null) {
      throw invalidInput(`${field}.url`, `${field}.url must be an absolute http(s) URL of at most ${ALERTING_LIMITS.urlMaxLength} characters`);
    }
    return { kind: link.kind, url: link.url, text: optionalText(`${field}.text`, link.text, ALERTING_LIMITS.linkTextMaxLength) };
  });
}
