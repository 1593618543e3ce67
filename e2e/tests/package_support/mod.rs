//! What the package tests share: where the tarball, the Vite example and
//! its npm tools are, running commands, and waiting for a host page.
// Each test file uses a part of it.
#![allow(dead_code)]

pub use sdrs_e2e::panel_root::wait_rows;
use sdrs_e2e::{check, repo_root, scratch_dir, wait_until, Console};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// The mounted panel's element in both host pages.
pub const PANEL: &str = "document.getElementById('panel')";

/// The console crate's version, which the package must carry.
pub fn cargo_version() -> String {
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("read Cargo.toml");
    let package = manifest.split("\n[package]\n").nth(1).expect("a [package] table");
    package
        .lines()
        .find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"'))
        .expect("a version in [package]")
        .to_owned()
}

pub fn tarball() -> PathBuf {
    let path = repo_root().join(format!("pkg/sdrs-console-{}.tgz", cargo_version()));
    assert!(
        path.is_file(),
        "{} is missing: run scripts/package",
        path.display()
    );
    path
}

pub fn vite_dir() -> PathBuf {
    repo_root().join("examples/vite")
}

/// A tool of the Vite example's node_modules.
pub fn node_bin(name: &str) -> PathBuf {
    let path = vite_dir().join("node_modules/.bin").join(name);
    assert!(
        path.is_file(),
        "{} is missing: run `. scripts/tools.sh; ensure_vite_example`",
        path.display()
    );
    path
}

/// Runs `cmd`; `(success, stdout and stderr)`.
pub fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The tarball unpacked into a fresh directory; returns its `package/`.
pub fn unpacked(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let (ok, out) = run(Command::new("tar").arg("-xzf").arg(tarball()).arg("-C").arg(&dir));
    assert!(ok, "tar -xzf: {out}");
    dir.join("package")
}

/// The fields of a `detail` interface of the package's types.
pub fn declared_fields(dts: &str, interface: &str) -> BTreeSet<String> {
    let start = dts
        .find(&format!("export interface {interface} {{"))
        .unwrap_or_else(|| panic!("index.d.ts declares no {interface}"));
    let body = &dts[start..start + dts[start..].find("\n}").expect("end of interface")];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("readonly ")?.split(':').next())
        .map(str::to_owned)
        .collect()
}

/// The keys of a JSON object.
pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Waits for `document.documentElement.dataset.hostReady`, failing early
/// with the host's own error.
pub async fn wait_host(c: &Console) {
    wait_until("the host page to start", || async {
        let v = c
            .js("const d = document.documentElement.dataset; return [d.hostReady || null, d.hostError || null]", vec![])
            .await;
        assert_eq!(v[1], Value::Null, "the host page failed");
        check(v[0] == json!("true"), v)
    })
    .await;
}
