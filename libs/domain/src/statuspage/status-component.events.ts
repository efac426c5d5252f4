import { eventCodec, field } from '../shared/event-codec';
import { COMPONENT_STATUSES, ComponentStatus } from './statuspage.types';

/**
 * A component of the status page (an API, a region, the dashboard), or a
 * group of components: one stream each, `statuspage-component-<slug>`, so
 * that groups and components share one set of ids, as in Statuspage's API.
 */
export const STATUS_COMPONENT_STREAM_PREFIX = 'statuspage-component-';

export const statusComponentStreamId = (componentId: string): string => `${STATUS_COMPONENT_STREAM_PREFIX}${componentId}`;

/** What a person sets on a component. */
export interface StatusComponentSettings {
  /** Its public name. */
  name: string;
  description: string | null;
  /** The group it is shown in; null at the top level (always null for a group). */
  groupId: string | null;
  /** The catalogue service it stands for, if any: for people, never shown. */
  service: string | null;
  /** Its place among its siblings, from 1. */
  position: number;
  /** Shown only while it is not operational. */
  onlyShowIfDegraded: boolean;
}

export interface StatusComponentCreated {
  type: 'StatusComponentCreated';
  data: StatusComponentSettings & { componentId: string; isGroup: boolean; at: string; by: string };
}

/** Changed settings: only the fields that changed. */
export interface StatusComponentChanged {
  type: 'StatusComponentChanged';
  data: { componentId: string; changes: Partial<StatusComponentSettings>; at: string; by: string };
}

/** Set by hand: it holds until the next incident or maintenance that affects the component moves it. */
export interface ComponentStatusSet {
  type: 'ComponentStatusSet';
  data: { componentId: string; status: ComponentStatus; at: string; by: string };
}

/** Gone from the page; its history stays in the log. */
export interface StatusComponentRemoved {
  type: 'StatusComponentRemoved';
  data: { componentId: string; at: string; by: string };
}

export type StatusComponentEvent = StatusComponentCreated | StatusComponentChanged | ComponentStatusSet | StatusComponentRemoved;

const stamp = { componentId: field.string, at: field.string, by: field.string };
const settings = {
  name: field.string,
  description: field.nullableString,
  groupId: field.nullableString,
  service: field.nullableString,
  position: field.integer,
  onlyShowIfDegraded: field.boolean,
};

export const statusComponentEventCodec = eventCodec<StatusComponentEvent>({
  StatusComponentCreated: { shape: { ...stamp, ...settings, isGroup: field.boolean } },
  StatusComponentChanged: { shape: { ...stamp, changes: field.partial(settings) } },
  ComponentStatusSet: { shape: { ...stamp, status: field.oneOf(COMPONENT_STATUSES) } },
  StatusComponentRemoved: { shape: stamp },
});
