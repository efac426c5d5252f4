export * from './status-page-settings';
export * from './status-page-commands';
export * from './statuspage.context';
export * from './status-page-subscribers';
export * from './statuspage-notices';
