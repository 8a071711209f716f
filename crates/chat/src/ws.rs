//! The chat WebSocket: `GET /ws/chat/{room_id}?ticket=…` at the site root.
//!
//! The user is only ever the ticket's user: the ticket (from `POST /chat/rooms/{id}/tickets`)
//! is redeemed before the upgrade, and a missing, unknown, used, expired or other-room ticket
//! is a 401 `ticket_invalid`; an `Origin` that is not the site's own (its host, `public_url`
//! or an allowed CORS origin) is a 403 `forbidden`; a ticket that cannot be checked (Redis or
//! the database unreachable) is a 503. Frames are JSON text of at most 8 KiB
//! (larger: close 1009). The server sends `participants` first, then `message`, `enter`,
//! `leave`, `read` and `error` frames; an error frame never closes the socket. A socket may send
//! 10 messages per 10 s; it is pinged every 30 s and closed after 60 s of silence (the `[chat]`
//! settings `ping_ms` and `idle_ms`).
//!
//! The handler answers the handshake with a 101 carrying a [`Takeover`]; the gateway's server
//! writes the 101 and hands the socket over, and [`Wire`] speaks the protocol on it with
//! actix-http's WebSocket codec. An idle socket holds no buffer (reads go through the stack and
//! writes through a buffer made for the frames at hand), and frames already queued for a socket
//! are written together.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_codec::Decoder;
use actix_http::ws::{self as proto, CloseCode, CloseReason, Frame as WireFrame, Item, OpCode, Parser};
use actix_web::HttpMessage;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut, Data};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::clock::utc;
use praline_kernel::config::Config;
use praline_kernel::error::ApiError;
use praline_kernel::takeover::{CanTakeOver, Takeover};
use serde::Deserialize;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::error::ChatError;
use crate::http::{ChatUser, hub};
use crate::hub::{ChatHub, Frame};
use crate::service::{self, MAX_MESSAGE_CHARS};

/// Largest frame a client may send, in bytes.
pub const MAX_FRAME_BYTES: usize = 8 * 1024;
/// Messages one socket may send per [`RATE_WINDOW`].
pub const RATE_LIMIT: usize = 10;
/// The window of [`RATE_LIMIT`].
pub const RATE_WINDOW: Duration = Duration::from_secs(10);
/// How long one frame may take to reach a client before the socket counts as stuck.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest `client_id`, in characters.
pub const MAX_CLIENT_ID_CHARS: usize = 64;

/// Mounts the WebSocket route; the gateway calls it at the site root.
pub fn configure_socket(cfg: &mut web::ServiceConfig) {
    cfg.route("/ws/chat/{room_id}", web::get().to(socket));
}

fn ticket_invalid() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "ticket_invalid",
        "The chat ticket is missing, used, expired or not for this room.",
    )
}

/// The scheme-less `host[:port]` of an origin URL.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// Whether a browser page at the request's `Origin` may open the socket: none given (not a
/// browser), the request's own host, the configured public URL, or an allowed CORS origin.
pub fn origin_allowed(req: &HttpRequest, config: &Config) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else { return true };
    let Ok(origin) = origin.to_str() else { return false };
    let origin = origin.trim_end_matches('/');
    if config.http.cors_origins.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin)) {
        return true;
    }
    if config.public_url.trim_end_matches('/').eq_ignore_ascii_case(origin) {
        return true;
    }
    let Some(host) = origin_host(origin) else { return false };
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|own| own.eq_ignore_ascii_case(host))
}

async fn socket(req: HttpRequest, state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !origin_allowed(&req, &state.config) {
        return Err(ApiError::forbidden("This page may not open the chat."));
    }
    let room_id: i64 =
        req.match_info().get("room_id").and_then(|r| r.parse().ok()).ok_or_else(ticket_invalid)?;
    let query = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map_err(|_| ticket_invalid())?;
    let ticket =
        query.get("ticket").filter(|t| !t.is_empty() && t.len() <= 128).ok_or_else(ticket_invalid)?;
    let hub = hub(&state)?;
    // Redis or the database failing is not the ticket's fault: 503, and the page retries.
    let (user_id, ticket_room) = hub
        .redeem_ticket(ticket, state.clock.now())
        .await
        .map_err(|_| ApiError::unavailable("The chat cannot check tickets right now; try again."))?
        .ok_or_else(ticket_invalid)?;
    if ticket_room != room_id {
        return Err(ticket_invalid());
    }
    let me = state
        .run(move |conn, _| {
            service::get_room(conn, room_id)?;
            Ok::<_, ChatError>(service::profiles(conn, &[user_id])?.remove(&user_id))
        })
        .await
        .map_err(|e: ApiError| if e.status() == StatusCode::NOT_FOUND { ticket_invalid() } else { e })?;
    let me = ChatUser::new(&state, user_id, me.as_ref());
    let not_a_socket = || ApiError::invalid_input("Open this address as a WebSocket.");
    // Only a WebSocket handshake reaches here through the server's hand-over path.
    if req.extensions().get::<CanTakeOver>().is_none() {
        return Err(not_a_socket());
    }
    let mut handshake = proto::handshake(req.head()).map_err(|_| not_a_socket())?;
    let mut response = HttpResponse::from(handshake.finish()).map_into_boxed_body();
    let state = state.into_inner();
    response
        .extensions_mut()
        .insert(Takeover::new(move |io, read| run_socket(state, hub, room_id, me, Wire::new(io, read))));
    Ok(response)
}

fn error_frame(code: &str, message: &str, retry_after: Option<u64>) -> String {
    let mut frame = json!({"type": "error", "code": code, "message": message});
    if let Some(seconds) = retry_after {
        frame["retry_after"] = json!(seconds);
    }
    frame.to_string()
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Message { text: String, client_id: Option<String> },
    Read { message_id: i64 },
}

/// A whole message from the client (fragments joined).
enum Incoming {
    Text(String),
    Binary,
    Ping(Bytes),
    Pong,
    Close,
}

/// Why reading from the client ended.
enum Broken {
    /// The connection closed or failed.
    Gone,
    /// A frame or fragmented message over [`MAX_FRAME_BYTES`].
    Overflow,
    /// Not the WebSocket protocol (or text that is not UTF-8).
    Protocol,
}

/// Largest run of queued frames written in one go.
const BATCH_BYTES: usize = 64 * 1024;

/// One WebSocket connection after the 101: frames in and out over the raw socket. It holds a
/// buffer only while bytes are in it, so an idle socket costs little more than its task.
struct Wire {
    io: TcpStream,
    read: BytesMut,
    codec: proto::Codec,
    /// A message arriving in fragments: whether it is text, and its bytes so far.
    partial: Option<(bool, BytesMut)>,
}

impl Wire {
    fn new(io: TcpStream, read: BytesMut) -> Wire {
        // `read` is the HTTP dispatcher's 8 KiB buffer: keep only the bytes in it.
        let read = if read.is_empty() { BytesMut::new() } else { BytesMut::from(&read[..]) };
        Wire { io, read, codec: proto::Codec::new().max_size(MAX_FRAME_BYTES), partial: None }
    }

    /// The next whole message; cancel-safe (bytes move into the buffer only synchronously).
    async fn recv(&mut self) -> Result<Incoming, Broken> {
        loop {
            if let Some(message) = self.buffered()? {
                return Ok(message);
            }
            self.io.readable().await.map_err(|_| Broken::Gone)?;
            match self.read_ready() {
                Ok(0) => return Err(Broken::Gone),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return Err(Broken::Gone),
            }
        }
    }

    /// Appends what the socket has ready, through a buffer on the stack.
    fn read_ready(&mut self) -> io::Result<usize> {
        let mut chunk = [0u8; 8 * 1024];
        let n = self.io.try_read(&mut chunk)?;
        self.read.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    /// A whole message from the bytes read so far, if there is one.
    fn buffered(&mut self) -> Result<Option<Incoming>, Broken> {
        loop {
            let frame = self.codec.decode(&mut self.read).map_err(|e| match e {
                proto::ProtocolError::Overflow => Broken::Overflow,
                _ => Broken::Protocol,
            })?;
            let Some(frame) = frame else {
                if self.read.is_empty() {
                    // Give the memory back while the client is quiet.
                    self.read = BytesMut::new();
                }
                return Ok(None);
            };
            let whole = match frame {
                WireFrame::Text(bytes) => (true, bytes),
                WireFrame::Binary(bytes) => (false, bytes),
                WireFrame::Ping(bytes) => return Ok(Some(Incoming::Ping(bytes))),
                WireFrame::Pong(_) => return Ok(Some(Incoming::Pong)),
                WireFrame::Close(_) => return Ok(Some(Incoming::Close)),
                WireFrame::Continuation(item) => match item {
                    Item::FirstText(bytes) => {
                        self.partial = Some((true, BytesMut::from(&bytes[..])));
                        continue;
                    }
                    Item::FirstBinary(bytes) => {
                        self.partial = Some((false, BytesMut::from(&bytes[..])));
                        continue;
                    }
                    Item::Continue(bytes) => {
                        self.extend_partial(&bytes)?;
                        continue;
                    }
                    Item::Last(bytes) => {
                        self.extend_partial(&bytes)?;
                        let Some((text, so_far)) = self.partial.take() else { return Err(Broken::Protocol) };
                        (text, so_far.freeze())
                    }
                },
            };
            return match whole {
                (true, bytes) => match String::from_utf8(bytes.to_vec()) {
                    Ok(text) => Ok(Some(Incoming::Text(text))),
                    Err(_) => Err(Broken::Protocol),
                },
                (false, _) => Ok(Some(Incoming::Binary)),
            };
        }
    }

    fn extend_partial(&mut self, bytes: &[u8]) -> Result<(), Broken> {
        let Some((_, so_far)) = self.partial.as_mut() else { return Err(Broken::Protocol) };
        if so_far.len() + bytes.len() > MAX_FRAME_BYTES {
            return Err(Broken::Overflow);
        }
        so_far.extend_from_slice(bytes);
        Ok(())
    }

    /// Writes `bytes` whole, or fails when the client is gone or has not taken them within
    /// [`SEND_TIMEOUT`] (a stuck reader is closed rather than left holding the task).
    async fn write(&mut self, bytes: &[u8]) -> Result<(), ()> {
        match tokio::time::timeout(SEND_TIMEOUT, self.io.write_all(bytes)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(()),
        }
    }

    async fn send(&mut self, op: OpCode, payload: &[u8]) -> Result<(), ()> {
        let mut out = BytesMut::with_capacity(payload.len() + 10);
        Parser::write_message(&mut out, payload, op, true, false);
        self.write(&out).await
    }

    /// Sends a close frame (briefly: the client may be gone) and shuts the socket.
    async fn close(&mut self, reason: Option<CloseReason>) {
        let mut out = BytesMut::new();
        Parser::write_close(&mut out, reason, false);
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            let _ = self.io.write_all(&out).await;
            let _ = self.io.shutdown().await;
        })
        .await;
    }
}

struct Socket {
    state: Arc<AppState>,
    hub: Arc<ChatHub>,
    room: i64,
    me: ChatUser,
    socket_id: u64,
    wire: Wire,
    sent: VecDeque<Instant>,
}

async fn run_socket(state: Arc<AppState>, hub: Arc<ChatHub>, room: i64, me: ChatUser, wire: Wire) {
    let mut registration = hub.register(room, me.id);
    let mut socket = Socket {
        state,
        hub: hub.clone(),
        room,
        me,
        socket_id: registration.socket_id,
        wire,
        sent: VecDeque::new(),
    };
    let close = socket.greet(registration.first_here).await;
    let close = match close {
        Err(()) => None,
        Ok(()) => socket.serve(&mut registration.frames).await,
    };
    drop(registration);
    let last_here = hub.unregister(room, socket.socket_id, socket.me.id);
    if last_here {
        let (users, elsewhere) = hub.room_users(room, socket.me.id).await;
        if !elsewhere {
            let frame = json!({"type": "leave", "user": &socket.me, "count": users.len()}).to_string();
            hub.broadcast(room, Frame::from(frame), None);
        }
    }
    socket.wire.close(close).await;
}

fn too_slow() -> CloseReason {
    CloseReason { code: CloseCode::Policy, description: Some("too slow".into()) }
}

impl Socket {
    /// Sends one text frame; `Err` when the client is gone or stuck.
    async fn send(&mut self, text: String) -> Result<(), ()> {
        self.wire.send(OpCode::Text, text.as_bytes()).await
    }

    /// The `participants` frame, then `enter` for the others if this is the user's first socket.
    async fn greet(&mut self, first_here: bool) -> Result<(), ()> {
        let (users, elsewhere) = self.hub.room_users(self.room, self.me.id).await;
        let ids = users.clone();
        let profiles = self.state.run(move |conn, _| service::profiles(conn, &ids)).await.map_err(|_| ())?;
        let list: Vec<ChatUser> =
            users.iter().map(|id| ChatUser::new(&self.state, *id, profiles.get(id))).collect();
        let frame = json!({"type": "participants", "users": list, "count": list.len()}).to_string();
        self.send(frame).await?;
        if first_here && !elsewhere {
            let frame = json!({"type": "enter", "user": &self.me, "count": users.len()}).to_string();
            self.hub.broadcast(self.room, Frame::from(frame), Some(self.socket_id));
        }
        Ok(())
    }

    /// Writes `first` and whatever else is already queued for this socket, in one go.
    async fn deliver(
        &mut self,
        first: Frame,
        frames: &mut tokio::sync::mpsc::Receiver<Frame>,
    ) -> Result<(), ()> {
        let mut out = BytesMut::with_capacity(first.len() + 10);
        Parser::write_message(&mut out, first.as_bytes(), OpCode::Text, true, false);
        while out.len() < BATCH_BYTES {
            let Ok(frame) = frames.try_recv() else { break };
            Parser::write_message(&mut out, frame.as_bytes(), OpCode::Text, true, false);
        }
        self.wire.write(&out).await
    }

    /// Serves the socket until it ends; the close reason to send, if any.
    async fn serve(&mut self, frames: &mut tokio::sync::mpsc::Receiver<Frame>) -> Option<CloseReason> {
        let timings = self.hub.timings();
        let idle_close = Duration::from_millis(timings.idle_ms);
        let mut ping = tokio::time::interval(Duration::from_millis(timings.ping_ms));
        ping.tick().await;
        let mut last_heard = Instant::now();
        loop {
            let idle = tokio::time::sleep_until((last_heard + idle_close).into());
            tokio::select! {
                incoming = self.wire.recv() => {
                    last_heard = Instant::now();
                    match incoming {
                        Err(Broken::Gone) | Ok(Incoming::Close) => return None,
                        Err(Broken::Overflow) => {
                            return Some(CloseReason { code: CloseCode::Size, description: Some("frame over 8 KiB".into()) });
                        }
                        Err(Broken::Protocol) => return Some(CloseCode::Protocol.into()),
                        Ok(Incoming::Text(text)) => {
                            if self.handle_text(&text).await.is_err() {
                                return Some(CloseCode::Error.into());
                            }
                        }
                        Ok(Incoming::Binary) => {
                            let frame = error_frame("invalid_frame", "Frames are JSON text.", None);
                            if self.send(frame).await.is_err() {
                                return None;
                            }
                        }
                        Ok(Incoming::Ping(bytes)) => {
                            if self.wire.send(OpCode::Pong, &bytes).await.is_err() {
                                return None;
                            }
                        }
                        Ok(Incoming::Pong) => {}
                    }
                }
                frame = frames.recv() => match frame {
                    Some(frame) => {
                        if self.deliver(frame, frames).await.is_err() {
                            return Some(too_slow());
                        }
                    }
                    // The hub dropped this socket: it fell too far behind.
                    None => return Some(too_slow()),
                },
                _ = ping.tick() => {
                    if self.wire.send(OpCode::Ping, b"").await.is_err() {
                        return None;
                    }
                }
                _ = idle => {
                    return Some(CloseReason { code: CloseCode::Normal, description: Some("idle".into()) });
                }
            }
        }
    }

    /// One client frame; `Err` only when the socket must close (it is gone, or the database).
    async fn handle_text(&mut self, text: &str) -> Result<(), ()> {
        let frame = match serde_json::from_str::<ClientFrame>(text) {
            Ok(frame) => frame,
            Err(_) => {
                let message = "Send {\"type\":\"message\",\"text\"} or {\"type\":\"read\",\"message_id\"}.";
                return self.send(error_frame("invalid_frame", message, None)).await;
            }
        };
        match frame {
            ClientFrame::Message { text, client_id } => self.handle_message(text, client_id).await,
            ClientFrame::Read { message_id } => self.handle_read(message_id).await,
        }
    }

    async fn handle_message(&mut self, text: String, client_id: Option<String>) -> Result<(), ()> {
        if text.chars().count() > MAX_MESSAGE_CHARS {
            let message = format!("A message has at most {MAX_MESSAGE_CHARS} characters.");
            return self.send(error_frame("message_too_long", &message, None)).await;
        }
        if text.trim().is_empty() {
            return self.send(error_frame("invalid_frame", "Write something first.", None)).await;
        }
        if client_id.as_ref().is_some_and(|c| c.chars().count() > MAX_CLIENT_ID_CHARS) {
            let message = format!("client_id has at most {MAX_CLIENT_ID_CHARS} characters.");
            return self.send(error_frame("invalid_frame", &message, None)).await;
        }
        let now = Instant::now();
        while self.sent.front().is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW) {
            self.sent.pop_front();
        }
        if self.sent.len() >= RATE_LIMIT {
            let wait = self.sent.front().map(|t| RATE_WINDOW.saturating_sub(now.duration_since(*t)));
            let seconds = wait.map(|w| w.as_secs_f64().ceil() as u64).unwrap_or(1).max(1);
            let message = format!("At most {RATE_LIMIT} messages per 10 seconds; this one was not sent.");
            return self.send(error_frame("rate_limited", &message, Some(seconds))).await;
        }
        self.sent.push_back(now);
        let (room, user_id) = (self.room, self.me.id);
        let stored =
            self.state.run(move |conn, now| service::post_message(conn, room, user_id, &text, now)).await;
        let stored = match stored {
            Ok(message) => message,
            Err(e) => {
                tracing::warn!(room, error = %e, "chat: a message could not be stored");
                return Err(());
            }
        };
        let created_at: DateTime<Utc> = utc(stored.created_at);
        let mut frame = json!({
            "type": "message", "id": stored.id, "room_id": room, "user": &self.me,
            "text": stored.text, "created_at": created_at,
        });
        self.hub.broadcast(room, Frame::from(frame.to_string()), Some(self.socket_id));
        if let Some(client_id) = client_id {
            frame["client_id"] = json!(client_id);
        }
        self.send(frame.to_string()).await
    }

    async fn handle_read(&mut self, message_id: i64) -> Result<(), ()> {
        let (room, user_id) = (self.room, self.me.id);
        let moved =
            self.state.run(move |conn, now| service::mark_read(conn, room, user_id, message_id, now)).await;
        match moved {
            Ok(true) => {
                let frame = json!({"type": "read", "user_id": user_id, "message_id": message_id}).to_string();
                self.hub.broadcast(room, Frame::from(frame), None);
                Ok(())
            }
            Ok(false) => Ok(()),
            Err(e) if e.status() == StatusCode::BAD_REQUEST => {
                self.send(error_frame("invalid_frame", "No such message in this room.", None)).await
            }
            Err(e) => {
                tracing::warn!(room, error = %e, "chat: a read mark could not be stored");
                Err(())
            }
        }
    }
}
