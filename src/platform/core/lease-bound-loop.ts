import { OnceOnlyLoop } from '@incident-ledger/application';
import { Logger } from '@nestjs/common';
import { LeaseKeeper } from './lease-keeper';

/**
 * A round of once-only work every `pollMs` while this server holds the
 * once-only lease (see OnceOnlyLoop), its failures logged under `name`.
 */
export function leaseBoundLoop(name: string, lease: LeaseKeeper, pollMs: number, work: { round: () => Promise<void>; onLeaseLost?: () => void }): OnceOnlyLoop {
  const logger = new Logger(name);
  return new OnceOnlyLoop({
    holdsLease: () => lease.isHolder,
    pollMs,
    ...work,
    onRoundFailed: (error) => logger.error({ message: `${name}: round failed; tried again shortly`, error: error instanceof Error ? error.stack : String(error) }),
  });
}
