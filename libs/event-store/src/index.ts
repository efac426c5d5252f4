export * from './event-store.port';
export * from './event-store.errors';
export * from './event-ids';
export * from './sqlite/sqlite-event-store';
export * from './in-memory/in-memory-event-store';
export * from './eventstoredb/eventstoredb-event-store';
