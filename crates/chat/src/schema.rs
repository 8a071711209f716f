//! The tables this crate owns.

diesel::table! {
    /// A chat room; `name_key` (the name in lower case) is unique, and each creator holds at
    /// most three slots (`creator_slot` 1–3, unique per creator).
    chat_rooms (id) {
        id -> BigInt,
        name -> Text,
        name_key -> Text,
        description -> Text,
        password_hash -> Nullable<Text>,
        creator_id -> BigInt,
        creator_slot -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Members of password rooms: who once got a ticket with the right password.
    chat_members (room_id, user_id) {
        room_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Messages, kept for 7 days; ids grow in send order.
    chat_messages (id) {
        id -> BigInt,
        room_id -> BigInt,
        user_id -> BigInt,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Each user's read mark in a room; it only moves forward.
    chat_reads (room_id, user_id) {
        room_id -> BigInt,
        user_id -> BigInt,
        message_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(chat_rooms, chat_members, chat_messages, chat_reads);
