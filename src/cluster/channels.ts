import type { IpcChannel, IpcMessage } from '../core/ipc.js';

/** What a forked child (child_process.fork) or a cluster worker offers its parent: both have this shape. */
export interface ForkedProcess {
  send(message: unknown, sendHandle: undefined, options: object, callback: (error: Error | null) => void): boolean;
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
    send(message: IpcMessage) {
      if (!connected()) return false;
      // send() answers false also when its backlog is long, though the message is queued and will go: only
      // a closed channel means not sent, and then the callback (not an 'error' event) takes the error.
      child.send(message, undefined, {}, ignoreSendError);
      return true;
    },
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
    send(message: IpcMessage) {
      if (!process.connected) return false;
      send(message, undefined, {}, ignoreSendError);
      return true;
    },
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

/** A send that failed because the channel closed meanwhile: the channel's close listeners fail what waits on it. */
function ignoreSendError(): void {}
