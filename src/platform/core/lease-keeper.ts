import { EventStore } from '@incident-ledger/event-store';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Keeps this process's claim on the work that must happen once across every
 * process sharing the store (timers, process managers): it tries to take or
 * renew the lease every third of its lifetime, so a live holder keeps it and a
 * dead one loses it within one lifetime. Once-only work runs while `isHolder`.
 */
export class LeaseKeeper {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private held = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('Lease');

  constructor(
    private readonly store: EventStore,
    readonly name: string,
    private readonly ttlMs: number,
  ) {}

  get isHolder(): boolean {
    return this.held;
  }

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.held) await this.store.leases.release(this.name, this.holder);
    this.held = false;
  }

  private async renew(): Promise<void> {
    let held: boolean;
    try {
      held = await this.store.leases.tryAcquire(this.name, this.holder, this.ttlMs);
    } catch (error) {
      held = false;
      this.logger.warn({ message: 'Could not renew the lease', lease: this.name, error: String(error) });
    }
    if (held !== this.held) {
      this.logger.log({ message: held ? 'This process now runs the once-only work' : 'This process no longer runs the once-only work', lease: this.name, holder: this.holder });
    }
    this.held = held;
  }
}
