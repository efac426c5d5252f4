// The catalogue in Backstage's catalog-info.yaml format: import plans and exports, pure (the caller reads and writes files).
export * from './backstage-format';
export * from './backstage-entities';
export * from './catalogue-import.plan';
export * from './catalogue-export';
export * from './catalogue-command.executor';
export * from './catalogue.context';
export * from './catalogue.service';
