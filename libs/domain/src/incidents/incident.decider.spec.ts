import { deciderSpecification } from '../testing/decider-specification';
import { IncidentCommand } from './incident.commands';
import { foldEvents } from '../shared/decider';
import { incidentDecider, incidentMembers } from './incident.decider';
import { IncidentDeclared, IncidentEvent } from './incident.events';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { IncidentKind } from './incident-kind';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import { EMPTY_REPORT_CONTENT } from './incident-report';
import { ResponderRole } from './responder-role';
import { requiresFullResponse, Severity } from './severity';

const now = new Date('2026-03-01T10:00:00.000Z');
const at = now.toISOString();
const earlier = '2026-03-01T09:00:00.000Z';
const incidentId = 'inc-1';
const by = 'alice';
const fact = { incidentId, at: earlier, by };
const spec = deciderSpecification(incidentDecider, now);

const declared: IncidentDeclared = {
  type: 'IncidentDeclared',
  data: {
    ...fact,
    title: 'Checkout errors',
    description: null,
    severity: Severity.SEV2,
    services: ['checkout'],
    impactStartedAt: null,
    detectedAt: earlier,
    private: false,
    kind: IncidentKind.NORMAL,
    tags: [],
  },
};

/** The events that bring a fresh incident to `status` by the shortest way. */
function historyTo(status: IncidentStatus): IncidentEvent[] {
  const from = IncidentStatus.INVESTIGATING;
  switch (status) {
    case IncidentStatus.INVESTIGATING:
      return [declared];
    case IncidentStatus.IDENTIFIED:
    case IncidentStatus.MONITORING:
      return [declared, { type: 'IncidentStatusChanged', data: { ...fact, from, to: status, note: null } }];
    case IncidentStatus.RESOLVED:
      return [declared, { type: 'IncidentResolved', data: { ...fact, from, summary: null } }];
    case IncidentStatus.CLOSED:
      return [...historyTo(IncidentStatus.RESOLVED), { type: 'IncidentClosed', data: fact }];
  }
}

function command<T extends IncidentCommand['type']>(
  type: T,
  fields: Omit<Extract<IncidentCommand, { type: T }>, 'type' | 'incidentId' | 'actor'>,
): IncidentCommand {
  return { type, incidentId, actor: by, ...fields } as IncidentCommand;
}

describe('incident decider', () => {
  describe('declaring', () => {
    it('declares an incident with its facts, detection defaulting to now', () => {
      spec
        .given([])
        .when(command('DeclareIncident', { title: '  Checkout errors ', severity: Severity.SEV2, services: ['checkout', 'checkout'] }))
        .then([
          {
            type: 'IncidentDeclared',
            data: {
              incidentId,
              at,
              by,
              title: 'Checkout errors',
              description: null,
              severity: Severity.SEV2,
              services: ['checkout'],
              impactStartedAt: null,
              detectedAt: at,
              private: false,
              kind: IncidentKind.NORMAL,
              tags: [],
            },
          },
        ]);
    });

    it('declares a drill, and refuses an unknown kind', () => {
      const [event] = incidentDecider.decide(command('DeclareIncident', { title: 'Game day', severity: Severity.SEV2, kind: IncidentKind.DRILL }), incidentDecider.initialState, now);
      expect(event).toMatchObject({ type: 'IncidentDeclared', data: { kind: IncidentKind.DRILL } });
      spec.given([]).when(command('DeclareIncident', { title: 'x', severity: Severity.SEV2, kind: 'REHEARSAL' as IncidentKind })).thenFails('INVALID_INPUT', { field: 'kind' });
    });

    it('keeps an impact start that precedes detection, and names the commander', () => {
      spec
        .given([])
        .when(
          command('DeclareIncident', {
            title: 'Login down',
            severity: Severity.SEV1,
            impactStartedAt: new Date('2026-03-01T08:00:00Z'),
            detectedAt: new Date('2026-03-01T09:30:00Z'),
            commander: 'bob',
          }),
        )
        .then([
          {
            type: 'IncidentDeclared',
            data: {
              incidentId,
              at,
              by,
              title: 'Login down',
              description: null,
              severity: Severity.SEV1,
              services: [],
              impactStartedAt: '2026-03-01T08:00:00.000Z',
              detectedAt: '2026-03-01T09:30:00.000Z',
              private: false,
              kind: IncidentKind.NORMAL,
              tags: [],
            },
          },
          {
            type: 'ResponderAssigned',
            data: { incidentId, at, by, role: ResponderRole.INCIDENT_COMMANDER, responder: 'bob', previousResponder: null },
          },
        ]);
    });

    it.each([
      ['an empty title', { title: '   ', severity: Severity.SEV3 }, 'title'],
      ['a title over 200 characters', { title: 'x'.repeat(201), severity: Severity.SEV3 }, 'title'],
      ['an unknown severity', { title: 'x', severity: 'SEV9' as Severity }, 'severity'],
      ['a detection in the future', { title: 'x', severity: Severity.SEV3, detectedAt: new Date('2026-03-02T00:00:00Z') }, 'detectedAt'],
      [
        'an impact start after detection',
        { title: 'x', severity: Severity.SEV3, detectedAt: new Date(earlier), impactStartedAt: new Date(at) },
        'impactStartedAt',
      ],
      ['an invalid time', { title: 'x', severity: Severity.SEV3, detectedAt: new Date('nope') }, 'detectedAt'],
      ['too many services', { title: 'x', severity: Severity.SEV3, services: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'services'],
      ['an empty commander', { title: 'x', severity: Severity.SEV3, commander: ' ' }, 'commander'],
    ])('refuses %s', (_name, fields, field) => {
      spec.given([]).when(command('DeclareIncident', fields)).thenFails('INVALID_INPUT', { field });
    });

    it('accepts a title of exactly 200 characters', () => {
      const events = incidentDecider.decide(
        command('DeclareIncident', { title: 'x'.repeat(200), severity: Severity.SEV4 }),
        incidentDecider.initialState,
        now,
      );
      expect(events).toHaveLength(1);
    });

    it('refuses to declare the same incident twice', () => {
      spec
        .given([declared])
        .when(command('DeclareIncident', { title: 'again', severity: Severity.SEV2 }))
        .thenFails('INCIDENT_ALREADY_EXISTS');
    });
  });

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

  describe('status transitions', () => {
    const S = IncidentStatus;
    const from = (status: IncidentStatus) => ({ status, history: historyTo(status) });
    const moved = (f: IncidentStatus, to: IncidentStatus): IncidentEvent[] => [
      { type: 'IncidentStatusChanged', data: { incidentId, at, by, from: f, to, note: null } },
    ];
    const resolved = (f: IncidentStatus): IncidentEvent[] => [
      { type: 'IncidentResolved', data: { incidentId, at, by, from: f, summary: null } },
    ];
    const closed: IncidentEvent[] = [{ type: 'IncidentClosed', data: { incidentId, at, by } }];

    // Every pair of (from, to): what the decider answers.
    const table: Array<[IncidentStatus, IncidentStatus, IncidentEvent[] | string]> = [
      [S.INVESTIGATING, S.INVESTIGATING, 'NO_CHANGE'],
      [S.INVESTIGATING, S.IDENTIFIED, moved(S.INVESTIGATING, S.IDENTIFIED)],
      [S.INVESTIGATING, S.MONITORING, moved(S.INVESTIGATING, S.MONITORING)],
      [S.INVESTIGATING, S.RESOLVED, resolved(S.INVESTIGATING)],
      [S.INVESTIGATING, S.CLOSED, [...resolved(S.INVESTIGATING), ...closed]],
      [S.IDENTIFIED, S.INVESTIGATING, 'INVALID_STATUS_TRANSITION'],
      [S.IDENTIFIED, S.IDENTIFIED, 'NO_CHANGE'],
      [S.IDENTIFIED, S.MONITORING, moved(S.IDENTIFIED, S.MONITORING)],
      [S.IDENTIFIED, S.RESOLVED, resolved(S.IDENTIFIED)],
      [S.IDENTIFIED, S.CLOSED, [...resolved(S.IDENTIFIED), ...closed]],
      [S.MONITORING, S.INVESTIGATING, 'INVALID_STATUS_TRANSITION'],
      [S.MONITORING, S.IDENTIFIED, 'INVALID_STATUS_TRANSITION'],
      [S.MONITORING, S.MONITORING, 'NO_CHANGE'],
      [S.MONITORING, S.RESOLVED, resolved(S.MONITORING)],
      [S.MONITORING, S.CLOSED, [...resolved(S.MONITORING), ...closed]],
      [S.RESOLVED, S.INVESTIGATING, [{ type: 'IncidentReopened', data: { incidentId, at, by, reason: null } }]],
      [S.RESOLVED, S.IDENTIFIED, 'INVALID_STATUS_TRANSITION'],
      [S.RESOLVED, S.MONITORING, 'INVALID_STATUS_TRANSITION'],
      [S.RESOLVED, S.RESOLVED, 'NO_CHANGE'],
      [S.RESOLVED, S.CLOSED, closed],
      [S.CLOSED, S.INVESTIGATING, 'INCIDENT_CLOSED'],
      [S.CLOSED, S.IDENTIFIED, 'INCIDENT_CLOSED'],
      [S.CLOSED, S.MONITORING, 'INCIDENT_CLOSED'],
      [S.CLOSED, S.RESOLVED, 'INCIDENT_CLOSED'],
      [S.CLOSED, S.CLOSED, 'INCIDENT_CLOSED'],
    ];

    it.each(table)('%s -> %s', (fromStatus, to, outcome) => {
      const { history } = from(fromStatus);
      const when = spec.given(history).when(command('ChangeIncidentStatus', { status: to }));
      if (typeof outcome === 'string') when.thenFails(outcome as never);
      else when.then(outcome);
    });

    it('keeps a resolution summary and a reopen reason', () => {
      spec
        .given(historyTo(S.MONITORING))
        .when(command('ResolveIncident', { summary: 'Rolled back release 42' }))
        .then([
          { type: 'IncidentResolved', data: { incidentId, at, by, from: S.MONITORING, summary: 'Rolled back release 42' } },
        ]);
      spec
        .given(historyTo(S.RESOLVED))
        .when(command('ReopenIncident', { reason: 'Errors are back' }))
        .then([{ type: 'IncidentReopened', data: { incidentId, at, by, reason: 'Errors are back' } }]);
    });

    it.each([S.INVESTIGATING, S.IDENTIFIED, S.MONITORING])('refuses to reopen an incident that is %s', (status) => {
      spec.given(historyTo(status)).when(command('ReopenIncident', {})).thenFails('INVALID_STATUS_TRANSITION');
    });

    it('closes a resolved incident, and nothing is accepted after', () => {
      spec.given(historyTo(S.RESOLVED)).when(command('CloseIncident', {})).then(closed);
      for (const cmd of [
        command('AddTimelineNote', { text: 'late note' }),
        command('AcknowledgeIncident', {}),
        command('ChangeIncidentSeverity', { severity: Severity.SEV1 }),
        command('AssignResponder', { role: ResponderRole.SCRIBE, responder: 'carol' }),
        command('PostStatusUpdate', { audience: 'EXTERNAL', message: 'all good' }),
        command('ReopenIncident', {}),
      ]) {
        spec.given(historyTo(S.CLOSED)).when(cmd).thenFails('INCIDENT_CLOSED');
      }
    });

    it('goes through a reopen and a second resolution', () => {
      const history: IncidentEvent[] = [
        ...historyTo(S.RESOLVED),
        { type: 'IncidentReopened', data: { ...fact, reason: null } },
      ];
      spec
        .given(history)
        .when(command('ChangeIncidentStatus', { status: S.MONITORING }))
        .then(moved(S.INVESTIGATING, S.MONITORING));
    });
  });

  describe('acknowledging', () => {
    it('acknowledges once', () => {
      spec.given([declared]).when(command('AcknowledgeIncident', {})).then([
        { type: 'IncidentAcknowledged', data: { incidentId, at, by } },
      ]);
    });

    it('refuses a second acknowledgement', () => {
      spec
        .given([declared, { type: 'IncidentAcknowledged', data: fact }])
        .when(command('AcknowledgeIncident', {}))
        .thenFails('ALREADY_ACKNOWLEDGED');
    });

    it('refuses to acknowledge a resolved incident', () => {
      spec.given(historyTo(IncidentStatus.RESOLVED)).when(command('AcknowledgeIncident', {})).thenFails('INCIDENT_NOT_ACTIVE');
    });
  });

  describe('severity', () => {
    it.each([
      [Severity.SEV1, true],
      [Severity.SEV2, true],
      [Severity.SEV3, true],
      [Severity.SEV4, false],
      [Severity.SEV5, false],
    ])('%s starts a full response: %s', (severity, full) => {
      expect(requiresFullResponse(severity)).toBe(full);
    });

    it('records an escalation with its reason', () => {
      spec
        .given([declared])
        .when(command('ChangeIncidentSeverity', { severity: Severity.SEV1, reason: 'All regions down' }))
        .then([
          {
            type: 'IncidentSeverityChanged',
            data: { incidentId, at, by, from: Severity.SEV2, to: Severity.SEV1, reason: 'All regions down' },
          },
        ]);
    });

    it('allows re-classifying a resolved incident', () => {
      spec
        .given(historyTo(IncidentStatus.RESOLVED))
        .when(command('ChangeIncidentSeverity', { severity: Severity.SEV4 }))
        .then([
          { type: 'IncidentSeverityChanged', data: { incidentId, at, by, from: Severity.SEV2, to: Severity.SEV4, reason: null } },
        ]);
    });

    it('refuses the severity it already has', () => {
      spec.given([declared]).when(command('ChangeIncidentSeverity', { severity: Severity.SEV2 })).thenFails('NO_CHANGE');
    });

    it('refuses an unknown severity', () => {
      spec
        .given([declared])
        .when(command('ChangeIncidentSeverity', { severity: 'SEV0' as Severity }))
        .thenFails('INVALID_INPUT', { field: 'severity' });
    });
  });

  describe('responder roles', () => {
    const assigned = (role: ResponderRole, responder: string, previousResponder: string | null = null): IncidentEvent => ({
      type: 'ResponderAssigned',
      data: { ...fact, role, responder, previousResponder },
    });
    const IC = ResponderRole.INCIDENT_COMMANDER;
    const SME = ResponderRole.SUBJECT_MATTER_EXPERT;

    it.each([ResponderRole.INCIDENT_COMMANDER, ResponderRole.SCRIBE, ResponderRole.COMMUNICATIONS_LEAD])(
      '%s has one holder: assigning another records the hand-over',
      (role) => {
        spec
          .given([declared, assigned(role, 'bob')])
          .when(command('AssignResponder', { role, responder: 'carol' }))
          .then([{ type: 'ResponderAssigned', data: { incidentId, at, by, role, responder: 'carol', previousResponder: 'bob' } }]);
      },
    );

    it('refuses to assign a role to the person who holds it', () => {
      spec.given([declared, assigned(IC, 'bob')]).when(command('AssignResponder', { role: IC, responder: 'bob' })).thenFails('ROLE_ALREADY_HELD');
    });

    it('lets one person hold several roles', () => {
      spec
        .given([declared, assigned(IC, 'bob')])
        .when(command('AssignResponder', { role: ResponderRole.SCRIBE, responder: 'bob' }))
        .then([
          {
            type: 'ResponderAssigned',
            data: { incidentId, at, by, role: ResponderRole.SCRIBE, responder: 'bob', previousResponder: null },
          },
        ]);
    });

    it('takes many subject-matter experts, each once', () => {
      spec
        .given([declared, assigned(SME, 'dan')])
        .when(command('AssignResponder', { role: SME, responder: 'erin' }))
        .then([{ type: 'ResponderAssigned', data: { incidentId, at, by, role: SME, responder: 'erin', previousResponder: null } }]);
      spec.given([declared, assigned(SME, 'dan')]).when(command('AssignResponder', { role: SME, responder: 'dan' })).thenFails('ROLE_ALREADY_HELD');
    });

    it('unassigns only the current holder', () => {
      spec
        .given([declared, assigned(IC, 'bob')])
        .when(command('UnassignResponder', { role: IC, responder: 'bob' }))
        .then([{ type: 'ResponderUnassigned', data: { incidentId, at, by, role: IC, responder: 'bob' } }]);
      spec.given([declared, assigned(IC, 'bob')]).when(command('UnassignResponder', { role: IC, responder: 'carol' })).thenFails('ROLE_NOT_HELD');
      spec
        .given([declared, assigned(IC, 'bob'), assigned(IC, 'carol', 'bob')])
        .when(command('UnassignResponder', { role: IC, responder: 'bob' }))
        .thenFails('ROLE_NOT_HELD');
    });

    it('forgets an expert once unassigned, so they can be assigned again', () => {
      const history: IncidentEvent[] = [
        declared,
        assigned(SME, 'dan'),
        { type: 'ResponderUnassigned', data: { ...fact, role: SME, responder: 'dan' } },
      ];
      spec.given(history).when(command('UnassignResponder', { role: SME, responder: 'dan' })).thenFails('ROLE_NOT_HELD');
      spec
        .given(history)
        .when(command('AssignResponder', { role: SME, responder: 'dan' }))
        .then([{ type: 'ResponderAssigned', data: { incidentId, at, by, role: SME, responder: 'dan', previousResponder: null } }]);
    });

    it('refuses an unknown role and an empty responder', () => {
      spec
        .given([declared])
        .when(command('AssignResponder', { role: 'JANITOR' as ResponderRole, responder: 'x' }))
        .thenFails('INVALID_INPUT', { field: 'role' });
      spec.given([declared]).when(command('AssignResponder', { role: IC, responder: '' })).thenFails('INVALID_INPUT', { field: 'responder' });
    });
  });

  describe('communication', () => {
    it('adds a timeline note', () => {
      spec.given([declared]).when(command('AddTimelineNote', { text: ' Restarted pods ' })).then([
        { type: 'TimelineNoteAdded', data: { incidentId, at, by, text: 'Restarted pods' } },
      ]);
    });

    it('refuses an empty note and one over the limit', () => {
      spec.given([declared]).when(command('AddTimelineNote', { text: '' })).thenFails('INVALID_INPUT', { field: 'text' });
      spec.given([declared]).when(command('AddTimelineNote', { text: 'x'.repeat(10_001) })).thenFails('INVALID_INPUT');
    });

    it('posts internal and external status updates stamped with the current status', () => {
      spec
        .given(historyTo(IncidentStatus.IDENTIFIED))
        .when(command('PostStatusUpdate', { audience: 'EXTERNAL', message: 'We found the cause' }))
        .then([
          {
            type: 'StatusUpdatePosted',
            data: { incidentId, at, by, audience: 'EXTERNAL', message: 'We found the cause', status: IncidentStatus.IDENTIFIED },
          },
        ]);
      spec
        .given(historyTo(IncidentStatus.RESOLVED))
        .when(command('PostStatusUpdate', { audience: 'INTERNAL', message: 'Resolved, review Friday' }))
        .then([
          {
            type: 'StatusUpdatePosted',
            data: { incidentId, at, by, audience: 'INTERNAL', message: 'Resolved, review Friday', status: IncidentStatus.RESOLVED },
          },
        ]);
    });

    it('refuses an unknown audience', () => {
      spec
        .given([declared])
        .when(command('PostStatusUpdate', { audience: 'EVERYONE' as 'INTERNAL', message: 'hi' }))
        .thenFails('INVALID_INPUT', { field: 'audience' });
    });
  });

  describe('visibility', () => {
    it('declares a private incident, and its members are who declared it and who holds a role', () => {
      const events = incidentDecider.decide(command('DeclareIncident', { title: 'Credential leak', severity: Severity.SEV1, private: true, commander: 'bob' }), incidentDecider.initialState, now);
      expect(events[0]).toMatchObject({ type: 'IncidentDeclared', data: { private: true } });
      const state = foldEvents(incidentDecider, [
        ...events,
        { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: 'erin', previousResponder: null } },
      ]);
      expect(incidentMembers(state).sort()).toEqual(['alice', 'bob', 'erin']);
    });

    it('makes an incident private and public again, refusing a no-op', () => {
      spec.given([declared]).when(command('ChangeIncidentVisibility', { private: true })).then([
        { type: 'IncidentVisibilityChanged', data: { incidentId, at, by, private: true } },
      ]);
      spec.given([declared]).when(command('ChangeIncidentVisibility', { private: false })).thenFails('NO_CHANGE');
      spec
        .given([declared, { type: 'IncidentVisibilityChanged', data: { ...fact, private: true } }])
        .when(command('ChangeIncidentVisibility', { private: false }))
        .then([{ type: 'IncidentVisibilityChanged', data: { incidentId, at, by, private: false } }]);
    });

    it('reads declarations written before private incidents existed as public', () => {
      const { private: _absent, ...legacy } = { ...declared.data, private: undefined };
      const state = foldEvents(incidentDecider, [{ type: 'IncidentDeclared', data: legacy } as IncidentEvent]);
      expect(state).toMatchObject({ declared: true, private: false });
    });
  });

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

  describe('merging duplicates', () => {
    const merged: IncidentEvent = { type: 'IncidentMerged', data: { ...fact, into: 'inc-0' } };

    it('merges an open incident into another, after which it is final', () => {
      spec.given([declared]).when(command('MergeIncident', { into: 'inc-0' })).then([{ type: 'IncidentMerged', data: { incidentId, at, by, into: 'inc-0' } }]);
      const state = foldEvents(incidentDecider, [declared, merged]);
      expect(state).toMatchObject({ status: IncidentStatus.CLOSED, mergedInto: 'inc-0' });
      spec.given([declared, merged]).when(command('AddTimelineNote', { text: 'x' })).thenFails('INCIDENT_MERGED', { mergedInto: 'inc-0' });
      spec.given([declared, merged]).when(command('SaveIncidentReport', { causeTags: ['x'] })).thenFails('INCIDENT_MERGED');
    });

    it('refuses a merge into itself, of a closed incident, and of one that has duplicates of its own', () => {
      spec.given([declared]).when(command('MergeIncident', { into: incidentId })).thenFails('CANNOT_MERGE');
      spec.given(historyTo(IncidentStatus.CLOSED)).when(command('MergeIncident', { into: 'inc-0' })).thenFails('INCIDENT_CLOSED');
      const linked: IncidentEvent = { type: 'DuplicateLinked', data: { ...fact, duplicateId: 'inc-9' } };
      spec.given([declared, linked]).when(command('MergeIncident', { into: 'inc-0' })).thenFails('CANNOT_MERGE');
    });

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

    it('closes a SEV1-3 incident only once its report is published, when the policy asks; drills are exempt', () => {
      const policy = { reportRequiredFor: [Severity.SEV1, Severity.SEV2, Severity.SEV3] };
      const resolved = historyTo(IncidentStatus.RESOLVED);
      spec.given(resolved).when(command('CloseIncident', policy)).thenFails('REPORT_REQUIRED', { severity: 'SEV2', report: null });
      spec.given([...resolved, draft]).when(command('CloseIncident', policy)).thenFails('REPORT_REQUIRED', { report: 'DRAFT' });
      spec.given([declared]).when(command('ChangeIncidentStatus', { status: IncidentStatus.CLOSED, ...policy })).thenFails('REPORT_REQUIRED');
      const published: IncidentEvent = { type: 'IncidentReportPublished', data: { ...fact, revision: 1 } };
      spec.given([...resolved, draft, published]).when(command('CloseIncident', policy)).then([{ type: 'IncidentClosed', data: { incidentId, at, by } }]);
      spec.given(resolved).when(command('CloseIncident', { reportRequiredFor: [Severity.SEV1] })).then([{ type: 'IncidentClosed', data: { incidentId, at, by } }]);
      const drill = { ...declared, data: { ...declared.data, kind: IncidentKind.DRILL } } as IncidentEvent;
      spec.given([drill, resolved[1]]).when(command('CloseIncident', policy)).then([{ type: 'IncidentClosed', data: { incidentId, at, by } }]);
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
