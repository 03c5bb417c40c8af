/**
 * A sleep that something else can end early: `sleep(ms)` resolves after `ms` or at the next
 * `interrupt()`, whichever comes first. One sleeper at a time (a sink's sender loop); an `interrupt()`
 * with nobody asleep does nothing. Timers are unref'd: a sleeping sink never keeps the process alive.
 */
export class InterruptibleSleep {
  #resolve: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.interrupt(), ms).unref();
      this.#resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  interrupt(): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
