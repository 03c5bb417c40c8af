/**
 * Turns scenario results into the console table, the target checks, and the generated section of
 * BENCHMARKS.md (between `<!-- bench:begin -->` and `<!-- bench:end -->`; everything else in the file
 * is left as the humans wrote it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TARGET_ORDER = ['direct', 'proxy', 'gatehouse'];
const FOREIGN_LOAD_WARN_CORES = 0.1;

const ms = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const signedMs = (v) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(3)}` : 'n/a');
const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');
const mib = (v) => (Number.isFinite(v) && v > 0 ? v.toFixed(1) : 'n/a');
const cores = (v) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');

/** Non-2xx answers and transport errors of one result, as text, or '' when clean. */
export function failures(r) {
  const parts = [];
  if (r.non2xx)
    parts.push(
      `${r.non2xx} non-2xx (${Object.entries(r.statusCodes)
        .filter(([c]) => !c.startsWith('2'))
        .map(([c, n]) => `${c}: ${n}`)
        .join(', ')})`,
    );
  if (r.errors)
    parts.push(
      `${r.errors} errors${
        Object.keys(r.errorCodes).length
          ? ` (${Object.entries(r.errorCodes)
              .map(([c, n]) => `${c}: ${n}`)
              .join(', ')})`
          : ''
      }`,
    );
  return parts.join('; ');
}

function rows(run) {
  return TARGET_ORDER.filter((name) => run.results[name]).map((name) => ({ name, r: run.results[name] }));
}

/** The table of one scenario as an array of rows (first row is the header). */
function scenarioTable(run, labels) {
  const { direct, proxy } = run.results;
  const paced = run.scenario.mode === 'paced';
  const header = paced
    ? ['target', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p50 added vs direct', 'p50 added vs proxy', 'server CPU µs/req', 'RSS peak MiB', 'failures']
    : ['target', 'req/s', 'vs direct', 'vs proxy', 'p50 ms', 'p99 ms', 'server CPU cores', 'server CPU µs/req', 'RSS peak MiB', 'failures'];
  const body = rows(run).map(({ name, r }) => {
    const common = [labels[name] ?? name, int(r.rps)];
    const tail = [mib(r.rss.peakMiB), failures(r) || 'none'];
    if (paced) {
      return [
        ...common,
        ms(r.latency.p50),
        ms(r.latency.p90),
        ms(r.latency.p99),
        name === 'direct' ? '' : signedMs(r.latency.p50 - direct?.latency.p50),
        name === 'gatehouse' ? signedMs(r.latency.p50 - proxy?.latency.p50) : '',
        int(r.cpu.targetUsPerReq),
        ...tail,
      ];
    }
    return [
      ...common,
      name === 'direct' ? '' : pct(r.rps / direct?.rps),
      name === 'gatehouse' ? pct(r.rps / proxy?.rps) : '',
      ms(r.latency.p50),
      ms(r.latency.p99),
      cores(r.cpu.targetCores),
      int(r.cpu.targetUsPerReq),
      ...tail,
    ];
  });
  return [header, ...body];
}

/** PASS / FAIL of the issue's targets, one entry per scenario that measures them. */
export function checkTargets(runs) {
  const checks = [];
  for (const run of runs) {
    const { direct, proxy, gatehouse } = run.results;
    if (!gatehouse || !proxy) continue;
    const broken = [direct, proxy, gatehouse].filter(Boolean).filter((r) => failures(r));
    const kind = run.scenario.stream ? 'streamed' : 'JSON';
    if (run.scenario.mode === 'paced') {
      const vsProxy = gatehouse.latency.p50 - proxy.latency.p50;
      const vsDirect = direct ? gatehouse.latency.p50 - direct.latency.p50 : NaN;
      checks.push({
        target: `Median added latency at ${run.settings.rate} req/s under 1 ms (${kind}), Gatehouse p50 − bare-proxy p50`,
        value: `${signedMs(vsProxy)} ms`,
        verdict: broken.length ? 'FAIL (errors)' : vsProxy < 1 ? 'PASS' : 'FAIL',
      });
      if (direct) {
        checks.push({
          target: `Same, against calling the upstream directly (${kind}), Gatehouse p50 − direct p50`,
          value: `${signedMs(vsDirect)} ms`,
          verdict: broken.length ? 'FAIL (errors)' : vsDirect < 1 ? 'PASS' : 'FAIL',
        });
      }
    } else {
      const ratio = gatehouse.rps / proxy.rps;
      checks.push({
        target: `Saturated throughput ≥ 70% of the bare proxy's, same run (${kind}, ${run.settings.connections} connections)`,
        value: `${pct(ratio)} (${int(gatehouse.rps)} vs ${int(proxy.rps)} req/s)`,
        verdict: broken.length ? 'FAIL (errors)' : ratio >= 0.7 ? 'PASS' : 'FAIL',
      });
    }
  }
  return checks;
}

function textTable(table) {
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  return table.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')).join('\n');
}

function markdownTable(table) {
  const [header, ...body] = table;
  const numeric = header.map((_, i) => body.every((row) => row[i] === '' || /^[+\-−]?[\d,.]+%?( .*)?$/.test(String(row[i]))));
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (numeric[i] ? '---:' : '---')).join('|')}|`,
    ...body.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function scenarioNote(run) {
  const foreign = Math.max(...Object.values(run.results).map((r) => r.cpu.foreignCores));
  const notes = [];
  if (foreign > FOREIGN_LOAD_WARN_CORES)
    notes.push(`foreign load on the machine during this scenario: up to ${cores(foreign)} cores (other processes), figures are less reliable`);
  if (run.scenario.mode === 'paced') {
    const late = rows(run)
      .filter(({ r }) => r.lagP99 > 1)
      .map(({ name, r }) => `${name} p99 ${ms(r.lagP99)} ms, max ${ms(r.lagMax)} ms`);
    if (late.length) notes.push(`the load generator sent some requests late (${late.join('; ')}), so those requests were not evenly spaced`);
  }
  const redone = rows(run)
    .filter(({ r }) => r.cpu.redone)
    .map(({ name, r }) => `${name} ${r.cpu.redone}`);
  if (redone.length) notes.push(`slices run again because other work disturbed them: ${redone.join(', ')}`);
  const waited = rows(run).reduce((n, { r }) => n + r.cpu.quietWaitS, 0);
  if (waited >= 1) notes.push(`waited ${waited.toFixed(0)} s in total for other work on the machine to calm down`);
  const slices = rows(run)
    .map(({ name, r }) => `${name} ${r.sliceRps.map((v) => int(v)).join(' / ')}`)
    .join('; ');
  if (run.settings.slices > 1) notes.push(`req/s per slice: ${slices}`);
  return notes;
}

/** Print every scenario and the checks to the console. */
export function printReport(runs, checks, labels) {
  for (const run of runs) {
    console.log(`\n${run.scenario.title}`);
    console.log(textTable(scenarioTable(run, labels)));
    for (const note of scenarioNote(run)) console.log(`  note: ${note}`);
  }
  if (checks.length) {
    console.log('\nTargets');
    console.log(textTable([['target', 'value', 'verdict'], ...checks.map((c) => [c.target, c.value, c.verdict])]));
  }
}

/** The generated Markdown section (without markers). */
export function markdownSection({ runs, checks, labels, machine, method, extras }) {
  const out = [];
  out.push(`## ${method.sectionTitle}`, '', `_Generated by \`npm run bench\` on ${machine.date}; do not edit between the markers, rerun instead._`, '');
  out.push('### Machine', '');
  out.push(`- CPU: ${machine.cpuModel}, ${machine.cores} cores (load generator, fake upstream and the target all share them)`);
  out.push(`- Node ${machine.node}, ${machine.os}, ${machine.memGiB} GiB RAM`);
  out.push(`- Background load just before the run: ${cores(machine.idleBusyCores)} cores busy`, '');
  out.push('### Method', '');
  for (const line of method.lines) out.push(`- ${line}`);
  out.push('');
  out.push('### Targets', '', '| target | value | verdict |', '|---|---:|---|', ...checks.map((c) => `| ${c.target} | ${c.value} | **${c.verdict}** |`), '');
  for (const run of runs) {
    out.push(`### ${run.scenario.title}`, '', markdownTable(scenarioTable(run, labels)), '');
    for (const note of scenarioNote(run)) out.push(`_Note: ${note}._`, '');
  }
  out.push('### Memory and recording', '');
  for (const line of extras) out.push(`- ${line}`);
  out.push('');
  return out.join('\n');
}

/** Replace the generated section of `file` (or create the file), keeping everything outside the markers. */
export function writeBenchmarksFile(file, section, sectionName) {
  const suffix = sectionName ? ` ${sectionName}` : '';
  const begin = `<!-- bench:begin${suffix} -->`;
  const end = `<!-- bench:end${suffix} -->`;
  const block = `${begin}\n${section}\n${end}`;
  if (!existsSync(file)) {
    writeFileSync(file, `${INTRO}\n${block}\n\n${NOTES}`);
    return;
  }
  const current = readFileSync(file, 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from >= 0 && to > from) writeFileSync(file, current.slice(0, from) + block + current.slice(to + end.length));
  else writeFileSync(file, `${current.trimEnd()}\n\n${block}\n`);
}

const INTRO = `# Benchmarks

Gatehouse against a bare Node reverse proxy and against the upstream called directly, on the same machine
in the same run. Run \`npm run bench\` (about 3 minutes) to regenerate the section between the markers;
\`node bench/run.mjs --quick\` is a short smoke run that does not write this file. Other configurations
(auth on, guardrails on) get their own generated section: \`node bench/run.mjs --config <yaml> --section <name>\`.
`;

const NOTES = `## Notes

_Human notes on these figures go here; the bench never rewrites this part._
`;
