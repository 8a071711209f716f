//! Bodies are cut off while streaming, chunked or not: memory stays flat whatever a client
//! sends. One test per binary, so the process's memory belongs to it alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::stream;
use praline_testkit::{TestApp, body_json};
use reqwest::Body;

const MB: u64 = 1024 * 1024;

/// This process's resident memory, in bytes.
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

/// A chunked body of `total` bytes made of `piece` repeated, counting what was taken.
fn endless(piece: Vec<u8>, total: u64, sent: Arc<AtomicU64>) -> Body {
    let chunk: Vec<u8> = piece.iter().copied().cycle().take(64 * 1024).collect();
    let chunks = stream::iter(std::iter::repeat_n(chunk, (total / (64 * 1024)) as usize)).map(move |c| {
        sent.fetch_add(c.len() as u64, Ordering::Relaxed);
        Ok::<_, std::io::Error>(c)
    });
    Body::wrap_stream(chunks)
}

use futures_util::StreamExt;

/// Sends the request and returns the 413's message, or `None` when the server closed the
/// connection after refusing (it need not read the rest of a body it refused).
async fn refusal(request: reqwest::RequestBuilder) -> Option<String> {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = body_json(response).await;
            assert_eq!(status, 413, "{body}");
            assert_eq!(body["error"]["code"], "payload_too_large");
            Some(body["error"]["message"].as_str().unwrap().to_string())
        }
        Err(_) => None,
    }
}

#[actix_web::test]
async fn a_hundred_megabyte_chunked_body_is_refused_while_streaming_and_memory_stays_flat() {
    let app = TestApp::builder().config(|c| c.http.upload_limit = MB as usize).spawn();
    let buyer = app.buyer().await;
    let before = resident();

    // A seller application of endless small text fields: the field count stops it.
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let fields = stream::iter(0..100 * MB / (64 * 1024)).map(move |n| {
        let mut chunk = Vec::with_capacity(64 * 1024 + 64);
        for i in 0.. {
            if chunk.len() >= 64 * 1024 {
                break;
            }
            let name = format!("--B\r\nContent-Disposition: form-data; name=\"f{n}_{i}\"\r\n\r\nx\r\n");
            chunk.extend_from_slice(name.as_bytes());
        }
        counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        Ok::<_, std::io::Error>(chunk)
    });
    let form = buyer
        .post("/api/v1/me/seller")
        .header("content-type", "multipart/form-data; boundary=B")
        .body(Body::wrap_stream(fields));
    if let Some(message) = refusal(form).await {
        assert!(message.contains("at most 32 fields"), "{message}");
    }

    // One endless logo: the streaming cap at `http.upload_limit` (1 MB here, below the 5 MB
    // image limit) stops it.
    let mut logo =
        b"--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n".to_vec();
    logo.extend(std::iter::repeat_n(b'x', 64 * 1024 - logo.len()));
    let head = logo.clone();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let chunks = stream::iter(std::iter::once(head).chain(std::iter::repeat_n(vec![b'x'; 64 * 1024], 1600)))
        .map(move |c| {
            counter.fetch_add(c.len() as u64, Ordering::Relaxed);
            Ok::<_, std::io::Error>(c)
        });
    let upload = buyer
        .put("/api/v1/me/seller/logo")
        .header("content-type", "multipart/form-data; boundary=B")
        .body(Body::wrap_stream(chunks));
    if let Some(message) = refusal(upload).await {
        assert_eq!(message, "The request body is too large.");
    }

    // A chunked JSON body and a chunked refresh body: cut at their limits too.
    let sent = Arc::new(AtomicU64::new(0));
    let json = buyer.post("/api/v1/me/addresses").header("content-type", "application/json").body(endless(
        b"[[[[[[[[".to_vec(),
        100 * MB,
        sent.clone(),
    ));
    refusal(json).await;
    let sent = Arc::new(AtomicU64::new(0));
    let raw = app.post("/api/v1/auth/refresh").body(endless(b" ".to_vec(), 100 * MB, sent.clone()));
    refusal(raw).await;

    let grown = resident().saturating_sub(before);
    assert!(grown < 40 * MB, "memory grew by {} MB", grown / MB);
    // The server is still fine.
    assert_eq!(buyer.get("/api/v1/me").send().await.unwrap().status(), 200);
}
