-- Chat rooms, their members (for password rooms), messages (kept 7 days) and read marks.
-- A creator holds at most 3 rooms: each room takes one of the creator's slots 1-3, and the
-- unique (creator_id, creator_slot) settles racing creations without locks.
CREATE TABLE chat_rooms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- The name in lower case: names are unique without regard to case.
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    password_hash TEXT,
    creator_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    creator_slot INTEGER NOT NULL CHECK (creator_slot BETWEEN 1 AND 3),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (creator_id, creator_slot)
);
CREATE INDEX chat_rooms_newest ON chat_rooms (created_at, id);

-- Who once got a ticket with the right password (and the creator of a password room).
CREATE TABLE chat_members (
    room_id BIGINT NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX chat_messages_room ON chat_messages (room_id, id);
CREATE INDEX chat_messages_age ON chat_messages (created_at);

-- How far each user has read in a room; only ever moves forward.
CREATE TABLE chat_reads (
    room_id BIGINT NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    message_id BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
