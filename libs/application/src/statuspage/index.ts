export * from './status-page-settings';
export * from './status-page-commands';
export * from './statuspage.context';
