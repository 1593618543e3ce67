//! nginx (Debian's) in front of the test's servers, configured by the
//! committed example `deploy/nginx/sdrs-console.conf` with the test's ports
//! put in: a child process in a scratch directory of its own (config, pid,
//! logs, temp files), on a free loopback port, stopped when dropped.

#[cfg(doc)]
use crate::support::free_port;
use crate::support::{repo_root, scratch_dir, wait_until};
use crate::tools;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The example's addresses that the test replaces: the replicas, the
/// listen address and the access log.
const EXAMPLE_REPLICAS: [&str; 2] = ["server 127.0.0.1:8081 ", "server 127.0.0.1:8082 "];
const EXAMPLE_LISTEN: &str = "listen 127.0.0.1:8080;";
const EXAMPLE_ACCESS_LOG: &str = "access_log /var/log/nginx/sdrs-console.access.log ";

/// One line of the access log in the example's `sdrs_console` format.
#[derive(Clone, Debug)]
pub struct ProxiedRequest {
    /// `GET /path HTTP/1.1`.
    pub request: String,
    /// What nginx answered.
    pub status: u16,
    /// Every replica tried, in order (`127.0.0.1:PORT`).
    pub upstreams: Vec<String>,
}

pub struct Nginx {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

impl Nginx {
    /// Starts nginx on 127.0.0.1:`port` (e.g. [`free_port`], known before
    /// the replicas start, as their `--public-url` names it) in front of
    /// the `replicas` (`127.0.0.1:PORT` each), and waits until it answers.
    pub async fn start(port: u16, replicas: [&str; 2]) -> Nginx {
        let dir = scratch_dir("nginx");
        let example_path = repo_root().join("deploy/nginx/sdrs-console.conf");
        let example = std::fs::read_to_string(&example_path)
            .unwrap_or_else(|e| panic!("read {}: {e}", example_path.display()));
        let access_log = dir.join("access.log");
        let mut site = example;
        let mut replace = |from: &str, to: &str| {
            assert_eq!(
                site.matches(from).count(),
                1,
                "{} no longer says `{from}` once: update e2e/src/nginx.rs with it",
                example_path.display()
            );
            site = site.replace(from, to);
        };
        for (from, to) in EXAMPLE_REPLICAS.iter().zip(replicas) {
            replace(from, &format!("server {to} "));
        }
        replace(EXAMPLE_LISTEN, &format!("listen 127.0.0.1:{port};"));
        replace(
            EXAMPLE_ACCESS_LOG,
            &format!("access_log {} ", access_log.display()),
        );
        std::fs::write(dir.join("sdrs-console.conf"), site).expect("write the site config");
        std::fs::write(dir.join("nginx.conf"), main_config(&dir)).expect("write nginx.conf");

        let child = Command::new(tools::nginx())
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut nginx = Nginx { port, dir, child };
        let url = nginx.url("/healthz");
        let http = reqwest::Client::new();
        wait_until("nginx to answer", || {
            let (http, url) = (http.clone(), url.clone());
            let exited = nginx.child.try_wait().ok().flatten();
            let error_log = nginx.error_log();
            async move {
                if let Some(status) = exited {
                    panic!("nginx exited ({status}): {error_log}");
                }
                match http.get(&url).send().await {
                    Ok(res) => Ok(res.status()),
                    Err(e) => Err(e.to_string()),
                }
            }
        })
        .await;
        nginx
    }

    /// `http://127.0.0.1:PORT` + `path`: the URL users open.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// nginx's error log so far.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    /// Every request of the access log so far, oldest first.
    pub fn access_log(&self) -> Vec<ProxiedRequest> {
        let text = std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default();
        text.lines().filter_map(parse_access_line).collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The main configuration around the example: everything nginx writes stays
/// in `dir`, and the example is included in the `http` block as it would be
/// from /etc/nginx/conf.d/.
fn main_config(dir: &std::path::Path) -> String {
    let d = dir.display();
    // As root, nginx would switch its workers to `nobody`, who may not read
    // the scratch directory.
    let user = if owned_by_root(dir) { "user root;\n" } else { "" };
    format!(
        "{user}worker_processes 1;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n\
         \x20   client_body_temp_path {d}/client_body;\n\
         \x20   proxy_temp_path {d}/proxy;\n\
         \x20   fastcgi_temp_path {d}/fastcgi;\n\
         \x20   uwsgi_temp_path {d}/uwsgi;\n\
         \x20   scgi_temp_path {d}/scgi;\n\
         \x20   include {d}/sdrs-console.conf;\n\
         }}\n"
    )
}

/// Whether `dir`, which the test made, belongs to root: the test runs as root.
fn owned_by_root(dir: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).map(|m| m.uid() == 0).unwrap_or(false)
}

/// `ADDR [TIME] "REQUEST" STATUS upstream=A, B upstream_status=...`.
fn parse_access_line(line: &str) -> Option<ProxiedRequest> {
    let (_, rest) = line.split_once('"')?;
    let (request, rest) = rest.split_once('"')?;
    let mut words = rest.trim_start().splitn(2, ' ');
    let status = words.next()?.parse().ok()?;
    let rest = words.next()?;
    let upstreams = rest
        .strip_prefix("upstream=")?
        .split(" upstream_status=")
        .next()?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s != "-")
        .collect();
    Some(ProxiedRequest {
        request: request.to_owned(),
        status,
        upstreams,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_lines_name_every_replica_tried() {
        let r = parse_access_line(
            "127.0.0.1 [06/Dec/2026:18:00:00 +0000] \"GET /healthz HTTP/1.1\" 200 upstream=127.0.0.1:1, 127.0.0.1:2 upstream_status=502, 200",
        )
        .expect("parsed");
        assert_eq!(r.request, "GET /healthz HTTP/1.1");
        assert_eq!(r.status, 200);
        assert_eq!(r.upstreams, ["127.0.0.1:1", "127.0.0.1:2"]);
        assert!(parse_access_line("garbage").is_none());
    }
}
