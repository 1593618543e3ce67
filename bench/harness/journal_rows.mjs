// The rows of P8 (server/examples/journal_bench.rs) and P9/P10
// (watching.mjs) in the table of run.mjs, from the JSON lines those
// programs printed. Figures with their goal; a missing part is a problem,
// not a row.
import { readFileSync, existsSync } from 'node:fs';

const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);
const ms = (x) => `${round(x, 2)} ms`;
const mb = (kb) => `${round((kb * 1024) / 1e6, 1)} MB`;
const yes = (b) => (b ? 'yes' : 'NO');
const P8_GOAL_MS = 50;
const P10_GOAL_PCT = 10;

export function readLines(file) {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
}

function p8Rows(lines, add, errors) {
  const backends = [...new Set(lines.filter((l) => l.id === 'P8').map((l) => l.backend))];
  for (const backend of backends) {
    const mine = lines.filter((l) => l.id === 'P8' && l.backend === backend);
    const fill = mine.find((l) => l.kind === 'fill');
    const pages = mine.filter((l) => l.kind === 'page');
    const http = pages.filter((p) => p.path === 'http');
    const direct = pages.filter((p) => p.path === 'direct');
    const headline = http.length ? http : direct;
    if (!headline.length) {
      errors.push(`P8 ${backend}: no page timings`);
      continue;
    }
    const worst = headline.reduce((a, p) => (p.latency.p99_ms > a.latency.p99_ms ? p : a));
    const rows = (direct.find((p) => p.query === 'unfiltered' && p.state === 'all') || {}).total;
    const via = http.length ? 'GET /api/journal' : 'Journal::page';
    add({
      id: 'P8',
      measure: `"All scopes" first page (50) at ${rows == null ? '?' : rows.toLocaleString('en-US')} rows, ${backend}, ${via}: p99 of the slowest query (${worst.query}, ${worst.state}), ${worst.latency.n} each`,
      value: ms(worst.latency.p99_ms),
      ratio: round(worst.latency.p99_ms / P8_GOAL_MS),
      target: `p99 <= ${P8_GOAL_MS} ms`,
      met: yes(headline.every((p) => p.latency.p99_ms <= P8_GOAL_MS)),
      raw: mine,
    });
    for (const p of headline) {
      const d = direct.find((x) => x.query === p.query && x.state === p.state);
      add({
        id: 'P8',
        measure: `  ${p.query}, ${p.state}${d ? ` (${d.total.toLocaleString('en-US')} match)` : ''}: p50 / p99${http.length ? ' (baseline: Journal::page alone)' : ''}`,
        value: `${round(p.latency.p50_ms)} / ${round(p.latency.p99_ms)} ms`,
        baseline: http.length && d ? `${round(d.latency.p50_ms)} / ${round(d.latency.p99_ms)} ms` : '',
        met: yes(p.latency.p99_ms <= P8_GOAL_MS),
      });
    }
    if (fill) {
      add({
        id: 'P8',
        measure: `  filled through Journal::record_round: ${fill.rounds} rounds of ${fill.failures_per_round} failures; slowest round`,
        value: `${round(fill.seconds, 1)} s`,
        baseline: ms(fill.slowest_round_ms),
      });
    }
  }
}

function p9p10Rows(lines, add, errors) {
  const w = lines.find((l) => l.id === 'P9-P10');
  if (!w) return;
  const { p9, p10 } = w;
  const minimum = (p9.requests_per_scope_round - 1) / p9.rate_per_credential;
  const done = p9.all_first_success_ms;
  if (done == null) errors.push(`P9: ${p9.scopes - p9.scopes_polled} scopes never polled: ${JSON.stringify(p9.states)}`);
  add({
    id: 'P9',
    measure: `one polling round over ${p9.scopes} emulated scopes (${p9.requests_per_scope_round} requests each, ${p9.rate_per_credential} req/s per credential, ${p9.credentials} credentials): start -> every scope's first success`,
    value: done == null ? 'never' : `${round(done / 1000)} s`,
    baseline: `period ${p9.period_s} s`,
    ratio: done == null ? '' : round(done / 1000 / p9.period_s),
    target: '<= period',
    met: yes(done != null && done / 1000 <= p9.period_s),
    raw: p9,
  });
  add({ id: 'P9', measure: `  of which: first-round delay, up to the jitter`, value: `<= ${p9.jitter_s} s` });
  add({ id: 'P9', measure: '  median scope polled at; least a round takes at the rate', value: `${round(p9.median_first_success_ms / 1000)} s`, baseline: `${round(minimum)} s` });
  add({ id: 'P9', measure: '  mean round (server metrics), rounds recorded', value: p9.mean_round_ms == null ? '-' : ms(p9.mean_round_ms), baseline: `${p9.rounds_recorded}` });
  const shared = (p9.scopes * p9.requests_per_scope_round) / p9.rate_per_credential;
  add({ id: 'P9', measure: `  computed, not measured: all ${p9.scopes} scopes on one credential need`, value: `>= ${round(shared)} s`, baseline: `period ${p9.period_s} s` });
  if (!p10 || !p10.seconds) return;
  if (p10.read_errors) errors.push(`P10: ${p10.read_errors} journal reads failed`);
  if (p10.scopes_not_ok.length) errors.push(`P10: scopes not ok at the end: ${p10.scopes_not_ok.slice(0, 3).join('; ')}`);
  add({
    id: 'P10',
    measure: `watcher RSS over a ${p10.seconds} s soak (polling ${p9.scopes} scopes, ${p10.readers ?? 2} readers of /api/journal): last third vs first third of ${p10.samples} samples`,
    value: mb(p10.last_third_rss_kb),
    baseline: mb(p10.first_third_rss_kb),
    ratio: `${p10.growth_pct >= 0 ? '+' : ''}${round(p10.growth_pct, 1)} %`,
    target: `growth <= ${P10_GOAL_PCT} %`,
    met: yes(p10.growth_pct <= P10_GOAL_PCT),
    raw: p10,
  });
  add({ id: 'P10', measure: '  RSS min / max', value: `${mb(p10.min_rss_kb)} / ${mb(p10.max_rss_kb)}` });
  add({ id: 'P10', measure: '  journal pages read, rounds recorded, journal rows at the end', value: `${p10.journal_reads}`, baseline: `${p10.rounds_recorded} rounds`, ratio: `${p10.journal_rows} rows` });
}

// Adds the rows of P8-P10 read from `file`.
export function journalRows(file, add, errors) {
  const lines = readLines(file);
  for (const l of lines.filter((x) => String(x.id).endsWith('-skipped'))) {
    errors.push(`${l.id.replace('-skipped', '')}${l.backend ? ` ${l.backend}` : ''}: not measured: ${l.reason}`);
  }
  p8Rows(lines, add, errors);
  p9p10Rows(lines, add, errors);
}
