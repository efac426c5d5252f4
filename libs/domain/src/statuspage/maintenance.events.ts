import { eventCodec, field } from '../shared/event-codec';
import { MAINTENANCE_STATUSES, MaintenanceStatus, PUBLIC_IMPACTS, PublicImpact } from './statuspage.types';

/**
 * A scheduled maintenance of the status page, one stream each,
 * `statuspage-maintenance-<slug>`: scheduled → in progress → verifying →
 * completed. Its components are `under_maintenance` while it runs.
 */
export const MAINTENANCE_STREAM_PREFIX = 'statuspage-maintenance-';

export const maintenanceStreamId = (maintenanceId: string): string => `${MAINTENANCE_STREAM_PREFIX}${maintenanceId}`;

export interface MaintenanceWindow {
  scheduledFor: string;
  scheduledUntil: string;
}

export interface MaintenanceScheduled {
  type: 'MaintenanceScheduled';
  data: MaintenanceWindow & {
    maintenanceId: string;
    name: string;
    /** The announcement: its first public update. */
    message: string;
    impact: PublicImpact;
    components: string[];
    /** Started at `scheduledFor` by the ledger, rather than by a person. */
    autoStart: boolean;
    /** Completed at `scheduledUntil` by the ledger, rather than by a person. */
    autoComplete: boolean;
    at: string;
    by: string;
  };
}

/** A public update: a move to `status` (or a note in the same status), by a person or, `automatic`, on time by the ledger. */
export interface MaintenanceUpdated {
  type: 'MaintenanceUpdated';
  data: { maintenanceId: string; status: MaintenanceStatus; message: string; automatic: boolean; at: string; by: string };
}

export interface MaintenanceRescheduled {
  type: 'MaintenanceRescheduled';
  data: MaintenanceWindow & { maintenanceId: string; at: string; by: string };
}

/** Called off before it started: off the page. */
export interface MaintenanceCancelled {
  type: 'MaintenanceCancelled';
  data: { maintenanceId: string; reason: string | null; at: string; by: string };
}

export type MaintenanceEvent = MaintenanceScheduled | MaintenanceUpdated | MaintenanceRescheduled | MaintenanceCancelled;

const stamp = { maintenanceId: field.string, at: field.string, by: field.string };
const window = { scheduledFor: field.string, scheduledUntil: field.string };

export const maintenanceEventCodec = eventCodec<MaintenanceEvent>({
  MaintenanceScheduled: {
    shape: { ...stamp, ...window, name: field.string, message: field.string, impact: field.oneOf(PUBLIC_IMPACTS), components: field.strings, autoStart: field.boolean, autoComplete: field.boolean },
  },
  MaintenanceUpdated: { shape: { ...stamp, status: field.oneOf(MAINTENANCE_STATUSES), message: field.string, automatic: field.boolean } },
  MaintenanceRescheduled: { shape: { ...stamp, ...window } },
  MaintenanceCancelled: { shape: { ...stamp, reason: field.nullableString } },
});
