//! Which database the server uses: `--database URL`, else a SQLite file in
//! the data directory. The URL is checked here, before anything connects,
//! and every message names it with its password replaced.

use std::io;
use std::path::{Path, PathBuf};

/// File name of the SQLite database inside a data directory.
pub const SQLITE_FILE: &str = "sdrs-console.db";

/// The database engine behind a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// ` FOR UPDATE` on PostgreSQL, to lock the rows a read selects until
    /// the transaction ends; nothing on SQLite, whose write transaction
    /// already excludes every other writer.
    pub(crate) fn lock_rows(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }
}

/// A checked database URL, and the temporary directory it lives in when
/// the server made one (removed when the server stops).
#[derive(Debug)]
pub struct DatabaseTarget {
    pub backend: Backend,
    /// The URL given to the driver (may hold a password: never print it).
    pub url: String,
    /// The URL without its password, for messages and the log.
    pub shown: String,
    pub temp_dir: Option<tempfile::TempDir>,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// `scheme://user:***@host/...`: the URL with the password (if any) hidden.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// Removes every occurrence of the URL's password from a driver message.
pub fn scrub(message: &str, url: &str) -> String {
    let password = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .and_then(|authority| authority.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, pw)| pw)
        .filter(|pw| !pw.is_empty());
    match password {
        Some(pw) => message.replace(pw, "***"),
        None => message.to_owned(),
    }
}

/// The data directory of a server without `--data-dir`: upstream mode keeps
/// its audit trail in `$XDG_STATE_HOME/sdrs-console` (else
/// `~/.local/state/sdrs-console`, else the temp dir); emulate mode, whose
/// data is not kept either, uses a fresh temporary directory (`None`).
pub fn default_data_dir(upstream: bool, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if !upstream {
        return None;
    }
    let nonempty = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let state = nonempty("XDG_STATE_HOME").or_else(|| nonempty("HOME").map(|h| h.join(".local/state")));
    Some(state.unwrap_or_else(std::env::temp_dir).join("sdrs-console"))
}

fn sqlite_url(file: &Path) -> io::Result<String> {
    let text = file
        .to_str()
        .ok_or_else(|| invalid(format!("database file {}: not a UTF-8 path", file.display())))?;
    // mode=rwc: create the file on first start.
    Ok(format!("sqlite://{text}?mode=rwc"))
}

/// A SQLite file in `dir`, which is created if missing.
fn in_dir(dir: &Path) -> io::Result<(String, PathBuf)> {
    std::fs::create_dir_all(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("data directory {}: {e}", dir.display())))?;
    let file = dir.join(SQLITE_FILE);
    Ok((sqlite_url(&file)?, file))
}

impl DatabaseTarget {
    /// From the flags: `database` (a URL) wins, then `data_dir`, then the
    /// mode's default.
    pub fn resolve(
        database: Option<&str>,
        data_dir: Option<&Path>,
        upstream: bool,
    ) -> io::Result<DatabaseTarget> {
        if let Some(url) = database {
            return Self::from_url(url);
        }
        let dir = data_dir
            .map(Path::to_path_buf)
            .or_else(|| default_data_dir(upstream, &|name| std::env::var(name).ok()));
        let (temp_dir, dir) = match dir {
            Some(dir) => (None, dir),
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("sdrs-console-")
                    .tempdir()
                    .map_err(|e| io::Error::new(e.kind(), format!("temporary data directory: {e}")))?;
                let path = temp.path().to_path_buf();
                (Some(temp), path)
            }
        };
        let (url, file) = in_dir(&dir)?;
        Ok(DatabaseTarget {
            backend: Backend::Sqlite,
            shown: format!("sqlite://{}", file.display()),
            url,
            temp_dir,
        })
    }

    /// `sqlite://PATH` (created on start) or `postgres://…`/`postgresql://…`.
    pub fn from_url(url: &str) -> io::Result<DatabaseTarget> {
        let shown = redact(url);
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            if path.is_empty() {
                return Err(invalid(format!(
                    "--database {shown}: no file path after sqlite://"
                )));
            }
            if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| {
                    invalid(format!(
                        "--database {shown}: cannot create {}: {e}",
                        parent.display()
                    ))
                })?;
            }
            let url = if query.is_empty() {
                sqlite_url(Path::new(path))?
            } else {
                format!("sqlite://{path}?{query}")
            };
            return Ok(DatabaseTarget {
                backend: Backend::Sqlite,
                url,
                shown,
                temp_dir: None,
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseTarget {
                backend: Backend::Postgres,
                url: url.to_owned(),
                shown,
                temp_dir: None,
            });
        }
        Err(invalid(format!(
            "--database {shown}: expected sqlite://FILE or postgres://USER@HOST/DB"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/audit?sslmode=require"),
            "postgres://app:***@db.example:5432/audit?sslmode=require"
        );
        assert_eq!(redact("postgres://app@db/a"), "postgres://app@db/a");
        assert_eq!(redact("sqlite:///var/x.db"), "sqlite:///var/x.db");
        assert_eq!(
            scrub("password s3cret refused", "postgres://app:s3cret@db/a"),
            "password *** refused"
        );
        let err = DatabaseTarget::from_url("mysql://u:s3cret@h/db")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("mysql://u:***@h/db") && !err.contains("s3cret"),
            "{err}"
        );
    }

    #[test]
    fn default_dirs() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(default_data_dir(false, &env(&[("HOME", "/home/a")])), None);
        assert_eq!(
            default_data_dir(true, &env(&[("HOME", "/home/a")])),
            Some(PathBuf::from("/home/a/.local/state/sdrs-console"))
        );
        assert_eq!(
            default_data_dir(true, &env(&[("HOME", "/home/a"), ("XDG_STATE_HOME", "/s")])),
            Some(PathBuf::from("/s/sdrs-console"))
        );
    }

    #[test]
    fn sqlite_urls() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/a.db");
        let t = DatabaseTarget::from_url(&format!("sqlite://{}", file.display())).unwrap();
        assert_eq!(t.backend, Backend::Sqlite);
        assert!(t.url.ends_with("a.db?mode=rwc"), "{}", t.url);
        assert!(file.parent().unwrap().is_dir());
        assert!(DatabaseTarget::from_url("sqlite://").is_err());
        let t = DatabaseTarget::resolve(None, None, false).unwrap();
        assert!(t.temp_dir.is_some());
    }
}
