export enum IncidentStatus {
  INVESTIGATING = 'INVESTIGATING',
  IDENTIFIED = 'IDENTIFIED',
  MONITORING = 'MONITORING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

/** The lifecycle order: forward moves may skip states, backward moves only by reopening. */
export const STATUS_ORDER: readonly IncidentStatus[] = [
  IncidentStatus.INVESTIGATING,
  IncidentStatus.IDENTIFIED,
  IncidentStatus.MONITORING,
  IncidentStatus.RESOLVED,
  IncidentStatus.CLOSED,
];

/** An incident is active (on the status board) until it is resolved. */
export function isActiveStatus(status: IncidentStatus): boolean {
  return (
    status === IncidentStatus.INVESTIGATING ||
    status === IncidentStatus.IDENTIFIED ||
    status === IncidentStatus.MONITORING
  );
}

export function isForwardMove(from: IncidentStatus, to: IncidentStatus): boolean {
  return STATUS_ORDER.indexOf(to) > STATUS_ORDER.indexOf(from);
}
