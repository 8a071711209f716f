//! What the chat tests share: rooms and tickets through the API, and a WebSocket client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use actix_web::web::Bytes;
use awc::BoxedSocket;
use awc::ws::{Codec, Frame, Message};
use futures_util::{SinkExt, StreamExt};
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

/// A room name no other test uses (at most 10 characters).
pub fn room_name(tag: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{tag}{}{n}", std::process::id() % 1000)
}

/// Creates a room (201) and returns it.
pub async fn create_room(user: &Session, name: &str, password: Option<&str>) -> Value {
    let mut body = json!({"name": name, "description": "test room"});
    if let Some(p) = password {
        body["password"] = json!(p);
    }
    let response = user.post("/api/v1/chat/rooms").json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201, "room creation");
    body_json(response).await
}

/// `POST /chat/rooms/{id}/tickets`.
pub async fn ticket_response(user: &Session, room: i64, password: Option<&str>) -> reqwest::Response {
    let request = user.post(&format!("/api/v1/chat/rooms/{room}/tickets"));
    let request = match password {
        Some(p) => request.json(&json!({"password": p})),
        None => request,
    };
    request.send().await.unwrap()
}

/// A ticket (the request must succeed).
pub async fn ticket(user: &Session, room: i64, password: Option<&str>) -> String {
    let response = ticket_response(user, room, password).await;
    assert_eq!(response.status(), 201, "ticket");
    let body = body_json(response).await;
    assert_eq!(body["expires_in"], 60);
    body["ticket"].as_str().unwrap().to_string()
}

/// A connected chat socket.
pub struct Ws {
    framed: actix_codec::Framed<BoxedSocket, Codec>,
}

/// The status a refused upgrade answered, or the socket.
pub async fn connect_with(app: &TestApp, room: i64, ticket: &str, origin: Option<&str>) -> Result<Ws, u16> {
    let url = format!("ws://{}/ws/chat/{room}?ticket={ticket}", app.addr);
    let mut request = awc::Client::new().ws(url).max_frame_size(1 << 20);
    if let Some(origin) = origin {
        request = request.origin(origin);
    }
    match request.connect().await {
        Ok((_, framed)) => Ok(Ws { framed }),
        Err(awc::error::WsClientError::InvalidResponseStatus(status)) => Err(status.as_u16()),
        Err(e) => panic!("websocket connect failed: {e}"),
    }
}

/// Connects with the app's own origin (as its pages do); panics when refused.
pub async fn connect(app: &TestApp, room: i64, ticket: &str) -> Ws {
    let origin = format!("http://{}", app.addr);
    match connect_with(app, room, ticket, Some(&origin)).await {
        Ok(ws) => ws,
        Err(status) => panic!("the upgrade was refused with {status}"),
    }
}

/// A user enters a room: ticket, then socket; returns the socket after its participants frame.
pub async fn enter(app: &TestApp, user: &Session, room: i64) -> (Ws, Value) {
    let t = ticket(user, room, None).await;
    let mut ws = connect(app, room, &t).await;
    let participants = ws.next_json().await;
    assert_eq!(participants["type"], "participants", "{participants}");
    (ws, participants)
}

/// What the next frame was.
#[derive(Debug)]
pub enum Next {
    Json(Value),
    Closed(Option<u16>),
    Nothing,
}

impl Ws {
    pub async fn send_json(&mut self, value: Value) {
        self.framed.send(Message::Text(value.to_string().into())).await.unwrap();
    }

    pub async fn send_text(&mut self, text: String) {
        self.framed.send(Message::Text(text.into())).await.unwrap();
    }

    /// One text message in fragments: the first, continuations, and the last.
    pub async fn send_fragments(&mut self, parts: &[&str]) {
        use actix_http::ws::Item;
        let last = parts.len() - 1;
        for (i, part) in parts.iter().enumerate() {
            let bytes = Bytes::copy_from_slice(part.as_bytes());
            let item = match i {
                0 => Item::FirstText(bytes),
                i if i == last => Item::Last(bytes),
                _ => Item::Continue(bytes),
            };
            self.framed.send(Message::Continuation(item)).await.unwrap();
        }
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.framed.send(Message::Binary(Bytes::from(bytes))).await.unwrap();
    }

    /// The next text frame, a close, or nothing within `wait` (pings are answered and skipped).
    pub async fn next_within(&mut self, wait: Duration) -> Next {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.framed.next()).await {
                Err(_) => return Next::Nothing,
                Ok(None) => return Next::Closed(None),
                Ok(Some(Err(e))) => panic!("websocket error: {e}"),
                Ok(Some(Ok(frame))) => frame,
            };
            match frame {
                Frame::Text(bytes) => return Next::Json(serde_json::from_slice(&bytes).unwrap()),
                Frame::Close(reason) => return Next::Closed(reason.map(|r| u16::from(r.code))),
                Frame::Ping(bytes) => {
                    let _ = self.framed.send(Message::Pong(bytes)).await;
                }
                _ => {}
            }
        }
    }

    /// The code of the close that must come next (within 5 s).
    pub async fn close_code(&mut self) -> Option<u16> {
        match self.next_within(Duration::from_secs(5)).await {
            Next::Closed(code) => code,
            other => panic!("expected a close, got {other:?}"),
        }
    }

    /// Every frame for `wait` (or until a close), as `ping`, `pong`, `text` or `close:CODE`,
    /// answering nothing: a client that has gone silent.
    pub async fn silent_frames(&mut self, wait: Duration) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut seen = Vec::new();
        while let Ok(Some(frame)) = tokio::time::timeout_at(deadline, self.framed.next()).await {
            match frame {
                Ok(Frame::Ping(_)) => seen.push("ping".to_string()),
                Ok(Frame::Pong(_)) => seen.push("pong".to_string()),
                Ok(Frame::Text(_)) => seen.push("text".to_string()),
                Ok(Frame::Close(reason)) => {
                    seen.push(format!("close:{}", reason.map(|r| u16::from(r.code)).unwrap_or(0)));
                    break;
                }
                Ok(_) => {}
                Err(e) => panic!("websocket error: {e}"),
            }
        }
        seen
    }

    /// The next JSON frame (within 5 s).
    pub async fn next_json(&mut self) -> Value {
        match self.next_within(Duration::from_secs(5)).await {
            Next::Json(v) => v,
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    /// The next frame of `kind`, skipping others (within 5 s).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.next_json().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }

    /// Asserts no frame arrives within `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) {
        match self.next_within(wait).await {
            Next::Nothing => {}
            other => panic!("expected silence, got {other:?}"),
        }
    }

    /// Sends a message and returns the echo to the sender (with its client_id).
    pub async fn say(&mut self, text: &str) -> Value {
        let client_id = format!("c-{}", text.len());
        self.send_json(json!({"type": "message", "text": text, "client_id": client_id})).await;
        let echo = self.next_of("message").await;
        assert_eq!(echo["client_id"], client_id.as_str(), "{echo}");
        echo
    }

    pub async fn close(mut self) {
        let _ = self.framed.send(Message::Close(None)).await;
        // Wait for the server's close so the hub has forgotten this socket.
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(frame) = self.framed.next().await {
                if matches!(frame, Ok(Frame::Close(_)) | Err(_)) {
                    break;
                }
            }
        })
        .await;
    }
}

/// Waits until `check` holds (checked every 50 ms, for up to `wait`).
pub async fn eventually<F, Fut>(wait: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The Redis tests use (CI sets `PRALINE_TEST_REDIS_URL`).
pub fn redis_url() -> String {
    std::env::var("PRALINE_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A key prefix no other test (or test run) shares.
pub fn unique_prefix(tag: &str) -> String {
    format!("praline-test-chat-{tag}-{}-{}", std::process::id(), hex_nonce())
}

fn hex_nonce() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{nanos:x}")
}

/// Two gateways of one shop: one database, the same secrets, Redis at `redis_url` under `prefix`.
pub fn two_gateways(redis_url: &str, prefix: &str) -> (TestApp, TestApp) {
    let secrets = praline_kernel::crypto::Secrets::generate_env();
    let (url, pre) = (redis_url.to_string(), prefix.to_string());
    let a = TestApp::builder()
        .secrets(&secrets)
        .config(move |c| {
            c.redis.url = url;
            c.redis.prefix = pre;
        })
        .spawn();
    let database = a.state.config.database.url.clone();
    let (url, pre) = (redis_url.to_string(), prefix.to_string());
    let b = TestApp::builder()
        .secrets(&secrets)
        .config(move |c| {
            c.database.url = database;
            c.redis.url = url;
            c.redis.prefix = pre;
        })
        .spawn();
    b.clock.set(a.clock.now());
    (a, b)
}

/// `GET /readyz`'s `chat` field.
pub async fn chat_fanout(app: &TestApp) -> String {
    let response = app.get("/readyz").send().await.unwrap();
    let body = body_json(response).await;
    body["chat"].as_str().unwrap_or_default().to_string()
}

/// A WebSocket spoken by hand over a plain TCP connection, to control exactly which bytes go
/// out together: the handshake request, then `early` (frames sent before the 101 is read).
pub struct RawSocket {
    stream: tokio::net::TcpStream,
    read: actix_web::web::BytesMut,
    codec: Codec,
}

impl RawSocket {
    /// Sends the handshake and the `early` frames in one write; returns the response head (as
    /// text) and the socket, whose remaining bytes are frames (or, refused, the body).
    pub async fn open(app: &TestApp, path: &str, early: &[Value]) -> (String, RawSocket) {
        use actix_codec::Encoder;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut codec = Codec::new().client_mode();
        let mut out = actix_web::web::BytesMut::from(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
                 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                app.addr
            )
            .as_bytes(),
        );
        for frame in early {
            codec.encode(Message::Text(frame.to_string().into()), &mut out).unwrap();
        }
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        stream.write_all(&out).await.unwrap();
        let mut read = actix_web::web::BytesMut::new();
        let head_end = loop {
            if let Some(at) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let mut chunk = [0u8; 4096];
            let n =
                tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await.unwrap().unwrap();
            assert!(n > 0, "closed before a response head");
            read.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&read.split_to(head_end)).into_owned();
        (head, RawSocket { stream, read, codec })
    }

    /// Everything until the server closes the connection, as text.
    pub async fn rest(mut self) -> String {
        use tokio::io::AsyncReadExt;
        let mut rest = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), self.stream.read_to_end(&mut rest))
            .await
            .unwrap()
            .unwrap();
        self.read.extend_from_slice(&rest);
        String::from_utf8_lossy(&self.read).into_owned()
    }

    /// The next text frame as JSON.
    pub async fn next_json(&mut self) -> Value {
        use actix_codec::Decoder;
        use tokio::io::AsyncReadExt;
        loop {
            if let Some(frame) = self.codec.decode(&mut self.read).unwrap() {
                match frame {
                    Frame::Text(bytes) => return serde_json::from_slice(&bytes).unwrap(),
                    other => panic!("expected a text frame, got {other:?}"),
                }
            }
            let mut chunk = [0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(5), self.stream.read(&mut chunk))
                .await
                .unwrap()
                .unwrap();
            assert!(n > 0, "closed before a frame");
            self.read.extend_from_slice(&chunk[..n]);
        }
    }
}
