// Everything the bench starts (labs, child processes, browsers, temp dirs) registers its undo
// here; run() undoes in reverse order, once, on success, failure or a signal.
export class Cleanup {
  private readonly steps: { name: string; fn: () => Promise<void> | void }[] = [];
  private readonly handles = new Map<() => Promise<void>, { name: string; fn: () => Promise<void> | void }>();
  private running: Promise<void> | null = null;

  /** Registers an undo step; the returned function runs it early (and unregisters it). */
  add(name: string, fn: () => Promise<void> | void): () => Promise<void> {
    const step = { name, fn };
    this.steps.push(step);
    const handle = async () => {
      this.handles.delete(handle);
      const i = this.steps.indexOf(step);
      if (i < 0) return;
      this.steps.splice(i, 1);
      await step.fn();
    };
    this.handles.set(handle, step);
    return handle;
  }

  /** Drops a step without running it (the thing it would undo is already gone). */
  forget(handle: () => Promise<void>): void {
    const step = this.handles.get(handle);
    this.handles.delete(handle);
    const i = step ? this.steps.indexOf(step) : -1;
    if (i >= 0) this.steps.splice(i, 1);
  }

  get size(): number {
    return this.steps.length;
  }

  /** Runs every step (last registered first); a failing step is reported, the rest still run. */
  run(log: (line: string) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step.fn();
        } catch (e) {
          log(`cleanup of ${step.name} failed: ${(e as Error).message}`);
        }
      }
    })();
    return this.running;
  }

  /** SIGINT/SIGTERM/SIGHUP: clean up, then exit with 128 + signal number. */
  handleSignals(log: (line: string) => void): () => void {
    const codes: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
    const handlers = Object.keys(codes).map((sig) => {
      const h = () => {
        log(`${sig}: cleaning up…`);
        void this.run(log).finally(() => process.exit(128 + codes[sig]!));
      };
      process.once(sig as NodeJS.Signals, h);
      return [sig, h] as const;
    });
    return () => handlers.forEach(([sig, h]) => process.off(sig as NodeJS.Signals, h));
  }
}
