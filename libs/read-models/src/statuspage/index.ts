export * from './public-status-page';
export { STATUS_PAGE_HISTORY_DAYS } from './status-page.projection';
export * from './status-page.read-model';
