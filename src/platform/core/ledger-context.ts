import { ContextRegistration } from '@incident-ledger/application';

const LEDGER_CONTEXT = Symbol('LEDGER_CONTEXT');

/**
 * Marks a Nest module as the server side of a context: `@LedgerContext(CATALOGUE_CONTEXT)`
 * above its `@Module`. The context's read models, streams and snapshot part come
 * from its registration in LEDGER_CONTEXTS; this lets the start check that
 * app.module.ts imports a module for every context in that list, and no other.
 */
export function LedgerContext(registration: ContextRegistration): ClassDecorator {
  return (target) => void Object.defineProperty(target, LEDGER_CONTEXT, { value: registration });
}

/** The contexts the application's modules (Nest's ModulesContainer) say they serve. */
export function contextsOfModules(modules: { values(): Iterable<{ metatype: unknown }> }): ContextRegistration[] {
  return [...modules.values()].flatMap(({ metatype }) => {
    const registration = (metatype as { [LEDGER_CONTEXT]?: ContextRegistration } | undefined)?.[LEDGER_CONTEXT];
    return registration ? [registration] : [];
  });
}

/** What keeps the modules and the list from agreeing, as sentences; empty when they agree. */
export function contextMismatches(served: readonly ContextRegistration[], listed: readonly ContextRegistration[]): string[] {
  return [
    ...listed
      .filter((context) => !served.includes(context))
      .map((context) => `the context ${context.name} is in LEDGER_CONTEXTS, but app.module.ts imports no module marked @LedgerContext for it`),
    ...served
      .filter((context) => !listed.includes(context))
      .map((context) => `a module is marked @LedgerContext for ${context.name}, which is not in LEDGER_CONTEXTS (libs/application/src/contexts/ledger-contexts.ts): its read models would never be fed`),
  ];
}
