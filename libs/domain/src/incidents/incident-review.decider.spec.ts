import { foldEvents } from '../shared/decider';
import { incidentDecider } from './incident.decider';
import { IncidentEvent } from './incident.events';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import { EMPTY_REPORT_CONTENT } from './incident-report';
import { Severity } from './severity';
import { at, by, command, declared, earlier, fact, historyTo, incidentId, now, spec } from './testing/incident-history';

describe('the review: corrections, tags, duplicates, the report, action items', () => {
  describe('timestamp corrections', () => {
    const correct = (field: IncidentTimestamp, to: string, reason = 'The dashboards show errors from 08:40') =>
      command('CorrectIncidentTimestamp', { field, to: new Date(to), reason });
    const resolvedAt = '2026-03-01T09:30:00.000Z';
    const resolved: IncidentEvent[] = [declared, { type: 'IncidentResolved', data: { ...fact, at: resolvedAt, from: IncidentStatus.INVESTIGATING, summary: null } }];

    it('records the correction with the time it replaces and the reason, on a closed incident too', () => {
      spec.given([...resolved, { type: 'IncidentClosed', data: fact }]).when(correct(IncidentTimestamp.IMPACT_STARTED, '2026-03-01T08:40:00.000Z')).then([
        {
          type: 'IncidentTimestampCorrected',
          data: { incidentId, at, by, field: IncidentTimestamp.IMPACT_STARTED, from: null, to: '2026-03-01T08:40:00.000Z', reason: 'The dashboards show errors from 08:40' },
        },
      ]);
      spec.given(resolved).when(correct(IncidentTimestamp.RESOLVED, '2026-03-01T09:45:00.000Z', 'Errors went on until 09:45')).then([
        {
          type: 'IncidentTimestampCorrected',
          data: { incidentId, at, by, field: IncidentTimestamp.RESOLVED, from: resolvedAt, to: '2026-03-01T09:45:00.000Z', reason: 'Errors went on until 09:45' },
        },
      ]);
    });

    it('corrects only moments that happened, and refuses the time they already have', () => {
      spec.given([declared]).when(correct(IncidentTimestamp.ACKNOWLEDGED, earlier)).thenFails('MILESTONE_NOT_REACHED', { field: 'ACKNOWLEDGED' });
      spec.given([declared]).when(correct(IncidentTimestamp.RESOLVED, earlier)).thenFails('MILESTONE_NOT_REACHED');
      spec.given([declared]).when(correct(IncidentTimestamp.DETECTED, earlier)).thenFails('NO_CHANGE');
      spec
        .given([...resolved, { type: 'IncidentReopened', data: { ...fact, reason: null } }])
        .when(correct(IncidentTimestamp.RESOLVED, earlier))
        .thenFails('MILESTONE_NOT_REACHED');
    });

    it('keeps the moments in order and out of the future, and wants a reason', () => {
      spec.given([declared]).when(correct(IncidentTimestamp.DETECTED, '2026-03-01T11:00:00.000Z')).thenFails('INVALID_INPUT', { field: 'to' });
      spec.given(resolved).when(correct(IncidentTimestamp.IMPACT_STARTED, '2026-03-01T09:10:00.000Z')).thenFails('INVALID_INPUT', { field: 'to' });
      // Resolved with no MONITORING step, it was mitigated when resolved: the resolution cannot move before that.
      spec.given(resolved).when(correct(IncidentTimestamp.RESOLVED, '2026-03-01T09:20:00.000Z')).thenFails('INVALID_INPUT', { field: 'to' });
      spec.given([declared]).when(correct(IncidentTimestamp.IMPACT_STARTED, '2026-03-01T08:00:00.000Z', '  ')).thenFails('INVALID_INPUT', { field: 'reason' });
    });

    it('uses a corrected time when judging the next correction', () => {
      spec
        .given([
          ...resolved,
          { type: 'IncidentTimestampCorrected', data: { ...fact, field: IncidentTimestamp.IMPACT_STARTED, from: null, to: '2026-03-01T08:40:00.000Z', reason: 'r' } },
        ])
        .when(correct(IncidentTimestamp.DETECTED, '2026-03-01T08:30:00.000Z'))
        .thenFails('INVALID_INPUT', { field: 'to' });
    });
  });

  describe('tags', () => {
    it('declares with tags, compared without case, and changes them', () => {
      const events = incidentDecider.decide(command('DeclareIncident', { title: 't', severity: Severity.SEV3, tags: ['DB ', 'db', 'network'] }), foldEvents(incidentDecider, []), now);
      expect(events[0]).toMatchObject({ data: { tags: ['db', 'network'] } });
      spec
        .given(events)
        .when(command('ChangeIncidentTags', { add: ['Config', 'db'], remove: ['network', 'absent'] }))
        .then([{ type: 'IncidentTagsChanged', data: { incidentId, at, by, added: ['config'], removed: ['network'] } }]);
      spec.given(events).when(command('ChangeIncidentTags', { add: ['db'] })).thenFails('NO_CHANGE');
    });

    it('changes tags on a closed incident: reviews come after', () => {
      spec
        .given(historyTo(IncidentStatus.CLOSED))
        .when(command('ChangeIncidentTags', { add: ['deploy'] }))
        .then([{ type: 'IncidentTagsChanged', data: { incidentId, at, by, added: ['deploy'], removed: [] } }]);
    });
  });

  describe('linking duplicates', () => {
    it('links a duplicate once, on a closed incident too', () => {
      spec
        .given(historyTo(IncidentStatus.CLOSED))
        .when(command('LinkDuplicate', { duplicateId: 'inc-9' }))
        .then([{ type: 'DuplicateLinked', data: { incidentId, at, by, duplicateId: 'inc-9' } }]);
      const linked: IncidentEvent = { type: 'DuplicateLinked', data: { ...fact, duplicateId: 'inc-9' } };
      spec.given([declared, linked]).when(command('LinkDuplicate', { duplicateId: 'inc-9' })).thenFails('NO_CHANGE');
    });
  });

  describe('the incident report', () => {
    const complete = { summary: 'Checkout failed', impact: '5% of orders', rootCause: 'A bad config', resolution: 'Rolled back' };
    const draft: IncidentEvent = {
      type: 'IncidentReportDrafted',
      data: { ...fact, revision: 1, internal: { ...EMPTY_REPORT_CONTENT, ...complete }, external: EMPTY_REPORT_CONTENT, causeTags: ['config'] },
    };

    it('saves drafts as whole revisions, keeping sections not sent and clearing those sent empty', () => {
      spec
        .given([...historyTo(IncidentStatus.RESOLVED), draft])
        .when(command('SaveIncidentReport', { internal: { lessons: ' Review configs ', impact: '' }, external: { summary: 'Orders failed' } }))
        .then([
          {
            type: 'IncidentReportDrafted',
            data: {
              incidentId,
              at,
              by,
              revision: 2,
              internal: { ...EMPTY_REPORT_CONTENT, ...complete, impact: null, lessons: 'Review configs' },
              external: { ...EMPTY_REPORT_CONTENT, summary: 'Orders failed' },
              causeTags: ['config'],
            },
          },
        ]);
      spec.given([declared, draft]).when(command('SaveIncidentReport', { internal: { summary: 'Checkout failed' } })).thenFails('NO_CHANGE');
    });

    it('publishes a complete draft of a resolved incident, once', () => {
      spec.given([...historyTo(IncidentStatus.RESOLVED), draft]).when(command('PublishIncidentReport', {})).then([{ type: 'IncidentReportPublished', data: { incidentId, at, by, revision: 1 } }]);
      const published: IncidentEvent = { type: 'IncidentReportPublished', data: { ...fact, revision: 1 } };
      spec.given([...historyTo(IncidentStatus.RESOLVED), draft, published]).when(command('PublishIncidentReport', {})).thenFails('NO_CHANGE');
      spec.given(historyTo(IncidentStatus.RESOLVED)).when(command('PublishIncidentReport', {})).thenFails('NO_REPORT_DRAFT');
      spec.given([declared, draft]).when(command('PublishIncidentReport', {})).thenFails('INCIDENT_UNRESOLVED');
      const partial: IncidentEvent = { ...draft, data: { ...draft.data, internal: { ...EMPTY_REPORT_CONTENT, summary: 's' } } } as IncidentEvent;
      spec.given([...historyTo(IncidentStatus.RESOLVED), partial]).when(command('PublishIncidentReport', {})).thenFails('REPORT_INCOMPLETE', { missing: 'impact,rootCause,resolution' });
    });
  });

  describe('action items', () => {
    const added: IncidentEvent = {
      type: 'ActionItemAdded',
      data: { ...fact, actionItemId: 'ai-1', title: 'Alert on config drift', owner: 'bob', dueAt: null, priority: ActionItemPriority.MEDIUM, actionType: ActionItemType.DETECT, source: ActionItemSource.INCIDENT },
    };

    it('adds an item with defaults, on a closed incident too', () => {
      spec
        .given(historyTo(IncidentStatus.CLOSED))
        .when(command('AddActionItem', { actionItemId: 'ai-1', title: ' Alert on config drift ', owner: 'bob', actionType: ActionItemType.DETECT }))
        .then([{ ...added, data: { ...added.data, at } }]);
      spec.given([declared, added]).when(command('AddActionItem', { actionItemId: 'ai-1', title: 'x', owner: 'bob', actionType: ActionItemType.DETECT })).thenFails('ACTION_ITEM_EXISTS');
      spec.given([declared]).when(command('AddActionItem', { actionItemId: 'ai-2', title: 'x', owner: ' ', actionType: ActionItemType.DETECT })).thenFails('INVALID_INPUT', { field: 'owner' });
      spec.given([declared]).when(command('AddActionItem', { actionItemId: 'ai-2', title: 'x', owner: 'b', actionType: 'FIX' as ActionItemType })).thenFails('INVALID_INPUT', { field: 'type' });
    });

    it('completes and reopens an item, each only from the other state', () => {
      const done: IncidentEvent = { type: 'ActionItemCompleted', data: { ...fact, actionItemId: 'ai-1', note: null } };
      spec.given([declared, added]).when(command('CompleteActionItem', { actionItemId: 'ai-1', note: 'Shipped' })).then([{ type: 'ActionItemCompleted', data: { incidentId, at, by, actionItemId: 'ai-1', note: 'Shipped' } }]);
      spec.given([declared, added, done]).when(command('CompleteActionItem', { actionItemId: 'ai-1' })).thenFails('NO_CHANGE');
      spec.given([declared, added, done]).when(command('ReopenActionItem', { actionItemId: 'ai-1', reason: 'Flaky' })).then([{ type: 'ActionItemReopened', data: { incidentId, at, by, actionItemId: 'ai-1', reason: 'Flaky' } }]);
      spec.given([declared, added]).when(command('ReopenActionItem', { actionItemId: 'ai-1' })).thenFails('NO_CHANGE');
      spec.given([declared]).when(command('CompleteActionItem', { actionItemId: 'nope' })).thenFails('ACTION_ITEM_NOT_FOUND');
    });
  });
});
