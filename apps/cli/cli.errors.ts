/**
 * The command cannot run as it was asked, in this setting (a store that has
 * no such thing, a setting that rules it out): exit code 2, like a bad option,
 * and nothing was done.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command did not do its work, or refused to (exit code 1). */
export class CommandFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailedError';
  }
}
