#!/usr/bin/env node
/**
 * "The limit": the least a Node reverse proxy can do. node:http server in front of an undici keep-alive
 * Pool (the same client library and pool settings Gatehouse uses), bodies passed through untouched:
 * no parsing, no logging, no recording.
 *
 * The request body is collected as raw bytes and sent as one Buffer; the response is streamed with
 * `pool.stream` straight into the client response. Measured on the bench machine, this is about twice
 * as fast as `pool.request` + `stream.pipeline` (and faster than piping the request stream too), so the
 * baseline is a strong one: a slow baseline would flatter Gatehouse's ratio.
 *
 * Forwards every request to BENCH_UPSTREAM (an origin, e.g. http://127.0.0.1:4000) with the same path.
 * Prints one JSON line `{"ready":true,"port":N}` on stdout once listening (BENCH_PORT, default 0).
 */
import http from 'node:http';
import { Pool } from 'undici';

const upstream = process.env.BENCH_UPSTREAM;
if (!upstream) {
  process.stderr.write('bare-proxy: BENCH_UPSTREAM is required\n');
  process.exit(2);
}

const pool = new Pool(new URL(upstream).origin, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });

// RFC 9110 §7.6.1: connection-specific fields are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function endToEnd(headers) {
  const out = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  return out;
}

function fail(res, status) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end('{"error":{"message":"bad gateway","type":"proxy_error"}}');
}

const server = http.createServer({ keepAliveTimeout: 120_000 }, function proxyRequest(req, res) {
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('end', function forward() {
    const body = parts.length === 0 ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts);
    pool.stream(
      { method: req.method, path: req.url, headers: endToEnd(req.headers), body },
      function intoResponse({ statusCode, headers }) {
        res.writeHead(statusCode, endToEnd(headers));
        return res;
      },
      (err) => {
        if (err) fail(res, 502);
      },
    );
  });
});
server.headersTimeout = 0;
server.requestTimeout = 0;

server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
});

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
