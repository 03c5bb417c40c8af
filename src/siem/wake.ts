/**
 * A wait that something else can end early: `wait(ms)` resolves after `ms` or at the next `wake()`,
 * whichever comes first. One waiter at a time (the pipeline's sender loop). Timers are unref'd: a
 * waiting sink never keeps the process alive.
 */
export class Wake {
  #resolve: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), ms).unref();
      this.#resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  wake(): void {
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
