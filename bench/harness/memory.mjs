// P5 of scripts/bench: JS heap plus wasm memory with 1000 rows shown, the
// console's standalone page (production build) against the vanilla page.

// Installed before any page script: keeps every WebAssembly.Memory a module
// instantiated by the page exports (the production build exports nothing
// for this). Through the inspector instead (`Runtime.queryObjects` on
// `WebAssembly.Memory.prototype`), Chromium 156 closes a page that has
// instantiated the code-split console's chunks.
function recordWasmMemories() {
  const memories = new Set();
  window.__benchWasmMemories = memories;
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    for (const value of Object.values((instance && instance.exports) || {})) {
      if (value instanceof WebAssembly.Memory) memories.add(value);
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  const plain = WebAssembly.instantiate;
  if (streaming) WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);
  WebAssembly.instantiate = (...args) => plain.apply(WebAssembly, args).then(keep);
}

// Bytes of every WebAssembly.Memory the page's modules export.
async function wasmMemoryBytes(page) {
  return page.evaluate(() => [...(window.__benchWasmMemories || [])].reduce((a, m) => a + m.buffer.byteLength, 0));
}

export async function memory({ browser, base, newContext, watchErrors, errors, log, runs }) {
  log(`P5: JS heap and wasm memory with 1000 rows shown, ${runs} fresh load(s) of each page`);
  const out = { console: [], vanilla: [], console50: [] };
  // The last one: the console with a 50-row page, to see what the rows cost.
  const plan = [];
  for (let i = 0; i < runs; i++) plan.push(['console', 1000], ['vanilla', 1000]);
  plan.push(['console', 50]);
  for (const [variant, limit] of plan) {
    const urls = { console: `${base}/?limit=${limit}`, vanilla: `${base}/bench/vanilla/?limit=${limit}` };
    const context = await newContext(browser);
    await context.addInitScript(recordWasmMemories);
    const page = await context.newPage();
    watchErrors(page, `P5 ${variant}`, errors);
    const cdp = await context.newCDPSession(page);
    await page.goto(urls[variant]);
    await page.waitForFunction(
      ([v, n]) => document.querySelectorAll('table tbody tr').length >= n && (v === 'vanilla' || window.sdrsConsole),
      [variant, limit],
      { timeout: 30000 },
    );
    await page.waitForTimeout(1000);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('Performance.enable');
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    const page_ = {
      rows: await page.evaluate(() => document.querySelectorAll('table tbody tr').length),
      wasm: await wasmMemoryBytes(page),
    };
    out[limit === 1000 ? variant : 'console50'].push({
      jsHeapUsed: heap.usedSize,
      embedderHeapUsed: heap.embedderHeapUsedSize ?? null,
      wasmMemory: page_.wasm,
      total: heap.usedSize + page_.wasm,
      rows: page_.rows,
      domNodes: metrics.Nodes,
      jsEventListeners: metrics.JSEventListeners,
    });
    await context.close();
  }
  const pick = (xs) => xs.slice().sort((a, b) => a.total - b.total)[xs.length >> 1];
  return { console: pick(out.console), vanilla: pick(out.vanilla), console50: out.console50[0], all: out };
}
