import { AppConfig, OnceOnlyLoop, TimerRunner } from '@incident-ledger/application';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Projector, TimersReadModel } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';

/** How often this server looks for due timers while it holds the lease. */
const POLL_MS = 250;

/**
 * Fires due timers in this server while it holds the once-only lease. It
 * starts at application bootstrap, after every module's init, so that every
 * context has registered its timer handlers by the first round (a timer
 * found without a handler is fired as unhandled).
 */
@Injectable()
export class TimerFiringRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(runner: TimerRunner, lease: LeaseKeeper, projector: Projector, timers: TimersReadModel, @Inject(EVENT_STORE) store: EventStore, @Inject(AppConfig) config: AppConfig) {
    this.loop = leaseBoundLoop('Timers', lease, POLL_MS, {
      round: async () => {
        // Timers another server scheduled or fired (it held the lease a moment ago) must be known before any is taken as due.
        await projector.waitFor(await store.headPosition(), config.READ_YOUR_WRITES_TIMEOUT_MS, timers);
        await runner.fireDue();
      },
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
