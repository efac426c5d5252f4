export * from './html';
export * from './front-page.html';
export * from './review-report.html';
export * from './notifications';
export * from './oncall';
export * from './paging';
export * from './statuspage';
