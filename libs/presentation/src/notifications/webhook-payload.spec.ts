import { declaredSev1, drillSeverityChanged, everyMessage, HOSTILE, hostileMessage, LINK, longStatusUpdate, testMessage } from './testing/message-fixtures';
import { webhookPayload } from './webhook-payload';

describe('webhookPayload', () => {
  it('sends a declared SEV1 incident as { type, timestamp, data } with the documented field names', () => {
    expect(JSON.parse(webhookPayload(declaredSev1()))).toEqual({
      type: 'incident.declared',
      timestamp: '2026-03-04T05:06:07.000Z',
      data: {
        kind: 'DECLARED',
        summary: 'Declared at SEV1',
        detail: null,
        actor: 'bob',
        link: LINK,
        incident: {
          id: 'inc-1',
          title: 'Checkout errors',
          severity: 'SEV1',
          status: 'INVESTIGATING',
          services: ['checkout', 'payments'],
          drill: false,
          commander: 'alice',
        },
      },
    });
  });

  it.each(everyMessage())('is minified JSON for %s, so the bytes signed are the bytes sent', (_, message) => {
    const body = webhookPayload(message);
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
  });

  it('keeps a long status update whole: a receiver shortens it if it must', () => {
    const message = longStatusUpdate();
    expect(JSON.parse(webhookPayload(message)).data.detail).toBe(message.detail);
  });

  it('marks a drill in data.incident.drill', () => {
    expect(JSON.parse(webhookPayload(drillSeverityChanged())).data.incident.drill).toBe(true);
  });

  it('sends a test message with a null incident', () => {
    expect(JSON.parse(webhookPayload(testMessage()))).toEqual({
      type: 'notification.test',
      timestamp: '2026-03-04T05:06:07.000Z',
      data: { kind: 'TEST', summary: 'Test notification from Incident Ledger', detail: null, actor: 'admin', link: null, incident: null },
    });
  });

  it('carries hostile text exactly as typed: JSON is data, the receiver decides how to show it', () => {
    const { data } = JSON.parse(webhookPayload(hostileMessage()));
    expect([data.incident.title, data.incident.commander, data.incident.services[0], data.actor]).toEqual([HOSTILE, HOSTILE, HOSTILE, HOSTILE]);
    expect(data.detail).toBe(`${HOSTILE}\n${HOSTILE}`);
  });

  it('sends only the documented fields, even when the message holds more', () => {
    const message = declaredSev1();
    const withExtra = { ...message, incident: message.incident && { ...message.incident, privateNote: 'x' } };
    expect(Object.keys(JSON.parse(webhookPayload(withExtra)).data.incident)).toEqual(['id', 'title', 'severity', 'status', 'services', 'drill', 'commander']);
  });
});
