// P12 of scripts/bench: the wasm that a cold start compiles on the main
// thread before its first rows. Chromium validates a module while it
// streams in and compiles each function (Liftoff) on its first call, on
// the main thread (`wasm.CompileLazy` in a trace); so the code that runs
// on the way to the first rows is compiled on that way too. Counted from a
// trace of each cold start up to the mark a probe sets when 50 rows are in
// a <tbody>: the functions, their code's size and the time. Fewer distinct
// functions on the way is what shortens it; unlike P4's milliseconds, the
// count hardly depends on how busy the machine is.

import { coldStartPages, rowsProbe, ROWS_MARK as MARK } from './probes.mjs';

const CATEGORIES = ['blink.user_timing', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed'];

/// From one trace: what was compiled lazily on the thread that set the
/// mark, before it.
export function lazyBeforeMark(events, mark) {
  const at = events.find((e) => e.name === mark);
  if (!at) return null;
  const onThread = (name) => events.filter((e) => e.name === name && e.tid === at.tid && e.ts <= at.ts && e.dur);
  const lazy = onThread('wasm.CompileLazy');
  // A function's size is that of the baseline compile inside its lazy
  // compile: the chunks' functions share the index space, so an index
  // alone does not name one function.
  const baseline = onThread('wasm.CompileBaseline');
  const sizeOf = (e) =>
    baseline.find((b) => b.args?.funcIndex === e.args?.func_index && b.ts >= e.ts && b.ts <= e.ts + e.dur)?.args
      ?.bodySize || 0;
  return {
    functions: lazy.length,
    codeBytes: lazy.reduce((sum, e) => sum + sizeOf(e), 0),
    ms: lazy.reduce((sum, e) => sum + e.dur, 0) / 1000,
  };
}

export async function lazyCompile({ browser, base, newContext, watchErrors, errors, log, runs }) {
  log(`P12: ${runs} cold starts traced (v8.wasm), the wasm compiled before the first 50 rows`);
  const out = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser);
    await context.addInitScript(rowsProbe, [50, MARK]);
    const page = await context.newPage();
    watchErrors(page, 'P12', errors);
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(coldStartPages(base).console, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: 30000 });
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    await context.close();
    const found = lazyBeforeMark(trace.traceEvents || [], MARK);
    if (found) out.push(found);
    else errors.push(`P12: run ${i}: no ${MARK} mark in the trace`);
  }
  return out;
}
