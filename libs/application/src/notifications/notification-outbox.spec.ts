import { IncidentEvent, ResponderRole } from '@incident-ledger/domain';
import { personalRecipients, personChannelId, personOfChannel } from './notification-outbox';

const fact = { incidentId: 'inc-1', at: '2026-12-02T10:00:00.000Z', by: 'ana' };

describe('what concerns a person', () => {
  it('is a role given to them by someone else', () => {
    const assigned: IncidentEvent = { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'rosa', previousResponder: null } };
    expect(personalRecipients(assigned)).toEqual(['rosa']);
  });

  it('is not a role they took themselves, nor anything else', () => {
    const taken: IncidentEvent = { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'ana', previousResponder: null } };
    const removed: IncidentEvent = { type: 'ResponderUnassigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'rosa' } };
    expect(personalRecipients(taken)).toEqual([]);
    expect(personalRecipients(removed)).toEqual([]);
  });

  it('goes to `person:<name>`, which names no channel', () => {
    expect(personChannelId('rosa')).toBe('person:rosa');
    expect(personOfChannel('person:rosa')).toBe('rosa');
    expect(personOfChannel('0b6f5a36-3c1e-4f1e-9a59-4b1f2f1d5b1a')).toBeNull();
  });
});
