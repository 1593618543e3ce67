// P13 of scripts/bench: how still the first screen holds during a cold
// start. The cumulative layout shift (Layout Instability API, the score
// behind Web Vitals' CLS) of the standalone page over its first seconds,
// at a laptop's window and a narrower one, against the vanilla page; and
// how far the table itself moved, the shift a pointer on its way to a row
// meets. Layout, not time: the score hardly depends on the machine's load.

import { coldStartPages } from './probes.mjs';

const WIDTHS = [1280, 1000];
const SECONDS = 4;

// Installed before any page script: sums the shifts and the table's moves.
function shiftProbe() {
  window.__benchShift = { score: 0, tableMovedPx: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__benchShift.score += entry.value;
      for (const source of entry.sources) {
        const node = source.node;
        if (node && node.nodeType === 1 && node.closest('table, .sdrs-table-wrap')) {
          window.__benchShift.tableMovedPx += Math.abs(source.currentRect.y - source.previousRect.y);
        }
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

export async function layoutShift({ browser, base, newContext, watchErrors, errors, log, runs }) {
  log(`P13: ${runs} cold starts of each page at ${WIDTHS.join(' and ')} px wide, layout shifts over ${SECONDS} s`);
  const urls = coldStartPages(base);
  const out = {};
  for (const width of WIDTHS) {
    out[width] = { console: [], vanilla: [] };
    for (let i = 0; i < runs; i++) {
      for (const variant of ['console', 'vanilla']) {
        const context = await newContext(browser, { viewport: { width, height: 800 } });
        await context.addInitScript(shiftProbe);
        const page = await context.newPage();
        watchErrors(page, `P13 ${variant}`, errors);
        await page.goto(urls[variant]);
        await page.waitForTimeout(SECONDS * 1000);
        out[width][variant].push(await page.evaluate(() => window.__benchShift));
        await context.close();
      }
    }
  }
  return out;
}
