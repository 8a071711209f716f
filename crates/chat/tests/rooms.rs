//! Rooms, membership, history and the purge, through the real app (both backends).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Duration;
use common::{create_room, enter, room_name, ticket, ticket_response};
use diesel::prelude::*;
use praline_chat::model::{Member, Message, ReadMark, Room};
use praline_chat::schema::{chat_members, chat_messages, chat_reads, chat_rooms};
use praline_testkit::{TestApp, body_json};
use serde_json::json;

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = body_json(response).await;
    (status, body["error"]["code"].as_str().unwrap_or_default().to_string())
}

#[actix_web::test]
async fn a_room_shows_its_creator_and_whether_it_has_a_password() {
    let app = TestApp::spawn();
    let owner = app.buyer().await;
    let name = room_name("Open");
    let room = create_room(&owner, &format!("  {name} "), None).await;
    assert_eq!(room["name"], name.as_str(), "the name is trimmed");
    assert_eq!(room["has_password"], false);
    assert_eq!(room["creator"]["id"], owner.user_id);
    assert_eq!(room["participant_count"], 0);
    assert!(room.get("password_hash").is_none() && room.get("password").is_none());
    let locked = create_room(&owner, &room_name("Lock"), Some("1234")).await;
    assert_eq!(locked["has_password"], true);
    let fetched = owner.get_json(&format!("/api/v1/chat/rooms/{}", locked["id"])).await;
    assert_eq!(fetched["id"], locked["id"]);
    let missing = owner.get("/api/v1/chat/rooms/999999").send().await.unwrap();
    assert_eq!(error_code(missing).await, (404, "not_found".into()));
    let anonymous = app.get("/api/v1/chat/rooms").send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[actix_web::test]
async fn room_input_out_of_its_limits_is_refused_with_the_field() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let cases = [
        (json!({"name": "   "}), "name"),
        (json!({"name": "12345678901"}), "name"),
        (json!({"name": "ok", "description": "d".repeat(51)}), "description"),
        (json!({"name": "ok", "password": "123"}), "password"),
        (json!({"name": "ok", "password": "p".repeat(65)}), "password"),
    ];
    for (body, field) in cases {
        let response = user.post("/api/v1/chat/rooms").json(&body).send().await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let body = body_json(response).await;
        assert!(body["error"]["fields"][field].is_string(), "{body}");
    }
    let unknown = user.post("/api/v1/chat/rooms").json(&json!({"name": "x", "creator_id": 1})).send().await;
    assert_eq!(unknown.unwrap().status(), 400);
    // Ten Hangul syllables are ten characters.
    create_room(&user, "초콜릿초콜릿초콜릿초", None).await;
}

#[actix_web::test]
async fn a_room_name_is_unique_without_regard_to_case() {
    let app = TestApp::spawn();
    let (a, b) = (app.buyer().await, app.buyer().await);
    let name = room_name("Choc");
    create_room(&a, &name, None).await;
    let taken =
        b.post("/api/v1/chat/rooms").json(&json!({"name": name.to_uppercase()})).send().await.unwrap();
    assert_eq!(error_code(taken).await, (409, "room_name_taken".into()));
    let lower =
        b.post("/api/v1/chat/rooms").json(&json!({"name": name.to_lowercase()})).send().await.unwrap();
    assert_eq!(error_code(lower).await, (409, "room_name_taken".into()));
}

#[actix_web::test]
async fn a_user_holds_at_most_three_rooms_even_when_creating_them_at_once() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let attempts = (0..6).map(|i| {
        let user = user.clone();
        async move {
            let body = json!({"name": room_name(&format!("R{i}"))});
            user.post("/api/v1/chat/rooms").json(&body).send().await.unwrap()
        }
    });
    let responses = futures_util::future::join_all(attempts).await;
    let mut created = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => created += 1,
            _ => assert_eq!(error_code(response).await, (409, "room_limit".into())),
        }
    }
    assert_eq!(created, 3);
    // Deleting one frees a slot.
    let list = user.get_json("/api/v1/chat/rooms?per_page=100").await;
    let mine = list["items"].as_array().unwrap().iter().find(|r| r["creator"]["id"] == user.user_id).unwrap();
    let deleted = user.delete(&format!("/api/v1/chat/rooms/{}", mine["id"])).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    create_room(&user, &room_name("Again"), None).await;
}

#[actix_web::test]
async fn the_room_list_is_newest_first_searchable_and_paged() {
    let app = TestApp::spawn();
    let (a, b) = (app.buyer().await, app.buyer().await);
    let first = create_room(&a, "Dark 70%", None).await;
    app.clock.advance(Duration::seconds(1));
    let second = create_room(&a, "MILK_bar", Some("secret")).await;
    app.clock.advance(Duration::seconds(1));
    let third = create_room(&b, "dark chips", None).await;
    let all = a.get_json("/api/v1/chat/rooms").await;
    let ids: Vec<_> = all["items"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, vec![third["id"].clone(), second["id"].clone(), first["id"].clone()]);
    assert_eq!(all["total"], 3);
    let dark = a.get_json("/api/v1/chat/rooms?q=DARK").await;
    assert_eq!(dark["total"], 2);
    // LIKE wildcards are searched as text.
    let percent = a.get_json("/api/v1/chat/rooms?q=%25").await;
    assert_eq!(percent["total"], 1);
    let underscore = a.get_json("/api/v1/chat/rooms?q=_").await;
    assert_eq!(underscore["items"][0]["id"], second["id"]);
    let paged = a.get_json("/api/v1/chat/rooms?page=2&per_page=2").await;
    assert_eq!(paged["items"].as_array().unwrap().len(), 1);
    assert_eq!((paged["page"].as_i64(), paged["per_page"].as_i64()), (Some(2), Some(2)));
    let bad = a.get("/api/v1/chat/rooms?per_page=0").send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[actix_web::test]
async fn only_the_creator_deletes_a_room_and_only_when_nobody_is_connected() {
    let app = TestApp::spawn();
    let (owner, guest) = (app.buyer().await, app.buyer().await);
    let room = create_room(&owner, &room_name("Del"), None).await;
    let id = room["id"].as_i64().unwrap();
    let path = format!("/api/v1/chat/rooms/{id}");
    let (mut ws, _) = enter(&app, &guest, id).await;
    let said = ws.say("bye soon").await;
    assert!(said["id"].as_i64().is_some());
    let not_mine = guest.delete(&path).send().await.unwrap();
    assert_eq!(error_code(not_mine).await, (403, "forbidden".into()));
    let busy = owner.delete(&path).send().await.unwrap();
    assert_eq!(error_code(busy).await, (409, "room_busy".into()));
    assert_eq!(owner.get_json(&path).await["participant_count"], 1);
    ws.close().await;
    let gone = common::eventually(std::time::Duration::from_secs(3), || async {
        owner.get_json(&path).await["participant_count"] == 0
    })
    .await;
    assert!(gone, "the participant count drops when the socket closes");
    assert_eq!(owner.delete(&path).send().await.unwrap().status(), 204);
    assert_eq!(owner.get(&path).send().await.unwrap().status(), 404);
    let mut conn = app.state.pool.get().unwrap();
    let left: i64 =
        chat_messages::table.filter(chat_messages::room_id.eq(id)).count().get_result(&mut *conn).unwrap();
    assert_eq!(left, 0, "its messages went too");
    assert_eq!(owner.delete(&path).send().await.unwrap().status(), 404);
}

#[actix_web::test]
async fn a_password_room_refuses_a_wrong_password_and_then_too_many_tries() {
    let app = TestApp::spawn();
    let (owner, guest) = (app.buyer().await, app.buyer().await);
    let room = create_room(&owner, &room_name("Pw"), Some("open sesame")).await;
    let id = room["id"].as_i64().unwrap();
    // The creator is a member; no password needed.
    ticket(&owner, id, None).await;
    let none = ticket_response(&guest, id, None).await;
    assert_eq!(error_code(none).await, (403, "wrong_password".into()));
    for _ in 0..9 {
        let wrong = ticket_response(&guest, id, Some("open sesame!")).await;
        assert_eq!(error_code(wrong).await, (403, "wrong_password".into()));
    }
    let tenth = ticket_response(&guest, id, Some("Open Sesame")).await;
    assert_eq!(error_code(tenth).await, (403, "wrong_password".into()));
    let limited = ticket_response(&guest, id, Some("open sesame")).await;
    assert!(limited.headers().get("retry-after").is_some());
    assert_eq!(error_code(limited).await, (429, "rate_limited".into()));
    // Another user is counted apart; the right password makes them a member for good.
    let other = app.buyer().await;
    ticket(&other, id, Some("open sesame")).await;
    ticket(&other, id, None).await;
    // A minute later the guest may try again.
    app.clock.advance(Duration::seconds(61));
    ticket(&guest, id, Some("open sesame")).await;
}

#[actix_web::test]
async fn a_password_room_lets_only_members_read_its_history() {
    let app = TestApp::spawn();
    let (owner, guest) = (app.buyer().await, app.buyer().await);
    let room = create_room(&owner, &room_name("Hist"), Some("pass1")).await;
    let id = room["id"].as_i64().unwrap();
    let path = format!("/api/v1/chat/rooms/{id}/messages");
    assert_eq!(owner.get(&path).send().await.unwrap().status(), 200);
    let refused = guest.get(&path).send().await.unwrap();
    assert_eq!(error_code(refused).await, (403, "not_member".into()));
    ticket(&guest, id, Some("pass1")).await;
    assert_eq!(guest.get(&path).send().await.unwrap().status(), 200);
    let missing = guest.get("/api/v1/chat/rooms/999999/messages").send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[actix_web::test]
async fn history_is_cursor_paged_newest_first_with_read_marks() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let room = create_room(&user, &room_name("Page"), None).await;
    let id = room["id"].as_i64().unwrap();
    let (mut ws, _) = enter(&app, &user, id).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(ws.say(&format!("message {i}")).await["id"].as_i64().unwrap());
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids grow in send order");
    ws.send_json(json!({"type": "read", "message_id": ids[3]})).await;
    assert_eq!(ws.next_of("read").await["message_id"], ids[3]);
    // Marks only move forward: an older one changes nothing and is not broadcast.
    ws.send_json(json!({"type": "read", "message_id": ids[1]})).await;
    ws.expect_silence(std::time::Duration::from_millis(300)).await;

    let path = format!("/api/v1/chat/rooms/{id}/messages");
    let first = user.get_json(&format!("{path}?limit=2")).await;
    let got: Vec<i64> =
        first["items"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(got, vec![ids[4], ids[3]]);
    assert_eq!(first["items"][0]["user"]["id"], user.user_id);
    assert_eq!(first["items"][0]["text"], "message 4");
    assert_eq!(first["next_before"], ids[3]);
    assert_eq!(first["reads"], json!([{"user_id": user.user_id, "message_id": ids[3]}]));
    let second = user.get_json(&format!("{path}?limit=2&before={}", ids[3])).await;
    assert_eq!(second["items"][0]["id"], ids[2]);
    let last = user.get_json(&format!("{path}?limit=2&before={}", ids[1])).await;
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert!(last["next_before"].is_null(), "null at the start of the history");
    for bad in ["limit=0", "limit=101", "before=0", "before=x"] {
        assert_eq!(user.get(&format!("{path}?{bad}")).send().await.unwrap().status(), 400, "{bad}");
    }
    ws.close().await;
}

#[actix_web::test]
async fn the_purge_job_removes_messages_older_than_seven_days_and_history_hides_them() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let room = create_room(&user, &room_name("Old"), None).await;
    let id = room["id"].as_i64().unwrap();
    let (mut ws, _) = enter(&app, &user, id).await;
    ws.say("old news").await;
    app.clock.advance(Duration::days(6));
    ws.say("recent").await;
    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    // A week on, the access token has long expired: sign in again.
    let user = app.session(&user.email, &user.password).await;
    let path = format!("/api/v1/chat/rooms/{id}/messages");
    let visible = user.get_json(&path).await;
    assert_eq!(visible["items"].as_array().unwrap().len(), 1, "history covers 7 days");
    let report = praline_gateway::jobs::run_now(&app.state, "chat.purge_messages").await.unwrap();
    assert!(report.contains("removed 1 "), "{report}");
    let mut conn = app.state.pool.get().unwrap();
    let texts: Vec<String> = chat_messages::table
        .filter(chat_messages::room_id.eq(id))
        .select(chat_messages::text)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(texts, vec!["recent".to_string()]);
    // Under its lease, one gateway runs it once per period.
    let ran = praline_gateway::jobs::run_due(&app.state, "gateway-a").await;
    assert!(ran.contains(&"chat.purge_messages"));
    let again = praline_gateway::jobs::run_due(&app.state, "gateway-b").await;
    assert!(!again.contains(&"chat.purge_messages"));
    ws.close().await;
}

#[actix_web::test]
async fn every_chat_table_loads_through_its_model() {
    let app = TestApp::spawn();
    let (owner, guest) = (app.buyer().await, app.buyer().await);
    let room = create_room(&owner, &room_name("Rows"), Some("pass1")).await;
    let id = room["id"].as_i64().unwrap();
    ticket(&guest, id, Some("pass1")).await;
    let (mut ws, _) = enter(&app, &guest, id).await;
    let message = ws.say("hello").await;
    ws.send_json(json!({"type": "read", "message_id": message["id"]})).await;
    ws.next_of("read").await;
    ws.close().await;
    let mut conn = app.state.pool.get().unwrap();
    let rooms: Vec<Room> = chat_rooms::table.select(Room::as_select()).load(&mut *conn).unwrap();
    assert!(
        rooms[0].password_hash.as_deref().is_some_and(|h| h.starts_with("$pbc1$")),
        "hashed like accounts"
    );
    assert_eq!(rooms[0].name_key, rooms[0].name.to_lowercase());
    let members: Vec<Member> = chat_members::table.select(Member::as_select()).load(&mut *conn).unwrap();
    assert_eq!(members.len(), 2, "the creator and the guest");
    let messages: Vec<Message> = chat_messages::table.select(Message::as_select()).load(&mut *conn).unwrap();
    assert_eq!(messages[0].text, "hello");
    let reads: Vec<ReadMark> = chat_reads::table.select(ReadMark::as_select()).load(&mut *conn).unwrap();
    assert_eq!(reads[0].message_id, message["id"].as_i64().unwrap());
}

#[actix_web::test]
async fn a_ticket_password_over_64_characters_is_invalid_even_for_an_open_room() {
    let app = TestApp::spawn();
    let user = app.buyer().await;
    let id = create_room(&user, &room_name("Long"), None).await["id"].as_i64().unwrap();
    let long = ticket_response(&user, id, Some(&"p".repeat(65))).await;
    assert_eq!(error_code(long).await, (400, "invalid_input".into()));
    // A password given for an open room is not needed and does no harm.
    ticket(&user, id, Some("anything")).await;
}
