import type { AddressInfo, Server } from 'node:net';

/** The in-memory data every stack serves, and the one query the bench sends. */
export interface IncidentRecord {
  id: string;
  title: string;
  status: string;
  severity: number;
}

const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'MITIGATED', 'RESOLVED'];

export const incidents = new Map<string, IncidentRecord>();
for (let i = 0; i < 1000; i++) {
  const id = `inc-${String(i).padStart(4, '0')}`;
  incidents.set(id, { id, title: `Incident number ${i}`, status: STATUSES[i % 4], severity: (i % 5) + 1 });
}

export const QUERY_ID = 'inc-0421';
export const QUERY = `{ incident(id: "${QUERY_ID}") { id title status severity } }`;

/** Servers listen on port 0 and announce the port they got on stdout as `PORT=<n>`. */
export function announce(server: Server): void {
  const address = server.address() as AddressInfo;
  process.stdout.write(`PORT=${address.port}\n`);
}
