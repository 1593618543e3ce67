// Driver of scripts/bench: headless Chromium through
// playwright-core (CDP), the console against the plain and vanilla
// baselines in the same run, bytes on the wire, the first drawer open
// with its chunk cold, then the server under fixed-rate load. Prints the
// table and writes the report. Targets are reported, never asserted.
//
//   node run.mjs --url http://127.0.0.1:PORT --site DIR --out FILE
//                [--node-modules DIR] [--server-pid PID] [--quick] [--only P4,P5]
//                [--journal FILE]
//
// --only runs just the named measures (P3, P4, P5, P11, P12, P13) and prints them;
// with none of those, it prints the table of the rows of --journal alone
// (P8-P10, measured by scripts/bench before this runs) and writes the
// report.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import zlib from 'node:zlib';
import { pageSizeSwitch } from './switch.mjs';
import { coldAndCached, apiOnTheWire } from './wire.mjs';
import { memory } from './memory.mjs';
import { drawerOpen } from './drawer.mjs';
import { journalRows } from './journal_rows.mjs';
import { writeReport } from './report.mjs';
import { median, pairedRatio } from './stats.mjs';
import { lazyCompile } from './lazy_compile.mjs';
import { layoutShift } from './layout_shift.mjs';
import { coldStartPages, rowsProbe, ROWS_MARK } from './probes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
    return acc;
  }, []),
);
const BASE = String(args.url).replace(/\/+$/, '');
const SITE = resolve(String(args.site));
const OUT = resolve(String(args.out));
const NODE_MODULES = resolve(String(args['node-modules'] || join(here, 'node_modules')));
const QUICK = Boolean(args.quick);
const ONLY = args.only ? new Set(String(args.only).split(',')) : null;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';


const N = {
  switchWarm: QUICK ? 1 : 3,
  switchRuns: QUICK ? 3 : 15,
  p1Warm: QUICK ? 2 : 5,
  p1Runs: QUICK ? 5 : 30,
  p2Warm: QUICK ? 3 : 10,
  p2Samples: QUICK ? 10 : 60,
  p2Batch: 5,
  p4Warm: 1,
  p4Runs: QUICK ? 3 : 12,
  p5Runs: QUICK ? 1 : 3,
  p11Runs: QUICK ? 3 : 12,
  p12Runs: QUICK ? 1 : 5,
  p13Runs: QUICK ? 1 : 3,
  p6Rate: 500,
  p6Seconds: QUICK ? 3 : 10,
  p6Warmup: 1,
};

const log = (msg) => process.stderr.write(`   ${msg}\n`);
const min = (xs) => Math.min(...xs);
const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d);

async function launch() {
  // Loaded here: the rows of --journal alone need no browser.
  const { chromium } = createRequire(join(NODE_MODULES, 'noop.js'))('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

async function newContext(browser, extra = {}) {
  return browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 }, ...extra });
}

function watchErrors(page, label, sink) {
  page.on('pageerror', (e) => sink.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') sink.push(`${label}: console error: ${m.text()}`);
  });
}

// P1b and P2: one page with both the console module (the benchmark build)
// and the vanilla baseline that copies its markup and CSS.
async function renderAndDecode(browser, errors) {
  const context = await newContext(browser);
  const page = await context.newPage();
  watchErrors(page, 'bench page', errors);
  const cdp = await context.newCDPSession(page);
  await page.goto(`${BASE}/bench/`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 });
  const gc = () => cdp.send('HeapProfiler.collectGarbage');

  log(`P1b: ${N.p1Warm} warm-up + ${N.p1Runs} runs of each variant, interleaved`);
  const runs = { console: [], vanilla: [] };
  const parts = { console: [], vanilla: [] };
  const bad = [];
  for (let i = 0; i < N.p1Warm + N.p1Runs; i++) {
    const order = i % 2 ? ['vanilla', 'console'] : ['console', 'vanilla'];
    for (const variant of order) {
      await page.evaluate(() => window.bench.clear());
      await gc();
      const r = await page.evaluate(
        ([v, limit]) => (v === 'console' ? window.bench.consoleRun(limit) : window.bench.vanillaRun(limit)),
        [variant, 1000],
      );
      if (r.rows !== 1000 || r.want !== 1000 || r.rowsAtReady !== 0) bad.push({ variant, run: i, ...r });
      if (i >= N.p1Warm) {
        runs[variant].push(r.ms);
        parts[variant].push({ dom: r.domMs, layout: r.layoutMs });
      }
    }
  }
  await page.evaluate(() => window.bench.clear());
  if (bad.length) errors.push(`P1b: runs with an unexpected row count: ${JSON.stringify(bad.slice(0, 3))}`);

  log(`P2: ${N.p2Warm} warm-up + ${N.p2Samples} samples of ${N.p2Batch} decodes each, interleaved`);
  const text = await page.evaluate(() => window.bench.loadDecodeText(1000));
  if (text.rows !== 1000 || text.wasmRows !== 1000) errors.push(`P2: decoded rows ${JSON.stringify(text)}`);
  await gc();
  const dec = { wasm: [], js: [], copy: [] };
  for (let i = 0; i < N.p2Warm + N.p2Samples; i++) {
    const order = i % 2 ? ['js', 'copy', 'wasm'] : ['wasm', 'copy', 'js'];
    for (const v of order) {
      const r = await page.evaluate(
        ([v, k]) =>
          v === 'wasm' ? window.bench.decodeWasm(k) : v === 'js' ? window.bench.decodeJs(k) : window.bench.copyIn(k),
        [v, N.p2Batch],
      );
      if (i >= N.p2Warm) dec[v].push(r.ms);
    }
  }
  await context.close();
  return { runs, parts, decode: dec, decodeBytes: text.bytes };
}

async function coldStart(browser, errors) {
  log(`P4: ${N.p4Warm} warm-up + ${N.p4Runs} cold starts of each page, fresh context each`);
  const urls = coldStartPages(BASE);
  const out = { console: [], vanilla: [] };
  const detail = { console: [], vanilla: [] };
  let resources = [];
  for (let i = 0; i < N.p4Warm + N.p4Runs; i++) {
    const order = i % 2 ? ['vanilla', 'console'] : ['console', 'vanilla'];
    for (const variant of order) {
      const context = await newContext(browser);
      await context.addInitScript(rowsProbe, [50, ROWS_MARK]);
      const page = await context.newPage();
      watchErrors(page, `P4 ${variant}`, errors);
      await page.goto(urls[variant], { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__benchPaintedAt !== undefined, null, { timeout: 30000 });
      const r = await page.evaluate(() => {
        const list = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/task-center/failure-jobs'));
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {
          paintedAt: window.__benchPaintedAt,
          rowsAt: window.__benchRowsAt,
          rows: window.__benchRows,
          listRequestStart: list ? list.startTime : null,
          listResponseEnd: list ? list.responseEnd : null,
          fcp: fcp ? fcp.startTime : null,
          resources: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
        };
      });
      if (r.rows !== 50) errors.push(`P4 ${variant}: ${r.rows} rows at paint, wanted 50`);
      if (variant === 'console') resources = r.resources;
      delete r.resources;
      if (i >= N.p4Warm) {
        out[variant].push(r.paintedAt);
        detail[variant].push(r);
      }
      await context.close();
    }
  }
  return { out, detail, resources };
}

// P3: the files index.html loads (and any other script, style or wasm the
// console page was seen loading), compressed as a server would store them.
function sizes(resources) {
  const html = readFileSync(join(SITE, 'index.html'), 'utf8');
  const names = new Set();
  const add = (n) => names.add(n.replace(/^\.?\//, ''));
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) add(m[1]);
  for (const r of resources) add(r);
  const files = [...names].filter((n) => /\.(js|mjs|css|wasm)$/.test(n) && existsSync(join(SITE, n))).sort();
  const rows = files.map((name) => {
    const buf = readFileSync(join(SITE, name));
    return {
      file: name,
      raw: buf.length,
      gzip: zlib.gzipSync(buf, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(buf, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        },
      }).length,
    };
  });
  const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
  return { files: rows, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

function serverLoad(projectId) {
  log(`P6: ${N.p6Rate} requests/s for ${N.p6Seconds} s (+${N.p6Warmup} s warm-up), 1000-row pages`);
  const path = `/v1/${projectId}/task-center/failure-jobs?limit=1000&offset={offset}`;
  return new Promise((resolveP, reject) => {
    const child = spawn(
      process.execPath,
      [join(here, 'load.mjs'), BASE, path, String(N.p6Rate), String(N.p6Seconds), String(N.p6Warmup), String(args['server-pid'] || '')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolveP(JSON.parse(out));
      } catch {
        reject(new Error(`load.mjs exited ${code} without a report`));
      }
    });
  });
}


const ms = (x) => `${round(x, 2)} ms`;
const kb = (x) => `${round(x / 1000, 1)} KB`;
const mb = (x) => `${round(x / 1e6, 2)} MB`;
const yes = (b) => (b ? 'yes' : 'NO');


async function main() {
  const errors = [];
  const started = Date.now();
  if (ONLY && !['P3', 'P4', 'P5', 'P11', 'P12', 'P13'].some((id) => ONLY.has(id))) {
    const r = [];
    journalRows(args.journal, (row) => r.push(row), errors);
    writeReport({ rows: r, errors, started, out: OUT, quick: QUICK }, { load_average_before: os.loadavg() });
    return;
  }
  const config = JSON.parse(await (await fetch(`${BASE}/config.json`)).text());
  const browser = await launch();
  const version = browser.version();
  const loadBefore = os.loadavg();
  log(`load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs (other work on the machine adds noise)`);
  let p1, p12, p3, p4, p5, p11, compiled, shifts;
  const ctx = { browser, base: BASE, newContext, watchErrors, errors, log };
  if (ONLY) {
    try {
      const out = {};
      if (ONLY.has('P4')) out.P4 = await coldStart(browser, errors);
      if (ONLY.has('P5')) out.P5 = await memory({ ...ctx, runs: N.p5Runs });
      if (ONLY.has('P3')) out.P3 = await coldAndCached(ctx);
      if (ONLY.has('P11')) out.P11 = await drawerOpen({ ...ctx, runs: N.p11Runs });
      if (ONLY.has('P12')) out.P12 = await lazyCompile({ ...ctx, runs: N.p12Runs });
      if (ONLY.has('P13')) out.P13 = await layoutShift({ ...ctx, runs: N.p13Runs });
      const p3 = out.P3 && { totalKB: kb(out.P3.cold.total), filesKB: kb(out.P3.cold.files), responses: out.P3.cold.list.length };
      const p11 = out.P11 && { coldMs: median(out.P11.cold), warmMs: median(out.P11.warm), chunkMs: median(out.P11.chunk) };
      const p4 = out.P4 && ['console', 'vanilla'].map((v) => ({ v, paintedMs: median(out.P4.out[v]), listRequestStartMs: median(out.P4.detail[v].map((d) => d.listRequestStart)) }));
      const p5 = out.P5 && [['1000 rows', out.P5.console], ['vanilla', out.P5.vanilla], ['50 rows', out.P5.console50]].map(([v, m]) => ({ v, totalMB: mb(m.total), jsHeapMB: mb(m.jsHeapUsed), wasmMB: mb(m.wasmMemory) }));
      process.stdout.write(JSON.stringify({ P3: p3, P4: p4, P4ratio: p4 && round(p4[0].paintedMs / p4[1].paintedMs), P4paired: out.P4 && pairedRatio(out.P4.out.console, out.P4.out.vanilla), P5: p5, P11: p11, P12: out.P12, P13: out.P13, problems: errors }) + '\n');
    } finally {
      await browser.close();
    }
    return;
  }
  try {
    p1 = await pageSizeSwitch({ ...ctx, warm: N.switchWarm, runs: N.switchRuns });
    p3 = await coldAndCached(ctx);
    p12 = await renderAndDecode(browser, errors);
    p4 = await coldStart(browser, errors);
    p5 = await memory({ ...ctx, runs: N.p5Runs });
    p11 = await drawerOpen({ ...ctx, runs: N.p11Runs });
    compiled = await lazyCompile({ ...ctx, runs: N.p12Runs });
    shifts = await layoutShift({ ...ctx, runs: N.p13Runs });
  } finally {
    await browser.close();
  }
  const files = sizes(p4.resources);
  const p7 = await apiOnTheWire({ base: BASE, projectId: config.projectId, log });
  const p6 = await serverLoad(config.projectId);

  const r = [];
  const add = (row) => r.push(row);
  // P1
  const s1 = median(p1.out.console);
  const b1 = median(p1.out.plain);
  add({ id: 'P1', measure: `page size 10 -> 1000: change -> 1000 rows laid out, incl. fetch, vs plain table, median of ${p1.out.console.length}`, value: ms(s1), baseline: ms(b1), ratio: round(s1 / b1), target: 'ratio <= 1.0', met: yes(s1 / b1 <= 1.0), raw: p1 });
  add({ id: 'P1', measure: '  (minimum)', value: ms(min(p1.out.console)), baseline: ms(min(p1.out.plain)), ratio: round(min(p1.out.console) / min(p1.out.plain)) });
  const sw = (v, k) => median(p1.parts[v].map((x) => x[k]));
  add({ id: 'P1', measure: '  of which: change -> response received (median)', value: ms(sw('console', 'fetchMs')), baseline: ms(sw('plain', 'fetchMs')) });
  add({ id: 'P1', measure: '  of which: forced layout (median)', value: ms(sw('console', 'layoutMs')), baseline: ms(sw('plain', 'layoutMs')), ratio: round(sw('console', 'layoutMs') / sw('plain', 'layoutMs')) });
  // P1b
  const c1 = median(p12.runs.console);
  const v1 = median(p12.runs.vanilla);
  add({ id: 'P1b', measure: `1000 rows: data ready -> laid out, vs vanilla copying our markup and CSS, median of ${p12.runs.console.length}`, value: ms(c1), baseline: ms(v1), ratio: round(c1 / v1), target: 'ratio <= 1.1', met: yes(c1 / v1 <= 1.1), raw: { console: p12.runs.console, vanilla: p12.runs.vanilla } });
  add({ id: 'P1b', measure: '  (minimum)', value: ms(min(p12.runs.console)), baseline: ms(min(p12.runs.vanilla)), ratio: round(min(p12.runs.console) / min(p12.runs.vanilla)) });
  const part = (v, k) => median(p12.parts[v].map((x) => x[k]));
  add({ id: 'P1b', measure: '  of which: DOM built (median)', value: ms(part('console', 'dom')), baseline: ms(part('vanilla', 'dom')), ratio: round(part('console', 'dom') / part('vanilla', 'dom')) });
  add({ id: 'P1b', measure: '  of which: forced layout (median)', value: ms(part('console', 'layout')), baseline: ms(part('vanilla', 'layout')), ratio: round(part('console', 'layout') / part('vanilla', 'layout')) });
  // P2
  const c2 = median(p12.decode.wasm);
  const v2 = median(p12.decode.js);
  add({ id: 'P2', measure: `decode 1000 jobs (${kb(p12.decodeBytes)}): wasm from bytes vs JSON.parse+read from text, median of ${p12.decode.wasm.length}x${N.p2Batch}`, value: ms(c2), baseline: ms(v2), ratio: round(c2 / v2), target: 'ratio <= 1.5', met: yes(c2 / v2 <= 1.5), raw: p12.decode });
  add({ id: 'P2', measure: '  (minimum)', value: ms(min(p12.decode.wasm)), baseline: ms(min(p12.decode.js)), ratio: round(min(p12.decode.wasm) / min(p12.decode.js)) });
  add({ id: 'P2', measure: '  of which: copying the bytes into wasm (median)', value: ms(median(p12.decode.copy)) });
  // P3, P3b
  const cold = p3.cold;
  add({ id: 'P3', measure: `cold load of / on the wire (Accept-Encoding: br, gzip), ${cold.list.length} responses`, value: kb(cold.total), baseline: `${kb(cold.decoded)} decoded`, target: '<= 150 KB', met: yes(cold.total <= 150_000), raw: p3 });
  add({ id: 'P3', measure: '  files (html, js, wasm, css) / data (config, API)', value: kb(cold.files), baseline: kb(cold.data) });
  for (const e of cold.list.filter((x) => !x.path.startsWith('/v1/'))) add({ id: 'P3', measure: `  ${e.path} (${e.status ?? '?'}, ${e.encoding ?? '?'})`, value: kb(e.transfer), baseline: `${kb(e.decoded)} decoded` });
  add({ id: 'P3', measure: `  on disk: ${files.files.length} files raw / gzip -9 / brotli -q11`, value: kb(files.raw), baseline: kb(files.gzip), ratio: kb(files.brotli), raw: files });
  const prodWasm = join(SITE, 'sdrs-console_bg.wasm');
  const benchWasm = join(SITE, 'bench', 'pkg', 'sdrs-console_bg.wasm');
  if (existsSync(prodWasm) && existsSync(benchWasm)) {
    const br = (f) => zlib.brotliCompressSync(readFileSync(f), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const size = (f) => readFileSync(f).length;
    add({ id: 'P3', measure: '  wasm without / with the bench exports (raw, br)', value: `${kb(size(prodWasm))} / ${kb(size(benchWasm))}`, baseline: `${kb(br(prodWasm))} / ${kb(br(benchWasm))} br` });
  }
  const second = p3.second;
  add({ id: 'P3b', measure: `second load: ${second.revalidated} of ${second.fileCount} files revalidated (304), bodies re-sent: ${second.bodiesResent.join(' ') || 'none'}`, value: kb(second.total), baseline: `${kb(second.data)} data`, target: 'only 304s', met: yes(second.bodiesResent.length === 0 && second.fileCount > 0), raw: second });
  // P4
  const c4 = median(p4.out.console);
  const v4 = median(p4.out.vanilla);
  add({ id: 'P4', measure: `cold start: navigation -> 50 rows painted, median of ${p4.out.console.length}`, value: ms(c4), baseline: ms(v4), ratio: round(c4 / v4), target: 'ratio <= 1.3', met: yes(c4 / v4 <= 1.3), raw: p4 });
  add({ id: 'P4', measure: '  (minimum)', value: ms(min(p4.out.console)), baseline: ms(min(p4.out.vanilla)), ratio: round(min(p4.out.console) / min(p4.out.vanilla)) });
  const pair = pairedRatio(p4.out.console, p4.out.vanilla);
  if (pair) add({ id: 'P4', measure: `  paired: median of ${pair.pairs} run-by-run ratios, 90% interval`, value: `${round(pair.low)}–${round(pair.high)}`, ratio: round(pair.median) });
  const lrs = (v) => median(p4.detail[v].map((d) => d.listRequestStart));
  add({ id: 'P4', measure: '  list request sent at (median)', value: ms(lrs('console')), baseline: ms(lrs('vanilla')) });
  // P5
  const c5 = p5.console;
  const v5 = p5.vanilla;
  add({ id: 'P5', measure: `JS heap + wasm memory, 1000 rows shown (median of ${N.p5Runs})`, value: mb(c5.total), baseline: mb(v5.total), ratio: round(c5.total / v5.total), target: '<= 4 MB', met: yes(c5.total <= 4e6), raw: p5 });
  add({ id: 'P5', measure: '  JS heap / wasm memory', value: `${mb(c5.jsHeapUsed)} / ${mb(c5.wasmMemory)}`, baseline: `${mb(v5.jsHeapUsed)} / -` });
  add({ id: 'P5', measure: '  console with 50 rows: JS heap / wasm memory', value: `${mb(p5.console50.jsHeapUsed)} / ${mb(p5.console50.wasmMemory)}` });
  add({ id: 'P5', measure: '  DOM (embedder) heap, not counted', value: c5.embedderHeapUsed == null ? '-' : mb(c5.embedderHeapUsed), baseline: v5.embedderHeapUsed == null ? '-' : mb(v5.embedderHeapUsed) });
  add({ id: 'P5', measure: '  DOM nodes / JS event listeners', value: `${c5.domNodes} / ${c5.jsEventListeners}`, baseline: `${v5.domNodes} / ${v5.jsEventListeners}` });
  // P11
  if (p11.cold.length) {
    const c11 = median(p11.cold);
    const w11 = median(p11.warm);
    add({ id: 'P11', measure: `click on a row -> drawer painted, its chunk cold (prefetch off) vs loaded, median of ${p11.cold.length}`, value: ms(c11), baseline: ms(w11), ratio: round(c11 / w11), target: 'cold <= 150 ms', met: yes(c11 <= 150), raw: p11 });
    add({ id: 'P11', measure: '  (minimum)', value: ms(min(p11.cold)), baseline: ms(min(p11.warm)), ratio: round(min(p11.cold) / min(p11.warm)) });
    if (p11.chunk.length) add({ id: 'P11', measure: '  of which: fetching split_drawer.wasm (median)', value: ms(median(p11.chunk)) });
  }
  if (compiled.length) add({ id: 'P12', measure: `wasm compiled on the main thread before 50 rows: functions / code, median of ${compiled.length}`, value: median(compiled.map((c) => c.functions)), baseline: kb(median(compiled.map((c) => c.codeBytes))), ratio: ms(median(compiled.map((c) => c.ms))), raw: compiled });
  // P13
  for (const [width, runs] of Object.entries(shifts)) {
    const score = (v) => median(runs[v].map((r) => r.score));
    const c13 = score('console');
    add({ id: 'P13', measure: `cold start at ${width} x 800: cumulative layout shift over 4 s vs vanilla, median of ${runs.console.length}`, value: round(c13, 3), baseline: round(score('vanilla'), 3), target: '<= 0.1', met: yes(c13 <= 0.1), raw: runs });
    add({ id: 'P13', measure: '  how far the table moved (median, px)', value: round(median(runs.console.map((r) => r.tableMovedPx)), 1), baseline: round(median(runs.vanilla.map((r) => r.tableMovedPx)), 1) });
  }
  // P7
  add({ id: 'P7', measure: `1000-row API answer on the wire: ${p7.browser.encoding} (Chromium's gzip, deflate, br, zstd) vs raw`, value: kb(p7.browser.bytes), baseline: kb(p7.raw.bytes), ratio: `${round((100 * p7.browser.bytes) / p7.raw.bytes, 1)} %`, target: '<= 15 % of raw', met: yes(p7.browser.bytes <= 0.15 * p7.raw.bytes && p7.browser.encoding !== 'identity'), raw: p7 });
  add({ id: 'P7', measure: '  br / gzip / zstd', value: `${kb(p7.br.bytes)} ${p7.br.encoding}`, baseline: `${kb(p7.gzip.bytes)} ${p7.gzip.encoding}`, ratio: `${kb(p7.zstd.bytes)} ${p7.zstd.encoding}` });
  // P6
  add({ id: 'P6', measure: `server: 1000-row pages of 100,000 jobs, ${N.p6Rate} req/s open loop, ${N.p6Seconds} s: p99`, value: ms(p6.latency_ms.p99), target: 'p99 <= 10 ms', met: yes(p6.latency_ms.p99 <= 10 && p6.errors === 0 && p6.bad_status === 0), raw: p6 });
  add({ id: 'P6', measure: '  p50 / p90 / max', value: `${round(p6.latency_ms.p50)} / ${round(p6.latency_ms.p90)} / ${round(p6.latency_ms.max)} ms` });
  add({ id: 'P6', measure: '  from write to last byte: p50 / p99', value: `${round(p6.service_ms.p50)} / ${round(p6.service_ms.p99)} ms` });
  add({ id: 'P6', measure: '  achieved rate, requests, errors', value: `${round(p6.achieved_rps, 1)} req/s`, baseline: `${p6.requests} req`, ratio: `${p6.errors + p6.bad_status} err` });
  add({ id: 'P6', measure: '  generator: send lag p99, CPU; server CPU', value: `${round(p6.send_lag_ms.p99)} ms`, baseline: `${round(p6.generator_cpu_cores)} core`, ratio: p6.server_cpu_cores == null ? '' : `srv ${round(p6.server_cpu_cores)} core` });

  journalRows(args.journal, add, errors);

  writeReport({ rows: r, errors, started, out: OUT, quick: QUICK }, { chromium: version, load_average_before: loadBefore });
}

main().catch((e) => {
  process.stderr.write(`bench harness: ${e.stack || e}\n`);
  process.exit(1);
});
