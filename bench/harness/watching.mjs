// P9 and P10 of scripts/bench: the watcher over 50 emulated projects.
// One release server emulates the projects (`--emulated-scopes`, failures
// added and cleared every second); a second one watches them through a
// `--config` file, one credential a project (an account each, as agencies
// of an organisation are), at the configured request rate. P9: from the
// watcher's start, the time until every scope has its first successful
// round, against the period. P10: then, while it keeps polling, a client
// reads /api/journal pages and the watcher's resident memory is sampled;
// the growth from the first third of the samples to the last.
// Prints one JSON line; figures only, no verdict.
//
//   node watching.mjs --bin target/release/sdrs-console-server
//        [--scopes 50] [--groups 20] [--jobs 200] [--period 10] [--rate 5]
//        [--soak-seconds 600] [--sample-seconds 5] [--readers 2]
//        [--database URL]   the watcher's database (default a temporary SQLite file)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
    return acc;
  }, []),
);
const BIN = String(args.bin);
const SCOPES = Number(args.scopes ?? 50);
const GROUPS = Number(args.groups ?? 20);
const JOBS = Number(args.jobs ?? 200);
const PERIOD = Number(args.period ?? 10);
const JITTER = Number(args.jitter ?? 2);
const RATE = Number(args.rate ?? 5);
const SOAK_S = Number(args['soak-seconds'] ?? 600);
const SAMPLE_S = Number(args['sample-seconds'] ?? 5);
const READERS = Number(args.readers ?? 2);
const DATABASE = args.database ? String(args.database) : null;

const log = (msg) => process.stderr.write(`   ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = [];
const dir = mkdtempSync(join(tmpdir(), 'sdrs-watch-bench-'));

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// Starts the server binary; resolves with its URL and pid once it listens.
function start(name, flags, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--port', '0', '--quiet', ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    let out = '';
    const onData = (c) => {
      out += c;
      const m = out.match(/http:\/\/[0-9.:]+/);
      if (m) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve({ url: m[0], pid: child.pid, startedAt: performance.now() });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited ${code}: ${out.slice(-2000)}`)));
  });
}

const getJson = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
};

const rssKb = (pid) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) : NaN;
};

// The watcher's rounds so far from its /metrics: count and seconds.
async function rounds(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const pick = (suffix) => {
    const m = text.match(new RegExp(`^sdrs_watcher_round_duration_seconds_${suffix}\\{outcome="recorded"\\} ([0-9.e+-]+)$`, 'm'));
    return m ? Number(m[1]) : 0;
  };
  return { count: pick('count'), sum: pick('sum') };
}

function configToml(upstream, scopes) {
  const lines = ['[watcher]', `period_secs = ${PERIOD}`, `jitter_secs = ${JITTER}`, `requests_per_second = ${RATE}`, ''];
  scopes.forEach((s, i) => {
    lines.push(`[credentials.account-${i}]`, 'kind = "aksk"', 'ak_env = "BENCH_WATCH_AK"', 'sk_env = "BENCH_WATCH_SK"', '');
  });
  for (const [i, s] of scopes.entries()) {
    lines.push('[[scope]]', `name = "${s.name}"`, `region = "${s.region}"`, `endpoint = "${upstream}"`, `project_id = "${s.project_id}"`, `credential = "account-${i}"`, '');
  }
  return lines.join('\n');
}

// Pages a user of "All scopes" reads: first pages and further ones, by
// state, status and name.
function journalQueries(total) {
  const qs = [];
  for (const state of ['open', 'all', 'cleared']) {
    qs.push(`state=${state}&limit=50&offset=0`);
    qs.push(`state=${state}&failure_status=createFail&limit=50&offset=0`);
    qs.push(`state=${state}&resource_name=billing&limit=50&offset=0`);
  }
  for (let offset = 50; offset < Math.min(total, 5000); offset += 450) qs.push(`state=all&limit=50&offset=${offset}`);
  qs.push('state=all&limit=1000&offset=0');
  return qs;
}

async function main() {
  log(`P9: emulating ${SCOPES} projects of ${GROUPS} groups and ${JOBS} failures`);
  const upstream = await start('the emulator', [
    '--jobs', String(JOBS), '--groups', String(GROUPS),
    '--emulated-scopes', String(SCOPES - 1), '--emulated-scope-groups', String(GROUPS), '--emulated-scope-jobs', String(JOBS),
    '--new-failure-every', '1', '--data-dir', join(dir, 'emulator'),
  ]);
  const listed = (await getJson(`${upstream.url}/config.json`)).scopes ?? [];
  if (listed.length !== SCOPES) throw new Error(`the emulator lists ${listed.length} scopes, wanted ${SCOPES}`);
  const config = join(dir, 'scopes.toml');
  writeFileSync(config, configToml(upstream.url, listed));

  const watcher = await start('the watcher', ['--jobs', '10', '--config', config, '--database', DATABASE ?? `sqlite://${join(dir, 'watcher.db')}`], {
    BENCH_WATCH_AK: 'BENCHAKBENCHAKBENCHAK',
    BENCH_WATCH_SK: 'bench-secret-key-not-checked-by-the-emulator',
  });
  const firstSuccess = new Map();
  let health = [];
  const deadline = performance.now() + Math.max(120, 30 * PERIOD) * 1000;
  while (firstSuccess.size < SCOPES && performance.now() < deadline) {
    health = (await getJson(`${watcher.url}/api/scopes`)).scopes;
    const now = performance.now();
    for (const s of health) if (s.last_success && !firstSuccess.has(s.name)) firstSuccess.set(s.name, now - watcher.startedAt);
    await sleep(50);
  }
  const times = [...firstSuccess.values()].sort((a, b) => a - b);
  const afterFirst = await rounds(watcher.url);
  // A round of one scope: the failures of group level (one page), the
  // groups (one page), then each group's failures.
  const requestsPerScope = 2 + GROUPS;
  const p9 = {
    scopes: SCOPES,
    scopes_polled: firstSuccess.size,
    period_s: PERIOD,
    jitter_s: JITTER,
    rate_per_credential: RATE,
    credentials: SCOPES,
    requests_per_scope_round: requestsPerScope,
    all_first_success_ms: times.length === SCOPES ? times[times.length - 1] : null,
    median_first_success_ms: times[times.length >> 1] ?? null,
    rounds_recorded: afterFirst.count,
    mean_round_ms: afterFirst.count ? (1000 * afterFirst.sum) / afterFirst.count : null,
    states: Object.fromEntries(health.map((s) => [s.name, s.state])),
  };
  log(`P9: every scope polled after ${Math.round(p9.all_first_success_ms)} ms`);

  log(`P10: ${SOAK_S} s of polling and reading /api/journal, RSS every ${SAMPLE_S} s`);
  const samples = [];
  let reads = 0;
  let errors = 0;
  let stop = false;
  const total = (await getJson(`${watcher.url}/api/journal?state=all&limit=1`)).total;
  const queries = journalQueries(total);
  const reader = async () => {
    for (let i = 0; !stop; i++) {
      try {
        const res = await fetch(`${watcher.url}/api/journal?${queries[i % queries.length]}`);
        await res.arrayBuffer();
        if (res.ok) reads++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  const readers = Array.from({ length: READERS }, reader);
  const soakStart = performance.now();
  while (performance.now() - soakStart < SOAK_S * 1000) {
    samples.push({ t_s: (performance.now() - soakStart) / 1000, rss_kb: rssKb(watcher.pid) });
    await sleep(SAMPLE_S * 1000);
  }
  samples.push({ t_s: (performance.now() - soakStart) / 1000, rss_kb: rssKb(watcher.pid) });
  stop = true;
  await Promise.all(readers);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs) => xs.reduce((a, x) => a + x.rss_kb, 0) / xs.length;
  const first = mean(samples.slice(0, third));
  const last = mean(samples.slice(-third));
  const afterSoak = await rounds(watcher.url);
  const end = (await getJson(`${watcher.url}/api/scopes`)).scopes;
  const p10 = {
    seconds: SOAK_S,
    readers: READERS,
    samples: samples.length,
    first_third_rss_kb: first,
    last_third_rss_kb: last,
    growth_pct: (100 * (last - first)) / first,
    min_rss_kb: Math.min(...samples.map((s) => s.rss_kb)),
    max_rss_kb: Math.max(...samples.map((s) => s.rss_kb)),
    journal_reads: reads,
    read_errors: errors,
    rounds_recorded: afterSoak.count - afterFirst.count,
    journal_rows: (await getJson(`${watcher.url}/api/journal?state=all&limit=1`)).total,
    scopes_not_ok: end.filter((s) => s.state !== 'ok').map((s) => `${s.name}: ${s.state} ${s.error ?? ''}`),
    rss: samples,
  };
  process.stdout.write(JSON.stringify({ id: 'P9-P10', p9, p10 }) + '\n');
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    process.stderr.write(`watching bench: ${e.stack || e}\n`);
    process.exit(1);
  });
