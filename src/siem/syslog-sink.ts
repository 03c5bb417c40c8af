import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect as netConnect, isIP, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { SyslogSinkConfig } from '../config/schema-siem.js';
import { toCef } from './cef.js';
import { eventTime, type ProducerInfo, type SiemEvent } from './events.js';
import { exchangeSeverity, findingSeverity, SEVERITY, syslogSeverity } from './severity.js';
import { formatSyslog, octetCountedFrame } from './syslog-format.js';
import { errorCode, type SendResult, type SiemTransport } from './transport.js';

/** Per-write cap of a TCP batch; keeps one write from holding megabytes in the socket buffer. */
const MAX_STREAM_BATCH_BYTES = 1024 * 1024;
/** One datagram per event; larger messages are not sent over UDP (RFC 5426 advises far less). */
const MAX_DATAGRAM_BYTES = 65_000;

/**
 * CEF over syslog: each event is one RFC 5424 message whose MSG is a CEF line. Over UDP each message
 * is one datagram and "delivered" means handed to the kernel: UDP never reports a loss. Over TCP and
 * TLS messages are octet-counted (RFC 6587) on one kept-open connection, and "delivered" means the
 * write completed; syslog has no acknowledgement, so a connection that breaks right after a write can
 * still lose what was in flight. Prefer tls (or tcp on a trusted network) when every event matters.
 */
export function createSyslogTransport(config: SyslogSinkConfig, producer: ProducerInfo): SiemTransport {
  const port = config.port ?? (config.transport === 'tls' ? 6514 : 514);
  const procId = String(process.pid);
  const wire = config.transport === 'udp' ? udpWire(config.host, port) : streamWire(config, port);

  return {
    target: `${config.transport}://${config.host}:${port}`,
    maxBatchBytes: MAX_STREAM_BATCH_BYTES,
    encode(event: SiemEvent) {
      const severity =
        event.kind === 'exchange'
          ? exchangeSeverity(event.record)
          : event.kind === 'finding'
            ? findingSeverity(event.record.findings[event.index]!.action, event.record.findings[event.index]!.detector)
            : SEVERITY.informational;
      const header = {
        facility: config.facility,
        severity: syslogSeverity(severity),
        time: eventTime(event),
        hostname: producer.hostname,
        appName: config.appName,
        procId,
        msgId: event.kind,
      };
      return JSON.stringify(formatSyslog(header, toCef(event, producer)));
    },
    async send(lines, signal): Promise<SendResult> {
      let messages: string[];
      try {
        messages = lines.map((line) => JSON.parse(line) as string);
      } catch {
        return { kind: 'poison', error: 'unreadable spool line' };
      }
      return wire.send(messages, signal, config.timeoutMs);
    },
    close: () => wire.close(),
  };
}

interface Wire {
  send(messages: string[], signal: AbortSignal, timeoutMs: number): Promise<SendResult>;
  close(): Promise<void>;
}

function udpWire(host: string, port: number): Wire {
  let socket: UdpSocket | undefined;
  function open(): UdpSocket {
    const s = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    // An ICMP error surfaces as an 'error' event; the next send makes a new socket.
    s.on('error', () => {
      if (socket === s) socket = undefined;
      s.close();
    });
    s.unref();
    return s;
  }
  return {
    async send(messages, signal) {
      for (const message of messages) {
        if (signal.aborted) return { kind: 'retry', error: 'aborted' };
        const data = Buffer.from(message, 'utf8');
        if (data.length > MAX_DATAGRAM_BYTES) return { kind: 'poison', error: `message of ${data.length} bytes is too large for UDP` };
        const s = (socket ??= open());
        const error = await new Promise<Error | null>((resolve) => s.send(data, port, host, (err) => resolve(err)));
        if (error) {
          if (socket === s) socket = undefined;
          s.close();
          return { kind: 'retry', error: errorCode(error) };
        }
      }
      return { kind: 'delivered' };
    },
    async close() {
      socket?.close();
      socket = undefined;
    },
  };
}

function streamWire(config: SyslogSinkConfig, port: number): Wire {
  const ca = config.caFile ? [...rootCertificates, readFileSync(config.caFile, 'utf8')] : undefined;
  let socket: Socket | undefined;
  const forget = (s: Socket): void => {
    if (socket === s) socket = undefined;
  };

  return {
    async send(messages, signal, timeoutMs) {
      try {
        const s = socket && !socket.destroyed ? socket : (socket = await connectStream(config, port, ca, { timeoutMs, signal, gone: forget }));
        await writeWithin(s, Buffer.from(messages.map(octetCountedFrame).join(''), 'utf8'), timeoutMs);
        return { kind: 'delivered' };
      } catch (err) {
        socket?.destroy();
        socket = undefined;
        return { kind: 'retry', error: errorCode(err) };
      }
    },
    async close() {
      const s = socket;
      socket = undefined;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.end(() => resolve());
        setTimeout(resolve, 1_000).unref();
      });
      s.destroy();
    },
  };
}

/**
 * A TCP or TLS connection to the receiver, ready to write, within `timeoutMs` and until `signal` aborts.
 * Once the connection ends or breaks, `gone` is told and the socket destroyed.
 */
function connectStream(
  config: SyslogSinkConfig,
  port: number,
  ca: string[] | undefined,
  within: { timeoutMs: number; signal: AbortSignal; gone: (s: Socket) => void },
): Promise<Socket> {
  const { timeoutMs, signal, gone } = within;
  return new Promise((resolve, reject) => {
    const s =
      config.transport === 'tls'
        ? tlsConnect({ host: config.host, port, servername: config.serverName ?? (isIP(config.host) ? undefined : config.host), ...(ca ? { ca } : {}) })
        : netConnect({ host: config.host, port });
    const ready = config.transport === 'tls' ? 'secureConnect' : 'connect';
    const fail = (err: Error): void => {
      cleanup();
      s.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = (): void => fail(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
    signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      s.off('error', fail);
    };
    s.once('error', fail);
    s.once(ready, () => {
      cleanup();
      s.setKeepAlive(true, 30_000);
      // A receiver never writes to us; whatever ends or breaks the connection means: reconnect.
      const forget = (): void => {
        gone(s);
        s.destroy();
      };
      s.on('error', forget).on('end', forget).on('close', forget);
      s.on('data', () => {});
      resolve(s);
    });
  });
}

/** Resolves once the write completed; rejects on a write error or after `timeoutMs`. */
function writeWithin(s: Socket, data: Buffer, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('write timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    s.write(data, (err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    });
  });
}
