//! Use cases: `fn(conn, actor, typed input) -> Result<T, CommunityError>`.
