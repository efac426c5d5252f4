export * from './statuspage-api';
