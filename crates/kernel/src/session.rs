//! Whether the session an access token names is still open.
//!
//! An access token lives 15 minutes, but logout, a password change or reset, a suspension and a
//! withdrawal end sessions at once. The `AuthUser` extractor therefore asks a [`SessionGuard`]
//! about the token's session: the answer comes from the domain that owns sessions (a
//! [`SessionCheck`], which the gateway wires to accounts; the kernel never names its tables) and
//! is remembered for [`SessionGuard::recheck_after`]. So a revoked session's tokens are refused
//! at once by a gateway that was told ([`SessionGuard::forget_user`]) and by every other gateway
//! within that bound, and a request pays one primary-key lookup per session and bound at most.
//! Requests without a token pay nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};

use crate::auth::{ACCESS_TOKEN_SECONDS, AuthUser};
use crate::db::{self, Conn, DbError, Pool};
use crate::error::ApiError;

/// The domain that owns sessions answers whether one is still open.
pub trait SessionCheck: Send + Sync + 'static {
    /// True while `session_id` belongs to `user_id` and has not been revoked.
    fn is_open(&self, conn: &mut Conn, user_id: i64, session_id: i64) -> Result<bool, DbError>;
}

/// How long an "open" answer is trusted before the session is looked up again: the longest a
/// revoked session's token keeps working on a gateway that did not revoke it.
pub const RECHECK_MILLIS: i64 = 1_000;

/// Entries kept before finished ones are dropped.
const PRUNE_AT: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Seen {
    user_id: i64,
    open: bool,
    at: DateTime<Utc>,
}

/// Remembers recent answers of a [`SessionCheck`] per session.
pub struct SessionGuard {
    check: Option<Arc<dyn SessionCheck>>,
    recheck_after: Duration,
    seen: Mutex<HashMap<i64, Seen>>,
    // Bumped by every `forget_user`, so an answer read before a revocation is not remembered.
    generation: AtomicU64,
}

impl std::fmt::Debug for SessionGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionGuard").field("checked", &self.check.is_some()).finish_non_exhaustive()
    }
}

impl SessionGuard {
    /// A guard asking `check`, trusting an "open" answer for [`RECHECK_MILLIS`].
    pub fn new(check: Arc<dyn SessionCheck>) -> SessionGuard {
        SessionGuard {
            check: Some(check),
            recheck_after: Duration::milliseconds(RECHECK_MILLIS),
            seen: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// A guard that accepts every validly signed token (tools without sessions).
    pub fn unchecked() -> SessionGuard {
        SessionGuard {
            check: None,
            recheck_after: Duration::zero(),
            seen: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// How long an "open" answer is trusted.
    pub fn recheck_after(&self) -> Duration {
        self.recheck_after
    }

    /// Refuses (401) a token whose session was revoked.
    pub async fn ensure_open(
        &self,
        pool: &Pool,
        user: &AuthUser,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let Some(check) = &self.check else { return Ok(()) };
        let remembered = self.table().get(&user.session_id).copied();
        let open = match remembered {
            // A revoked session never reopens.
            Some(seen) if seen.user_id == user.id && !seen.open => false,
            Some(seen) if seen.user_id == user.id && now - seen.at < self.recheck_after => true,
            _ => {
                let generation = self.generation.load(Ordering::Acquire);
                let (check, user_id, session_id) = (check.clone(), user.id, user.session_id);
                let open = db::run(pool, move |conn| check.is_open(conn, user_id, session_id))
                    .await
                    .map_err(ApiError::internal)?;
                self.remember(session_id, Seen { user_id, open, at: now }, generation);
                open
            }
        };
        if open { Ok(()) } else { Err(ApiError::unauthenticated("This session has ended. Sign in again.")) }
    }

    /// Drops what this gateway remembers about `user_id`'s sessions; call it after revoking any
    /// of them, so the next request looks again.
    pub fn forget_user(&self, user_id: i64) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.table().retain(|_, seen| seen.user_id != user_id || !seen.open);
    }

    fn remember(&self, session_id: i64, seen: Seen, generation: u64) {
        let mut table = self.table();
        if seen.open && self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if table.len() >= PRUNE_AT {
            // Open answers go stale after the bound; closed ones once their tokens have expired.
            let now = seen.at;
            let token_life = Duration::seconds(ACCESS_TOKEN_SECONDS + 60);
            table.retain(|_, s| now - s.at < if s.open { self.recheck_after } else { token_life });
        }
        table.insert(session_id, seen);
    }

    fn table(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Seen>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }
}
