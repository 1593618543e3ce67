//! End-to-end tests of the npm package (issue 18), as a portal developer
//! uses it: the tarball `scripts/package` packs, the TypeScript host of
//! `examples/vite/` type-checked with the pinned npm `typescript`, and the
//! package's files imported by a page without a bundler
//! (`examples/plain/`), served by the real server and driven in headless
//! Chromium. The Vite bundle is tested in `package_vite.rs`.
//!
//! Run after a trunk build, `scripts/package --reuse-dist` and
//! `. scripts/tools.sh; ensure_vite_example`:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test package`.

mod package_support;

use package_support::{
    cargo_version, node_bin, run, tarball, unpacked, vite_dir, wait_host, wait_rows, PANEL,
};
use sdrs_e2e::{repo_root, scratch_dir, Browser, Console, Server};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// 1. The tarball holds exactly the package's files; its package.json has
///    the npm fields and the crate's version; the module and wasm are
///    dist/'s own bytes, so the package changes nothing of the page.
#[test]
fn tarball_holds_the_module_wasm_css_types_and_manifest() {
    let (ok, listing) = run(Command::new("tar").arg("-tzf").arg(tarball()));
    assert!(ok, "tar -tzf: {listing}");
    let entries: BTreeSet<&str> = listing.lines().collect();
    let (snippets, files): (BTreeSet<&str>, BTreeSet<&str>) =
        entries.iter().partition(|e| e.starts_with("package/snippets/"));
    let chunks = split_files();
    let mut expected: BTreeSet<&str> = [
        "package/CHANGELOG.md",
        "package/README.md",
        "package/codes/en.json",
        "package/codes/zh.json",
        "package/console.css",
        "package/index.d.ts",
        "package/index.js",
        "package/package.json",
        "package/sdrs-console.js",
        "package/sdrs-console_bg.wasm",
    ]
    .into();
    let packed_chunks: Vec<String> = chunks.iter().map(|f| format!("package/{f}")).collect();
    expected.extend(packed_chunks.iter().map(String::as_str));
    assert_eq!(files, expected, "tarball files");
    assert!(
        !snippets.is_empty() && snippets.iter().all(|s| s.ends_with(".js")),
        "the custom element's snippet: {snippets:?}"
    );

    let package = unpacked("tarball");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("package.json")).expect("package.json"))
            .expect("package.json is JSON");
    assert_eq!(manifest["name"], "sdrs-console");
    assert_eq!(manifest["version"], json!(cargo_version()));
    assert_eq!(manifest["type"], "module");
    assert_eq!(manifest["types"], "./index.d.ts");
    assert_eq!(
        manifest["exports"]["."],
        json!({ "types": "./index.d.ts", "default": "./index.js" })
    );
    assert_eq!(manifest["exports"]["./console.css"], "./console.css");
    assert_eq!(manifest["sideEffects"], json!(["*.css"]));

    let dist = sdrs_e2e::dist_dir();
    let module_files = ["sdrs-console.js", "sdrs-console_bg.wasm", "console.css"];
    for file in module_files
        .iter()
        .copied()
        .chain(chunks.iter().map(String::as_str))
    {
        let packed = std::fs::read(package.join(file)).expect("packed file");
        let built = std::fs::read(dist.join(file)).expect("dist file");
        assert!(packed == built, "{file} differs from dist/'s");
    }
}

/// The code-split build's loader and the chunks it fetches (none for a
/// build without the `split` feature), as dist/ has them.
fn split_files() -> Vec<String> {
    let Ok(loader) = std::fs::read_to_string(sdrs_e2e::dist_dir().join("__wasm_split.js")) else {
        return Vec::new();
    };
    let mut files = vec!["__wasm_split.js".to_owned()];
    for part in loader.split("\"./").skip(1) {
        if let Some((name, _)) = part.split_once('"') {
            if name.ends_with(".wasm") && !files.iter().any(|f| f == name) {
                files.push(name.to_owned());
            }
        }
    }
    files
}

/// `(line, code)` of each `// error TSnnnn` mark in a TypeScript file.
fn marked_errors(source: &str) -> BTreeSet<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, l)| Some((i + 1, l.trim_end().rsplit_once("// error ")?.1.to_owned())))
        .filter(|(_, code)| code.starts_with("TS") && code[2..].bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

/// `(line, code)` of each error tsc reported on `file`.
fn reported_errors(output: &str, file: &str) -> BTreeSet<(usize, String)> {
    output
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(file)?.strip_prefix('(')?;
            let (line, rest) = rest.split_once(',')?;
            let code = rest.split_once("): error ")?.1.split(':').next()?;
            Some((line.parse().ok()?, code.to_owned()))
        })
        .collect()
}

/// 2. The strict host type-checks; the wrong usage fails with exactly the
///    errors its comments mark (a type that got looser would lose one).
#[test]
fn typescript_accepts_the_host_and_rejects_each_wrong_usage() {
    let tsc = node_bin("tsc");
    let (ok, out) = run(Command::new(&tsc)
        .args(["--noEmit", "--pretty", "false", "-p", "tsconfig.json"])
        .current_dir(vite_dir()));
    assert!(ok && out.trim().is_empty(), "tsc on the host failed:\n{out}");

    let wrong = "src/wrong-usage.ts";
    let (ok, out) = run(Command::new(&tsc)
        .args(["--noEmit", "--pretty", "false", "-p", "tsconfig.wrong.json"])
        .current_dir(vite_dir()));
    assert!(!ok, "tsc accepted {wrong}:\n{out}");
    let source = std::fs::read_to_string(vite_dir().join(wrong)).expect("read the wrong usage");
    let marked = marked_errors(&source);
    assert!(marked.len() >= 15, "marks in {wrong}: {marked:?}");
    assert_eq!(reported_errors(&out, wrong), marked, "tsc output:\n{out}");
}

/// Copies `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The value exports and `PanelHandle`'s methods that index.d.ts declares.
fn declared_surface(dts: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut exports = BTreeSet::new();
    for line in dts.lines() {
        if line.starts_with("export default function ") {
            exports.insert("default".to_owned());
        } else if let Some(rest) = line
            .strip_prefix("export function ")
            .or(line.strip_prefix("export class "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            exports.insert(name);
        }
    }
    let class = dts
        .split("export class PanelHandle {")
        .nth(1)
        .expect("PanelHandle");
    let methods = class[..class.find("\n}").expect("end of class")]
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let name = l.split('(').next()?;
            (l.contains('(') && !name.contains(' ') && !l.starts_with("private")).then(|| name.to_owned())
        })
        .collect();
    (exports, methods)
}

/// 3. The unpacked tarball imported by URL, no bundler: the module's
///    exports and the handle's methods are exactly what index.d.ts
///    declares; bad options throw a `TypeError` naming the option, and
///    the module keeps working (no panic): a panel mounted afterwards
///    renders the API's rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_module_page_matches_the_types_and_refuses_bad_options() {
    let site = scratch_dir("plain-site");
    copy_dir(&repo_root().join("examples/plain"), &site);
    copy_dir(
        &unpacked("plain-package"),
        &site.join("node_modules/sdrs-console"),
    );
    let c = Console {
        server: Server::start_serving(&site, &[]).await,
        browser: Browser::start().await,
    };
    c.goto(&c.server.url("/index.html")).await;
    wait_host(&c).await;
    let shown = wait_rows(&c, PANEL).await;

    let dts = std::fs::read_to_string(site.join("node_modules/sdrs-console/index.d.ts")).expect("index.d.ts");
    let (exports, methods) = declared_surface(&dts);
    let v = c
        .js(
            "const s = plainHost.sdrs;\
             return [Object.keys(s), Object.getOwnPropertyNames(s.PanelHandle.prototype)\
               .filter(n => n !== 'constructor' && !n.startsWith('__'))]",
            vec![],
        )
        .await;
    let names = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    assert_eq!(names(&v[0]), exports, "the module's exports against index.d.ts");
    assert_eq!(names(&v[1]), methods, "PanelHandle's methods against index.d.ts");
    assert!(
        methods.contains("setFilters") && exports.contains("mount"),
        "{methods:?} {exports:?}"
    );

    // Each bad call: [is a TypeError, message].
    let thrown = c
        .js(
            "const { mount } = plainHost.sdrs; const p = plainHost.config.projectId;\
             const slot = document.createElement('div'); document.body.append(slot);\
             const calls = [\
               () => mount(null, { projectId: p }),\
               () => mount(slot, { projectId: p, apiBase: 8080 }),\
               () => mount(slot, { projectId: p, token: 'secret-value', getToken: () => 't' }),\
               () => mount(slot, { projectId: p, initialFilters: { failure_status: ['createFail'] } }),\
               () => mount(slot, { apiBase: '' }),\
               () => plainHost.panel.setFilters({ resourceType: 4 }),\
             ];\
             return calls.map(f => { try { f(); return null; }\
               catch (e) { return [e instanceof TypeError, e.message]; } });",
            vec![],
        )
        .await;
    let expected = [
        "mount(element, options): element must be an HTML element, got nothing",
        "mount(element, options): options.apiBase must be a string, got a number",
        "mount(element, options): options.token and options.getToken are both given: pass one of them",
        "mount(element, options): options.initialFilters.failure_status must be a string, got an array",
        "mount(element, options): options.projectId must be a string, got nothing",
        "setFilters(filters): filters.resourceType must be a string, got a number",
    ];
    let expected: Vec<Value> = expected.iter().map(|m| json!([true, m])).collect();
    assert_eq!(thrown, json!(expected));

    // The module still works: the panel refreshes and a new one mounts.
    let again = c
        .js(
            "const slot = document.createElement('div'); slot.id = 'second'; document.body.append(slot);\
             plainHost.second = plainHost.sdrs.mount(slot, { projectId: plainHost.config.projectId, token: 't2' });\
             return true",
            vec![],
        )
        .await;
    assert_eq!(again, json!(true));
    assert_eq!(wait_rows(&c, "document.getElementById('second')").await, shown);
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}
