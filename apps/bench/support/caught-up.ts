import { BenchServer } from './server-process';

/** The server's 'Read models caught up' log line: what its start replayed, and how long that took. */
export interface CaughtUp {
  position: number;
  snapshot: string;
  restoredFrom: number;
  replayed: number;
  incidents: number;
  ms: number;
}

export function caughtUpLine(server: BenchServer): CaughtUp {
  const line = server.find('Read models caught up');
  if (!line) throw new Error('the server logged no "Read models caught up" line');
  return {
    position: numberFrom(line.entry.position, 'position'),
    snapshot: String(line.entry.snapshot),
    restoredFrom: numberFrom(line.entry.restoredFrom, 'restoredFrom'),
    replayed: numberFrom(line.entry.replayed, 'replayed'),
    incidents: numberFrom(line.entry.incidents, 'incidents'),
    ms: numberFrom(line.entry.ms, 'ms'),
  };
}

export function numberFrom(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`expected a number for ${what}, got ${JSON.stringify(value)}`);
  return value;
}
