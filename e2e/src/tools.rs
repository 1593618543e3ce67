//! Where the harness finds what it runs — the built console, chromedriver,
//! Chromium, axe-core, oidc-provider, the server binary, nginx — and the one rule
//! for one that is missing: the test fails, naming the tool and how to
//! install it. No end-to-end test can run without its tools, so here a
//! missing tool fails whether or not `SDRS_REQUIRE_ALL_TOOLS` is set
//! (`scripts/test` sets it, and installs every tool first).

use crate::support::repo_root;
use std::path::PathBuf;

/// Fails the test: `tool` is missing (`why`), with how to install it.
fn missing(tool: &str, why: &str, install: &str) -> ! {
    panic!(
        "{tool} is missing ({why}): run scripts/test, which installs it (or `. scripts/tools.sh; {install}`)"
    )
}

/// The path in `env_var`, or `default` when it is unset; it must be a file.
fn installed_file(tool: &str, env_var: &str, default: Option<&str>, install: &str) -> PathBuf {
    let path = match (std::env::var_os(env_var), default) {
        (Some(path), _) if !path.is_empty() => PathBuf::from(path),
        (_, Some(default)) => PathBuf::from(default),
        _ => missing(tool, &format!("{env_var} is not set"), install),
    };
    if !path.is_file() {
        missing(tool, &format!("no file {} ({env_var})", path.display()), install);
    }
    path
}

/// The built console: `$SDRS_DIST`, which must hold an `index.html`.
pub fn dist_dir() -> PathBuf {
    let raw = std::env::var_os("SDRS_DIST").unwrap_or_else(|| {
        panic!(
            "SDRS_DIST is not set: build the console first \
             (`trunk build --release --offline`) and run \
             `SDRS_DIST=\"$PWD/dist\" cargo test -p sdrs-e2e -- --test-threads=1`"
        )
    });
    let dir = PathBuf::from(raw);
    let dir = if dir.is_relative() {
        std::env::current_dir().expect("current dir").join(dir)
    } else {
        dir
    };
    assert!(
        dir.join("index.html").is_file(),
        "SDRS_DIST={} has no index.html: build the console with trunk first",
        dir.display()
    );
    dir
}

/// chromedriver: `$CHROMEDRIVER`, else `/usr/bin/chromedriver`.
pub fn chromedriver() -> PathBuf {
    installed_file(
        "chromedriver",
        "CHROMEDRIVER",
        Some("/usr/bin/chromedriver"),
        "ensure_chromium",
    )
}

/// Chromium: `$SDRS_CHROMIUM`, else `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    installed_file(
        "Chromium",
        "SDRS_CHROMIUM",
        Some("/usr/bin/chromium"),
        "ensure_chromium",
    )
}

/// axe-core's `axe.min.js` (npm `axe-core`): `$AXE_CORE_JS`.
pub fn axe_core_js() -> PathBuf {
    installed_file("axe-core", "AXE_CORE_JS", None, "ensure_axe")
}

/// The directory of npm's `oidc-provider` package: `$SDRS_OIDC_PROVIDER`.
pub fn oidc_provider_package() -> PathBuf {
    let tool = "oidc-provider";
    let install = "ensure_oidc_provider";
    let dir = match std::env::var_os("SDRS_OIDC_PROVIDER") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => missing(tool, "SDRS_OIDC_PROVIDER is not set", install),
    };
    if !dir.is_dir() {
        missing(tool, &format!("no directory {}", dir.display()), install);
    }
    dir
}

/// The built server binary (for its `add-user` command):
/// `$SDRS_SERVER_BIN`, else `target/debug/sdrs-console-server`
/// (`scripts/test` builds it).
pub fn server_binary() -> PathBuf {
    let path = std::env::var_os("SDRS_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/sdrs-console-server"));
    assert!(
        path.is_file(),
        "{} is missing: build it with `cargo build -p sdrs-console-server` (or set SDRS_SERVER_BIN)",
        path.display()
    );
    path
}

/// nginx (Debian's), the reverse proxy of the replica tests:
/// `$SDRS_NGINX`, else `/usr/sbin/nginx`.
pub fn nginx() -> PathBuf {
    installed_file("nginx", "SDRS_NGINX", Some("/usr/sbin/nginx"), "ensure_nginx")
}

/// The throwaway PostgreSQL server of the tests: `$SDRS_TEST_POSTGRES_URL`
/// (`scripts/test` starts one with `scripts/postgres-temp` and sets it).
pub fn postgres_url() -> String {
    match std::env::var("SDRS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => missing(
            "PostgreSQL",
            "SDRS_TEST_POSTGRES_URL is not set",
            "ensure_postgres; export SDRS_TEST_POSTGRES_URL=$(scripts/postgres-temp start DIR)",
        ),
    }
}

/// A new, empty database named `sdrs_e2e_{purpose}_…` on the tests'
/// PostgreSQL server ([`postgres_url`]); answers its URL.
pub async fn fresh_postgres_database(purpose: &str) -> String {
    use sqlx::Connection;
    let base = postgres_url();
    let name = format!(
        "sdrs_e2e_{purpose}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    );
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("SDRS_TEST_POSTGRES_URL {base}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    conn.close().await.ok();
    let (server, _) = base.rsplit_once('/').expect("a database URL ends in /NAME");
    format!("{server}/{name}")
}
