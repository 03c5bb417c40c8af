import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcClient, serveIpc, type IpcChannel, type IpcMessage } from './ipc.js';

/** One end of a real Node message channel as an IpcChannel, counting what it sends. */
function end(port: MessagePort): IpcChannel & { sent: IpcMessage[] } {
  const sent: IpcMessage[] = [];
  return {
    sent,
    send(message) {
      sent.push(message);
      port.postMessage(message);
      return true;
    },
    onMessage(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    onClose(listener) {
      port.once('close', listener);
      return () => port.off('close', listener);
    },
  };
}

const ports: MessagePort[] = [];
function pair() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { client: end(port1), server: end(port2) };
}
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

describe('ipc calls', () => {
  it('calls made in one turn of the event loop travel as one message each way, and every caller gets its own answer', async () => {
    const { client, server } = pair();
    serveIpc(server, 't', (op, args) => (op === 'double' ? (args[0] as number) * 2 : Promise.resolve(`async ${String(args[0])}`)));
    const rpc = ipcClient(client, 't', 5_000);
    const answers = await Promise.all([...Array.from({ length: 100 }, (_, i) => rpc.call('double', [i])), rpc.call('echo', ['x'])]);
    expect(answers.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
    expect(answers[100]).toBe('async x');
    expect(client.sent).toHaveLength(1);
    // The 100 synchronous answers leave together; the asynchronous one may join them or follow on its own.
    expect(server.sent.length).toBeLessThanOrEqual(2);
    rpc.close();
  });

  it('calls in separate turns are separate messages; an error comes back as the caller’s own type', async () => {
    const { client, server } = pair();
    serveIpc(server, 't', (op) => {
      if (op === 'bad') throw new RangeError('limit must be positive');
      return 'ok';
    });
    const rpc = ipcClient(client, 't', 5_000);
    expect(await rpc.call('fine', [])).toBe('ok');
    await expect(rpc.call('bad', [])).rejects.toThrow(RangeError);
    expect(client.sent).toHaveLength(2);
    rpc.close();
  });

  it('another topic on the same channel is left alone', async () => {
    const { client, server } = pair();
    serveIpc(server, 'a', () => 'from a');
    serveIpc(server, 'b', () => 'from b');
    const a = ipcClient(client, 'a', 5_000);
    const b = ipcClient(client, 'b', 5_000);
    expect(await Promise.all([a.call('x', []), b.call('x', []), a.call('y', [])])).toEqual(['from a', 'from b', 'from a']);
    a.close();
    b.close();
  });
});
