// What runs commands and opens the store, with no Nest: shared by the server (src/), the command line and the bench.
export * from './commands/command-executor';
export * from './commands/deterministic-id';
export * from './commands/keyed-lock';
export * from './access/api-key-credentials';
export * from './access/api-key-command.executor';
export * from './access/api-keys.service';
export * from './access/api-key-listing';
export * from './config/app-config';
export * from './store/event-store-factory';
export * from './catalogue/catalogue-command.executor';
export * from './catalogue/catalogue.service';
