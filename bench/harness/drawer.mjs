// P11 of scripts/bench: a click on a row to its drawer painted, the first
// time (the drawer's chunk not yet loaded: the page's idle prefetching is
// switched off) against the second time (the chunk loaded), in the same
// page, once the page's own requests are done. Fresh context per run, so
// every first open fetches the chunk.

const DRAWER_JOB_ID = '[role=dialog].sdrs-drawer [data-field=job_id]';
const ROW_CELL = 'table tbody tr[data-row-id] td.sdrs-cell-time';
const CHUNK = '/split_drawer.wasm';

// In the page: clicks the `index`th row's time cell and resolves when the
// drawer shows that job and the next frame is painted.
function openDrawer([index, drawerSel, cellSel, chunk]) {
  const cell = document.querySelectorAll(cellSel)[index];
  const id = cell && cell.closest('tr').dataset.jobId;
  if (!id) return { error: `no row ${index}` };
  const shown = new Promise((resolve) => {
    const check = () => {
      const el = document.querySelector(drawerSel);
      if (el && el.textContent.trim() === id) {
        observer.disconnect();
        resolve(performance.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const start = performance.now();
  cell.click();
  return shown.then(
    (at) =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const fetches = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith(chunk));
            resolve({
              shownMs: at - start,
              paintedMs: performance.now() - start,
              chunkFetches: fetches.length,
              chunkBeforeClick: fetches.some((e) => e.startTime < start),
              chunkMs: fetches.length ? fetches[0].responseEnd - fetches[0].startTime : null,
            });
          }, 0),
        ),
      ),
  );
}

export async function drawerOpen({ browser, base, newContext, watchErrors, errors, log, runs }) {
  log(`P11: ${runs} fresh loads, the first drawer open (chunk cold) then a second (chunk loaded)`);
  const out = { cold: [], warm: [], chunk: [] };
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser);
    // The page as served, with idle prefetching off: the first open is the
    // one that fetches the chunk.
    await context.route(
      (url) => url.pathname === '/',
      async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace('<html lang="en">', '<html lang="en" data-sdrs-prefetch="off">');
        if (!html.includes('data-sdrs-prefetch="off"')) errors.push('P11: index.html has no <html lang="en"> to switch prefetching off in');
        await route.fulfill({ status: response.status(), contentType: 'text/html; charset=utf-8', body: html });
      },
    );
    const page = await context.newPage();
    watchErrors(page, 'P11', errors);
    await page.goto(`${base}/?limit=50`);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 2, ROW_CELL, { timeout: 30000 });
    // A user who reads the list first: the page's own requests (the
    // timeline's walk over all pages) are done.
    await page.waitForLoadState('networkidle');
    const cold = await page.evaluate(openDrawer, [0, DRAWER_JOB_ID, ROW_CELL, CHUNK]);
    await page.keyboard.press('Escape');
    await page.waitForFunction((sel) => !document.querySelector(sel), '[role=dialog].sdrs-drawer', { timeout: 10000 });
    const warm = await page.evaluate(openDrawer, [1, DRAWER_JOB_ID, ROW_CELL, CHUNK]);
    await context.close();
    if (cold.error || warm.error) {
      errors.push(`P11: ${cold.error || warm.error}`);
      continue;
    }
    if (cold.chunkBeforeClick || cold.chunkFetches !== 1) errors.push(`P11: the first open did not fetch the chunk itself: ${JSON.stringify(cold)}`);
    if (warm.chunkFetches !== 1) errors.push(`P11: the second open fetched the chunk again: ${JSON.stringify(warm)}`);
    out.cold.push(cold.paintedMs);
    out.warm.push(warm.paintedMs);
    if (cold.chunkMs != null) out.chunk.push(cold.chunkMs);
  }
  return out;
}
