export * from './status-page.html';
