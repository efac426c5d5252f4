// The public status page's renderers, each given only the public view: the Statuspage API v2 documents, the HTML page, the history feeds, the badge and the widget JSON.
export * from './statuspage-api';
export * from './status-badge.svg';
export * from './status-widget';
export * from './status-page.html';
export * from './status-feed';
export * from './subscriber-messages';
