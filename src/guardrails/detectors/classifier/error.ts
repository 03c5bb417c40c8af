/**
 * Why a classifier check could not run (timeout, full queue, a worker that died, a closed pool). Thrown so
 * the policy's failMode decides; the message never contains the scanned text.
 */
export class ClassifierError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClassifierError';
  }
}
