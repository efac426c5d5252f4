import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { IncidentKind } from './incident-kind';
import { ResponderRole } from './responder-role';
import { Severity } from './severity';

/**
 * The facts of an incident, as stored. `type` strings are part of the storage
 * format: never rename them, add a new type or an upcaster instead.
 * Every event carries `at` (ISO-8601 instant it happened) and `by` (who did it).
 */
interface IncidentFact {
  incidentId: string;
  at: string;
  by: string;
}

export type StatusUpdateAudience = 'INTERNAL' | 'EXTERNAL';

export interface IncidentDeclared {
  type: 'IncidentDeclared';
  data: IncidentFact & {
    title: string;
    description: string | null;
    severity: Severity;
    services: string[];
    /** When users were first affected, if known; may precede detection. */
    impactStartedAt: string | null;
    /** When the problem was noticed (an alert, a report); defaults to the declaration. */
    detectedAt: string;
    /** Visible only to its responders and admins. Absent in events written before private incidents existed. */
    private?: boolean;
    /** NORMAL or DRILL. Absent (NORMAL) in events written before drills existed. */
    kind?: IncidentKind;
  };
}

export interface IncidentVisibilityChanged {
  type: 'IncidentVisibilityChanged';
  data: IncidentFact & { private: boolean };
}

export interface IncidentAcknowledged {
  type: 'IncidentAcknowledged';
  data: IncidentFact;
}

export interface IncidentSeverityChanged {
  type: 'IncidentSeverityChanged';
  data: IncidentFact & { from: Severity; to: Severity; reason: string | null };
}

/** A forward move between active states (IDENTIFIED, MONITORING). */
export interface IncidentStatusChanged {
  type: 'IncidentStatusChanged';
  data: IncidentFact & { from: IncidentStatus; to: IncidentStatus; note: string | null };
}

export interface IncidentResolved {
  type: 'IncidentResolved';
  data: IncidentFact & { from: IncidentStatus; summary: string | null };
}

export interface IncidentReopened {
  type: 'IncidentReopened';
  data: IncidentFact & { reason: string | null };
}

export interface IncidentClosed {
  type: 'IncidentClosed';
  data: IncidentFact;
}

export interface ResponderAssigned {
  type: 'ResponderAssigned';
  data: IncidentFact & {
    role: ResponderRole;
    responder: string;
    /** The holder this assignment hands over from (single-holder roles only). */
    previousResponder: string | null;
  };
}

export interface ResponderUnassigned {
  type: 'ResponderUnassigned';
  data: IncidentFact & { role: ResponderRole; responder: string };
}

export interface TimelineNoteAdded {
  type: 'TimelineNoteAdded';
  data: IncidentFact & { text: string };
}

export interface StatusUpdatePosted {
  type: 'StatusUpdatePosted';
  data: IncidentFact & {
    audience: StatusUpdateAudience;
    message: string;
    /** The incident's status when the update was posted. */
    status: IncidentStatus;
  };
}

/** A moment of the incident set right after the fact; metrics use the corrected value. */
export interface IncidentTimestampCorrected {
  type: 'IncidentTimestampCorrected';
  data: IncidentFact & { field: IncidentTimestamp; from: string | null; to: string; reason: string };
}

export type IncidentEvent =
  | IncidentDeclared
  | IncidentAcknowledged
  | IncidentSeverityChanged
  | IncidentStatusChanged
  | IncidentResolved
  | IncidentReopened
  | IncidentClosed
  | ResponderAssigned
  | ResponderUnassigned
  | TimelineNoteAdded
  | StatusUpdatePosted
  | IncidentVisibilityChanged
  | IncidentTimestampCorrected;

export type IncidentEventType = IncidentEvent['type'];

export const INCIDENT_EVENT_TYPES: readonly IncidentEventType[] = [
  'IncidentDeclared',
  'IncidentAcknowledged',
  'IncidentSeverityChanged',
  'IncidentStatusChanged',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentClosed',
  'ResponderAssigned',
  'ResponderUnassigned',
  'TimelineNoteAdded',
  'StatusUpdatePosted',
  'IncidentVisibilityChanged',
  'IncidentTimestampCorrected',
];

export function isIncidentEvent(event: { type: string }): event is IncidentEvent {
  return (INCIDENT_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** Incidents live in streams named `incident-<id>`. */
export const INCIDENT_STREAM_PREFIX = 'incident-';

export function incidentStreamId(incidentId: string): string {
  return `${INCIDENT_STREAM_PREFIX}${incidentId}`;
}
