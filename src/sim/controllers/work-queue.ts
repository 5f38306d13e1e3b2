// A coalescing work queue: many changes to one object become one reconcile,
// run after the current store write returns (listeners must not write
// synchronously), with a retry on failure.

export class WorkQueue {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly reconcile: (key: string) => void,
    private readonly onError: (key: string, err: unknown) => void = (key, err) =>
      console.error(`kubesim: reconcile ${key} failed:`, err),
  ) {}

  /** Queues a key ("namespace/name"); duplicates coalesce. */
  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Queues a key after a delay in real milliseconds. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    setTimeout(() => this.add(key), ms).unref();
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
      } catch (err) {
        this.onError(key, err);
        // Conflicts from racing writers resolve on the next pass.
        this.addAfter(key, 50);
      }
    }
  }
}
