//! The wasm stack of the release console: 128 KiB. The release build
//! touches ~33 KiB of it (1000 rows, the drawer, a sort), and the deepest
//! decoding fits in 64 KiB (`e2e/tests/release_stack.rs` passes on a 64 KiB
//! build); the stack is wasm memory the page keeps. Debug builds (the browser tests) keep the
//! 512 KiB of `.cargo/config.toml`: their unoptimised frames need it.
//! The code-split build also keeps the linker's relocations.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    if wasm && release {
        // After the config's flag on the linker's command line: the last wins.
        // Only the shipped module (the binary); the library's test binaries
        // keep the config's stack.
        println!("cargo:rustc-link-arg-bin=sdrs-console=-zstack-size=131072");
    }
    // The code-split build (feature `split`): the splitter
    // (scripts/wasm-split-step) needs the linker's relocations to cut the
    // linked module into chunks.
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=sdrs-console=--emit-relocs");
    }
}
