//! Use cases: `fn(conn, actor, typed input, now) -> Result<T, CommunityError>`. No HTTP here.
//!
//! Every count another crate keeps for us (a product's wish count on catalog, a seller's
//! follower count on accounts) moves in the same transaction as the row that justifies it, and
//! a set/unset is one `INSERT … ON CONFLICT DO NOTHING` or `DELETE` whose affected-row count
//! decides whether the count moves: repeats and races leave one row and a right count.

pub mod attendance;
pub mod follow;
pub mod inquiry;
pub mod notice;
pub mod quiz;
pub mod review;
pub mod support;
pub mod wish;

use std::collections::BTreeMap;

use praline_accounts::service as accounts;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::error::CommunityError;

/// What the quiz recommends for one result type: these products first, then the most wished
/// on-sale products of these categories, at most three in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuizPicks {
    pub products: Vec<i64>,
    pub categories: Vec<i64>,
}

/// The `[community]` configuration section.
///
/// ```toml
/// [community.quiz.BCTA]
/// products = [12, 7]
/// categories = [1]
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommunityConfig {
    /// Quiz result type (e.g. `BCTA`) → what it recommends. Types left out recommend nothing.
    pub quiz: BTreeMap<String, QuizPicks>,
}

impl CommunityConfig {
    /// Reads `[community]` from the configuration (once, at start-up) and checks the type names.
    pub fn load(config: &praline_kernel::config::Config) -> Result<CommunityConfig, String> {
        let settings =
            config.section::<CommunityConfig>("community").map_err(|e| format!("[community]: {e}"))?;
        if let Some(unknown) = settings.quiz.keys().find(|k| quiz::ResultType::parse(k).is_none()) {
            return Err(format!(
                "[community.quiz]: {unknown} is not a quiz type (four letters: B/S, C/M, T/N, A/G)"
            ));
        }
        Ok(settings)
    }
}

/// Refuses unless `user_id`'s account is active (a suspended user's token stops working).
pub fn require_active(conn: &mut Conn, user_id: i64) -> Result<(), CommunityError> {
    accounts::active_account(conn, user_id)?;
    Ok(())
}

/// Refuses unless `user_id` is an active administrator (checked in the database).
pub fn require_admin(conn: &mut Conn, user_id: i64) -> Result<(), CommunityError> {
    accounts::require_admin(conn, user_id)?;
    Ok(())
}

/// True when `user_id` is an active administrator.
pub fn is_admin(conn: &mut Conn, user_id: i64) -> Result<bool, CommunityError> {
    match accounts::require_admin(conn, user_id) {
        Ok(_) => Ok(true),
        Err(praline_accounts::AccountsError::NotAdmin | praline_accounts::AccountsError::Inactive) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Trimmed text of `min..=max` characters, or a 400 on `field`.
pub fn check_text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, CommunityError> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars < min {
        return Err(CommunityError::invalid(
            field,
            if min <= 1 { "Enter some text.".to_string() } else { format!("At least {min} characters.") },
        ));
    }
    if chars > max {
        return Err(CommunityError::invalid(field, format!("At most {max} characters.")));
    }
    Ok(text.to_string())
}

/// Runs one insert in a savepoint and says whether it wrote the row: a unique clash (a repeat,
/// or a concurrent request that got there first) is `false` and leaves the caller's
/// transaction usable on PostgreSQL too.
pub(crate) fn insert_once(
    conn: &mut Conn,
    insert: impl FnOnce(&mut Conn) -> diesel::QueryResult<usize>,
) -> Result<bool, CommunityError> {
    use diesel::result::{DatabaseErrorKind, Error};
    match praline_kernel::db::transaction(conn, insert) {
        Ok(n) => Ok(n > 0),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
