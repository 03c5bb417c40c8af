/**
 * Messages between the processes of one gateway (`serve --workers N`: the primary and its workers). The
 * transport is the IPC channel Node opens between a parent and its forked child; the domains that share
 * state over it (limits, controls, metrics, the SIEM) see only this contract, so each can be tested over a
 * real channel without the cluster around it.
 */

/** Every message names its topic, so several services share one channel; the rest is the topic's own. */
export interface IpcMessage {
  readonly gh: string;
  readonly [field: string]: unknown;
}

/** One end of a channel to one other process. */
export interface IpcChannel {
  /** Sends (JSON-serialisable); false when the channel is closed and nothing was sent. */
  send(message: IpcMessage): boolean;
  /** Calls `listener` with every message received; returns how to stop. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Calls `listener` once when the channel closes (the other process exited); returns how to stop. */
  onClose(listener: () => void): () => void;
}

/** A call: `op` with `args`, answered by the reply with `re` equal to `id`. */
interface Call {
  readonly id: number;
  readonly op: string;
  readonly args: readonly unknown[];
}

interface Request extends IpcMessage, Call {}

/** The answer to the call numbered `re`. */
interface ReplyBody {
  readonly re: number;
  readonly value?: unknown;
  readonly error?: { name: string; message: string };
}

interface Reply extends IpcMessage, ReplyBody {}

/** A call the other process refused or never answered. */
export class IpcCallError extends Error {
  constructor(message: string, name = 'IpcCallError') {
    super(message);
    this.name = name;
  }
}

const ERRORS: Record<string, new (message: string) => Error> = { RangeError, TypeError };

/** The error a reply carries, as the caller's own type where it is a standard one (RangeError stays RangeError). */
function errorOf(error: { name: string; message: string }): Error {
  const Known = ERRORS[error.name];
  return Known ? new Known(error.message) : new IpcCallError(error.message, error.name);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  sentAt: number;
}

/** Call ids are unique in the process, so clients sharing a channel and topic never take each other's replies. */
let nextCallId = 1;

export interface IpcClient {
  /** Asks the other process to run `op` with `args`; rejects with its error, or after `timeoutMs` unanswered. */
  call(op: string, args: readonly unknown[]): Promise<unknown>;
  /** Rejects every call still waiting and stops listening. */
  close(): void;
}

/**
 * Calls operations in the other process over `channel`, one topic. Unanswered calls are swept every
 * `timeoutMs / 2` (one timer for all, not one per call: this is on the request path).
 */
export function ipcClient(channel: IpcChannel, topic: string, timeoutMs: number): IpcClient {
  const pending = new Map<number, Pending>();
  let closed = false;
  const failAll = (why: string) => {
    for (const call of pending.values()) call.reject(new IpcCallError(why));
    pending.clear();
  };
  const stopListening = channel.onMessage(function ipcReply(message) {
    const reply = message as Reply & Partial<Batch<ReplyBody>>;
    if (reply?.gh !== topic) return;
    if (Array.isArray(reply.replies)) for (const one of reply.replies) settle(pending, one);
    else settle(pending, reply);
  });
  const stopClose = channel.onClose(() => failAll(`${topic}: the other process is gone`));
  // Calls made in one turn of the event loop (the limit checks of every request that arrived together)
  // leave as one message: one serialisation and one wake-up of the other process instead of one per call.
  const outbox = batcher<Call>((calls) => {
    if (channel.send(calls.length === 1 ? ({ gh: topic, ...calls[0] } as Request) : ({ gh: topic, calls } as Batch<Call>))) return;
    for (const { id } of calls) {
      const call = pending.get(id);
      pending.delete(id);
      call?.reject(new IpcCallError(`${topic}: the channel is closed`));
    }
  });
  const sweeper = sweepLate(pending, topic, timeoutMs);
  return {
    call(op, args) {
      if (closed) return Promise.reject(new IpcCallError(`${topic}: closed`));
      const id = nextCallId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, sentAt: Date.now() });
        outbox.push({ id, op, args });
      });
    },
    close() {
      closed = true;
      clearInterval(sweeper);
      stopListening();
      stopClose();
      failAll(`${topic}: closed`);
    },
  };
}

/** Resolves or rejects the call a reply answers; a reply to nothing waiting (late, or another client's) is ignored. */
function settle(pending: Map<number, Pending>, reply: ReplyBody | undefined): void {
  if (typeof reply?.re !== 'number') return;
  const call = pending.get(reply.re);
  if (!call) return;
  pending.delete(reply.re);
  if (reply.error) call.reject(errorOf(reply.error));
  else call.resolve(reply.value);
}

/** Rejects calls unanswered after `timeoutMs`, checked every `timeoutMs / 2` by one timer for all calls. */
function sweepLate(pending: Map<number, Pending>, topic: string, timeoutMs: number): NodeJS.Timeout {
  return setInterval(
    () => {
      const late = Date.now() - timeoutMs;
      for (const [id, call] of pending) {
        if (call.sentAt > late) continue;
        pending.delete(id);
        call.reject(new IpcCallError(`${topic}: no answer within ${timeoutMs} ms`));
      }
    },
    Math.max(1, Math.floor(timeoutMs / 2)),
  ).unref();
}

/**
 * Answers the calls of an `ipcClient` on the other end of `channel`: `handle(op, args)` runs each, and
 * its value (or error: name and message only, never a stack) goes back. Returns how to stop answering.
 */
export function serveIpc(channel: IpcChannel, topic: string, handle: (op: string, args: readonly unknown[]) => unknown): () => void {
  const outbox = batcher<ReplyBody>((replies) =>
    channel.send(replies.length === 1 ? ({ gh: topic, ...replies[0] } as Reply) : ({ gh: topic, replies } as Batch<ReplyBody>)),
  );
  const run = (request: Partial<Call> | undefined) => {
    if (typeof request?.op !== 'string' || typeof request.id !== 'number') return;
    const re = request.id;
    try {
      const value = handle(request.op, Array.isArray(request.args) ? request.args : []);
      if (value instanceof Promise)
        value.then(
          (v) => outbox.push({ re, value: v }),
          (err: unknown) => outbox.push({ re, error: errorFields(err) }),
        );
      else outbox.push({ re, value });
    } catch (err) {
      outbox.push({ re, error: errorFields(err) });
    }
  };
  return channel.onMessage(function ipcRequest(message) {
    const request = message as Request & Partial<Batch<Call>>;
    if (request?.gh !== topic) return;
    if (Array.isArray(request.calls)) for (const call of request.calls) run(call);
    else run(request);
  });
}

/** Several calls, or several replies, of one topic in one message. */
interface Batch<T> extends IpcMessage {
  readonly calls?: readonly T[];
  readonly replies?: readonly T[];
}

/** Collects items during one turn of the event loop and hands them to `flush` together, at setImmediate. */
function batcher<T>(flush: (items: T[]) => void): { push(item: T): void } {
  let items: T[] = [];
  const send = () => {
    const batch = items;
    items = [];
    flush(batch);
  };
  return {
    push(item) {
      if (items.push(item) === 1) setImmediate(send);
    },
  };
}

function errorFields(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}
