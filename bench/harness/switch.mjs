// P1 of scripts/bench: what a user waits for when switching the
// page size from 10 to 1000, from the `change` event to 1000 rows present
// and laid out, including the fetch. The console's standalone page against
// bench/plain (the same fetch, a simple 10-column table of text, browser
// default styles), each in its own browser context, runs interleaved.

const SIZE_SELECT = 'select[name=page_size]';

/// In the page: switches the page size to `want` and waits until the first
/// table's body holds `want` rows (a mutation batch), then forces layout.
/// Fetch timings from the Resource Timing entry of the list request.
function switchSize(want) {
  return new Promise((resolve, reject) => {
    const select = document.querySelector('select[name=page_size]');
    const tbody = document.querySelector('table tbody');
    const table = tbody.parentNode;
    const before = performance.getEntriesByType('resource').length;
    const timer = setTimeout(() => reject(new Error(`no ${want} rows after 30 s`)), 30000);
    let t0 = 0;
    const finish = () => {
      const tDom = performance.now();
      const height = table.offsetHeight;
      const t1 = performance.now();
      clearTimeout(timer);
      const list = performance
        .getEntriesByType('resource')
        .slice(before)
        .filter((e) => e.name.includes('/task-center/failure-jobs'))
        .pop();
      resolve({
        ms: t1 - t0,
        layoutMs: t1 - tDom,
        fetchMs: list ? list.responseEnd - t0 : null,
        rows: tbody.rows.length,
        height,
      });
    };
    const observer = new MutationObserver(() => {
      if (tbody.rows.length >= want) {
        observer.disconnect();
        finish();
      }
    });
    observer.observe(tbody, { childList: true });
    select.value = String(want);
    t0 = performance.now();
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/// In the page: back to `want` rows, and nothing loading any more.
function resetSize(want) {
  return new Promise((resolve, reject) => {
    const select = document.querySelector('select[name=page_size]');
    const timer = setTimeout(() => reject(new Error(`no reset to ${want} rows after 30 s`)), 30000);
    const settled = () =>
      document.querySelector('table tbody').rows.length === want && !document.querySelector('.is-loading');
    const poll = () => (settled() ? (clearTimeout(timer), requestAnimationFrame(() => resolve(true))) : setTimeout(poll, 5));
    if (select.value !== String(want)) {
      select.value = String(want);
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    poll();
  });
}

export async function pageSizeSwitch({ browser, base, newContext, watchErrors, errors, log, warm, runs }) {
  log(`P1: page size 10 -> 1000 (change event -> laid out), ${warm} warm-up + ${runs} runs of each page, interleaved`);
  const pages = {};
  for (const [variant, url] of [
    ['console', `${base}/?limit=10`],
    ['plain', `${base}/bench/plain/?limit=10`],
  ]) {
    const context = await newContext(browser);
    const page = await context.newPage();
    watchErrors(page, `P1 ${variant}`, errors);
    await page.goto(url);
    await page.waitForFunction(
      (sel) => document.querySelector(sel) && document.querySelectorAll('table tbody tr').length === 10,
      SIZE_SELECT,
      { timeout: 60000 },
    );
    pages[variant] = { context, page, cdp: await context.newCDPSession(page) };
  }
  const out = { console: [], plain: [] };
  const parts = { console: [], plain: [] };
  for (let i = 0; i < warm + runs; i++) {
    const order = i % 2 ? ['plain', 'console'] : ['console', 'plain'];
    for (const variant of order) {
      const { page, cdp } = pages[variant];
      await page.bringToFront();
      await page.evaluate(resetSize, 10);
      await cdp.send('HeapProfiler.collectGarbage');
      const r = await page.evaluate(switchSize, 1000);
      if (r.rows !== 1000) errors.push(`P1 ${variant}: ${r.rows} rows, wanted 1000`);
      if (i >= warm) {
        out[variant].push(r.ms);
        parts[variant].push(r);
      }
    }
  }
  for (const { context } of Object.values(pages)) await context.close();
  return { out, parts };
}
