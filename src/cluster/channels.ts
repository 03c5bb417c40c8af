import type { IpcChannel, IpcMessage } from '../core/ipc.js';

/** What a forked child (child_process.fork) or a cluster worker offers its parent: both have this shape. */
export interface ForkedProcess {
  send(message: unknown): boolean;
  isConnected?(): boolean;
  connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect' | 'exit', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect' | 'exit', listener: () => void): unknown;
}

/** The parent's end of the channel to one forked child or cluster worker. */
export function childChannel(child: ForkedProcess): IpcChannel {
  const connected = () => (child.isConnected ? child.isConnected() : child.connected !== false);
  return {
    send: (message: IpcMessage) => connected() && child.send(message),
    onMessage(listener) {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
    onClose(listener) {
      child.on('disconnect', listener);
      return () => child.off('disconnect', listener);
    },
  };
}

/** This process's end of the channel to its parent (the cluster primary, or whoever forked it). */
export function parentChannel(): IpcChannel {
  if (!process.send) throw new Error('this process has no IPC channel to a parent');
  const send = process.send.bind(process);
  return {
    // Errors of a channel closing under a send arrive on 'error' of the process; the close listener handles the rest.
    send: (message: IpcMessage) => process.connected && send(message, undefined, {}, () => undefined),
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
    onClose(listener) {
      process.on('disconnect', listener);
      return () => process.off('disconnect', listener);
    },
  };
}
