export * from './public-status-page';
