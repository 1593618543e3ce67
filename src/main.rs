//! The shipped wasm module: the library's `#[wasm_bindgen]` exports (the
//! start, `mount`, the custom element, and the benchmark exports with the
//! `bench` feature) linked as a binary, which the release profile builds
//! with LTO (Cargo.toml says why not a cdylib). wasm32 has no entry point:
//! the module's start is the library's `#[wasm_bindgen(start)]`.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
use sdrs_console as _;

/// Built natively only by workspace-wide commands (tests, clippy); the
/// console runs in a browser.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sdrs-console is a WebAssembly module: build it with trunk (`trunk build --release`)");
    std::process::exit(2);
}
