import { AuditReadModel } from '@incident-ledger/read-models';
import { incidentDecider, incidentEventCodec } from '@incident-ledger/domain';
import { checkContexts, ContextRegistration } from './context-registration';
import { LEDGER_CONTEXTS } from './ledger-contexts';
import { createReadModels } from './ledger-read-models';

const context = (name: string, parts: Partial<ContextRegistration> = {}): ContextRegistration => ({ name, streams: [], readModels: [], processManagers: [], ...parts });

describe('context registrations', () => {
  it("make the ledger's read models, each under its name and version", () => {
    expect(createReadModels(LEDGER_CONTEXTS).map(({ context, name, version }) => `${context}/${name}@${version}`)).toEqual([
      'incidents/incidents@2',
      'access/apiKeys@1',
      'audit/audit@1',
      'catalogue/catalogue@1',
      'notifications/notifications@3',
      'notifications/deliveries@1',
      'timers/timers@1',
      'oncall/oncall@1',
      'alerting/alerting@1',
      'escalation/escalation@1',
      'statuspage/statuspage@1',
      'statuspage/statuspageSubscribers@1',
    ]);
  });

  it('refuse contexts that clash: a name twice, a read model name twice, overlapping stream prefixes', () => {
    const audit = { name: 'audit', version: 1, type: AuditReadModel };
    expect(() => checkContexts([...LEDGER_CONTEXTS, context('extra')])).not.toThrow();
    expect(() => checkContexts([context('a'), context('a')])).toThrow('two contexts are named a');
    expect(() => checkContexts([context('a', { readModels: [audit] }), context('b', { readModels: [audit] })])).toThrow('two read models are named audit');
    expect(() => checkContexts([...LEDGER_CONTEXTS, context('incident-reviews', { streams: [{ prefix: 'incident-review-', decider: incidentDecider, codec: incidentEventCodec }] })])).toThrow(
      'the streams incident-… (incidents) and incident-review-… (incident-reviews) overlap',
    );
    expect(() => checkContexts([context('pages', { streams: [{ prefix: 'page-', decider: incidentDecider, codec: incidentEventCodec }] })])).toThrow(
      'the context pages writes page-… streams but its errors do not say what they hold',
    );
  });
});
