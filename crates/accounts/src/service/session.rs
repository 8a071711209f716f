//! Login with lockout, sessions with rotating refresh tokens, logout, and the check that an
//! access token's session is still open.

use std::sync::Arc;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::auth::{ACCESS_TOKEN_SECONDS, AuthUser};
use praline_kernel::crypto::{random_token, sha256_hex};
use praline_kernel::db::{self, Conn, DbError};
use praline_kernel::session::SessionCheck;

use super::password as passwords;
use super::{Account, AccountsConfig, Env, call};
use crate::error::AccountsError;
use crate::model::{Email, RefreshToken, User, UserStatus, roles_of};
use crate::schema::{accounts_refresh_tokens, accounts_sessions, accounts_users};

/// Consecutive failed logins before the lock.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long the lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// How long a refresh token lives.
pub const REFRESH_TOKEN_DAYS: i64 = 14;

/// A signed-in session: tokens and the account.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub account: Account,
}

/// Signs in with e-mail and password. A locked or social account is refused first; the
/// password is checked off the executor without holding a connection; a failure is counted
/// (the fifth in a row locks the account, in one conditional statement, so parallel guesses
/// cannot skip the lock); a session opens only if no lock landed meanwhile.
pub async fn login(
    state: &AppState,
    config: Arc<AccountsConfig>,
    email: &str,
    password: &str,
) -> Result<SessionTokens, AccountsError> {
    let Ok(email) = Email::parse(email) else { return Err(AccountsError::InvalidCredentials) };
    let user = call(state, config.clone(), move |conn, _| Ok(User::by_email(conn, &email)?)).await?;
    if let Some(user) = &user {
        if let Some(seconds) = locked_for(user, state.clock.now().naive_utc()) {
            return Err(AccountsError::AccountLocked(seconds));
        }
        if user.password_hash.is_none() {
            return Err(AccountsError::SocialAccount(user.login_type.clone()));
        }
    }
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matched = passwords::verify(password, hash.as_deref(), config.bcrypt_cost).await?;
    let Some(user) = user else { return Err(AccountsError::InvalidCredentials) };
    let user_id = user.id;
    if !matched {
        return Err(call(state, config, move |conn, env| record_failed_login(conn, env, user_id)).await?);
    }
    check_can_sign_in(&user)?;
    // A hash of the old scheme (plain bcrypt, 72 bytes) is replaced now that the password is known.
    let upgrade = match hash {
        Some(old) if passwords::needs_upgrade(&old) => {
            Some((old, passwords::hash_plain(password, config.bcrypt_cost).await?))
        }
        _ => None,
    };
    call(state, config, move |conn, env| {
        db::transaction(conn, |conn| {
            clear_failures_unless_locked(conn, env, user_id)?;
            if let Some((old, new)) = &upgrade {
                replace_password_hash(conn, user_id, old, new)?;
            }
            start_session(conn, env, user_id)
        })
    })
    .await
}

/// Swaps an old-scheme hash for a new one, unless the password changed in the meantime.
fn replace_password_hash(conn: &mut Conn, user_id: i64, old: &str, new: &str) -> Result<(), AccountsError> {
    diesel::update(accounts_users::table.find(user_id).filter(accounts_users::password_hash.eq(old)))
        .set(accounts_users::password_hash.eq(Some(new)))
        .execute(conn)?;
    Ok(())
}

/// Counts a failed login and returns the refusal to give: the fifth failure in a row locks
/// the account. Count and lock move in one conditional UPDATE (the values on the right are
/// the row's values before it), and an account already locked is not counted again.
fn record_failed_login(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<AccountsError, AccountsError> {
    use diesel::dsl::case_when;
    use diesel::sql_types::{Integer, Nullable, Timestamp};
    let now = env.now.naive_utc();
    let lock_until = Some(now + Duration::minutes(LOCK_MINUTES));
    let locks = accounts_users::failed_logins.ge(MAX_FAILED_LOGINS - 1);
    let counted = diesel::update(
        accounts_users::table
            .find(user_id)
            .filter(accounts_users::locked_until.is_null().or(accounts_users::locked_until.le(now))),
    )
    .set((
        accounts_users::failed_logins
            .eq(case_when(locks, 0.into_sql::<Integer>()).otherwise(accounts_users::failed_logins + 1)),
        accounts_users::locked_until.eq(case_when(locks, lock_until.into_sql::<Nullable<Timestamp>>())
            .otherwise(None::<NaiveDateTime>.into_sql::<Nullable<Timestamp>>())),
    ))
    .returning(accounts_users::locked_until)
    .get_result::<Option<NaiveDateTime>>(conn)
    .optional()?;
    match counted {
        Some(None) => Ok(AccountsError::InvalidCredentials),
        // This failure locked the account, or another had locked it already.
        Some(Some(_)) | None => {
            let left = User::find(conn, user_id)?.and_then(|user| locked_for(&user, now));
            Ok(AccountsError::AccountLocked(left.unwrap_or((LOCK_MINUTES * 60) as u64)))
        }
    }
}

/// Resets the failure count after a proven password, unless a lock landed in the meantime
/// (a login racing the fifth wrong guess is refused like any other during the lock).
fn clear_failures_unless_locked(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<(), AccountsError> {
    let now = env.now.naive_utc();
    let cleared = diesel::update(
        accounts_users::table
            .find(user_id)
            .filter(accounts_users::locked_until.is_null().or(accounts_users::locked_until.le(now))),
    )
    .set((accounts_users::failed_logins.eq(0), accounts_users::locked_until.eq(None::<NaiveDateTime>)))
    .execute(conn)?;
    if cleared == 0 {
        let left = User::find(conn, user_id)?.and_then(|user| locked_for(&user, now));
        return Err(AccountsError::AccountLocked(left.unwrap_or((LOCK_MINUTES * 60) as u64)));
    }
    Ok(())
}

/// Seconds left on a lock, if the account is locked now.
fn locked_for(user: &User, now: NaiveDateTime) -> Option<u64> {
    // Rounded up: a lock stored with sub-second precision still reads as whole minutes.
    let seconds = |left: Duration| (left.num_milliseconds().max(1) as u64).div_ceil(1000);
    user.locked_until.filter(|until| *until > now).map(|until| seconds(until - now))
}

/// Refuses accounts that may not sign in, after the password was proven.
fn check_can_sign_in(user: &User) -> Result<(), AccountsError> {
    match user.status() {
        UserStatus::Active => Ok(()),
        UserStatus::Pending => Err(AccountsError::EmailUnverified),
        UserStatus::Dormant => Err(AccountsError::AccountDormant),
        UserStatus::Suspended => Err(AccountsError::AccountSuspended),
        UserStatus::Anonymised => Err(AccountsError::InvalidCredentials),
    }
}

/// Opens a session for a user who proved who they are.
pub fn start_session(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<SessionTokens, AccountsError> {
    db::transaction(conn, |conn| {
        let now = env.now.naive_utc();
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::failed_logins.eq(0),
                accounts_users::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        let session_id = diesel::insert_into(accounts_sessions::table)
            .values((
                accounts_sessions::user_id.eq(user_id),
                accounts_sessions::created_at.eq(now),
                accounts_sessions::last_used_at.eq(now),
            ))
            .returning(accounts_sessions::id)
            .get_result::<i64>(conn)?;
        let refresh_token = new_refresh_token(conn, session_id, now)?;
        tokens(conn, env, user_id, session_id, refresh_token)
    })
}

fn new_refresh_token(conn: &mut Conn, session_id: i64, now: NaiveDateTime) -> Result<String, AccountsError> {
    let token = random_token(32);
    diesel::insert_into(accounts_refresh_tokens::table)
        .values((
            accounts_refresh_tokens::session_id.eq(session_id),
            accounts_refresh_tokens::token_hash.eq(sha256_hex(token.as_bytes())),
            accounts_refresh_tokens::expires_at.eq(now + Duration::days(REFRESH_TOKEN_DAYS)),
            accounts_refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

fn tokens(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    session_id: i64,
    refresh_token: String,
) -> Result<SessionTokens, AccountsError> {
    let account = Account::load(conn, user_id)?;
    let auth = AuthUser {
        id: user_id,
        roles: roles_of(&account.user, account.seller.as_ref()),
        nickname: account.user.nickname.clone(),
        // A display hint until the next refresh; rewards ask payments at the moment they are earned.
        member: praline_payments::service::is_member(conn, user_id, env.now)?,
        session_id,
    };
    let access_token =
        env.secrets.jwt.issue(&auth, env.now).map_err(|e| AccountsError::Internal(e.to_string()))?;
    Ok(SessionTokens { access_token, refresh_token, expires_in: ACCESS_TOKEN_SECONDS, account })
}

/// Exchanges a refresh token for new tokens. Each refresh token is claimed once, by a
/// conditional update, so of several simultaneous callers exactly one rotates it; the others
/// are retries within [`REFRESH_REUSE_GRACE_SECONDS`] and get their own successor in the same
/// session. Presenting a used token later, or after any successor was used, revokes the whole
/// session (someone else holds a copy).
pub fn refresh(conn: &mut Conn, env: &Env<'_>, presented: &str) -> Result<SessionTokens, AccountsError> {
    let hash = sha256_hex(presented.trim().as_bytes());
    let now = env.now.naive_utc();
    db::transaction(conn, |conn| {
        let claimed = diesel::update(
            accounts_refresh_tokens::table
                .filter(accounts_refresh_tokens::token_hash.eq(&hash))
                .filter(accounts_refresh_tokens::used_at.is_null()),
        )
        .set(accounts_refresh_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
        // Read after the claim, so a rotation that just committed is seen.
        let Some(row) = RefreshToken::by_hash(conn, &hash)? else {
            return Ok(Err(AccountsError::RefreshInvalid));
        };
        if claimed == 0 && !retried_in_grace(conn, &row, now)? {
            revoke_session(conn, row.session_id, now)?;
            return Ok(Err(AccountsError::RefreshInvalid));
        }
        let session = accounts_sessions::table
            .find(row.session_id)
            .select(crate::model::Session::as_select())
            .first(conn)?;
        if session.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Err(AccountsError::RefreshInvalid));
        }
        let user = User::find(conn, session.user_id)?.ok_or(AccountsError::RefreshInvalid)?;
        if user.status() != UserStatus::Active {
            revoke_session(conn, session.id, now)?;
            return Ok(Err(AccountsError::RefreshInvalid));
        }
        diesel::update(accounts_sessions::table.find(session.id))
            .set(accounts_sessions::last_used_at.eq(now))
            .execute(conn)?;
        let token = new_refresh_token(conn, session.id, now)?;
        tokens(conn, env, user.id, session.id, token).map(Ok)
    })?
}

/// How long a just-rotated refresh token may be presented again. A browser that leaves the page
/// while its refresh is in flight never stores the new cookie and sends the old one from the
/// next page, and tabs refreshing at the same moment send the same cookie; without this grace
/// those honest callers would look like theft and end the session.
pub const REFRESH_REUSE_GRACE_SECONDS: i64 = 10;

/// True when `row` (already used) was rotated moments ago and no token issued after it has been
/// used yet: the same browser retrying, or racing itself. Its successors stay valid, so every
/// racing caller keeps the token it was given.
fn retried_in_grace(conn: &mut Conn, row: &RefreshToken, now: NaiveDateTime) -> Result<bool, AccountsError> {
    let recent = row.used_at.is_some_and(|used| now - used <= Duration::seconds(REFRESH_REUSE_GRACE_SECONDS));
    if !recent {
        return Ok(false);
    }
    let used_successors: i64 = accounts_refresh_tokens::table
        .filter(accounts_refresh_tokens::session_id.eq(row.session_id))
        .filter(accounts_refresh_tokens::id.gt(row.id))
        .filter(accounts_refresh_tokens::used_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(used_successors == 0)
}

fn revoke_session(conn: &mut Conn, session_id: i64, now: NaiveDateTime) -> Result<(), AccountsError> {
    diesel::update(accounts_sessions::table.find(session_id).filter(accounts_sessions::revoked_at.is_null()))
        .set(accounts_sessions::revoked_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// Ends the session a refresh token belongs to and returns its user (so the caller can drop
/// what it remembers about that user's sessions). Unknown tokens are ignored.
pub fn logout(conn: &mut Conn, env: &Env<'_>, presented: &str) -> Result<Option<i64>, AccountsError> {
    let hash = sha256_hex(presented.trim().as_bytes());
    let Some(row) = RefreshToken::by_hash(conn, &hash)? else { return Ok(None) };
    revoke_session(conn, row.session_id, env.now.naive_utc())?;
    let user_id = accounts_sessions::table
        .find(row.session_id)
        .select(accounts_sessions::user_id)
        .first(conn)
        .optional()?;
    Ok(user_id)
}

/// Ends one session by id (logout with only an access token).
pub fn end_session(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    session_id: i64,
) -> Result<(), AccountsError> {
    diesel::update(accounts_sessions::table.find(session_id).filter(accounts_sessions::user_id.eq(user_id)))
        .set(accounts_sessions::revoked_at.eq(Some(env.now.naive_utc())))
        .execute(conn)?;
    Ok(())
}

/// The accounts answer to the kernel's question "is this access token's session still open?",
/// wired into [`praline_kernel::session::SessionGuard`] by the gateway.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenSessions;

impl SessionCheck for OpenSessions {
    fn is_open(&self, conn: &mut Conn, user_id: i64, session_id: i64) -> Result<bool, DbError> {
        let open: i64 = accounts_sessions::table
            .find(session_id)
            .filter(accounts_sessions::user_id.eq(user_id))
            .filter(accounts_sessions::revoked_at.is_null())
            .count()
            .get_result(conn)?;
        Ok(open > 0)
    }
}
