import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Parts, startParts, type Part } from './gateway-parts.js';
import { createLogger, silentLogger } from './log/logger.js';

/** A real listening TCP server as a part; `events` records each start and close by name. */
function serverPart(name: string, events: string[]): Part<Server> {
  return {
    name,
    async start() {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      events.push(`start ${name}`);
      return server;
    },
    async close(server) {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      events.push(`close ${name}`);
    },
  };
}

/** A real interval timer as a part. */
function timerPart(name: string, events: string[]): Part<NodeJS.Timeout> {
  return {
    name,
    start() {
      events.push(`start ${name}`);
      return setInterval(() => undefined, 60_000);
    },
    close(timer) {
      clearInterval(timer);
      events.push(`close ${name}`);
    },
  };
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** A logger whose lines land in `lines`, parsed. */
function capturingLogger(lines: Array<Record<string, unknown>>) {
  return createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
}

describe('gateway parts', () => {
  it('start in order and close in reverse, once however often close is called', async () => {
    const events: string[] = [];
    const parts = new Parts(silentLogger());
    const timersBefore = activeTimers();
    const first = await parts.start(serverPart('listener', events));
    await parts.start(timerPart('timer', events));
    expect(activeTimers()).toBe(timersBefore + 1);
    await parts.start({ name: 'nothing to undo', start: () => events.push('start nothing to undo') });
    await parts.start(serverPart('second listener', events));
    expect(parts.running).toEqual(['listener', 'timer', 'second listener']);

    const closing = parts.close();
    expect(parts.close()).toBe(closing);
    await closing;
    await parts.close();

    expect(events).toEqual([
      'start listener',
      'start timer',
      'start nothing to undo',
      'start second listener',
      'close second listener',
      'close timer',
      'close listener',
    ]);
    expect(first.listening).toBe(false);
    expect(activeTimers()).toBe(timersBefore);
    expect(parts.running).toEqual([]);
  });

  it('a part that fails to start closes the started ones in reverse and rethrows its own error', async () => {
    const events: string[] = [];
    let started: Server | undefined;
    const failure = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    const attempt = startParts(silentLogger(), async (parts) => {
      started = await parts.start(serverPart('listener', events));
      await parts.start(timerPart('timer', events));
      await parts.start({
        name: 'failing',
        start: () => Promise.reject(failure),
        close: () => void events.push('close failing'),
      });
      await parts.start(timerPart('never', events));
    });

    await expect(attempt).rejects.toBe(failure);
    expect(events).toEqual(['start listener', 'start timer', 'close timer', 'close listener']);
    expect(started?.listening).toBe(false);
  });

  it('a step between parts that throws unwinds the same way', async () => {
    const events: string[] = [];
    const attempt = startParts(silentLogger(), async (parts) => {
      await parts.start(timerPart('timer', events));
      throw new Error('migration failed');
    });
    await expect(attempt).rejects.toThrow('migration failed');
    expect(events).toEqual(['start timer', 'close timer']);
  });

  it('a close that fails is logged and the parts before it still close; close resolves', async () => {
    const events: string[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const parts = new Parts(capturingLogger(lines));
    const server = await parts.start(serverPart('listener', events));
    await parts.start({ name: 'broken', start: () => undefined, close: () => Promise.reject(new TypeError('socket already gone')) });
    await parts.start(timerPart('timer', events));

    await expect(parts.close()).resolves.toBeUndefined();

    expect(events).toEqual(['start listener', 'start timer', 'close timer', 'close listener']);
    expect(server.listening).toBe(false);
    expect(lines).toMatchObject([{ level: 50, part: 'broken', err: { name: 'TypeError', message: 'socket already gone' } }]);
  });

  it('refuses to start a part once closing', async () => {
    const events: string[] = [];
    const parts = new Parts(silentLogger());
    await parts.close();
    await expect(parts.start(timerPart('late', events))).rejects.toThrow('closing');
    expect(events).toEqual([]);
  });
});
