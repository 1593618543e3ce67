//! The code-split console's chunks as a page sees them: what it has fetched
//! (by resource timing), which `split_*.wasm` files among that, and copies of the build whose
//! pages load chunks on first use only.
//!
//! A chunk `NAME` is the file `split_NAME.wasm` beside the loader
//! (`__wasm_split.js`); a bundler may rename it `split_NAME-HASH.wasm`
//! (chunk names have no `-`).

use crate::support::{check, scratch_dir, wait_until};
use crate::tools::dist_dir;
use crate::Browser;
use std::path::{Path, PathBuf};

/// The chunk a fetched file name is, if it is one: `split_drawer.wasm` and
/// `split_drawer-B1a2c3.wasm` are `drawer`.
pub fn chunk_of(file: &str) -> Option<&str> {
    let stem = file.strip_prefix("split_")?.strip_suffix(".wasm")?;
    Some(stem.split_once('-').map_or(stem, |(name, _)| name))
}

/// The path of every file and call the page has fetched so far, in
/// order, once per fetch (resource timing).
pub async fn fetched_paths(b: &Browser) -> Vec<String> {
    let v = b
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .await;
    serde_json::from_value(v).expect("resource paths")
}

/// How many times the page has fetched a path ending in `suffix`.
pub async fn fetch_count(b: &Browser, suffix: &str) -> usize {
    fetched_paths(b)
        .await
        .iter()
        .filter(|p| p.ends_with(suffix))
        .count()
}

/// The wasm files the page has fetched so far, by file name.
pub async fn fetched_wasm(b: &Browser) -> Vec<String> {
    fetched_paths(b)
        .await
        .into_iter()
        .filter_map(|p| {
            p.rsplit('/')
                .next()
                .filter(|n| n.ends_with(".wasm"))
                .map(str::to_owned)
        })
        .collect()
}

/// The chunks the page has fetched so far, once per fetch.
pub async fn fetched_chunks(b: &Browser) -> Vec<String> {
    fetched_wasm(b)
        .await
        .iter()
        .filter_map(|f| chunk_of(f).map(str::to_owned))
        .collect()
}

/// Waits until the page has fetched `chunk`.
pub async fn wait_chunk_fetched(b: &Browser, chunk: &str) {
    wait_until(&format!("the {chunk} chunk to be fetched"), || async {
        let seen = fetched_chunks(b).await;
        check(seen.iter().any(|n| n == chunk), seen)
    })
    .await;
}

/// Makes room for every resource timing entry from now on. Chromium keeps
/// 250 by default and drops later ones, which would hide a chunk's fetch;
/// fails if the page already had that many (some may be lost).
pub async fn keep_all_resource_timings(b: &Browser) {
    let before = b
        .js(
            "const n = performance.getEntriesByType('resource').length;\
             performance.setResourceTimingBufferSize(100000);\
             return n;",
            vec![],
        )
        .await;
    assert!(
        before.as_u64().is_some_and(|n| n < 250),
        "the page filled the resource timing buffer ({before} entries): a fetch may be missing"
    );
}

/// A copy of the built console (`$SDRS_DIST`) in a scratch dir, checked to
/// be the split build: the loader fetches each of `chunks` and they are there.
pub fn split_dist_copy(name: &str, chunks: &[&str]) -> PathBuf {
    let from = dist_dir();
    let loader = std::fs::read_to_string(from.join("__wasm_split.js")).unwrap_or_else(|e| {
        panic!(
            "{} has no __wasm_split.js ({e}): not the code-split build (trunk with the split feature)",
            from.display()
        )
    });
    for chunk in chunks {
        let file = format!("split_{chunk}.wasm");
        assert!(loader.contains(&file), "__wasm_split.js does not fetch {file}");
        assert!(
            from.join(&file).is_file(),
            "{file} is missing from {}",
            from.display()
        );
    }
    let to = scratch_dir(name).join("dist");
    copy_dir(&from, &to);
    to
}

/// Switches idle prefetching off in the page `html` (a file): its `<html
/// lang="en">` gets `data-sdrs-prefetch="off"`, so chunks load on first
/// use only. Stale precompressed copies beside it, which the server would
/// prefer, are removed.
pub fn prefetch_off(html: &Path) {
    let text = std::fs::read_to_string(html).unwrap_or_else(|e| panic!("read {}: {e}", html.display()));
    assert!(
        text.contains("<html lang=\"en\">"),
        "{} has no <html lang=\"en\"> tag to mark",
        html.display()
    );
    let text = text.replacen(
        "<html lang=\"en\">",
        "<html lang=\"en\" data-sdrs-prefetch=\"off\">",
        1,
    );
    std::fs::write(html, text).unwrap_or_else(|e| panic!("write {}: {e}", html.display()));
    for packed in ["br", "gz"] {
        let mut name = html.as_os_str().to_owned();
        name.push(format!(".{packed}"));
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunk_of;

    #[test]
    fn chunk_names_with_and_without_a_bundler_hash() {
        assert_eq!(chunk_of("split_drawer.wasm"), Some("drawer"));
        assert_eq!(chunk_of("split_code_groups-qIh2vA60.wasm"), Some("code_groups"));
        assert_eq!(chunk_of("split_token-Bh5hg_j5.wasm"), Some("token"));
        assert_eq!(chunk_of("chunk_14.wasm"), None);
        assert_eq!(chunk_of("sdrs-console_bg.wasm"), None);
        assert_eq!(chunk_of("split_drawer.js"), None);
    }
}
