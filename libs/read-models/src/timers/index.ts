// Durable timers: the read side.
export * from './timers.read-model';
