// P3, P3b and P7 of scripts/bench: bytes on the wire as our
// server sends them to a browser that accepts brotli and gzip. P3: a cold
// load of the standalone page in a fresh profile (Resource Timing
// `transferSize`: headers + body as received); P3b: the second load in the
// same profile, where every file should come back as a bodiless 304; P7:
// one 1000-row API answer compressed as Chromium asks for it (it takes
// zstd too), against the same answer raw.
import http from 'node:http';

const ACCEPT = 'br, gzip';
// What Chromium 123 and later send with every request.
const CHROMIUM_ACCEPT = 'gzip, deflate, br, zstd';

/// In the page: every navigation and resource entry so far.
function entries() {
  return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
    path: new URL(e.name).pathname,
    transfer: e.transferSize,
    encoded: e.encodedBodySize,
    decoded: e.decodedBodySize,
  }));
}

const isApi = (path) => path.startsWith('/v1/') || path === '/config.json';

async function load(page, base, statuses) {
  statuses.length = 0;
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.sdrsConsole && document.querySelectorAll('table tbody tr').length > 0, null, {
    timeout: 60000,
  });
  await page.waitForLoadState('networkidle');
  const list = await page.evaluate(entries);
  return list.map((e) => ({ ...e, ...(statuses.find((s) => s.path === e.path) || {}) }));
}

// Chromium counts the headers of every response as 300 bytes in
// `transferSize` (so that their real size never leaks): a body came over
// the wire when the bytes received are those 300 plus the body; a 304
// brings the 300 alone. Statuses do not tell: the events report 200 for
// revalidated responses. (Comparing with the body alone took a file
// smaller than 300 bytes, `boot.js`, for one sent again.)
const HEADER_BYTES = 300;
const bodySent = (e) => e.encoded > 0 && e.transfer >= e.encoded + HEADER_BYTES;

function summary(list) {
  const files = list.filter((e) => !isApi(e.path));
  const data = list.filter((e) => isApi(e.path));
  const sum = (xs, k) => xs.reduce((a, e) => a + (e[k] || 0), 0);
  return {
    total: sum(list, 'transfer'),
    files: sum(files, 'transfer'),
    data: sum(data, 'transfer'),
    decoded: sum(list, 'decoded'),
    revalidated: files.filter((e) => !bodySent(e)).length,
    fileCount: files.length,
    bodiesResent: files.filter(bodySent).map((e) => e.path),
    list,
  };
}

export async function coldAndCached({ browser, base, newContext, watchErrors, errors, log }) {
  log('P3/P3b: cold load of the standalone page in a fresh profile, then a second load (Accept-Encoding: br, gzip)');
  const context = await newContext(browser, { extraHTTPHeaders: { 'accept-encoding': ACCEPT } });
  const page = await context.newPage();
  watchErrors(page, 'P3', errors);
  const statuses = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.protocol.startsWith('http')) {
      statuses.push({ path: url.pathname, status: res.status(), encoding: res.headers()['content-encoding'] || 'identity' });
    }
  });
  const cold = summary(await load(page, base, statuses));
  const second = summary(await load(page, base, statuses));
  await context.close();
  return { cold, second };
}

function wireBytes(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => resolve({ bytes, status: res.statusCode, encoding: res.headers['content-encoding'] || 'identity' }));
      })
      .on('error', reject);
  });
}

export async function apiOnTheWire({ base, projectId, log }) {
  log('P7: one 1000-row API answer, raw and compressed');
  const url = `${base}/v1/${encodeURIComponent(projectId)}/task-center/failure-jobs?limit=1000`;
  return {
    raw: await wireBytes(url, null),
    br: await wireBytes(url, 'br'),
    gzip: await wireBytes(url, 'gzip'),
    zstd: await wireBytes(url, 'zstd'),
    browser: await wireBytes(url, CHROMIUM_ACCEPT),
  };
}
