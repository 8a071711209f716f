//! `chatload`: bounded chat WebSocket load against praline gateways running on this machine.
//!
//! ```text
//! chatload [--gateways http://127.0.0.1:18301,http://127.0.0.1:18302] [--clients 1000]
//!          [--rooms 50] [--users 20] [--seconds 60] [--interval-ms 2000] [--threads 2]
//!          [--pids PID,PID]
//! ```
//!
//! Setup: signs up `--users` accounts on the first gateway (codes from the development outbox,
//! so the gateways run in development mode), lets them create `--rooms` rooms, and gives each
//! client a room and a user so every room has `clients / rooms` members of distinct users. Each
//! client gets its ticket from one gateway and connects to the next one (tickets are shared
//! through Redis), round robin.
//!
//! Run: all clients connect; after 5 idle seconds the gateways' memory is read (`VmRSS` of
//! `--pids`); then every client sends one message every `--interval-ms` (staggered) for
//! `--seconds`, and memory is sampled each second. After a 3 s drain it prints deliveries/s
//! (messages received by other members), end-to-end latency (send to receipt, p50/p99/max), the
//! memory per connection idle and busy, and lost messages (deliveries expected from the echoes
//! the senders got, minus deliveries seen). Only loopback targets are accepted.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awc::ws::{Frame, Message};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};

const USAGE: &str = "usage: chatload [--gateways URL,URL] [--clients 1000] [--rooms 50] [--users 20] [--seconds 60] [--interval-ms 2000] [--threads 2] [--pids PID,PID]";
const PASSWORD: &str = "Chatload!2026";

#[derive(Clone)]
struct Options {
    gateways: Vec<String>,
    clients: usize,
    rooms: usize,
    users: usize,
    seconds: u64,
    interval_ms: u64,
    threads: usize,
    pids: Vec<u32>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        gateways: vec!["http://127.0.0.1:18301".into(), "http://127.0.0.1:18302".into()],
        clients: 1000,
        rooms: 50,
        users: 20,
        seconds: 60,
        interval_ms: 2000,
        threads: 2,
        pids: Vec::new(),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().ok_or(format!("{arg} needs a value\n{USAGE}"));
        let number = |v: String| v.parse::<usize>().map_err(|_| format!("{arg}: a number"));
        match arg.as_str() {
            "--gateways" => {
                o.gateways = value()?.split(',').map(|g| g.trim().trim_end_matches('/').to_string()).collect()
            }
            "--clients" => o.clients = number(value()?)?,
            "--rooms" => o.rooms = number(value()?)?,
            "--users" => o.users = number(value()?)?,
            "--seconds" => o.seconds = number(value()?)? as u64,
            "--interval-ms" => o.interval_ms = number(value()?)? as u64,
            "--threads" => o.threads = number(value()?)?,
            "--pids" => {
                o.pids = value()?
                    .split(',')
                    .map(|p| p.trim().parse().map_err(|_| "--pids: numbers".to_string()))
                    .collect::<Result<_, _>>()?
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    for g in &o.gateways {
        let host = g.strip_prefix("http://").unwrap_or("").split(['/', ':']).next().unwrap_or("");
        if !matches!(host, "127.0.0.1" | "localhost" | "[") {
            return Err(format!("only http://127.0.0.1 targets are accepted, not {g}"));
        }
    }
    if o.gateways.is_empty() || o.rooms == 0 || o.clients < o.rooms || o.users == 0 || o.threads == 0 {
        return Err(format!("need gateways, rooms ≥ 1, clients ≥ rooms, users ≥ 1, threads ≥ 1\n{USAGE}"));
    }
    if o.seconds > 600 {
        return Err("--seconds: at most 600".into());
    }
    if o.users * 3 < o.rooms {
        return Err("each user creates at most 3 rooms: raise --users".into());
    }
    Ok(o)
}

/// An HTTP client that gives up on a request after 30 s.
fn client() -> awc::Client {
    awc::Client::builder().timeout(Duration::from_secs(30)).finish()
}

async fn call(
    client: &awc::Client,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = match method {
        "POST" => client.post(url),
        _ => client.get(url),
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let mut response = match body {
        Some(body) => request.send_json(&body).await,
        None => request.send().await,
    }
    .map_err(|e| format!("{method} {url}: {e}"))?;
    let bytes = response.body().limit(4 << 20).await.map_err(|e| format!("{method} {url}: {e}"))?;
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if !response.status().is_success() {
        return Err(format!("{method} {url} → {}: {value}", response.status()));
    }
    Ok(value)
}

fn code_in(body: &str) -> Option<String> {
    body.split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() == 10 && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        .map(str::to_string)
}

/// Signs up, verifies and signs in `n` users; their access tokens.
async fn make_users(base: &str, run: &str, n: usize) -> Result<Vec<String>, String> {
    let client = client();
    let mut tokens = Vec::new();
    for i in 0..n {
        let email = format!("chatload-{run}-{i}@example.com");
        let nickname = format!("load{run}{i}");
        let body = json!({"email": email, "password": PASSWORD, "nickname": nickname});
        call(&client, "POST", &format!("{base}/api/v1/auth/signup"), None, Some(body)).await?;
        let outbox = call(&client, "GET", &format!("{base}/api/v1/dev/outbox"), None, None).await?;
        let items =
            outbox.as_array().cloned().or_else(|| outbox["items"].as_array().cloned()).unwrap_or_default();
        let code = items
            .iter()
            .find(|m| m["to"].as_str() == Some(email.as_str()))
            .and_then(|m| m["body"].as_str().and_then(code_in))
            .ok_or(format!(
                "no code for {email} in the development outbox (run the gateways in development mode)"
            ))?;
        let verify = json!({"email": email, "code": code});
        call(&client, "POST", &format!("{base}/api/v1/auth/email/verify"), None, Some(verify)).await?;
        let login = json!({"email": email, "password": PASSWORD});
        let session = call(&client, "POST", &format!("{base}/api/v1/auth/login"), None, Some(login)).await?;
        tokens.push(session["access_token"].as_str().ok_or("no access token")?.to_string());
    }
    Ok(tokens)
}

async fn make_rooms(base: &str, run: &str, tokens: &[String], n: usize) -> Result<Vec<i64>, String> {
    let client = client();
    let mut rooms = Vec::new();
    for r in 0..n {
        let body = json!({"name": format!("L{run}{r}"), "description": "chatload"});
        let room = call(
            &client,
            "POST",
            &format!("{base}/api/v1/chat/rooms"),
            Some(&tokens[r % tokens.len()]),
            Some(body),
        )
        .await?;
        rooms.push(room["id"].as_i64().ok_or("no room id")?);
    }
    Ok(rooms)
}

#[derive(Default)]
struct Stats {
    connected: AtomicUsize,
    failed: AtomicUsize,
    /// Upgrades refused and tried again.
    retried: AtomicUsize,
    sent: AtomicU64,
    echoed: AtomicU64,
    errors: AtomicU64,
    received: AtomicU64,
    /// Echoes per room (messages the server accepted), for the expected deliveries.
    echoed_per_room: Vec<AtomicU64>,
    members_per_room: Vec<AtomicUsize>,
    latencies_us: Mutex<Vec<u32>>,
}

struct Plan {
    base: Instant,
    /// Clients of the second half wait for this before connecting (the memory of the first
    /// half is read in between, so the cost per connection is a difference of two loaded states).
    second_half: std::sync::atomic::AtomicBool,
    send_from: Mutex<Option<Instant>>,
    stop_at: Mutex<Option<Instant>>,
    done: std::sync::atomic::AtomicBool,
}

struct ClientSpec {
    index: usize,
    room_slot: usize,
    room: i64,
    token: String,
    issuer: String,
    gateway: String,
}

/// Takes a ticket and opens the socket. A refused upgrade (503 while the gateway cannot reach
/// Redis or its database in time, 401 when a ticket was kept in the other gateway for the same
/// reason) is tried again with a fresh ticket after a pause, as the chat page does, up to three
/// times; the retries are counted.
async fn open_socket(
    spec: &ClientSpec,
    stats: &Stats,
    http: &awc::Client,
) -> Option<actix_codec::Framed<awc::BoxedSocket, awc::ws::Codec>> {
    let url = format!("{}/api/v1/chat/rooms/{}/tickets", spec.issuer, spec.room);
    for attempt in 1..=3u32 {
        let ticket = match call(http, "POST", &url, Some(&spec.token), None).await {
            Ok(t) => t["ticket"].as_str().unwrap_or_default().to_string(),
            Err(e) => {
                eprintln!("client {}: {e}", spec.index);
                return None;
            }
        };
        let ws_url =
            format!("{}/ws/chat/{}?ticket={ticket}", spec.gateway.replacen("http://", "ws://", 1), spec.room);
        match http.ws(ws_url).connect().await {
            Ok((_, framed)) => return Some(framed),
            Err(awc::error::WsClientError::InvalidResponseStatus(_)) if attempt < 3 => {
                stats.retried.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(500 * u64::from(attempt))).await;
            }
            Err(awc::error::WsClientError::InvalidResponseStatus(status)) => {
                eprintln!("client {}: connect: answered {status} three times", spec.index);
                return None;
            }
            Err(e) => {
                eprintln!("client {}: connect: {e}", spec.index);
                return None;
            }
        }
    }
    None
}

/// `http` is the thread's client for tickets, shared so its few keep-alive connections carry
/// every ticket request: the gateways' memory then grows by the WebSockets alone.
async fn run_client(spec: ClientSpec, o: Options, stats: Arc<Stats>, plan: Arc<Plan>, http: awc::Client) {
    if spec.index >= o.clients / 2 {
        while !plan.second_half.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let Some(mut framed) = open_socket(&spec, &stats, &http).await else {
        stats.failed.fetch_add(1, Ordering::Relaxed);
        return;
    };
    stats.connected.fetch_add(1, Ordering::Relaxed);
    stats.members_per_room[spec.room_slot].fetch_add(1, Ordering::Relaxed);
    let interval = Duration::from_millis(o.interval_ms);
    let offset = interval.mul_f64(spec.index as f64 / o.clients as f64);
    let mut latencies = Vec::new();
    let mut seq = 0u64;
    let mut next_send: Option<Instant> = None;
    loop {
        if next_send.is_none() {
            let from = *plan.send_from.lock().unwrap_or_else(|p| p.into_inner());
            next_send = from.map(|f| f + offset);
        }
        let stop = *plan.stop_at.lock().unwrap_or_else(|p| p.into_inner());
        let sending = next_send.is_some_and(|n| stop.is_none_or(|s| n < s));
        let wake = match (sending, next_send) {
            (true, Some(n)) => tokio::time::Instant::from_std(n),
            _ => tokio::time::Instant::now() + Duration::from_millis(200),
        };
        tokio::select! {
            frame = framed.next() => match frame {
                Some(Ok(Frame::Text(bytes))) => {
                    let Ok(v) = serde_json::from_slice::<Value>(&bytes) else { continue };
                    match v["type"].as_str() {
                        Some("message") if v.get("client_id").is_some() => {
                            stats.echoed.fetch_add(1, Ordering::Relaxed);
                            stats.echoed_per_room[spec.room_slot].fetch_add(1, Ordering::Relaxed);
                        }
                        Some("message") => {
                            stats.received.fetch_add(1, Ordering::Relaxed);
                            let sent_us = v["text"].as_str().and_then(|t| t.rsplit(':').next()).and_then(|n| n.parse::<u64>().ok());
                            if let Some(sent_us) = sent_us {
                                let now_us = plan.base.elapsed().as_micros() as u64;
                                latencies.push(now_us.saturating_sub(sent_us).min(u32::MAX as u64) as u32);
                            }
                        }
                        Some("error") => {
                            stats.errors.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                }
                Some(Ok(Frame::Ping(bytes))) => {
                    let _ = framed.send(Message::Pong(bytes)).await;
                }
                Some(Ok(Frame::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            _ = tokio::time::sleep_until(wake) => {
                if sending && let Some(n) = next_send && Instant::now() >= n {
                    seq += 1;
                    let text = format!("{}:{seq}:{}", spec.index, plan.base.elapsed().as_micros());
                    let frame = json!({"type": "message", "text": text, "client_id": format!("{seq}")}).to_string();
                    if framed.send(Message::Text(frame.into())).await.is_err() {
                        break;
                    }
                    stats.sent.fetch_add(1, Ordering::Relaxed);
                    next_send = Some(n + interval);
                }
                if plan.done.load(Ordering::Relaxed) {
                    break;
                }
            }
        }
    }
    let _ = framed.send(Message::Close(None)).await;
    stats.latencies_us.lock().unwrap_or_else(|p| p.into_inner()).extend(latencies);
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Each gateway's `VmRSS`, in `--pids` order (0 when unreadable).
fn each_rss(pids: &[u32]) -> Vec<u64> {
    pids.iter().map(|p| rss_kib(*p).unwrap_or(0)).collect()
}

fn total_rss(pids: &[u32]) -> u64 {
    pids.iter().filter_map(|p| rss_kib(*p)).sum()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let run = format!("{:x}", std::process::id() % 4096);
    let setup = actix_web::rt::System::new().block_on({
        let o = o.clone();
        let run = run.clone();
        async move {
            let tokens = make_users(&o.gateways[0], &run, o.users).await?;
            let rooms = make_rooms(&o.gateways[0], &run, &tokens, o.rooms).await?;
            Ok::<_, String>((tokens, rooms))
        }
    });
    let (tokens, rooms) = match setup {
        Ok(s) => s,
        Err(e) => {
            eprintln!("setup failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("setup: {} users, {} rooms on {}", tokens.len(), rooms.len(), o.gateways.join(" + "));
    let base_rss = total_rss(&o.pids);
    let base_each = each_rss(&o.pids);

    let stats = Arc::new(Stats {
        echoed_per_room: (0..o.rooms).map(|_| AtomicU64::new(0)).collect(),
        members_per_room: (0..o.rooms).map(|_| AtomicUsize::new(0)).collect(),
        ..Stats::default()
    });
    let plan = Arc::new(Plan {
        base: Instant::now(),
        second_half: std::sync::atomic::AtomicBool::new(false),
        send_from: Mutex::new(None),
        stop_at: Mutex::new(None),
        done: std::sync::atomic::AtomicBool::new(false),
    });
    let g = o.gateways.len();
    let specs: Vec<ClientSpec> = (0..o.clients)
        .map(|c| {
            let slot = c % o.rooms;
            ClientSpec {
                index: c,
                room_slot: slot,
                room: rooms[slot],
                token: tokens[(c / o.rooms) % tokens.len()].clone(),
                issuer: o.gateways[(c + 1) % g].clone(),
                gateway: o.gateways[c % g].clone(),
            }
        })
        .collect();
    let mut per_thread: Vec<Vec<ClientSpec>> = (0..o.threads).map(|_| Vec::new()).collect();
    for spec in specs {
        per_thread[spec.index % o.threads].push(spec);
    }
    let handles: Vec<_> = per_thread
        .into_iter()
        .map(|specs| {
            let (o, stats, plan) = (o.clone(), stats.clone(), plan.clone());
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let http = client();
                    let tasks: Vec<_> = specs
                        .into_iter()
                        .map(|spec| {
                            let client =
                                run_client(spec, o.clone(), stats.clone(), plan.clone(), http.clone());
                            actix_web::rt::spawn(client)
                        })
                        .collect();
                    for task in tasks {
                        let _ = task.await;
                    }
                })
            })
        })
        .collect();

    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while stats.connected.load(Ordering::Relaxed) + stats.failed.load(Ordering::Relaxed) < n
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for(o.clients / 2);
    std::thread::sleep(Duration::from_secs(5));
    let half_connected = stats.connected.load(Ordering::Relaxed);
    let half_rss = total_rss(&o.pids);
    let half_each = each_rss(&o.pids);
    plan.second_half.store(true, Ordering::Relaxed);
    wait_for(o.clients);
    let connected = stats.connected.load(Ordering::Relaxed);
    println!(
        "connected: {connected} of {} ({} failed; {} refused upgrades tried again)",
        o.clients,
        stats.failed.load(Ordering::Relaxed),
        stats.retried.load(Ordering::Relaxed)
    );
    std::thread::sleep(Duration::from_secs(5));
    let idle_rss = total_rss(&o.pids);
    let idle_each = each_rss(&o.pids);

    let start = Instant::now() + Duration::from_millis(200);
    let stop = start + Duration::from_secs(o.seconds);
    *plan.send_from.lock().unwrap_or_else(|p| p.into_inner()) = Some(start);
    *plan.stop_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(stop);
    let mut busy_rss = idle_rss;
    while Instant::now() < stop {
        std::thread::sleep(Duration::from_secs(1));
        busy_rss = busy_rss.max(total_rss(&o.pids));
    }
    let received_at_stop = stats.received.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(3));
    plan.done.store(true, Ordering::Relaxed);
    for handle in handles {
        let _ = handle.join();
    }

    let sent = stats.sent.load(Ordering::Relaxed);
    let echoed = stats.echoed.load(Ordering::Relaxed);
    let received = stats.received.load(Ordering::Relaxed);
    let expected: u64 = (0..o.rooms)
        .map(|r| {
            let members = stats.members_per_room[r].load(Ordering::Relaxed) as u64;
            stats.echoed_per_room[r].load(Ordering::Relaxed) * members.saturating_sub(1)
        })
        .sum();
    let mut latencies = std::mem::take(&mut *stats.latencies_us.lock().unwrap_or_else(|p| p.into_inner()));
    latencies.sort_unstable();
    let secs = o.seconds as f64;
    println!(
        "clients {connected}, rooms {}, {} s, one message per client every {} ms",
        o.rooms, o.seconds, o.interval_ms
    );
    println!(
        "sent {sent}, accepted (echoed) {echoed}, error frames {}",
        stats.errors.load(Ordering::Relaxed)
    );
    println!(
        "deliveries to other members: {received} ({:.0}/s over the sending window; {received_at_stop} by its end)",
        received as f64 / secs
    );
    println!("expected deliveries {expected}, lost {}", expected.saturating_sub(received));
    println!(
        "latency send→receipt: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        latencies.len()
    );
    if !o.pids.is_empty() && connected > 0 {
        let per = |rss: u64| rss.saturating_sub(base_rss) as f64 / connected as f64;
        println!(
            "gateways VmRSS: before {base_rss} KiB, {half_connected} connected {half_rss} KiB, {connected} connected idle {idle_rss} KiB, busy peak {busy_rss} KiB"
        );
        println!(
            "per connection (all over before): idle {:.1} KiB, busy {:.1} KiB",
            per(idle_rss),
            per(busy_rss)
        );
        let added = connected.saturating_sub(half_connected).max(1) as f64;
        println!(
            "per connection (second half over first half, idle): {:.1} KiB",
            idle_rss.saturating_sub(half_rss) as f64 / added
        );
        // Client c connects to gateway c % g, so each holds clients / g sockets. The first
        // gateway also ran the setup (sign-ups, rooms), whose freed memory its sockets reuse;
        // a gateway that did not is the cleaner reading.
        let g = o.pids.len().min(o.gateways.len()).max(1);
        for (i, pid) in o.pids.iter().enumerate().take(g) {
            let sockets = (o.clients / g).max(1) as f64;
            println!(
                "gateway {} (pid {pid}, {} sockets{}): before {} KiB, idle {} KiB; per connection idle {:.1} KiB (all over before), {:.1} KiB (second half over first half)",
                i + 1,
                o.clients / g,
                if i == 0 { ", ran the setup" } else { "" },
                base_each[i],
                idle_each[i],
                idle_each[i].saturating_sub(base_each[i]) as f64 / sockets,
                idle_each[i].saturating_sub(half_each[i]) as f64 / (sockets / 2.0),
            );
        }
    }
    ExitCode::SUCCESS
}
