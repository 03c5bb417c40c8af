// node bench/workers-scaling.mjs (after npm run build; needs wrk and ../shared/peer-bench) --config=full|pass --mode=json|sse --workers=N [--secs=10]
// Gateway on both cores (taskset -c 0,1) with --workers N; mock upstream and wrk unpinned (they share the two cores).
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const a = Object.fromEntries(
  process.argv.slice(2).map((s) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(s);
    return [m[1], m[2] ?? 'true'];
  }),
);
const GH = a.gh ?? fileURLToPath(new URL('..', import.meta.url));
const PEER = a.peer ?? join(GH, '..', 'shared', 'peer-bench');
const secs = Number(a.secs ?? 10);
const mode = a.mode ?? 'json';
const cfg = a.config ?? 'full';
const dir = mkdtempSync(join(tmpdir(), 'gh-s-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const up = spawn('node', [join(PEER, 'mock-upstream.mjs'), '--port=18280', '--chunks=50'], { stdio: 'ignore' });
const yaml = readFileSync(cfg.includes('/') ? cfg : join(PEER, `gatehouse-${cfg}.yaml`), 'utf8')
  .replaceAll('${GH_PORT}', '18283')
  .replaceAll('${GH_DB}', join(dir, 'gh.db'))
  .replaceAll('${GH_UPSTREAM}', 'http://127.0.0.1:18280/v1');
writeFileSync(join(dir, 'gh.yaml'), yaml);
const env = { ...process.env, NODE_ENV: 'production', GH_UPSTREAM_KEY: 'sk-bench', GH_PEPPER: 'pepper-bench-0123456789abcdef0123456789' };
const headers = [];
if (cfg === 'full') {
  execFileSync('node', [`${GH}/dist/cli/main.js`, 'migrate', '-c', join(dir, 'gh.yaml')], { env, stdio: 'ignore' });
  const out = execFileSync('node', [`${GH}/dist/cli/main.js`, 'token', 'mint', 'bench-client', '--ttl', '3600', '-c', join(dir, 'gh.yaml')], {
    env,
  }).toString();
  headers.push(
    `Authorization: Bearer ${
      out
        .trim()
        .split(/\s+/)
        .find((w) => w.startsWith('ey')) ?? out.trim()
    }`,
  );
}
writeFileSync(join(dir, 'headers'), headers.join('\n'));
writeFileSync(join(dir, 'body'), execFileSync('node', [join(PEER, 'make-body.mjs'), ...(mode === 'sse' ? ['--stream'] : [])]));
const gh = spawn(
  'taskset',
  ['-c', a.cpus ?? '0,1', 'node', `${GH}/dist/cli/main.js`, 'serve', '-c', join(dir, 'gh.yaml'), '--no-watch', '--workers', a.workers ?? '1'],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);
await sleep(4000);
const wrk = (d) =>
  execFileSync('wrk', ['-t1', '-c50', `-d${d}s`, '-s', join(PEER, 'wrk-post.lua'), 'http://127.0.0.1:18283/v1/chat/completions'], {
    env: { ...process.env, BODY_FILE: join(dir, 'body'), HEADERS_FILE: join(dir, 'headers') },
  }).toString();
wrk(3);
const out = wrk(secs);
const j = JSON.parse(/WRKJSON (.*)/.exec(out)[1]);
console.log(
  JSON.stringify({
    cfg,
    mode,
    workers: a.workers,
    rps: Math.round(j.rps),
    p50ms: j.p50_us / 1000,
    p99ms: j.p99_us / 1000,
    errors: j.err_status + j.err_connect + j.err_read + j.err_timeout,
  }),
);
gh.kill('SIGTERM');
up.kill();
await sleep(2000);
process.exit(0);
