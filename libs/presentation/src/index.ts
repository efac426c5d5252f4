export * from './html';
export * from './review-report.html';
