//! Who is connected where, and the fan-out of frames to them.
//!
//! Every gateway has one [`ChatHub`] (registered by the gateway in `AppState::settings`). It
//! keeps this gateway's sockets per room, each with a bounded queue: a frame is delivered to a
//! local socket by `try_send`, and a socket whose queue is full is dropped from the room (its
//! task then closes it), so a slow client never stalls a room.
//!
//! With Redis configured, a background thread of the hub (its own small runtime):
//! - publishes each frame this gateway produced on the channel `<prefix>:chat:events`, tagged
//!   with this gateway's id, and delivers frames other gateways published to its local sockets
//!   (its own are delivered locally at once, never twice);
//! - keeps presence: for each room with local users, a set
//!   `<prefix>:chat:gw:<gateway>:room:<room>` of user ids that expires after 30 s and is
//!   rewritten every 10 s and on each change, and a sorted set `<prefix>:chat:gateways` of
//!   gateways by last heartbeat. The users of a room are the union of the sets of live gateways
//!   and the local users, so `participant_count` is right across gateways and a crashed
//!   gateway's users vanish within 30 s;
//! - resubscribes in a loop when Redis goes away. While it is down (or when Redis is not
//!   configured), fan-out stays inside each gateway and [`ChatHub::fanout`] says `degraded`.
//!
//! Tickets are random, single-use, bound to user and room and valid 60 s: stored in Redis under
//! the SHA-256 of the ticket (GETDEL redeems them, so any gateway accepts a ticket once), or in
//! the process when Redis is absent or does not answer.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use praline_kernel::redis::RedisHandle;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

/// How long a ticket stays valid.
pub const TICKET_SECONDS: i64 = 60;
/// Frames waiting for one socket before it counts as too slow and is closed.
pub const SOCKET_QUEUE: usize = 128;
/// How long a gateway's presence lasts without a heartbeat.
const PRESENCE_TTL_SECS: i64 = 30;
/// How often presence is rewritten.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// How long one Redis command may take before it counts as failed.
const REDIS_TIMEOUT: Duration = Duration::from_secs(1);
/// Pause between attempts to resubscribe.
const RESUBSCRIBE_DELAY: Duration = Duration::from_millis(500);

/// The `[chat]` configuration section: socket timings (API.md: a ping every 30 s, a socket
/// silent for 60 s is closed); tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatConfig {
    /// How often the server pings each socket, in milliseconds.
    pub ping_ms: u64,
    /// Silence after which a socket is closed, in milliseconds.
    pub idle_ms: u64,
}

impl Default for ChatConfig {
    fn default() -> Self {
        ChatConfig { ping_ms: 30_000, idle_ms: 60_000 }
    }
}

impl ChatConfig {
    /// Reads `[chat]` from the configuration (once, at start-up).
    pub fn load(config: &praline_kernel::config::Config) -> Result<ChatConfig, String> {
        let chat = config.section::<ChatConfig>("chat").map_err(|e| format!("[chat]: {e}"))?;
        if chat.ping_ms == 0 || chat.idle_ms == 0 {
            return Err("[chat]: ping_ms and idle_ms must be above 0".into());
        }
        Ok(chat)
    }
}

/// A frame as queued for sockets: the JSON text, shared.
pub type Frame = Arc<str>;

/// A socket's registration: its id, and the queue the hub fills.
pub struct Registration {
    pub socket_id: u64,
    pub frames: mpsc::Receiver<Frame>,
    /// True when this is the user's first socket on this gateway in this room.
    pub first_here: bool,
}

/// How fan-out between gateways stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fanout {
    /// Through Redis pub/sub.
    Shared,
    /// No Redis configured: one gateway, in-process.
    Local,
    /// Redis is configured but not reachable: each gateway delivers only to its own sockets.
    Degraded,
}

impl Fanout {
    pub fn as_str(self) -> &'static str {
        match self {
            Fanout::Shared => "ok",
            Fanout::Local => "local",
            Fanout::Degraded => "degraded",
        }
    }
}

struct SocketEntry {
    tx: mpsc::Sender<Frame>,
}

#[derive(Default)]
struct LocalRoom {
    sockets: HashMap<u64, SocketEntry>,
    /// Every registered socket's user, until its task unregisters it (a socket dropped for
    /// falling behind stays here until then).
    owners: HashMap<u64, i64>,
    /// Sockets per user (only users with at least one).
    users: HashMap<i64, usize>,
}

enum Command {
    Publish { room: i64, frame: Frame },
    SyncRoom(i64),
}

struct Inner {
    gateway: String,
    timings: ChatConfig,
    prefix: String,
    redis_url: Option<String>,
    /// For presence and ticket queries from request handlers.
    redis: Option<RedisHandle>,
    rooms: Mutex<HashMap<i64, LocalRoom>>,
    next_socket: AtomicU64,
    subscribed: AtomicBool,
    commands: OnceLock<mpsc::UnboundedSender<Command>>,
    tickets: Mutex<HashMap<String, (i64, i64, i64)>>,
}

/// This gateway's chat hub; cheap to clone.
#[derive(Clone)]
pub struct ChatHub {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ChatHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatHub").field("gateway", &self.inner.gateway).finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn hash_ticket(ticket: &str) -> String {
    hex::encode(Sha256::digest(ticket.as_bytes()))
}

async fn timed<T>(f: impl std::future::Future<Output = redis::RedisResult<T>>) -> Result<T, String> {
    match tokio::time::timeout(REDIS_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("Redis did not answer in time".into()),
    }
}

impl ChatHub {
    /// A hub; with `redis_url`, shared with the other gateways through Redis under `prefix`.
    /// Nothing connects or starts until first use.
    pub fn new(redis_url: Option<&str>, prefix: &str) -> ChatHub {
        ChatHub::with_config(redis_url, prefix, ChatConfig::default())
    }

    /// [`ChatHub::new`] with the `[chat]` settings.
    pub fn with_config(redis_url: Option<&str>, prefix: &str, timings: ChatConfig) -> ChatHub {
        let redis_url = redis_url.map(str::to_string);
        let redis = redis_url.as_deref().and_then(|url| RedisHandle::open(url).ok());
        ChatHub {
            inner: Arc::new(Inner {
                gateway: hex::encode(praline_kernel::crypto::random_bytes(8)),
                timings,
                prefix: prefix.to_string(),
                redis_url: if redis.is_some() { redis_url } else { None },
                redis,
                rooms: Mutex::new(HashMap::new()),
                next_socket: AtomicU64::new(1),
                subscribed: AtomicBool::new(false),
                commands: OnceLock::new(),
                tickets: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// How often sockets are pinged, and after how much silence they are closed.
    pub fn timings(&self) -> ChatConfig {
        self.inner.timings
    }

    /// This gateway's id in Redis keys and events.
    pub fn gateway_id(&self) -> &str {
        &self.inner.gateway
    }

    /// How fan-out stands now (starts the hub if needed).
    pub fn fanout(&self) -> Fanout {
        self.start();
        match (&self.inner.redis_url, self.inner.subscribed.load(Ordering::SeqCst)) {
            (None, _) => Fanout::Local,
            (Some(_), true) => Fanout::Shared,
            (Some(_), false) => Fanout::Degraded,
        }
    }

    fn shared(&self) -> Option<&RedisHandle> {
        if self.inner.subscribed.load(Ordering::SeqCst) { self.inner.redis.as_ref() } else { None }
    }

    fn key(&self, rest: &str) -> String {
        format!("{}:chat:{rest}", self.inner.prefix)
    }

    /// Starts the background thread once (only with Redis configured).
    fn start(&self) {
        let Some(url) = self.inner.redis_url.clone() else { return };
        self.inner.commands.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            let hub = self.clone();
            let spawned = std::thread::Builder::new().name("chat-fanout".into()).spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                match runtime {
                    Ok(runtime) => runtime.block_on(hub.background(url, rx)),
                    Err(e) => tracing::error!(error = %e, "chat: cannot start the fan-out runtime"),
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "chat: cannot start the fan-out thread");
            }
            tx
        });
    }

    fn command(&self, command: Command) {
        self.start();
        if let Some(tx) = self.inner.commands.get() {
            let _ = tx.send(command);
        }
    }

    // ---- Local sockets -----------------------------------------------------------------

    /// Adds a socket of `user_id` to `room`.
    pub fn register(&self, room: i64, user_id: i64) -> Registration {
        self.start();
        let socket_id = self.inner.next_socket.fetch_add(1, Ordering::Relaxed);
        let (tx, frames) = mpsc::channel(SOCKET_QUEUE);
        let first_here = {
            let mut rooms = lock(&self.inner.rooms);
            let local = rooms.entry(room).or_default();
            local.sockets.insert(socket_id, SocketEntry { tx });
            local.owners.insert(socket_id, user_id);
            let count = local.users.entry(user_id).or_insert(0);
            *count += 1;
            *count == 1
        };
        if first_here {
            self.command(Command::SyncRoom(room));
        }
        Registration { socket_id, frames, first_here }
    }

    /// Removes a socket; true when it was the user's last one on this gateway in this room.
    pub fn unregister(&self, room: i64, socket_id: u64, user_id: i64) -> bool {
        let last_here = {
            let mut rooms = lock(&self.inner.rooms);
            let Some(local) = rooms.get_mut(&room) else { return false };
            local.sockets.remove(&socket_id);
            if local.owners.remove(&socket_id) != Some(user_id) {
                return false;
            }
            let last = match local.users.get_mut(&user_id) {
                Some(count) if *count > 1 => {
                    *count -= 1;
                    false
                }
                Some(_) => {
                    local.users.remove(&user_id);
                    true
                }
                None => false,
            };
            if local.owners.is_empty() {
                rooms.remove(&room);
            }
            last
        };
        if last_here {
            self.command(Command::SyncRoom(room));
        }
        last_here
    }

    fn local_users(&self, room: i64) -> HashSet<i64> {
        lock(&self.inner.rooms).get(&room).map(|r| r.users.keys().copied().collect()).unwrap_or_default()
    }

    /// Puts `frame` in the queue of every local socket of `room` except `except`; a socket whose
    /// queue is full is dropped from the room, which closes it.
    fn deliver_local(&self, room: i64, frame: &Frame, except: Option<u64>) {
        let mut rooms = lock(&self.inner.rooms);
        let Some(local) = rooms.get_mut(&room) else { return };
        let mut dropped = Vec::new();
        for (id, socket) in &local.sockets {
            if Some(*id) == except {
                continue;
            }
            if socket.tx.try_send(frame.clone()).is_err() {
                dropped.push(*id);
            }
        }
        for id in dropped {
            tracing::info!(room, socket = id, "chat: a socket fell behind; closing it");
            local.sockets.remove(&id);
        }
    }

    /// Sends `frame` to everyone in `room` on every gateway (except the local socket `except`).
    pub fn broadcast(&self, room: i64, frame: Frame, except: Option<u64>) {
        self.deliver_local(room, &frame, except);
        if self.inner.redis_url.is_some() {
            self.command(Command::Publish { room, frame });
        }
    }

    // ---- Presence ----------------------------------------------------------------------

    async fn live_gateways(&self, redis: &RedisHandle, now: i64) -> Result<Vec<String>, String> {
        let mut conn = redis.connection().await?;
        timed(
            redis::cmd("ZRANGEBYSCORE")
                .arg(self.key("gateways"))
                .arg(now - PRESENCE_TTL_SECS)
                .arg("+inf")
                .query_async(&mut conn),
        )
        .await
    }

    /// Users connected to each of `rooms` on the other gateways, or `None` when that cannot be
    /// known (no Redis, or Redis down).
    async fn remote_users(&self, rooms: &[i64]) -> Option<HashMap<i64, HashSet<i64>>> {
        let redis = self.shared()?;
        let now = Utc::now().timestamp();
        let result: Result<HashMap<i64, HashSet<i64>>, String> = async {
            let gateways: Vec<String> = self
                .live_gateways(redis, now)
                .await?
                .into_iter()
                .filter(|g| g != &self.inner.gateway)
                .collect();
            let mut out: HashMap<i64, HashSet<i64>> = rooms.iter().map(|r| (*r, HashSet::new())).collect();
            if gateways.is_empty() || rooms.is_empty() {
                return Ok(out);
            }
            let mut pipe = redis::pipe();
            for room in rooms {
                let mut cmd = redis::cmd("SUNION");
                for gateway in &gateways {
                    cmd.arg(self.key(&format!("gw:{gateway}:room:{room}")));
                }
                pipe.add_command(cmd);
            }
            let mut conn = redis.connection().await?;
            let sets: Vec<Vec<i64>> = timed(pipe.query_async(&mut conn)).await?;
            for (room, users) in rooms.iter().zip(sets) {
                out.entry(*room).or_default().extend(users);
            }
            Ok(out)
        }
        .await;
        match result {
            Ok(map) => Some(map),
            Err(e) => {
                tracing::warn!(error = %e, "chat: presence unavailable; counting this gateway only");
                None
            }
        }
    }

    /// The users connected to `room` now, on every gateway, and whether `user_id` is connected
    /// on another gateway.
    pub async fn room_users(&self, room: i64, user_id: i64) -> (Vec<i64>, bool) {
        let mut users = self.local_users(room);
        let mut elsewhere = false;
        if let Some(mut remote) = self.remote_users(&[room]).await {
            let others = remote.remove(&room).unwrap_or_default();
            elsewhere = others.contains(&user_id);
            users.extend(others);
        }
        let mut users: Vec<i64> = users.into_iter().collect();
        users.sort_unstable();
        (users, elsewhere)
    }

    /// How many users are connected to each of `rooms` now, across gateways.
    pub async fn counts(&self, rooms: &[i64]) -> HashMap<i64, usize> {
        let remote = self.remote_users(rooms).await;
        rooms
            .iter()
            .map(|room| {
                let mut users = self.local_users(*room);
                if let Some(others) = remote.as_ref().and_then(|r| r.get(room)) {
                    users.extend(others);
                }
                (*room, users.len())
            })
            .collect()
    }

    // ---- Tickets -----------------------------------------------------------------------

    /// A new ticket for `user_id` in `room`, valid [`TICKET_SECONDS`] from `now`.
    pub async fn issue_ticket(&self, user_id: i64, room: i64, now: DateTime<Utc>) -> String {
        let ticket = praline_kernel::crypto::random_token(32);
        let expires = now.timestamp() + TICKET_SECONDS;
        let key = hash_ticket(&ticket);
        if let Some(redis) = &self.inner.redis {
            let stored: Result<(), String> = async {
                let mut conn = redis.connection().await?;
                timed(
                    redis::cmd("SET")
                        .arg(self.key(&format!("ticket:{key}")))
                        .arg(format!("{user_id}:{room}:{expires}"))
                        .arg("EX")
                        .arg(TICKET_SECONDS + 5)
                        .query_async::<()>(&mut conn),
                )
                .await
            }
            .await;
            match stored {
                Ok(()) => return ticket,
                Err(e) => tracing::warn!(error = %e, "chat: ticket kept in this gateway (Redis unavailable)"),
            }
        }
        let mut tickets = lock(&self.inner.tickets);
        let now_secs = now.timestamp();
        tickets.retain(|_, (_, _, exp)| *exp > now_secs);
        tickets.insert(key, (user_id, room, expires));
        ticket
    }

    /// Redeems a ticket once: its user and room, or `None` when unknown, used or expired.
    pub async fn redeem_ticket(
        &self,
        ticket: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(i64, i64)>, String> {
        let key = hash_ticket(ticket);
        let local = lock(&self.inner.tickets).remove(&key);
        let (user, room, expires) = match local {
            Some(found) => found,
            None => {
                let Some(redis) = self.inner.redis.as_ref() else { return Ok(None) };
                let value: Option<String> = async {
                    let mut conn = redis.connection().await?;
                    timed(redis::cmd("GETDEL").arg(self.key(&format!("ticket:{key}"))).query_async(&mut conn))
                        .await
                }
                .await
                .inspect_err(
                    |e: &String| tracing::warn!(error = %e, "chat: cannot redeem a ticket in Redis"),
                )?;
                let Some(value) = value else { return Ok(None) };
                let mut parts = value.split(':').map(str::parse::<i64>);
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(Ok(u)), Some(Ok(r)), Some(Ok(e))) => (u, r, e),
                    _ => return Ok(None),
                }
            }
        };
        Ok((expires > now.timestamp()).then_some((user, room)))
    }

    // ---- The background thread ---------------------------------------------------------

    async fn background(self, url: String, mut commands: mpsc::UnboundedReceiver<Command>) {
        let client = match redis::Client::open(url.as_str()) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "chat: bad Redis URL; fan-out stays in this gateway");
                return;
            }
        };
        let (resync_tx, mut resync) = mpsc::unbounded_channel::<()>();
        let subscriber = self.clone().subscribe_loop(client.clone(), resync_tx);
        let hub = self.clone();
        let writer = async move {
            let mut conn: Option<redis::aio::MultiplexedConnection> = None;
            let mut heartbeat = tokio::time::interval(HEARTBEAT);
            loop {
                tokio::select! {
                    command = commands.recv() => match command {
                        Some(Command::Publish { room, frame }) => {
                            let payload = serde_json::json!({"gw": hub.inner.gateway, "room": room, "frame": &*frame}).to_string();
                            let channel = hub.key("events");
                            hub.with_conn(&client, &mut conn, |c| {
                                Box::pin(async move { redis::cmd("PUBLISH").arg(channel).arg(payload).query_async::<()>(c).await })
                            })
                            .await;
                        }
                        Some(Command::SyncRoom(room)) => hub.sync_rooms(&client, &mut conn, Some(room)).await,
                        None => return,
                    },
                    _ = heartbeat.tick() => hub.sync_rooms(&client, &mut conn, None).await,
                    Some(()) = resync.recv() => hub.sync_rooms(&client, &mut conn, None).await,
                }
            }
        };
        tokio::join!(subscriber, writer);
    }

    async fn with_conn<T>(
        &self,
        client: &redis::Client,
        conn: &mut Option<redis::aio::MultiplexedConnection>,
        f: impl for<'c> FnOnce(
            &'c mut redis::aio::MultiplexedConnection,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = redis::RedisResult<T>> + 'c>>,
    ) -> Option<T> {
        if conn.is_none() {
            match timed(client.get_multiplexed_async_connection()).await {
                Ok(c) => *conn = Some(c),
                Err(e) => {
                    tracing::debug!(error = %e, "chat: Redis unreachable");
                    return None;
                }
            }
        }
        let c = conn.as_mut()?;
        match timed(f(c)).await {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::debug!(error = %e, "chat: Redis command failed; reconnecting next time");
                *conn = None;
                None
            }
        }
    }

    /// Rewrites this gateway's presence for one room, or all rooms with the heartbeat.
    async fn sync_rooms(
        &self,
        client: &redis::Client,
        conn: &mut Option<redis::aio::MultiplexedConnection>,
        room: Option<i64>,
    ) {
        let snapshot: Vec<(i64, Vec<i64>)> = {
            let rooms = lock(&self.inner.rooms);
            match room {
                Some(room) => {
                    vec![(
                        room,
                        rooms.get(&room).map(|r| r.users.keys().copied().collect()).unwrap_or_default(),
                    )]
                }
                None => rooms.iter().map(|(id, r)| (*id, r.users.keys().copied().collect())).collect(),
            }
        };
        let mut pipe = redis::pipe();
        pipe.atomic();
        pipe.cmd("ZADD")
            .arg(self.key("gateways"))
            .arg(Utc::now().timestamp())
            .arg(&self.inner.gateway)
            .ignore();
        // Forget gateways silent for a day, so the sorted set stays small.
        pipe.cmd("ZREMRANGEBYSCORE")
            .arg(self.key("gateways"))
            .arg("-inf")
            .arg(Utc::now().timestamp() - 86_400)
            .ignore();
        for (room, users) in snapshot {
            let key = self.key(&format!("gw:{}:room:{room}", self.inner.gateway));
            pipe.cmd("DEL").arg(&key).ignore();
            if !users.is_empty() {
                pipe.cmd("SADD").arg(&key).arg(users).ignore();
                pipe.cmd("EXPIRE").arg(&key).arg(PRESENCE_TTL_SECS).ignore();
            }
        }
        self.with_conn(client, conn, |c| Box::pin(async move { pipe.query_async::<()>(c).await })).await;
    }

    async fn subscribe_loop(self, client: redis::Client, resync: mpsc::UnboundedSender<()>) {
        let channel = self.key("events");
        loop {
            let subscribed = async {
                let mut pubsub = timed(client.get_async_pubsub()).await?;
                timed(pubsub.subscribe(&channel)).await?;
                Ok::<_, String>(pubsub)
            }
            .await;
            match subscribed {
                Ok(pubsub) => {
                    self.inner.subscribed.store(true, Ordering::SeqCst);
                    let _ = resync.send(());
                    tracing::info!("chat: fan-out through Redis is on");
                    let mut messages = pubsub.into_on_message();
                    while let Some(message) = messages.next().await {
                        let Ok(payload) = message.get_payload::<String>() else { continue };
                        self.receive(&payload);
                    }
                    self.inner.subscribed.store(false, Ordering::SeqCst);
                    tracing::warn!("chat: lost the Redis subscription; fan-out stays in this gateway");
                }
                Err(e) => {
                    self.inner.subscribed.store(false, Ordering::SeqCst);
                    tracing::debug!(error = %e, "chat: cannot subscribe to Redis yet");
                }
            }
            tokio::time::sleep(RESUBSCRIBE_DELAY).await;
        }
    }

    /// A frame another gateway published.
    fn receive(&self, payload: &str) {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(payload) else { return };
        if event["gw"].as_str() == Some(self.inner.gateway.as_str()) {
            return;
        }
        let (Some(room), Some(frame)) = (event["room"].as_i64(), event["frame"].as_str()) else { return };
        self.deliver_local(room, &Frame::from(frame), None);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tokio::sync::mpsc::error::TryRecvError;

    #[test]
    fn a_socket_that_falls_behind_is_dropped_and_the_room_goes_on() {
        let hub = ChatHub::new(None, "test");
        let mut slow = hub.register(1, 10);
        let mut fast = hub.register(1, 11);
        assert!(slow.first_here && fast.first_here);
        for i in 0..SOCKET_QUEUE + 5 {
            hub.broadcast(1, Frame::from(i.to_string()), None);
            assert_eq!(&*fast.frames.try_recv().unwrap(), i.to_string(), "the reader gets every frame");
        }
        let mut queued = 0;
        while slow.frames.try_recv().is_ok() {
            queued += 1;
        }
        assert_eq!(queued, SOCKET_QUEUE, "the slow socket got what fitted");
        assert!(matches!(slow.frames.try_recv(), Err(TryRecvError::Disconnected)), "then it was let go");
        // Its task still unregisters it; the user's presence ends with their last socket.
        assert!(hub.unregister(1, slow.socket_id, 10));
        assert!(!hub.unregister(1, 999, 11));
        assert_eq!(hub.local_users(1), HashSet::from([11]));
    }

    #[actix_web::test]
    async fn an_in_process_ticket_is_single_use_bound_and_expires() {
        let hub = ChatHub::new(None, "test");
        let now = Utc::now();
        let ticket = hub.issue_ticket(7, 3, now).await;
        assert_eq!(hub.redeem_ticket(&ticket, now).await, Ok(Some((7, 3))));
        assert_eq!(hub.redeem_ticket(&ticket, now).await, Ok(None));
        let late = hub.issue_ticket(7, 3, now).await;
        assert_eq!(hub.redeem_ticket(&late, now + chrono::Duration::seconds(TICKET_SECONDS)).await, Ok(None));
        assert_eq!(hub.fanout(), Fanout::Local);
    }
}
