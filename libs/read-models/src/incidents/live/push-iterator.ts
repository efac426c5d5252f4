/**
 * An async iterator fed by pushes. Unlike an async generator, `return()` ends
 * it at once even while a consumer is waiting, so a client that goes away is
 * unsubscribed immediately.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private head = 0;
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private ended = false;

  constructor(
    private readonly onEnd: () => void = () => undefined,
    /** More undelivered items than this means the consumer cannot keep up: the feed fails. */
    private readonly maxBuffered = 10_000,
  ) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length - this.head >= this.maxBuffered) {
      this.fail(new Error(`The subscriber fell more than ${this.maxBuffered} items behind; subscribe again to resume`));
      return;
    }
    this.queue.push(value);
  }

  /** Ends the feed with an error, delivered after what is already queued. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.finish();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.head = 0;
    this.failure = undefined;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    // A waiting consumer has nothing queued: it learns the outcome now.
    const failure = this.failure;
    this.failure = undefined;
    if (failure) waiting.reject(failure);
    else waiting.resolve({ value: undefined, done: true });
  }
}
