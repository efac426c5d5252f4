import { AUDIT_CONTEXT, ContextRegistration, INCIDENTS_CONTEXT } from '@incident-ledger/application';
import { contextMismatches, contextsOfModules, LedgerContext } from './ledger-context';

const CATALOGUE: ContextRegistration = { name: 'catalogue', streams: [], readModels: [], processManagers: [] };

// Nest cannot be loaded under jest here (an ES module among its dependencies): plain classes stand for modules.
@LedgerContext(INCIDENTS_CONTEXT)
class IncidentsLikeModule {}

@LedgerContext(CATALOGUE)
class CatalogueLikeModule {}

class NotAContextModule {}

describe("the contexts' Nest modules and LEDGER_CONTEXTS", () => {
  it('finds the contexts the modules are marked with', () => {
    const modules = new Map([IncidentsLikeModule, CatalogueLikeModule, NotAContextModule].map((metatype) => [metatype.name, { metatype }]));
    expect(contextsOfModules(modules).map((context) => context.name)).toEqual(['incidents', 'catalogue']);
  });

  it('names a listed context with no module, and a module whose context is not listed', () => {
    expect(contextMismatches([INCIDENTS_CONTEXT, AUDIT_CONTEXT], [INCIDENTS_CONTEXT, AUDIT_CONTEXT])).toEqual([]);
    expect(contextMismatches([INCIDENTS_CONTEXT, CATALOGUE], [INCIDENTS_CONTEXT, AUDIT_CONTEXT])).toEqual([
      'the context audit is in LEDGER_CONTEXTS, but app.module.ts imports no module marked @LedgerContext for it',
      'a module is marked @LedgerContext for catalogue, which is not in LEDGER_CONTEXTS (libs/application/src/contexts/ledger-contexts.ts): its read models would never be fed',
    ]);
  });
});
