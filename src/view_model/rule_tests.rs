//! The rule of `view_model`: no browser type. The native build already
//! rejects a browser crate named here (they are wasm32-only dependencies);
//! this also finds code that only the wasm32 build would compile.

use std::path::Path;

/// The browser crates, and the switch that hides code from the native build.
const BROWSER_ONLY: [&str; 6] = [
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "leptos",
    "target_arch",
];

#[test]
fn no_module_names_a_browser_crate_or_compiles_for_wasm32_only() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/view_model");
    let this = Path::new(file!()).file_name();
    let mut read = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/view_model can be listed") {
        let path = entry.expect("src/view_model can be listed").path();
        if path.extension().is_none_or(|e| e != "rs") || path.file_name() == this {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a module can be read");
        read += 1;
        for (n, line) in text.lines().enumerate() {
            // Comments may name the browser side; code may not.
            let code = line.split("//").next().unwrap_or_default();
            found.extend(
                BROWSER_ONLY
                    .iter()
                    .filter(|word| code.contains(*word))
                    .map(|word| format!("{}:{}: {word}", path.display(), n + 1)),
            );
        }
    }
    assert!(read >= 20, "read {read} modules of {}", dir.display());
    assert!(
        found.is_empty(),
        "browser-only code in view_model:\n{}",
        found.join("\n")
    );
}
