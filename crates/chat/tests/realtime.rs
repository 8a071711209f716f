//! The chat WebSocket on one gateway: tickets, origins, frames, presence and limits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use chrono::Duration as ChronoDuration;
use common::{Next, RawSocket, connect, connect_with, create_room, enter, room_name, ticket};
use praline_testkit::TestApp;
use serde_json::json;

#[actix_web::test]
async fn two_users_see_each_others_messages_presence_and_read_marks() {
    let app = TestApp::spawn();
    let (alice, bob) = (app.buyer().await, app.buyer().await);
    let room = create_room(&alice, &room_name("Duo"), None).await;
    let id = room["id"].as_i64().unwrap();

    let (mut a, first) = enter(&app, &alice, id).await;
    assert_eq!(first["count"], 1);
    assert_eq!(first["users"][0]["id"], alice.user_id);
    let (mut b, second) = enter(&app, &bob, id).await;
    assert_eq!(second["count"], 2, "{second}");
    let enter_frame = a.next_json().await;
    assert_eq!((enter_frame["type"].as_str(), enter_frame["count"].as_i64()), (Some("enter"), Some(2)));
    assert_eq!(enter_frame["user"]["id"], bob.user_id);
    assert!(enter_frame["user"]["nickname"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(alice.get_json(&format!("/api/v1/chat/rooms/{id}")).await["participant_count"], 2);

    // A second socket of Bob's is no new presence; closing it is no leave.
    let (extra, again) = enter(&app, &bob, id).await;
    assert_eq!(again["count"], 2);
    extra.close().await;
    a.expect_silence(Duration::from_millis(300)).await;

    let sent = a.say("안녕하세요 <b>Bob</b>").await;
    let got = b.next_json().await;
    assert_eq!(got["type"], "message");
    assert_eq!(got["id"], sent["id"]);
    assert_eq!(got["text"], "안녕하세요 <b>Bob</b>", "text is passed on as text");
    assert_eq!(got["user"]["id"], alice.user_id);
    assert_eq!(got["room_id"], id);
    assert!(got.get("client_id").is_none(), "the client id is echoed to the sender only");

    for i in 0..5 {
        b.send_json(json!({"type": "message", "text": format!("reply {i}")})).await;
    }
    let mut ids = Vec::new();
    for i in 0..5 {
        let frame = a.next_of("message").await;
        assert_eq!(frame["text"], format!("reply {i}"));
        ids.push(frame["id"].as_i64().unwrap());
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]));

    a.send_json(json!({"type": "read", "message_id": ids[4]})).await;
    let read = b.next_of("read").await;
    assert_eq!(read, json!({"type": "read", "user_id": alice.user_id, "message_id": ids[4]}));

    b.close().await;
    let leave = a.next_of("leave").await;
    assert_eq!((leave["user"]["id"].as_i64(), leave["count"].as_i64()), (Some(bob.user_id), Some(1)));
    a.close().await;
}

#[actix_web::test]
async fn forged_reused_expired_and_other_room_tickets_are_refused_before_the_upgrade() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let room = create_room(&user, &room_name("Tix"), None).await["id"].as_i64().unwrap();
    let other = create_room(&user, &room_name("Other"), None).await["id"].as_i64().unwrap();
    let origin = format!("http://{}", app.addr);
    let refused = |r: Result<common::Ws, u16>| r.err();

    assert_eq!(refused(connect_with(&app, room, "forged-ticket", Some(&origin)).await), Some(401));
    assert_eq!(refused(connect_with(&app, room, "", Some(&origin)).await), Some(401));
    let plain = app.get(&format!("/ws/chat/{room}")).send().await.unwrap();
    assert_eq!(plain.status(), 401, "no ticket at all");
    let body = praline_testkit::body_json(plain).await;
    assert_eq!(body["error"]["code"], "ticket_invalid");

    let used = ticket(&user, room, None).await;
    let ws = connect(&app, room, &used).await;
    ws.close().await;
    assert_eq!(refused(connect_with(&app, room, &used, Some(&origin)).await), Some(401), "single use");

    let elsewhere = ticket(&user, other, None).await;
    assert_eq!(
        refused(connect_with(&app, room, &elsewhere, Some(&origin)).await),
        Some(401),
        "another room's"
    );

    let expired = ticket(&user, room, None).await;
    app.clock.advance(ChronoDuration::seconds(61));
    assert_eq!(refused(connect_with(&app, room, &expired, Some(&origin)).await), Some(401), "expired");

    let user = app.session(&user.email, &user.password).await;
    let fresh = ticket(&user, room, None).await;
    let foreign = connect_with(&app, room, &fresh, Some("https://evil.example")).await;
    assert_eq!(refused(foreign), Some(403), "a foreign origin");
    // The refused origin did not spend the ticket, and no Origin (not a browser) is fine.
    let ws = connect_with(&app, room, &fresh, None).await.expect("a client without Origin");
    ws.close().await;
    // Tickets need a signed-in user; the socket never takes an identity from the URL.
    let anonymous = app.post(&format!("/api/v1/chat/rooms/{room}/tickets")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let missing = user.post("/api/v1/chat/rooms/999999/tickets").send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[actix_web::test]
async fn bad_frames_get_error_frames_and_the_socket_stays_open() {
    let app = TestApp::spawn();
    let (alice, bob) = (app.buyer().await, app.buyer().await);
    let id = create_room(&alice, &room_name("Err"), None).await["id"].as_i64().unwrap();
    let (mut a, _) = enter(&app, &alice, id).await;
    let (mut b, _) = enter(&app, &bob, id).await;
    a.next_of("enter").await;

    let too_long = "가".repeat(1_001);
    a.send_json(json!({"type": "message", "text": too_long})).await;
    assert_eq!(a.next_json().await["code"], "message_too_long");
    a.send_json(json!({"type": "message", "text": "가".repeat(1_000)})).await;
    assert_eq!(a.next_of("message").await["text"].as_str().unwrap().chars().count(), 1_000);
    for bad in [
        "not json".to_string(),
        json!({"type": "shout", "text": "x"}).to_string(),
        json!({"type": "message"}).to_string(),
        json!({"type": "message", "text": "   "}).to_string(),
        json!({"type": "message", "text": "x", "client_id": "c".repeat(65)}).to_string(),
        json!({"type": "read", "message_id": 999_999_999}).to_string(),
    ] {
        a.send_text(bad.clone()).await;
        let error = a.next_json().await;
        assert_eq!(
            (error["type"].as_str(), error["code"].as_str()),
            (Some("error"), Some("invalid_frame")),
            "{bad}"
        );
    }
    a.send_binary(vec![1, 2, 3]).await;
    assert_eq!(a.next_json().await["code"], "invalid_frame");

    // 10 messages per 10 s per socket: the 1,000-character one counted; 9 more pass, then refused.
    for i in 0..9 {
        a.send_json(json!({"type": "message", "text": format!("burst {i}")})).await;
        assert_eq!(a.next_json().await["type"], "message");
    }
    a.send_json(json!({"type": "message", "text": "one too many"})).await;
    let limited = a.next_json().await;
    assert_eq!(limited["code"], "rate_limited", "{limited}");
    assert!(limited["retry_after"].as_u64().is_some_and(|s| (1..=10).contains(&s)));
    // Bob saw the 1,000-character message and the burst, never the refused one.
    let mut seen = Vec::new();
    for _ in 0..10 {
        seen.push(b.next_of("message").await["text"].as_str().unwrap().to_string());
    }
    assert!(!seen.contains(&"one too many".to_string()));
    b.expect_silence(Duration::from_millis(300)).await;
    let history = alice.get_json(&format!("/api/v1/chat/rooms/{id}/messages?limit=100")).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 10, "the refused message was not stored");

    // Another socket has its own budget; and the refused one still works: read marks pass.
    let newest = history["items"][0]["id"].as_i64().unwrap();
    a.send_json(json!({"type": "read", "message_id": newest})).await;
    assert_eq!(a.next_json().await["type"], "read");
    a.close().await;
    b.close().await;
}

#[actix_web::test]
async fn a_frame_over_8_kib_closes_the_socket_with_1009() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let id = create_room(&user, &room_name("Big"), None).await["id"].as_i64().unwrap();
    let (mut ws, _) = enter(&app, &user, id).await;
    ws.send_text(json!({"type": "message", "text": "x".repeat(9_000)}).to_string()).await;
    assert_eq!(ws.close_code().await, Some(1009));
}

#[actix_web::test]
async fn many_sockets_in_one_room_all_get_every_message_at_once() {
    let app = TestApp::spawn();
    let owner = app.buyer().await;
    let id = create_room(&owner, &room_name("Crowd"), None).await["id"].as_i64().unwrap();
    let mut sockets = Vec::new();
    for _ in 0..8 {
        let user = app.buyer().await;
        sockets.push(enter(&app, &user, id).await.0);
    }
    let (mut speaker, _) = enter(&app, &owner, id).await;
    let mut said = Vec::new();
    for i in 0..5 {
        said.push(speaker.say(&format!("to all {i}")).await["id"].clone());
    }
    let listeners = sockets.into_iter().map(|mut ws| {
        let said = said.clone();
        async move {
            for id in &said {
                assert_eq!(&ws.next_of("message").await["id"], id);
            }
            ws.close().await;
        }
    });
    futures_util::future::join_all(listeners).await;
    let count = owner.get_json(&format!("/api/v1/chat/rooms/{id}")).await["participant_count"].clone();
    assert!(count.as_i64().is_some_and(|c| c >= 1));
    speaker.close().await;
}

/// An app whose sockets are pinged every 200 ms and closed after 1 s of silence (API.md: 30 s
/// and 60 s; the rule is the same, the test is quicker).
fn app_with_short_timings() -> TestApp {
    TestApp::builder()
        .config(|c| {
            let mut chat = toml::Table::new();
            chat.insert("ping_ms".into(), toml::Value::Integer(200));
            chat.insert("idle_ms".into(), toml::Value::Integer(1_000));
            c.sections.insert("chat".into(), toml::Value::Table(chat));
        })
        .spawn()
}

#[actix_web::test]
async fn a_silent_socket_is_pinged_then_closed_and_one_that_answers_stays_open() {
    let app = app_with_short_timings();
    let (quiet, talker) = (app.buyer().await, app.buyer().await);
    let id = create_room(&quiet, &room_name("Idle"), None).await["id"].as_i64().unwrap();
    let (mut silent, _) = enter(&app, &quiet, id).await;
    let (mut answering, _) = enter(&app, &talker, id).await;
    // Both sockets are read at once: the answering one keeps answering pings (as browsers do)
    // while the silent one goes quiet until the server closes it.
    let (seen, leave) =
        tokio::join!(silent.silent_frames(Duration::from_secs(5)), answering.next_of("leave"));
    assert!(seen.iter().filter(|f| *f == "ping").count() >= 3, "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("close:1000"), "{seen:?}");
    // The one that answers every ping outlives the idle limit.
    assert_eq!(leave["user"]["id"], quiet.user_id);
    match answering.next_within(Duration::from_millis(1_500)).await {
        Next::Nothing => {}
        other => panic!("the answering socket should stay open, got {other:?}"),
    }
    answering.say("still here").await;
    answering.close().await;
}

#[actix_web::test]
async fn a_socket_carries_more_than_the_upload_limit_over_its_life() {
    // The request-body cap is for uploads; a chat socket's bytes add up over hours.
    let app = TestApp::builder().config(|c| c.http.upload_limit = 16 * 1024).spawn();
    let (alice, bob) = (app.buyer().await, app.buyer().await);
    let id = create_room(&alice, &room_name("Long"), None).await["id"].as_i64().unwrap();
    let (mut a, _) = enter(&app, &alice, id).await;
    let (mut b, _) = enter(&app, &bob, id).await;
    a.next_of("enter").await;
    // 12 frames of about 3 KB: twice the cap. Past ten the rate limit answers, and it answers.
    for i in 0..12 {
        a.send_json(json!({"type": "message", "text": format!("{i:02} {}", "가".repeat(997))})).await;
        let answer = a.next_json().await;
        let kind = if i < 10 { "message" } else { "error" };
        assert_eq!(answer["type"], kind, "frame {i}: {answer}");
    }
    for _ in 0..10 {
        assert_eq!(b.next_of("message").await["room_id"], id);
    }
    a.close().await;
    b.close().await;
}

#[actix_web::test]
async fn a_message_in_fragments_is_joined_and_fragments_over_8_kib_close_with_1009() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let id = create_room(&user, &room_name("Frag"), None).await["id"].as_i64().unwrap();
    let (mut ws, _) = enter(&app, &user, id).await;
    let frame = json!({"type": "message", "text": "조각난 메시지", "client_id": "f1"}).to_string();
    let (head, tail) = frame.split_at(10);
    let (middle, last) = tail.split_at(8);
    ws.send_fragments(&[head, middle, last]).await;
    let echo = ws.next_of("message").await;
    assert_eq!((echo["text"].as_str(), echo["client_id"].as_str()), (Some("조각난 메시지"), Some("f1")));

    // Each fragment is small, together they pass the 8 KiB a message may have.
    let big = json!({"type": "message", "text": "x".repeat(9_000)}).to_string();
    let parts: Vec<&str> = big.as_bytes().chunks(1_000).map(|c| std::str::from_utf8(c).unwrap()).collect();
    ws.send_fragments(&parts).await;
    assert_eq!(ws.close_code().await, Some(1009));
}

#[actix_web::test]
async fn frames_sent_along_with_the_handshake_are_served_after_the_hand_over() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let id = create_room(&user, &room_name("Early"), None).await["id"].as_i64().unwrap();
    let t = ticket(&user, id, None).await;
    let early = [json!({"type": "message", "text": "before the 101", "client_id": "e1"})];
    let (head, mut socket) = RawSocket::open(&app, &format!("/ws/chat/{id}?ticket={t}"), &early).await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="),
        "{head}"
    );
    assert_eq!(socket.next_json().await["type"], "participants");
    let echo = socket.next_json().await;
    assert_eq!((echo["text"].as_str(), echo["client_id"].as_str()), (Some("before the 101"), Some("e1")));
}

#[actix_web::test]
async fn a_refused_handshake_gets_the_error_envelope_and_the_connection_closes() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let id = create_room(&user, &room_name("Shut"), None).await["id"].as_i64().unwrap();
    let (head, socket) = RawSocket::open(&app, &format!("/ws/chat/{id}?ticket=forged"), &[]).await;
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    assert!(head.to_ascii_lowercase().contains("connection: close"), "{head}");
    let body = socket.rest().await;
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "ticket_invalid");

    // A WebSocket handshake to any other address gets that address's answer, then a close.
    let (head, socket) = RawSocket::open(&app, "/healthz", &[]).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body: serde_json::Value = serde_json::from_str(&socket.rest().await).unwrap();
    assert_eq!(body["status"], "ok", "{body}");
}
