import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs synchronous work (a review over a year of incidents takes most of a
 * second on a large ledger) one piece at a time, each after the event loop
 * has had a turn: however many arrive together, everything else (health
 * checks, commands, feeds) waits for at most one of them, not for all.
 */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => T): Promise<T> {
    const turn = this.last.then(() => nextTurn()).then(work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}
