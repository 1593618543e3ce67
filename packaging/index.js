// The package's entry: the embedding API of the module wasm-bindgen wrote.
// The module's other exports are internal (benchmark hooks) and not part
// of the package.
export { default, mount, defineElement, PanelHandle } from './sdrs-console.js';
