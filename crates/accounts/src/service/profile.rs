//! The caller's own profile and password.

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::{Account, Env, active_account, revoke_sessions};
use crate::error::AccountsError;
use crate::model::{Nickname, ProfileChangeset, User};
use crate::schema::accounts_users;

/// Profile fields a user may change; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub nickname: Option<Nickname>,
    pub introduction: Option<String>,
}

/// Longest introduction.
pub const INTRODUCTION_MAX: usize = 50;

/// Checks an introduction: at most 50 characters.
pub fn parse_introduction(raw: &str) -> Result<String, AccountsError> {
    let value = raw.trim();
    if value.chars().count() > INTRODUCTION_MAX {
        return Err(AccountsError::invalid("introduction", "At most 50 characters."));
    }
    Ok(value.to_string())
}

/// Updates nickname and introduction.
pub fn update_profile(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    changes: ProfileChanges,
) -> Result<Account, AccountsError> {
    db::transaction(conn, |conn| {
        active_account(conn, user_id)?;
        let changeset = ProfileChangeset {
            nickname: changes.nickname.as_ref().map(Nickname::as_str),
            introduction: changes.introduction.as_deref(),
            updated_at: env.now.naive_utc(),
        };
        diesel::update(accounts_users::table.find(user_id)).set(&changeset).execute(conn)?;
        Account::load(conn, user_id)
    })
}

/// Stores a new password hash and ends every other session. The caller checked the current
/// password with [`password_hash_of`] and hashed the new one off the executor.
pub fn set_password(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    keep_session: i64,
    new_hash: &str,
) -> Result<(), AccountsError> {
    db::transaction(conn, |conn| {
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::password_hash.eq(Some(new_hash)),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        revoke_sessions(conn, user_id, Some(keep_session), env.now)
    })
}

/// The stored hash of an active user; social-only accounts have none.
pub fn password_hash_of(conn: &mut Conn, user_id: i64) -> Result<String, AccountsError> {
    let account = active_account(conn, user_id)?;
    account.user.password_hash.ok_or_else(|| AccountsError::SocialAccount(account.user.login_type.clone()))
}

/// A public profile: only active users are visible.
pub fn public_profile(conn: &mut Conn, user_id: i64) -> Result<User, AccountsError> {
    match User::find(conn, user_id)? {
        Some(user) if user.status() == crate::model::UserStatus::Active => Ok(user),
        _ => Err(AccountsError::NotFound),
    }
}

/// The customs code masked except its last 4 characters.
pub fn masked_customs_code(env: &Env<'_>, user: &User) -> Result<Option<String>, AccountsError> {
    let Some(sealed) = &user.customs_code_sealed else { return Ok(None) };
    let code = env.secrets.sealer.open(sealed).map_err(|e| AccountsError::Internal(e.to_string()))?;
    let visible: String = code.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    Ok(Some(format!("{}{}", "*".repeat(code.chars().count().saturating_sub(4)), visible)))
}

/// Points the account at a newly stored avatar; returns the account and the old file's key so
/// the caller can remove it once this has committed.
pub fn set_avatar(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    key: &str,
) -> Result<(Account, Option<String>), AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::avatar_key.eq(Some(key)),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        Ok((Account::load(conn, user_id)?, account.user.avatar_key))
    })
}
