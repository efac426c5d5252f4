import { IncidentStatus, NotificationMessage, Severity } from '@incident-ledger/domain';

// Messages as the delivery process makes them, for the renderers' specs: one
// of each shape a channel must handle.

export const LINK = 'https://ledger.example.com/incidents/inc-1';

/** Everything a hostile user could type to ping a channel, add a link, run a script or style text. */
export const HOSTILE = '<script>alert(1)</script> <!channel> @here *bold* _it_ [link](https://evil.example) <https://evil.example|click> &amp; **strong**';

/** A SEV1 incident just declared. */
export function declaredSev1(): NotificationMessage {
  return {
    type: 'incident.declared',
    kind: 'DECLARED',
    occurredAt: '2026-03-04T05:06:07.000Z',
    incident: {
      id: 'inc-1',
      title: 'Checkout errors',
      severity: Severity.SEV1,
      status: IncidentStatus.INVESTIGATING,
      services: ['checkout', 'payments'],
      drill: false,
      commander: 'alice',
    },
    summary: 'Declared at SEV1',
    detail: null,
    actor: 'bob',
    link: LINK,
  };
}

/** A status update whose message is longer than any chat block takes. */
export function longStatusUpdate(length = 5000): NotificationMessage {
  return {
    ...declaredSev1(),
    type: 'incident.status_update_posted',
    kind: 'STATUS_UPDATE_POSTED',
    summary: 'INTERNAL status update posted',
    detail: 'We are rolling back & watching. '.repeat(Math.ceil(length / 32)).slice(0, length),
  };
}

/** A drill whose severity went up. */
export function drillSeverityChanged(): NotificationMessage {
  const message = declaredSev1();
  return {
    ...message,
    type: 'incident.severity_changed',
    kind: 'SEVERITY_CHANGED',
    incident: message.incident && { ...message.incident, drill: true },
    summary: 'Severity changed from SEV3 to SEV1',
  };
}

/** What testNotificationChannel sends: about no incident. */
export function testMessage(): NotificationMessage {
  return {
    type: 'notification.test',
    kind: 'TEST',
    occurredAt: '2026-03-04T05:06:07.000Z',
    incident: null,
    summary: 'Test notification from Incident Ledger',
    detail: null,
    actor: 'admin',
    link: null,
  };
}

/** HOSTILE in every field a user writes: the title, a commander's and actor's name, a service, the detail. */
export function hostileMessage(): NotificationMessage {
  const message = longStatusUpdate();
  return {
    ...message,
    incident: message.incident && { ...message.incident, title: HOSTILE, commander: HOSTILE, services: [HOSTILE] },
    detail: `${HOSTILE}\n${HOSTILE}`,
    actor: HOSTILE,
  };
}

/** Every fixture, for properties each rendering keeps whatever the message. */
export function everyMessage(): Array<[string, NotificationMessage]> {
  return [
    ['a declared SEV1 incident', declaredSev1()],
    ['a long status update', longStatusUpdate()],
    ['a drill', drillSeverityChanged()],
    ['a test message', testMessage()],
    ['hostile text', hostileMessage()],
  ];
}
