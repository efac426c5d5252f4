export * from './incidents/incident-view';
export * from './incidents/incident-details.projection';
export * from './incidents/incident-timeline.projection';
export * from './incidents/incident-read-model';
export * from './projector';
export * from './live/push-iterator';
export * from './live/incident-feeds';
