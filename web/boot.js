// Starts the console from an external module file, so pages need no inline
// script and work under `script-src 'self' 'wasm-unsafe-eval'`.
import init, * as bindings from './sdrs-console.js';

await init({ module_or_path: new URL('./sdrs-console_bg.wasm', import.meta.url) });
window.sdrsConsole = bindings;
window.dispatchEvent(new CustomEvent('sdrs-console-ready'));
