//! Use cases: `fn(conn, actor, typed input) -> Result<T, ChatError>`.
//!
//! Rooms (unique names without regard to case, at most 3 per creator, an optional password),
//! membership of password rooms, messages (1–1,000 characters, kept 7 days), history pages and
//! read marks. Who is connected lives in [`crate::hub`]; the HTTP layer brings the two together.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::PageRequest;

use crate::error::ChatError;
use crate::model::{Member, Message, NewMessage, NewRoom, ReadMark, Room};
use crate::schema::{chat_members, chat_messages, chat_reads, chat_rooms};

/// Longest room name, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 10;
/// Longest room description, in characters (after trimming).
pub const MAX_DESCRIPTION_CHARS: usize = 50;
/// Room password length, in characters.
pub const PASSWORD_CHARS: (usize, usize) = (4, 64);
/// Rooms one user may hold.
pub const MAX_ROOMS_PER_CREATOR: i32 = 3;
/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1_000;
/// How long messages are kept.
pub const RETENTION_DAYS: i64 = 7;
/// Largest history page.
pub const MAX_HISTORY_LIMIT: i64 = 100;
/// History page size when the client does not say.
pub const DEFAULT_HISTORY_LIMIT: i64 = 50;

/// A checked room name: trimmed, 1–10 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomName(String);

impl RoomName {
    pub fn parse(raw: &str) -> Result<RoomName, ChatError> {
        let name = raw.trim();
        let count = name.chars().count();
        if count == 0 || count > MAX_NAME_CHARS {
            return Err(ChatError::invalid("name", format!("Use 1 to {MAX_NAME_CHARS} characters.")));
        }
        if name.chars().any(char::is_control) {
            return Err(ChatError::invalid("name", "Control characters are not allowed."));
        }
        Ok(RoomName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key names are unique by: the name in lower case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// Trims a description and checks its length (at most 50 characters).
pub fn parse_description(raw: Option<&str>) -> Result<String, ChatError> {
    let text = raw.unwrap_or_default().trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ChatError::invalid(
            "description",
            format!("At most {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(ChatError::invalid("description", "Control characters are not allowed."));
    }
    Ok(text.to_string())
}

/// Checks a new room password's length (4–64 characters, taken as typed).
pub fn check_password(raw: &str) -> Result<(), ChatError> {
    let count = raw.chars().count();
    if !(PASSWORD_CHARS.0..=PASSWORD_CHARS.1).contains(&count) {
        return Err(ChatError::invalid(
            "password",
            format!("Use {} to {} characters.", PASSWORD_CHARS.0, PASSWORD_CHARS.1),
        ));
    }
    Ok(())
}

/// Checks a message's text: 1–1,000 characters, not only spaces.
pub fn check_message_text(text: &str) -> Result<(), ChatError> {
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ChatError::invalid("text", format!("At most {MAX_MESSAGE_CHARS} characters.")));
    }
    if text.trim().is_empty() {
        return Err(ChatError::invalid("text", "Write something first."));
    }
    Ok(())
}

/// A room to create; the password already hashed by the caller (hashing is slow and async).
#[derive(Debug, Clone)]
pub struct CreateRoom {
    pub name: RoomName,
    pub description: String,
    pub password_hash: Option<String>,
}

fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Creates a room for `creator_id`: 409 `room_name_taken` when the name (in any case) is used,
/// 409 `room_limit` when the creator already holds 3 rooms. A password room makes its creator a
/// member.
pub fn create_room(
    conn: &mut Conn,
    creator_id: i64,
    input: CreateRoom,
    now: DateTime<Utc>,
) -> Result<Room, ChatError> {
    let key = input.name.key();
    // Racing creations by one creator collide on (creator_id, creator_slot): try the next slot.
    for _ in 0..MAX_ROOMS_PER_CREATOR {
        let attempt = db::transaction(conn, |conn| -> Result<Room, ChatError> {
            if Room::name_key_taken(conn, &key)? {
                return Err(ChatError::NameTaken);
            }
            let used = Room::slots_of(conn, creator_id)?;
            let Some(slot) = (1..=MAX_ROOMS_PER_CREATOR).find(|s| !used.contains(s)) else {
                return Err(ChatError::RoomLimit);
            };
            let inserted = diesel::insert_into(chat_rooms::table)
                .values(NewRoom {
                    name: input.name.as_str(),
                    name_key: &key,
                    description: &input.description,
                    password_hash: input.password_hash.as_deref(),
                    creator_id,
                    creator_slot: slot,
                    created_at: now.naive_utc(),
                })
                .get_result::<(i64, String, String, String, Option<String>, i64, i32, chrono::NaiveDateTime)>(
                    conn,
                );
            match inserted {
                Ok(row) => {
                    let room = Room {
                        id: row.0,
                        name: row.1,
                        name_key: row.2,
                        description: row.3,
                        password_hash: row.4,
                        creator_id: row.5,
                        creator_slot: row.6,
                        created_at: row.7,
                    };
                    if room.has_password() {
                        diesel::insert_into(chat_members::table)
                            .values(Member {
                                room_id: room.id,
                                user_id: creator_id,
                                created_at: now.naive_utc(),
                            })
                            .execute(conn)?;
                    }
                    Ok(room)
                }
                Err(e) => Err(e.into()),
            }
        });
        match attempt {
            Ok(room) => return Ok(room),
            // A unique key said no (the transaction rolled back): the name, or a slot another
            // request of this creator just took.
            Err(ChatError::Query(e)) if is_unique_violation(&e) => {
                if Room::name_key_taken(conn, &key)? {
                    return Err(ChatError::NameTaken);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(ChatError::RoomLimit)
}

/// Rooms whose name contains `q` (without regard to case), newest first, and their total.
pub fn list_rooms(
    conn: &mut Conn,
    q: Option<&str>,
    page: PageRequest,
) -> Result<(Vec<Room>, i64), ChatError> {
    let pattern = q.map(str::trim).filter(|q| !q.is_empty()).map(|q| like_pattern(&q.to_lowercase()));
    let filtered = || {
        let mut query = chat_rooms::table.into_boxed();
        if let Some(p) = &pattern {
            query = query.filter(chat_rooms::name_key.like(p.clone()).escape('\\'));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rooms = filtered()
        .select(Room::as_select())
        .order((chat_rooms::created_at.desc(), chat_rooms::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .load(conn)?;
    Ok((rooms, total))
}

fn like_pattern(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One room, or 404.
pub fn get_room(conn: &mut Conn, id: i64) -> Result<Room, ChatError> {
    Room::find(conn, id)?.ok_or(ChatError::RoomNotFound)
}

/// Deletes a room with its messages, members and read marks: 404 when missing, 403 unless the
/// actor created it, 409 `room_busy` when `busy` (someone is connected, as the hub said).
pub fn delete_room(conn: &mut Conn, actor: i64, id: i64, busy: bool) -> Result<(), ChatError> {
    let room = get_room(conn, id)?;
    if room.creator_id != actor {
        return Err(ChatError::NotCreator);
    }
    if busy {
        return Err(ChatError::RoomBusy);
    }
    db::transaction(conn, |conn| -> Result<(), ChatError> {
        diesel::delete(chat_reads::table.filter(chat_reads::room_id.eq(id))).execute(conn)?;
        diesel::delete(chat_messages::table.filter(chat_messages::room_id.eq(id))).execute(conn)?;
        diesel::delete(chat_members::table.filter(chat_members::room_id.eq(id))).execute(conn)?;
        diesel::delete(chat_rooms::table.filter(chat_rooms::id.eq(id))).execute(conn)?;
        Ok(())
    })
}

/// What a user needs to get a ticket for a room: the room, and whether a password must be
/// checked (a password room the user is not a member of).
#[derive(Debug, Clone)]
pub struct TicketAccess {
    pub room: Room,
    pub needs_password: bool,
}

/// Whether `user_id` may get a ticket for `room_id` as things stand.
pub fn ticket_access(conn: &mut Conn, user_id: i64, room_id: i64) -> Result<TicketAccess, ChatError> {
    let room = get_room(conn, room_id)?;
    let needs_password = room.has_password() && !Member::exists(conn, room_id, user_id)?;
    Ok(TicketAccess { room, needs_password })
}

/// Records that `user_id` gave the right password of `room_id` (idempotent).
pub fn add_member(conn: &mut Conn, room_id: i64, user_id: i64, now: DateTime<Utc>) -> Result<(), ChatError> {
    let inserted = diesel::insert_into(chat_members::table)
        .values(Member { room_id, user_id, created_at: now.naive_utc() })
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A page of history, newest first.
#[derive(Debug, Clone)]
pub struct History {
    pub items: Vec<Message>,
    /// The id to pass as `before` for the next (older) page; `None` at the start.
    pub next_before: Option<i64>,
    pub reads: Vec<ReadMark>,
}

/// The history of a room older than `before`, covering the last 7 days; 403 `not_member` for a
/// password room the user has not entered.
pub fn history(
    conn: &mut Conn,
    user_id: i64,
    room_id: i64,
    before: Option<i64>,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<History, ChatError> {
    let access = ticket_access(conn, user_id, room_id)?;
    if access.needs_password {
        return Err(ChatError::NotMember);
    }
    let limit = limit.clamp(1, MAX_HISTORY_LIMIT);
    let since = (now - Duration::days(RETENTION_DAYS)).naive_utc();
    let mut items = Message::page(conn, room_id, before, since, limit + 1)?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_before = if more { items.last().map(|m| m.id) } else { None };
    let reads = ReadMark::of_room(conn, room_id)?;
    Ok(History { items, next_before, reads })
}

/// Stores a message (the room must still exist); checked text only.
pub fn post_message(
    conn: &mut Conn,
    room_id: i64,
    user_id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Message, ChatError> {
    check_message_text(text)?;
    let row = diesel::insert_into(chat_messages::table)
        .values(NewMessage { room_id, user_id, text, created_at: now.naive_utc() })
        .get_result::<(i64, i64, i64, String, chrono::NaiveDateTime)>(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                _,
            ) => ChatError::RoomNotFound,
            e => e.into(),
        })?;
    Ok(Message { id: row.0, room_id: row.1, user_id: row.2, text: row.3, created_at: row.4 })
}

/// Moves `user_id`'s read mark in `room_id` forward to `message_id`; true when it moved.
/// A message of another room (or none) is refused as invalid.
pub fn mark_read(
    conn: &mut Conn,
    room_id: i64,
    user_id: i64,
    message_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, ChatError> {
    if !Message::in_room(conn, room_id, message_id)? {
        return Err(ChatError::invalid("message_id", "No such message in this room."));
    }
    // No transaction: the update only moves forward and the insert is decided by the key.
    {
        let moved = diesel::update(
            chat_reads::table
                .filter(chat_reads::room_id.eq(room_id))
                .filter(chat_reads::user_id.eq(user_id))
                .filter(chat_reads::message_id.lt(message_id)),
        )
        .set((chat_reads::message_id.eq(message_id), chat_reads::updated_at.eq(now.naive_utc())))
        .execute(conn)?;
        if moved == 1 {
            return Ok(true);
        }
        let inserted = diesel::insert_into(chat_reads::table)
            .values(ReadMark { room_id, user_id, message_id, updated_at: now.naive_utc() })
            .execute(conn);
        match inserted {
            Ok(_) => Ok(true),
            // A mark at or past this message already exists: marks only move forward.
            Err(e) if is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Removes messages older than 7 days; returns how many went.
pub fn purge_messages(conn: &mut Conn, now: DateTime<Utc>) -> Result<usize, ChatError> {
    let cutoff = (now - Duration::days(RETENTION_DAYS)).naive_utc();
    Ok(diesel::delete(chat_messages::table.filter(chat_messages::created_at.lt(cutoff))).execute(conn)?)
}

/// How a user appears in chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: i64,
    pub nickname: String,
    pub avatar_key: Option<String>,
}

/// The profiles of `ids` (one query through accounts), by id.
pub fn profiles(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, Profile>, ChatError> {
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let users = praline_accounts::model::User::many(conn, &wanted)?;
    Ok(users
        .into_iter()
        .map(|u| (u.id, Profile { id: u.id, nickname: u.nickname, avatar_key: u.avatar_key }))
        .collect())
}
