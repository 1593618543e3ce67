// Probes installed before any page script (`addInitScript`) and the pages
// they watch, shared by the cold-start measures (P4, P12, P13).

/// The two pages a cold start opens: the console and its vanilla baseline,
/// each with a first page of 50 rows.
export const coldStartPages = (base) => ({
  console: `${base}/?limit=50`,
  vanilla: `${base}/bench/vanilla/?limit=50`,
});

/// The user-timing mark set when the rows are in.
export const ROWS_MARK = 'bench-50-rows';

/// Marks when `want` rows are in a <tbody> (`window.__benchRows`,
/// `__benchRowsAt` and the mark `ROWS_MARK`), then the next paint
/// (requestAnimationFrame, then a task: `__benchPaintedAt`).
export function rowsProbe([want, mark]) {
  const observer = new MutationObserver(() => {
    const body = document.querySelector('table tbody');
    if (body && body.rows.length >= want) {
      observer.disconnect();
      window.__benchRows = body.rows.length;
      window.__benchRowsAt = performance.now();
      performance.mark(mark);
      requestAnimationFrame(() =>
        setTimeout(() => {
          window.__benchPaintedAt = performance.now();
        }, 0),
      );
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}
