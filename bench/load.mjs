/**
 * The two load generators. Both time each request with process.hrtime (ns) and keep every latency of a
 * 2xx answer, so percentiles are exact to about a microsecond instead of autocannon's whole milliseconds.
 *
 * - paced: open loop at a fixed rate, requests spread evenly over each second (every 1/rate s).
 *   autocannon's `overallRate` is not used because it is bursty: each connection sends its share of the
 *   second back to back as fast as answers come, then idles until the next second, so its "500 req/s"
 *   latencies are really latencies under short saturating bursts.
 * - saturated: autocannon, closed loop, N connections each sending as soon as its previous answer is in.
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';

import { REQUEST_HEADERS as HEADERS } from './request-headers.mjs';

/** Drive `origin + path` at `rate` req/s for `durationMs`, open loop. */
export async function runPaced({ origin, path, body, rate, durationMs, connections = 32, timeoutMs = 10_000 }) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const intervalNs = 1e9 / rate;
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  const outcome = { ok: 0, non2xx: 0, errors: 0, statusCodes: {}, errorCodes: {} };
  let sent = 0;
  let settled = 0;
  const start = process.hrtime.bigint();
  const elapsedNs = () => Number(process.hrtime.bigint() - start);

  await new Promise((resolve) => {
    const fire = (index) => {
      const t0 = process.hrtime.bigint();
      lags[index] = (Number(t0 - start) - index * intervalNs) / 1e6;
      pool
        .request({ method: 'POST', path, headers: HEADERS, body })
        .then(async (res) => {
          await res.body.arrayBuffer();
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          outcome.statusCodes[res.statusCode] = (outcome.statusCodes[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 200 && res.statusCode < 300) latencies[outcome.ok++] = ms;
          else outcome.non2xx++;
        })
        .catch((err) => {
          outcome.errors++;
          const code = err.code ?? err.name;
          outcome.errorCodes[code] = (outcome.errorCodes[code] ?? 0) + 1;
        })
        .finally(() => {
          if (++settled === total) resolve();
        });
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(elapsedNs() / intervalNs) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, (sent * intervalNs - elapsedNs()) / 1e6));
    };
    tick();
  });
  const wallS = elapsedNs() / 1e9;
  await pool.close();
  return {
    kind: 'paced',
    requests: total,
    ...outcome,
    durationS: durationMs / 1000,
    wallS,
    rps: outcome.ok / (durationMs / 1000),
    samples: latencies.subarray(0, outcome.ok),
    latency: summarize(latencies.subarray(0, outcome.ok)),
    lag: summarize(lags),
  };
}

/** Drive `origin + path` with autocannon, `connections` closed-loop connections, for `durationMs`. */
export async function runSaturated({ origin, path, body, connections, durationMs, timeoutS = 10 }) {
  const latencies = [];
  const instance = autocannon({
    url: origin + path,
    method: 'POST',
    headers: HEADERS,
    body,
    connections,
    pipelining: 1,
    duration: durationMs / 1000,
    timeout: timeoutS,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    kind: 'saturated',
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    errorCodes: result.timeouts ? { timeout: result.timeouts } : {},
    durationS: result.duration,
    wallS: result.duration,
    rps: result['2xx'] / result.duration,
    samples: Float64Array.from(latencies),
    latency: summarize(latencies),
  };
}

/** Percentiles (nearest rank) of a list of milliseconds. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (p) => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, mean: n ? sum / n : NaN, p50: at(50), p90: at(90), p99: at(99), max: n ? sorted[n - 1] : NaN };
}

/** Merge several runs of one target (time slices) into one result. */
export function mergeRuns(runs) {
  const sum = (key) => runs.reduce((s, r) => s + (r[key] ?? 0), 0);
  const mergeCounts = (key) => {
    const out = {};
    for (const r of runs) for (const [k, v] of Object.entries(r[key] ?? {})) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const durationS = sum('durationS');
  return {
    kind: runs[0].kind,
    requests: sum('requests'),
    ok: sum('ok'),
    non2xx: sum('non2xx'),
    errors: sum('errors') + sum('timeouts'),
    statusCodes: mergeCounts('statusCodes'),
    errorCodes: mergeCounts('errorCodes'),
    durationS,
    rps: sum('ok') / durationS,
    sliceRps: runs.map((r) => r.rps),
    latency: summarize(concat(runs.map((r) => r.samples))),
    lagMax: Math.max(...runs.map((r) => r.lag?.max ?? 0)),
    lagP99: Math.max(...runs.map((r) => r.lag?.p99 ?? 0)),
  };
}

function concat(arrays) {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
