export * from './status-page.html';
export * from './status-feed';
