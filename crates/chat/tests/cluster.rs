//! Two gateways of one shop sharing the database and Redis: fan-out, tickets and presence
//! across them, and what happens while Redis is down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{
    Ws, chat_fanout, connect, create_room, eventually, redis_url, room_name, ticket, two_gateways,
    unique_prefix,
};
use praline_testkit::{Session, TestApp, body_json};
use serde_json::json;

/// `user` (signed in on `home`) enters `room` through `gateway` with a ticket from `issuer`.
async fn enter_via(issuer: &TestApp, gateway: &TestApp, user: &Session, room: i64) -> Ws {
    let response = issuer
        .post(&format!("/api/v1/chat/rooms/{room}/tickets"))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let ticket = body_json(response).await["ticket"].as_str().unwrap().to_string();
    let mut ws = connect(gateway, room, &ticket).await;
    assert_eq!(ws.next_json().await["type"], "participants");
    ws
}

async fn participant_count(app: &TestApp, user: &Session, room: i64) -> i64 {
    let response =
        app.get(&format!("/api/v1/chat/rooms/{room}")).bearer_auth(&user.token).send().await.unwrap();
    body_json(response).await["participant_count"].as_i64().unwrap()
}

async fn both_shared(a: &TestApp, b: &TestApp) -> bool {
    eventually(Duration::from_secs(10), || async {
        chat_fanout(a).await == "ok" && chat_fanout(b).await == "ok"
    })
    .await
}

#[actix_web::test]
async fn clients_on_two_gateways_see_each_others_messages_in_order() {
    let (a, b) = two_gateways(&redis_url(), &unique_prefix("order"));
    assert!(both_shared(&a, &b).await, "both gateways subscribe to Redis");
    let (alice, bob) = (a.buyer().await, a.buyer().await);
    let room = create_room(&alice, &room_name("Two"), None).await["id"].as_i64().unwrap();

    let mut on_a = enter_via(&a, &a, &alice, room).await;
    // A ticket from gateway A works on gateway B.
    let mut on_b = enter_via(&a, &b, &bob, room).await;
    let entered = on_a.next_of("enter").await;
    assert_eq!((entered["user"]["id"].as_i64(), entered["count"].as_i64()), (Some(bob.user_id), Some(2)));
    assert!(
        eventually(Duration::from_secs(3), || async { participant_count(&b, &bob, room).await == 2 }).await
    );
    assert_eq!(participant_count(&a, &alice, room).await, 2, "counted across gateways");

    // Both send at once (10 each: the per-socket limit); each sees the other's in send order.
    for i in 0..10 {
        on_a.send_json(json!({"type": "message", "text": format!("a{i}")})).await;
        on_b.send_json(json!({"type": "message", "text": format!("b{i}")})).await;
    }
    let mut seen_on_b = Vec::new();
    while seen_on_b.len() < 10 {
        let text = on_b.next_of("message").await["text"].as_str().unwrap().to_string();
        if text.starts_with('a') {
            seen_on_b.push(text);
        }
    }
    let mut seen_on_a = Vec::new();
    while seen_on_a.len() < 10 {
        let text = on_a.next_of("message").await["text"].as_str().unwrap().to_string();
        if text.starts_with('b') {
            seen_on_a.push(text);
        }
    }
    let expected = |p: &str| (0..10).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    assert_eq!(seen_on_b, expected("a"));
    assert_eq!(seen_on_a, expected("b"));
    // Stored once each, ids in send order per sender.
    let history = alice.get_json(&format!("/api/v1/chat/rooms/{room}/messages?limit=100")).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 20);
    on_b.close().await;
    let left = on_a.next_of("leave").await;
    assert_eq!(left["user"]["id"], bob.user_id);
    on_a.close().await;
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_redis(port: u16) -> Child {
    let mut child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server runs");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("redis-server did not start on {port}");
}

fn stop_redis(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends `text` from `from` and says whether `to` receives it within `wait`.
async fn arrives(from: &mut Ws, to: &mut Ws, text: &str, wait: Duration) -> bool {
    from.say(text).await;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match to.next_within(left).await {
            common::Next::Json(frame) if frame["type"] == "message" && frame["text"] == text => return true,
            common::Next::Json(_) => continue,
            _ => return false,
        }
    }
}

#[actix_web::test]
async fn fan_out_stays_inside_each_gateway_while_redis_is_down_and_resumes_after() {
    let port = free_port();
    let redis = start_redis(port);
    let (a, b) = two_gateways(&format!("redis://127.0.0.1:{port}"), &unique_prefix("down"));
    assert!(both_shared(&a, &b).await);
    let (alice, bob, carol) = (a.buyer().await, a.buyer().await, a.buyer().await);
    let room = create_room(&alice, &room_name("Down"), None).await["id"].as_i64().unwrap();
    let mut alice_a = enter_via(&a, &a, &alice, room).await;
    let mut carol_a = enter_via(&a, &a, &carol, room).await;
    let mut bob_b = enter_via(&b, &b, &bob, room).await;
    assert!(arrives(&mut alice_a, &mut bob_b, "before", Duration::from_secs(3)).await);

    stop_redis(redis);
    assert!(
        eventually(Duration::from_secs(10), || async {
            chat_fanout(&a).await == "degraded" && chat_fanout(&b).await == "degraded"
        })
        .await,
        "/readyz says degraded"
    );
    let ready = a.get("/readyz").send().await.unwrap();
    assert_eq!(ready.status(), 503, "Redis is configured and down");
    // Inside gateway A, messages still flow (and are stored); B does not get them.
    assert!(arrives(&mut alice_a, &mut carol_a, "during", Duration::from_secs(3)).await);
    bob_b.expect_silence(Duration::from_millis(500)).await;
    // A ticket issued while Redis is down works on the gateway that issued it.
    let local = ticket(&bob, room, None).await;
    let extra = connect(&a, room, &local).await;
    extra.close().await;
    // A ticket this gateway does not hold cannot be checked without Redis: 503, not 401 (the
    // ticket may be good; the page tries again).
    let origin_a = format!("http://{}", a.addr);
    let unknown = common::connect_with(&a, room, "issued-elsewhere", Some(&origin_a)).await;
    assert_eq!(unknown.err(), Some(503));

    let redis = start_redis(port);
    assert!(both_shared(&a, &b).await, "both resubscribe when Redis is back");
    assert!(arrives(&mut alice_a, &mut bob_b, "after", Duration::from_secs(3)).await);
    assert!(arrives(&mut bob_b, &mut carol_a, "back", Duration::from_secs(3)).await);
    // Presence is rewritten into the new Redis: each gateway counts the other's users again.
    assert!(
        eventually(Duration::from_secs(15), || async { participant_count(&b, &bob, room).await == 3 }).await,
        "B counts A's users again"
    );
    let history = alice.get_json(&format!("/api/v1/chat/rooms/{room}/messages")).await;
    let texts: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["back", "after", "during", "before"]);
    alice_a.close().await;
    carol_a.close().await;
    bob_b.close().await;
    stop_redis(redis);
}

#[actix_web::test]
async fn a_ticket_used_on_two_gateways_at_once_opens_one_socket() {
    let (a, b) = two_gateways(&redis_url(), &unique_prefix("race"));
    assert!(both_shared(&a, &b).await);
    let user = a.buyer().await;
    let room = create_room(&user, &room_name("Race"), None).await["id"].as_i64().unwrap();
    for _ in 0..5 {
        let t = ticket(&user, room, None).await;
        let (origin_a, origin_b) = (format!("http://{}", a.addr), format!("http://{}", b.addr));
        let (on_a, on_b) = tokio::join!(
            common::connect_with(&a, room, &t, Some(&origin_a)),
            common::connect_with(&b, room, &t, Some(&origin_b))
        );
        let opened: Vec<Ws> = [on_a, on_b].into_iter().filter_map(Result::ok).collect();
        assert_eq!(opened.len(), 1, "exactly one gateway accepts a ticket");
        for ws in opened {
            ws.close().await;
        }
    }
}
