//! Regression tests of the connection findings of probing from outside:
//! connections that kept sending header lines stayed open, and idle
//! connections exhausted the open-files limit until new clients timed out.

mod common;

use common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A bound on waiting for what must happen, so a broken server fails the
/// test instead of hanging it (not a speed requirement).
const AT_MOST: Duration = Duration::from_secs(30);

fn addr(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

/// Sends `GET /healthz` and reads the whole answer (kept alive).
async fn healthz(sock: &mut TcpStream) -> String {
    sock.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    read_answer(sock).await
}

async fn read_answer(sock: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
        let n = sock.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed before the answer: {text}");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The descriptor of the server's end of the connection whose client end
/// is `client`, among this process's open sockets (the server runs in the
/// test's process).
fn server_end(client: std::net::SocketAddr) -> Option<std::os::fd::RawFd> {
    std::fs::read_dir("/proc/self/fd")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let target = std::fs::read_link(entry.path()).ok()?;
            if !target.to_string_lossy().starts_with("socket:") {
                return None;
            }
            let fd = entry.file_name().to_str()?.parse().ok()?;
            (peer_of(fd) == Some(client)).then_some(fd)
        })
}

/// The peer of socket `fd`, if it is a connected socket.
fn peer_of(fd: std::os::fd::RawFd) -> Option<std::net::SocketAddr> {
    // SAFETY: only read from while the connection is open; a descriptor
    // closed meanwhile fails the call, one reused has another peer.
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    socket2::SockRef::from(&borrowed).peer_addr().ok()?.as_socket()
}

/// Every response paid the client's delayed ACK (40 ms on Linux): with
/// Nagle's algorithm on, a body written after its headers waited for the
/// ACK of the headers. Accepted connections now have `TCP_NODELAY`.
#[tokio::test]
async fn accepted_connections_send_without_waiting_for_an_ack() {
    let base = start(&[]).await;
    let mut sock = TcpStream::connect(addr(&base)).await.unwrap();
    // Answered, so accepted and set up.
    healthz(&mut sock).await;
    let fd = server_end(sock.local_addr().unwrap()).expect("the server's end of the connection");
    // SAFETY: the connection is open (this test holds its client end).
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    let server = socket2::SockRef::from(&borrowed);
    assert_eq!(
        server.local_addr().unwrap().as_socket(),
        Some(sock.peer_addr().unwrap())
    );
    assert!(
        server.tcp_nodelay().unwrap(),
        "TCP_NODELAY is off on an accepted connection"
    );
}

/// Finding 5: 100 connections that kept sending header lines stayed open
/// past 32 s. The server now closes a connection whose request head is not
/// complete within `--header-read-timeout-secs`, however busy it keeps.
#[tokio::test]
async fn a_connection_trickling_header_lines_is_closed_after_the_header_timeout() {
    let base = start(&["--header-read-timeout-secs", "1"]).await;
    let sock = TcpStream::connect(addr(&base)).await.unwrap();
    let (mut reader, mut writer) = sock.into_split();
    writer
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let trickle = tokio::spawn(async move {
        for i in 0.. {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer
                .write_all(format!("X-Slow-{i}: 1\r\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
        }
    });
    let mut chunk = [0u8; 1024];
    let closed = tokio::time::timeout(AT_MOST, async {
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    trickle.abort();
    assert!(closed.is_ok(), "the server kept the trickling connection open");

    // An idle kept-alive connection is closed too.
    let mut idle = TcpStream::connect(addr(&base)).await.unwrap();
    assert!(healthz(&mut idle).await.starts_with("HTTP/1.1 200"));
    let closed = tokio::time::timeout(AT_MOST, idle.read(&mut chunk)).await;
    assert!(
        matches!(closed, Ok(Ok(0) | Err(_))),
        "the idle connection stayed open"
    );
}

/// Finding 5: idle connections exhausted the open-files limit. With
/// `--max-connections 2`, a third client waits until one of the first two
/// closes, while those two still work.
#[tokio::test]
async fn connections_past_max_connections_wait_until_one_closes() {
    let base = start(&["--max-connections", "2"]).await;
    let mut first = TcpStream::connect(addr(&base)).await.unwrap();
    let mut second = TcpStream::connect(addr(&base)).await.unwrap();
    assert!(healthz(&mut first).await.starts_with("HTTP/1.1 200"));
    assert!(healthz(&mut second).await.starts_with("HTTP/1.1 200"));

    let mut third = TcpStream::connect(addr(&base)).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut chunk = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut chunk)).await;
    assert!(early.is_err(), "the third connection was served past the cap");
    // The open ones still work.
    assert!(healthz(&mut second).await.starts_with("HTTP/1.1 200"));
    drop(first);
    let answer = tokio::time::timeout(AT_MOST, read_answer(&mut third)).await;
    assert!(
        answer.is_ok_and(|a| a.starts_with("HTTP/1.1 200")),
        "the third connection was not served after one closed"
    );
}
