/**
 * A real incident, or a drill: practice, run with the same tools and roles,
 * kept out of production metrics and reported apart. Part of the storage format.
 */
export enum IncidentKind {
  NORMAL = 'NORMAL',
  DRILL = 'DRILL',
}

export function isIncidentKind(value: unknown): value is IncidentKind {
  return Object.values(IncidentKind).includes(value as IncidentKind);
}
