//! Compression and caching as a browser gets them: precompressed static
//! files chosen by `Accept-Encoding`, `Vary`, entity tags and 304s, and API
//! JSON compressed on the fly in emulate and upstream modes, zstd where the
//! browser takes it (issue 17).

mod common;

use common::*;
use reqwest::StatusCode;
use std::io::{Read, Write};
use std::path::PathBuf;

const PAGE: &str = "<!doctype html><title>console</title><p>the standalone page of the console</p>";
const WASM: &[u8] = b"\0asm\x01\0\0\0 this stands for a module of a few hundred kilobytes";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
    enc.write_all(bytes).unwrap();
    drop(enc);
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A dist as the build writes it: each file with its `.br` and `.gz`.
fn dist_with_siblings() -> PathBuf {
    let dist = std::env::temp_dir().join(format!(
        "sdrs-server-test-compressed-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dist).unwrap();
    for (name, bytes) in [("index.html", PAGE.as_bytes()), ("app_bg.wasm", WASM)] {
        std::fs::write(dist.join(name), bytes).unwrap();
        std::fs::write(dist.join(format!("{name}.br")), brotli(bytes)).unwrap();
        std::fs::write(dist.join(format!("{name}.gz")), gzip(bytes)).unwrap();
    }
    dist
}

struct Got {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn varies_by_encoding(&self) -> bool {
        self.headers.get_all("vary").iter().any(|v| {
            v.to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")
        })
    }
}

async fn fetch(url: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = client().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    Got {
        status: res.status(),
        headers: res.headers().clone(),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

#[tokio::test]
async fn static_files_precompressed_by_accept_encoding() {
    let dist = dist_with_siblings();
    let base = start(&["--dist", dist.to_str().unwrap()]).await;
    let url = format!("{base}/app_bg.wasm");

    let br = fetch(&url, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.body, std::fs::read(dist.join("app_bg.wasm.br")).unwrap());
    assert_eq!(unbrotli(&br.body), WASM);
    assert!(br.varies_by_encoding());
    assert_eq!(br.header("cache-control"), Some("no-cache"));
    assert!(br.header("last-modified").is_some());

    let gz = fetch(&url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gz.body), WASM);
    assert!(gz.varies_by_encoding());

    let plain = fetch(&url, &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, WASM);
    assert!(plain.varies_by_encoding(), "the identity answer varies too");
    let identity = fetch(&url, &[("accept-encoding", "identity")]).await;
    assert_eq!(identity.body, WASM);

    // Each representation has its own tag.
    let tags = [&br, &gz, &plain].map(|g| g.header("etag").expect("etag").to_owned());
    assert!(
        tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
        "{tags:?}"
    );

    // Pages keep their policy when sent compressed.
    let page = fetch(&format!("{base}/"), &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(page.header("content-encoding"), Some("br"));
    assert_eq!(unbrotli(&page.body), PAGE.as_bytes());
    assert_eq!(
        page.header("content-security-policy"),
        Some(
            format!(
                "{}; frame-ancestors 'none'",
                sdrs_console_server::http::static_files::CONTENT_SECURITY_POLICY
            )
            .as_str()
        )
    );
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    std::fs::remove_dir_all(dist).ok();
}

#[tokio::test]
async fn reload_revalidates_with_304() {
    let dist = dist_with_siblings();
    let base = start(&["--dist", dist.to_str().unwrap()]).await;
    let url = format!("{base}/app_bg.wasm");
    let ae = ("accept-encoding", "br, gzip");

    let first = fetch(&url, &[ae]).await;
    let tag = first.header("etag").unwrap().to_owned();
    let again = fetch(&url, &[ae, ("if-none-match", &tag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    assert_eq!(again.header("cache-control"), Some("no-cache"));
    assert!(again.varies_by_encoding());

    // A browser sends both validators; the tag decides, so a stale tag gets
    // the body even with a date that would match.
    let last_modified = first.header("last-modified").unwrap().to_owned();
    let stale = fetch(
        &url,
        &[
            ae,
            ("if-none-match", "W/\"0000\""),
            ("if-modified-since", &last_modified),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(unbrotli(&stale.body), WASM);

    // The br tag does not match the identity representation.
    let other = fetch(&url, &[("if-none-match", &tag)]).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body, WASM);

    // The date alone revalidates too (ServeDir's own check).
    let by_date = fetch(&url, &[ae, ("if-modified-since", &last_modified)]).await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);

    let page = fetch(&format!("{base}/"), &[ae]).await;
    let page_tag = page.header("etag").unwrap().to_owned();
    let page_again = fetch(&format!("{base}/"), &[ae, ("if-none-match", &page_tag)]).await;
    assert_eq!(page_again.status, StatusCode::NOT_MODIFIED);

    // A rebuilt file gets a new tag, so the old one no longer matches.
    std::fs::write(
        dist.join("app_bg.wasm.br"),
        brotli(b"\0asm\x01\0\0\0 rebuilt module"),
    )
    .unwrap();
    let rebuilt = fetch(&url, &[ae, ("if-none-match", &tag)]).await;
    assert_eq!(rebuilt.status, StatusCode::OK);
    assert_eq!(unbrotli(&rebuilt.body), b"\0asm\x01\0\0\0 rebuilt module");
    std::fs::remove_dir_all(dist).ok();
}

/// The same 1000-row page, as JSON, compressed or not.
async fn list_page(base: &str, accept_encoding: Option<&str>) -> Got {
    let headers: Vec<(&str, &str)> = accept_encoding
        .map(|a| ("accept-encoding", a))
        .into_iter()
        .collect();
    fetch(&api(base, "task-center/failure-jobs?limit=1000"), &headers).await
}

async fn assert_api_compressed(base: &str) {
    let plain = list_page(base, None).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), None);
    let rows = serde_json::from_slice::<serde_json::Value>(&plain.body).unwrap()["failure_jobs"]
        .as_array()
        .unwrap()
        .len();
    assert!(rows > 100, "a big page to compress ({rows} rows)");

    let br = list_page(base, Some("br, gzip")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(br.varies_by_encoding());
    assert!(
        br.body.len() * 4 < plain.body.len(),
        "{} of {}",
        br.body.len(),
        plain.body.len()
    );
    assert_eq!(unbrotli(&br.body), plain.body);

    let gz = list_page(base, Some("gzip")).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gz.body), plain.body);

    // What Chromium sends: zstd is taken, and beats brotli's default level.
    let zstd = list_page(base, Some("gzip, deflate, br, zstd")).await;
    assert_eq!(zstd.status, StatusCode::OK);
    assert_eq!(zstd.header("content-encoding"), Some("zstd"));
    let by_encoding = zstd
        .headers
        .get_all("vary")
        .iter()
        .filter(|v| {
            v.to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")
        })
        .count();
    assert_eq!(by_encoding, 1, "one Vary: accept-encoding from two layers");
    assert!(zstd.varies_by_encoding());
    assert_eq!(zstd::decode_all(zstd.body.as_slice()).unwrap(), plain.body);
    assert!(
        zstd.body.len() < br.body.len(),
        "zstd {} vs br {}",
        zstd.body.len(),
        br.body.len()
    );
    // A browser that refuses zstd gets brotli.
    let refused = list_page(base, Some("zstd;q=0, br")).await;
    assert_eq!(refused.header("content-encoding"), Some("br"));
    assert_eq!(unbrotli(&refused.body), plain.body);
}

#[tokio::test]
async fn api_json_compressed_in_emulate_mode() {
    let base = start(&[]).await;
    assert_api_compressed(&base).await;
    // Error envelopes are JSON too, and still readable when compressed.
    let bad = fetch(
        &api(&base, "task-center/failure-jobs?limit=0"),
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let text = match bad.header("content-encoding") {
        Some("gzip") => gunzip(&bad.body),
        _ => bad.body.clone(),
    };
    assert!(String::from_utf8(text).unwrap().contains("SDRS.0221"));
}

#[tokio::test]
async fn api_json_compressed_in_upstream_mode() {
    let up = start(&[]).await;
    let px = start(&["--upstream", &up]).await;
    assert_api_compressed(&px).await;
}

/// Regression: an upstream that sends an encoded body anyway must reach the
/// browser once encoded, with its `Content-Encoding`, never compressed again
/// nor stripped of the header.
#[tokio::test]
async fn encoded_upstream_body_passes_as_is() {
    let body = gzip(br#"{"failure_jobs":[],"count":0}"#);
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(&body);
    let (up, _head) = mock_upstream(reply).await;
    let px = start(&["--upstream", &up]).await;
    let got = fetch(
        &api(&px, "task-center/failure-jobs?limit=10"),
        &[("accept-encoding", "br, gzip"), ("x-auth-token", "browser-token")],
    )
    .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.header("content-encoding"), Some("gzip"));
    assert_eq!(got.body, body);
    assert_eq!(gunzip(&got.body), br#"{"failure_jobs":[],"count":0}"#);
}
