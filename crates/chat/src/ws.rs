//! The chat WebSocket: `GET /ws/chat/{room_id}?ticket=…` at the site root.
//!
//! The user is only ever the ticket's user: the ticket (from `POST /chat/rooms/{id}/tickets`)
//! is redeemed before the upgrade, and a missing, unknown, used, expired or other-room ticket
//! is a 401 `ticket_invalid`; an `Origin` that is not the site's own (its host, `public_url`
//! or an allowed CORS origin) is a 403 `forbidden`. Frames are JSON text of at most 8 KiB
//! (larger: close 1009). The server sends `participants` first, then `message`, `enter`,
//! `leave`, `read` and `error` frames; an error frame never closes the socket. A socket may send
//! 10 messages per 10 s; it is pinged every 30 s and closed after 60 s of silence (the `[chat]`
//! settings `ping_ms` and `idle_ms`).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, ProtocolError, Session};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::clock::utc;
use praline_kernel::config::Config;
use praline_kernel::error::ApiError;
use serde::Deserialize;
use serde_json::json;

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

async fn socket(
    req: HttpRequest,
    body: web::Payload,
    state: Data<AppState>,
) -> Result<HttpResponse, ApiError> {
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
    let (user_id, ticket_room) =
        hub.redeem_ticket(ticket, state.clock.now()).await.ok_or_else(ticket_invalid)?;
    if ticket_room != room_id {
        return Err(ticket_invalid());
    }
    let me = state
        .run(move |conn, _| {
            service::get_room(conn, room_id)?;
            Ok::<_, ChatError>(service::profiles(conn, &[user_id])?.remove(&user_id))
        })
        .await
        .map_err(|_| ticket_invalid())?;
    let me = ChatUser::new(&state, user_id, me.as_ref());
    let (response, session, stream) = actix_ws::handle(&req, body)
        .map_err(|_| ApiError::invalid_input("Open this address as a WebSocket."))?;
    let stream = stream
        .max_frame_size(MAX_FRAME_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME_BYTES);
    actix_web::rt::spawn(run_socket(state.into_inner(), hub, room_id, me, session, stream));
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

struct Socket {
    state: Arc<AppState>,
    hub: Arc<ChatHub>,
    room: i64,
    me: ChatUser,
    socket_id: u64,
    session: Session,
    sent: VecDeque<Instant>,
}

async fn run_socket(
    state: Arc<AppState>,
    hub: Arc<ChatHub>,
    room: i64,
    me: ChatUser,
    session: Session,
    mut stream: actix_ws::AggregatedMessageStream,
) {
    let mut registration = hub.register(room, me.id);
    let mut socket = Socket {
        state,
        hub: hub.clone(),
        room,
        me,
        socket_id: registration.socket_id,
        session,
        sent: VecDeque::new(),
    };
    let close = socket.greet(registration.first_here).await;
    let close = match close {
        Err(()) => None,
        Ok(()) => socket.serve(&mut stream, &mut registration.frames).await,
    };
    let last_here = hub.unregister(room, socket.socket_id, socket.me.id);
    if last_here {
        let (users, elsewhere) = hub.room_users(room, socket.me.id).await;
        if !elsewhere {
            let frame = json!({"type": "leave", "user": &socket.me, "count": users.len()}).to_string();
            hub.broadcast(room, Frame::from(frame), None);
        }
    }
    let _ = socket.session.close(close).await;
}

impl Socket {
    /// Sends one frame; `Err` when the client is gone or has not taken it within
    /// [`SEND_TIMEOUT`] (a stuck reader is closed rather than left holding the task).
    async fn send(&mut self, text: String) -> Result<(), ()> {
        match tokio::time::timeout(SEND_TIMEOUT, self.session.text(text)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(()),
        }
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

    /// Serves the socket until it ends; the close reason to send, if any.
    async fn serve(
        &mut self,
        stream: &mut actix_ws::AggregatedMessageStream,
        frames: &mut tokio::sync::mpsc::Receiver<Frame>,
    ) -> Option<CloseReason> {
        let timings = self.hub.timings();
        let idle_close = Duration::from_millis(timings.idle_ms);
        let mut ping = tokio::time::interval(Duration::from_millis(timings.ping_ms));
        ping.tick().await;
        let mut last_heard = Instant::now();
        loop {
            let idle = tokio::time::sleep_until((last_heard + idle_close).into());
            tokio::select! {
                incoming = stream.recv() => {
                    last_heard = Instant::now();
                    match incoming {
                        None | Some(Ok(AggregatedMessage::Close(_))) => return None,
                        Some(Err(ProtocolError::Overflow)) => {
                            return Some(CloseReason { code: CloseCode::Size, description: Some("frame over 8 KiB".into()) });
                        }
                        Some(Err(_)) => return Some(CloseCode::Protocol.into()),
                        Some(Ok(AggregatedMessage::Text(text))) => {
                            if self.handle_text(&text).await.is_err() {
                                return Some(CloseCode::Error.into());
                            }
                        }
                        Some(Ok(AggregatedMessage::Binary(_))) => {
                            let frame = error_frame("invalid_frame", "Frames are JSON text.", None);
                            if self.send(frame).await.is_err() {
                                return None;
                            }
                        }
                        Some(Ok(AggregatedMessage::Ping(bytes))) => {
                            if self.session.pong(&bytes).await.is_err() {
                                return None;
                            }
                        }
                        Some(Ok(AggregatedMessage::Pong(_))) => {}
                    }
                }
                frame = frames.recv() => match frame {
                    Some(frame) => {
                        if self.send(frame.to_string()).await.is_err() {
                            return Some(CloseReason { code: CloseCode::Policy, description: Some("too slow".into()) });
                        }
                    }
                    // The hub dropped this socket: it fell too far behind.
                    None => {
                        return Some(CloseReason { code: CloseCode::Policy, description: Some("too slow".into()) });
                    }
                },
                _ = ping.tick() => {
                    if self.session.ping(b"").await.is_err() {
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
