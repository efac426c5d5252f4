export * from './statuspage-api';
export * from './status-badge.svg';
export * from './status-widget';
