import { eventCodec, field } from '../shared/event-codec';
import { AffectedComponentStatus, INCIDENT_COMPONENT_STATUSES, PUBLIC_IMPACTS, PublicImpact } from './statuspage.types';

/**
 * An incident's life on the status page, one stream per incident,
 * `statuspage-incident-<incidentId>`: what a person chose to tell the public
 * (a public title, an impact, the components it affects, a first message).
 * Its later public updates are the incident's own EXTERNAL status updates;
 * nothing else of the incident is ever public.
 */
export const PUBLIC_INCIDENT_STREAM_PREFIX = 'statuspage-incident-';

export const publicIncidentStreamId = (incidentId: string): string => `${PUBLIC_INCIDENT_STREAM_PREFIX}${incidentId}`;

/** What the public is told about an incident, besides its updates. */
export interface PublicIncidentSettings {
  /** The public title: never the internal one. */
  name: string;
  impact: PublicImpact;
  /** The components it affects, each with the state it puts it in while unresolved. */
  components: AffectedComponentStatus[];
}

export interface IncidentPublished {
  type: 'IncidentPublished';
  data: PublicIncidentSettings & {
    incidentId: string;
    /** Its id on the page: not the ledger's incident id. Kept when it is published again after a withdrawal. */
    publicId: string;
    /** The first public update. */
    message: string;
    at: string;
    by: string;
  };
}

/** Changed settings: only the fields that changed. */
export interface PublicIncidentChanged {
  type: 'PublicIncidentChanged';
  data: { incidentId: string; changes: Partial<PublicIncidentSettings>; at: string; by: string };
}

/** Off the page, as if never published; it may be published again. */
export interface PublicIncidentWithdrawn {
  type: 'PublicIncidentWithdrawn';
  data: { incidentId: string; reason: string | null; at: string; by: string };
}

export type PublicIncidentEvent = IncidentPublished | PublicIncidentChanged | PublicIncidentWithdrawn;

const stamp = { incidentId: field.string, at: field.string, by: field.string };
const settings = {
  name: field.string,
  impact: field.oneOf(PUBLIC_IMPACTS),
  components: field.objects<AffectedComponentStatus>({ componentId: field.string, status: field.oneOf(INCIDENT_COMPONENT_STATUSES) }),
};

export const publicIncidentEventCodec = eventCodec<PublicIncidentEvent>({
  IncidentPublished: { shape: { ...stamp, ...settings, publicId: field.string, message: field.string } },
  PublicIncidentChanged: { shape: { ...stamp, changes: field.partial(settings) } },
  PublicIncidentWithdrawn: { shape: { ...stamp, reason: field.nullableString } },
});
