// In-page side of scripts/bench (P1b, P2): the console module and the
// vanilla baseline on one page, each run driven by the harness through
// `window.bench`. Timings: performance.now(), layout forced by reading
// offsetHeight, row count checked at that moment. The module is the
// benchmark build (`bench` feature: benchDecode, benchBytesIn) in /bench/pkg/.
import init, * as sdrs from '/bench/pkg/sdrs-console.js';
import { createTable, renderRows, readAll } from '/bench/vanilla/vanilla.js';

await init({ module_or_path: '/bench/pkg/sdrs-console_bg.wasm' });
const config = await (await fetch('/config.json')).json();
const stage = document.getElementById('stage');
const listUrl = (limit) =>
  `/v1/${encodeURIComponent(config.projectId)}/task-center/failure-jobs?limit=${limit}`;

let mounted = null;
function clear() {
  if (mounted) {
    mounted.unmount();
    mounted.free();
    mounted = null;
  }
  stage.replaceChildren();
}

/// Console: mounts the real panel (filters, toolbar, table, pager) asking
/// for `limit` rows. The panel fetches and decodes, then fires
/// `sdrs-rows-loaded` right after storing the rows and before its render
/// effects run: that is "data ready". "Rows laid out": the first mutation
/// batch after which <tbody> holds all rows, then a forced layout.
function consoleRun(limit) {
  clear();
  const host = document.createElement('div');
  stage.append(host);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('console run: no rows after 30 s')), 30000);
    host.addEventListener('sdrs-error', (ev) => reject(new Error('console run: ' + JSON.stringify(ev.detail))));
    host.addEventListener(
      'sdrs-rows-loaded',
      (ev) => {
        const t0 = performance.now();
        const want = ev.detail.count;
        const tbody = host.querySelector('table.sdrs-table > tbody');
        const table = tbody.parentNode;
        const rowsAtReady = tbody.rows.length;
        const finish = () => {
          const tDom = performance.now();
          const height = table.offsetHeight;
          const t1 = performance.now();
          clearTimeout(timer);
          resolve({ ms: t1 - t0, domMs: tDom - t0, layoutMs: t1 - tDom, rows: tbody.rows.length, want, rowsAtReady, height });
        };
        if (rowsAtReady >= want) {
          finish();
          return;
        }
        const observer = new MutationObserver(() => {
          if (tbody.rows.length >= want) {
            observer.disconnect();
            finish();
          }
        });
        observer.observe(tbody, { childList: true });
      },
      { once: true },
    );
    mounted = sdrs.mount(host, {
      apiBase: '',
      projectId: config.projectId,
      locale: 'en',
      initialFilters: { limit },
    });
  });
}

/// Vanilla: the same request, parsed with JSON, then rows built into the
/// same table markup and laid out.
async function vanillaRun(limit) {
  clear();
  const host = document.createElement('div');
  stage.append(host);
  const parts = createTable(host);
  const list = await (await fetch(listUrl(limit))).json();
  const jobs = list.failure_jobs;
  const t0 = performance.now();
  renderRows(parts.tbody, jobs, Date.now());
  parts.status.textContent = `${jobs.length} rows loaded`;
  const tDom = performance.now();
  const height = parts.table.offsetHeight;
  const t1 = performance.now();
  return {
    ms: t1 - t0, domMs: tDom - t0, layoutMs: t1 - tDom,
    rows: parts.tbody.rows.length, want: jobs.length, rowsAtReady: 0, height,
  };
}

// One response body in the form each side's fetch path reads it: the
// console reads the bytes (`arrayBuffer()`), JavaScript reads the text.
let decodeBytes = new Uint8Array();
let decodeText = '';
async function loadDecodeText(limit) {
  decodeBytes = new Uint8Array(await (await fetch(listUrl(limit))).arrayBuffer());
  decodeText = new TextDecoder().decode(decodeBytes);
  return { bytes: decodeBytes.length, rows: readAll(JSON.parse(decodeText)), wasmRows: sdrs.benchDecode(decodeBytes) };
}

/// Mean ms of `k` decodes of the stored response bytes.
function decodeWasm(k) {
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < k; i++) rows += sdrs.benchDecode(decodeBytes);
  return { ms: (performance.now() - t0) / k, rows: rows / k };
}

/// Mean ms of `k` copies of the bytes into wasm memory (no decoding).
function copyIn(k) {
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < k; i++) bytes += sdrs.benchBytesIn(decodeBytes);
  return { ms: (performance.now() - t0) / k, rows: bytes / k };
}

function decodeJs(k) {
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < k; i++) rows += readAll(JSON.parse(decodeText));
  return { ms: (performance.now() - t0) / k, rows: rows / k };
}

window.bench = { consoleRun, vanillaRun, loadDecodeText, decodeWasm, decodeJs, copyIn, clear };
window.benchReady = true;
