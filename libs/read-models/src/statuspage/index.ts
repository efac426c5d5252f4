export * from './public-status-page';
export { DueMaintenanceMove, STATUS_PAGE_HISTORY_DAYS } from './status-page.projection';
export * from './status-page.read-model';
export * from './subscribers.read-model';
