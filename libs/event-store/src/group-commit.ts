/**
 * Group commit: appends that arrive while a commit is pending join the next
 * single transaction. Each caller still gets its own result or error.
 *
 * `commit` runs one batch in one transaction and returns, for each request in
 * order, its result or the error that refused it (a refused request must leave
 * no trace). If `commit` itself throws, the whole batch failed and every caller
 * receives that error.
 */
export class GroupCommitQueue<Request, Result> {
  private pending: Array<{ request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private transactions = 0;
  private requests = 0;

  constructor(private readonly commit: (batch: Request[]) => Array<Result | Error>) {}

  enqueue(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.idle = new Promise((done) => (this.markIdle = done));
        // setImmediate runs after the I/O callbacks of this loop turn, so every
        // request that arrived in the same turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every request enqueued so far is committed (or refused). */
  drain(): Promise<void> {
    return this.idle;
  }

  stats(): { transactions: number; appends: number } {
    return { transactions: this.transactions, appends: this.requests };
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    let outcomes: Array<Result | Error>;
    try {
      outcomes = this.commit(batch.map((entry) => entry.request));
      this.transactions += 1;
      this.requests += batch.length;
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      this.settleIdle();
      return;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof Error) entry.reject(outcome);
      else entry.resolve(outcome as Result);
    });
    this.settleIdle();
  }

  private settleIdle(): void {
    if (!this.scheduled) this.markIdle();
  }
}
