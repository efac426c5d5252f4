// Durable timers: schedule and cancel them, register what runs them, fire what is due.
export * from './timers.context';
export * from './timer-command.executor';
export * from './timers.service';
export * from './timer-handlers';
export * from './timer-runner';
