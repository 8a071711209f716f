//! Row types and their queries, as `impl` blocks on the rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::db::Conn;

use crate::schema::{chat_members, chat_messages, chat_reads, chat_rooms};

/// A room row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = chat_rooms)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub description: String,
    pub password_hash: Option<String>,
    pub creator_id: i64,
    pub creator_slot: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = chat_rooms)]
pub(crate) struct NewRoom<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub description: &'a str,
    pub password_hash: Option<&'a str>,
    pub creator_id: i64,
    pub creator_slot: i32,
    pub created_at: NaiveDateTime,
}

impl Room {
    /// The room with `id`, if it exists.
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<Room>> {
        chat_rooms::table.find(id).select(Room::as_select()).first(conn).optional()
    }

    /// Whether a room already uses this lower-case name.
    pub fn name_key_taken(conn: &mut Conn, name_key: &str) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(chat_rooms::table.filter(chat_rooms::name_key.eq(name_key))))
            .get_result(conn)
    }

    /// The slots (1–3) the creator's rooms hold.
    pub fn slots_of(conn: &mut Conn, creator_id: i64) -> QueryResult<Vec<i32>> {
        chat_rooms::table
            .filter(chat_rooms::creator_id.eq(creator_id))
            .select(chat_rooms::creator_slot)
            .load(conn)
    }

    /// Whether the room has a password.
    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }
}

/// A member row (password rooms).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_members)]
pub struct Member {
    pub room_id: i64,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
}

impl Member {
    /// Whether `user_id` is a member of `room_id`.
    pub fn exists(conn: &mut Conn, room_id: i64, user_id: i64) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            chat_members::table
                .filter(chat_members::room_id.eq(room_id))
                .filter(chat_members::user_id.eq(user_id)),
        ))
        .get_result(conn)
    }
}

/// A message row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = chat_messages)]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub user_id: i64,
    pub text: String,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = chat_messages)]
pub(crate) struct NewMessage<'a> {
    pub room_id: i64,
    pub user_id: i64,
    pub text: &'a str,
    pub created_at: NaiveDateTime,
}

impl Message {
    /// Up to `limit` messages of the room older than `before` (all when `None`) and not older
    /// than `since`, newest first.
    pub fn page(
        conn: &mut Conn,
        room_id: i64,
        before: Option<i64>,
        since: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<Message>> {
        let mut query = chat_messages::table
            .filter(chat_messages::room_id.eq(room_id))
            .filter(chat_messages::created_at.ge(since))
            .select(Message::as_select())
            .order(chat_messages::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(chat_messages::id.lt(before));
        }
        query.load(conn)
    }

    /// Whether message `id` belongs to room `room_id`.
    pub fn in_room(conn: &mut Conn, room_id: i64, id: i64) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            chat_messages::table.filter(chat_messages::id.eq(id)).filter(chat_messages::room_id.eq(room_id)),
        ))
        .get_result(conn)
    }
}

/// A read mark row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = chat_reads)]
pub struct ReadMark {
    pub room_id: i64,
    pub user_id: i64,
    pub message_id: i64,
    pub updated_at: NaiveDateTime,
}

impl ReadMark {
    /// Every read mark of a room.
    pub fn of_room(conn: &mut Conn, room_id: i64) -> QueryResult<Vec<ReadMark>> {
        chat_reads::table
            .filter(chat_reads::room_id.eq(room_id))
            .select(ReadMark::as_select())
            .order(chat_reads::user_id.asc())
            .load(conn)
    }
}
