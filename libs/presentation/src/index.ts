export * from './review-report.html';
