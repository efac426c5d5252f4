import { foldEvents } from '../shared/decider';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import { IncidentCommand } from './incident.commands';
import { ALLOWED_WHEN_CLOSED, incidentDecider } from './incident.decider';
import { IncidentEvent } from './incident.events';
import { EMPTY_REPORT_CONTENT } from './incident-report';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { ResponderRole } from './responder-role';
import { ReminderKind } from './incident-reminders';
import { Severity } from './severity';
import { command, fact, historyTo, now, spec } from './testing/incident-history';

/** One command of every kind. */
const ONE_OF_EACH: { [Type in IncidentCommand['type']]: IncidentCommand } = {
  DeclareIncident: command('DeclareIncident', { title: 'Again', severity: Severity.SEV2 }),
  AcknowledgeIncident: command('AcknowledgeIncident', {}),
  ChangeIncidentSeverity: command('ChangeIncidentSeverity', { severity: Severity.SEV1 }),
  ChangeIncidentStatus: command('ChangeIncidentStatus', { status: IncidentStatus.INVESTIGATING }),
  ResolveIncident: command('ResolveIncident', {}),
  ReopenIncident: command('ReopenIncident', {}),
  CloseIncident: command('CloseIncident', {}),
  AssignResponder: command('AssignResponder', { role: ResponderRole.SCRIBE, responder: 'carol' }),
  UnassignResponder: command('UnassignResponder', { role: ResponderRole.INCIDENT_COMMANDER, responder: 'bob' }),
  AddTimelineNote: command('AddTimelineNote', { text: 'late note' }),
  PostStatusUpdate: command('PostStatusUpdate', { audience: 'EXTERNAL', message: 'all good' }),
  ChangeIncidentVisibility: command('ChangeIncidentVisibility', { private: true }),
  MergeIncident: command('MergeIncident', { into: 'inc-0' }),
  CorrectIncidentTimestamp: command('CorrectIncidentTimestamp', { field: IncidentTimestamp.IMPACT_STARTED, to: new Date('2026-03-01T08:40:00.000Z'), reason: 'Errors from 08:40' }),
  ChangeIncidentTags: command('ChangeIncidentTags', { add: ['deploy'] }),
  LinkDuplicate: command('LinkDuplicate', { duplicateId: 'inc-9' }),
  SaveIncidentReport: command('SaveIncidentReport', { internal: { lessons: 'Canary config changes' } }),
  PublishIncidentReport: command('PublishIncidentReport', {}),
  AddActionItem: command('AddActionItem', { actionItemId: 'ai-3', title: 'Alert on drift', owner: 'bob', actionType: ActionItemType.DETECT }),
  CompleteActionItem: command('CompleteActionItem', { actionItemId: 'ai-1' }),
  ReopenActionItem: command('ReopenActionItem', { actionItemId: 'ai-2' }),
  SendReminder: command('SendReminder', { reminderKind: ReminderKind.REPORT_DUE, actionItemId: null, since: '2026-03-01T09:00:00.000Z', dueAt: '2026-03-01T09:30:00.000Z' }),
  SnoozeReminder: command('SnoozeReminder', { reminderKind: ReminderKind.REPORT_DUE, until: new Date('2026-03-01T12:00:00.000Z') }),
  AttachAlertGroup: command('AttachAlertGroup', { alertGroupId: 'ag-2', integrationId: 'am-prod', title: 'Checkout 5xx', alertCount: 3, links: [] }),
  RecordAlertGroupResolved: command('RecordAlertGroupResolved', { alertGroupId: 'ag-1' }),
  EscalateIncident: command('EscalateIncident', { step: 1, start: null, pages: [], skipReason: null, manual: true }),
  ReassignIncident: command('ReassignIncident', { page: { pageId: 'page-9', person: 'bob', via: [] } }),
  AcknowledgePage: command('AcknowledgePage', { pageId: 'page-1' }),
};

const itemAdded = (actionItemId: string): IncidentEvent => ({
  type: 'ActionItemAdded',
  data: { ...fact, actionItemId, title: 't', owner: 'bob', dueAt: null, priority: ActionItemPriority.MEDIUM, actionType: ActionItemType.MITIGATE, source: ActionItemSource.INCIDENT },
});

/** Closed with a commander, an alert group still firing (ag-1), a complete report draft, an open action item (ai-1) and a done one (ai-2). */
const closedWithReview: IncidentEvent[] = [
  historyTo(IncidentStatus.RESOLVED)[0],
  { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.INCIDENT_COMMANDER, responder: 'bob', previousResponder: null } },
  { type: 'AlertGroupAttached', data: { ...fact, alertGroupId: 'ag-1', integrationId: 'am-prod', title: 'Checkout 5xx', alertCount: 3, links: [], firstTime: true } },
  ...historyTo(IncidentStatus.CLOSED).slice(1),
  {
    type: 'IncidentReportDrafted',
    data: { ...fact, revision: 1, internal: { ...EMPTY_REPORT_CONTENT, summary: 's', impact: 'i', rootCause: 'r', resolution: 'r' }, external: EMPTY_REPORT_CONTENT, causeTags: [] },
  },
  itemAdded('ai-1'),
  itemAdded('ai-2'),
  { type: 'ActionItemCompleted', data: { ...fact, actionItemId: 'ai-2', note: null } },
];

describe('incident decider', () => {
  describe('commands on an incident that does not exist', () => {
    it.each<IncidentCommand>([
      command('AcknowledgeIncident', {}),
      command('ChangeIncidentSeverity', { severity: Severity.SEV1 }),
      command('ChangeIncidentStatus', { status: IncidentStatus.IDENTIFIED }),
      command('AddTimelineNote', { text: 'hello' }),
      command('AssignResponder', { role: ResponderRole.SCRIBE, responder: 'carol' }),
    ])('$type is refused as not found', (cmd) => {
      spec.given([]).when(cmd).thenFails('INCIDENT_NOT_FOUND');
    });
  });

  describe('on a closed incident, only what ALLOWED_WHEN_CLOSED lists is done', () => {
    const state = foldEvents(incidentDecider, closedWithReview);
    const kinds = Object.values(ONE_OF_EACH).filter((cmd) => cmd.type !== 'DeclareIncident');

    it.each(kinds.filter((cmd) => ALLOWED_WHEN_CLOSED.has(cmd.type)))('$type is done', (cmd) => {
      expect(incidentDecider.decide(cmd, state, now)).toHaveLength(1);
    });

    it.each(kinds.filter((cmd) => !ALLOWED_WHEN_CLOSED.has(cmd.type)))('$type is refused as INCIDENT_CLOSED', (cmd) => {
      spec.given(closedWithReview).when(cmd).thenFails('INCIDENT_CLOSED', { incidentId: cmd.incidentId });
    });

    it('lists the review work (corrections, tags, links to duplicates, the report and action items), its reminders and alert groups resolving', () => {
      expect([...ALLOWED_WHEN_CLOSED].sort()).toEqual([
        'AddActionItem',
        'ChangeIncidentTags',
        'CompleteActionItem',
        'CorrectIncidentTimestamp',
        'LinkDuplicate',
        'PublishIncidentReport',
        'RecordAlertGroupResolved',
        'ReopenActionItem',
        'SaveIncidentReport',
        'SendReminder',
        'SnoozeReminder',
      ]);
    });

    it('refuses a second declaration as INCIDENT_ALREADY_EXISTS, closed or not', () => {
      spec.given(closedWithReview).when(ONE_OF_EACH.DeclareIncident).thenFails('INCIDENT_ALREADY_EXISTS');
    });
  });

  it('refuses every command on a merged duplicate as INCIDENT_MERGED, naming the survivor', () => {
    const merged: IncidentEvent[] = [historyTo(IncidentStatus.INVESTIGATING)[0], { type: 'IncidentMerged', data: { ...fact, into: 'inc-0' } }];
    for (const cmd of Object.values(ONE_OF_EACH).filter((each) => each.type !== 'DeclareIncident')) {
      spec.given(merged).when(cmd).thenFails('INCIDENT_MERGED', { mergedInto: 'inc-0' });
    }
  });
});
