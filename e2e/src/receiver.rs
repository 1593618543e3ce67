//! A webhook receiver for the alert tests: a loopback HTTP/1.1 listener
//! that answers every request `200 OK` and keeps what it got, so a test
//! sees what an alert channel sent.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    /// `POST /hook?key=… HTTP/1.1`.
    pub request_line: String,
    pub body: String,
}

/// Listens on 127.0.0.1 until the test's runtime ends.
pub struct Receiver {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the receiver");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        let got = Arc::new(Mutex::new(Vec::new()));
        let keep = got.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let keep = keep.clone();
                tokio::spawn(async move {
                    if let Some(received) = read_request(stream).await {
                        keep.lock().unwrap_or_else(|e| e.into_inner()).push(received);
                    }
                });
            }
        });
        Receiver { base, got }
    }

    /// What it received so far.
    pub fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Reads one request (headers, then `Content-Length` bytes) and answers it.
async fn read_request(mut stream: TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&chunk[..n]);
    }
    let _ = stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .await;
    let body_end = data.len().min(head_end + length);
    Some(Received {
        request_line: head.lines().next().unwrap_or_default().to_owned(),
        body: String::from_utf8_lossy(&data[head_end..body_end]).into_owned(),
    })
}
