//! What every part of the harness shares: waiting on a condition, fresh
//! scratch directories, free loopback ports, the repository root.

use std::fmt::Debug;
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Interval of every wait.
pub const POLL: Duration = Duration::from_millis(50);
/// Longest wait for one condition.
pub const WAIT: Duration = Duration::from_secs(10);

/// Polls `probe` every 50 ms for up to 10 s until it returns `Ok`. `Err`
/// carries what was seen, quoted in the failure message.
pub async fn wait_until<T, F, Fut>(what: &str, probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    wait_up_to(WAIT, what, probe).await
}

/// [`wait_until`] for up to `longest`: for what the server does on its own
/// time (a watcher's rounds), not for what the page does.
pub async fn wait_up_to<T, F, Fut>(longest: Duration, what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let start = Instant::now();
    loop {
        match probe().await {
            Ok(v) => return v,
            Err(seen) if start.elapsed() >= longest => {
                panic!("timed out after {longest:?} waiting for {what}; last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// `Ok(())` when `cond` holds, else `Err(seen)`, for [`wait_until`].
pub fn check(cond: bool, seen: impl Debug) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(format!("{seen:?}"))
    }
}

/// The repository root (the workspace), where `docs/` lives.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent")
        .to_path_buf()
}

/// A fresh, empty directory under the system temp dir, e.g. for downloads.
pub fn scratch_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("sdrs-e2e-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    dir
}

/// Waits until `dir` holds a finished download ending in `.ext` and
/// returns it. Chromium writes `.crdownload` first and renames it when
/// done, but it may also reserve the final name with an empty file at the
/// start: a file counts once it has content and nothing is in progress.
pub async fn wait_download(dir: &Path, ext: &str) -> PathBuf {
    let suffix = format!(".{ext}");
    wait_until(&format!("a {suffix} file in {}", dir.display()), || {
        let suffix = suffix.clone();
        async move {
            let names: Vec<String> = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let in_progress = names.iter().any(|n| n.ends_with(".crdownload"));
            let done = names.iter().map(|n| dir.join(n)).find(|p| {
                p.to_string_lossy().ends_with(&suffix) && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
            });
            match done {
                Some(path) if !in_progress => Ok(path),
                _ => Err(format!("{names:?}")),
            }
        }
    })
    .await
}

/// A free port on 127.0.0.1 (e.g. one an OpenID redirect URI names before
/// the server starts).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
