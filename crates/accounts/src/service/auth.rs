//! Signup, e-mail codes, login with lockout, sessions with rotating refresh tokens, password
//! reset.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use praline_kernel::auth::{ACCESS_TOKEN_SECONDS, AuthUser};
use praline_kernel::crypto::{random_code, random_token, sha256_hex};
use praline_kernel::db::{self, Conn};
use praline_payments::model::EntryKind;
use praline_payments::service::credit;

use std::sync::Arc;

use praline_kernel::AppState;

use super::seller::{SellerInput, insert_seller};
use super::{Account, AccountsConfig, Env, call, revoke_sessions};
use crate::error::AccountsError;
use crate::model::{Email, EmailCode, NewUser, Nickname, RefreshToken, User, UserStatus, roles_of};
use crate::schema::{accounts_email_codes, accounts_refresh_tokens, accounts_sessions, accounts_users};

/// How long an e-mail code is valid.
pub const CODE_LIFETIME_MINUTES: i64 = 5;
/// Wrong tries allowed per code.
pub const CODE_MAX_ATTEMPTS: i32 = 5;
/// Consecutive failed logins before the lock.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long the lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// How long a refresh token lives.
pub const REFRESH_TOKEN_DAYS: i64 = 14;
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Why a one-time code was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    Verify,
    Reset,
    ChangeEmail,
    /// Sent by SMS to a new phone number.
    Phone,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Verify => "verify",
            CodePurpose::Reset => "reset",
            CodePurpose::ChangeEmail => "change_email",
            CodePurpose::Phone => "phone",
        }
    }

    /// A fresh code: 4 digits for SMS, 10 letters and digits for e-mail.
    fn new_code(self) -> String {
        match self {
            CodePurpose::Phone => random_code(4, b"0123456789"),
            _ => random_code(10, CODE_ALPHABET),
        }
    }
}

/// A code to deliver once the transaction has committed.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub to: String,
    pub purpose: CodePurpose,
    pub code: String,
    pub nickname: String,
}

/// Signup input, already parsed.
#[derive(Debug)]
pub struct Signup {
    pub email: Email,
    pub nickname: Nickname,
    pub password_hash: String,
    pub seller: Option<SellerInput>,
}

fn code_hash(env: &Env<'_>, user_id: i64, purpose: CodePurpose, code: &str) -> String {
    env.secrets.sign("email-code", format!("{user_id}:{}:{code}", purpose.as_str()).as_bytes())
}

/// Issues a new code, enforcing 1 per minute and 10 per day for the address.
pub(crate) fn issue_code(
    conn: &mut Conn,
    env: &Env<'_>,
    user: &User,
    purpose: CodePurpose,
    target: &str,
) -> Result<IssuedCode, AccountsError> {
    let now = env.now.naive_utc();
    if EmailCode::count_since(conn, user.id, purpose.as_str(), now - Duration::minutes(1))? > 0 {
        return Err(AccountsError::TooManyAttempts(60));
    }
    if EmailCode::count_since(conn, user.id, purpose.as_str(), now - Duration::days(1))? >= 10 {
        return Err(AccountsError::TooManyAttempts(3600));
    }
    let code = purpose.new_code();
    diesel::insert_into(accounts_email_codes::table)
        .values((
            accounts_email_codes::user_id.eq(user.id),
            accounts_email_codes::purpose.eq(purpose.as_str()),
            accounts_email_codes::target.eq(target),
            accounts_email_codes::code_hash.eq(code_hash(env, user.id, purpose, &code)),
            accounts_email_codes::attempts.eq(0),
            accounts_email_codes::expires_at.eq(now + Duration::minutes(CODE_LIFETIME_MINUTES)),
            accounts_email_codes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(IssuedCode { to: target.to_string(), purpose, code, nickname: user.nickname.clone() })
}

/// Checks and consumes the newest code of `purpose`; the fifth wrong try locks the code. A code is consumed by a conditional update, so of many simultaneous correct tries
/// exactly one succeeds.
fn consume_code(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    purpose: CodePurpose,
    code: &str,
) -> Result<EmailCode, AccountsError> {
    let now = env.now.naive_utc();
    let row = EmailCode::latest(conn, user_id, purpose.as_str())?.ok_or(AccountsError::CodeNotIssued)?;
    if row.consumed_at.is_some() {
        return Err(AccountsError::CodeInvalid);
    }
    if row.attempts >= CODE_MAX_ATTEMPTS {
        return Err(AccountsError::TooManyAttempts((row.expires_at - now).num_seconds().max(1) as u64));
    }
    if row.expires_at <= now {
        return Err(AccountsError::CodeExpired);
    }
    let expected = code_hash(env, user_id, purpose, code.trim().to_ascii_uppercase().as_str());
    if !constant_eq(&expected, &row.code_hash) {
        // The caller's transaction rolls back on this error; `count_failed_try` records the try.
        if row.attempts + 1 >= CODE_MAX_ATTEMPTS {
            return Err(AccountsError::TooManyAttempts((row.expires_at - now).num_seconds().max(1) as u64));
        }
        return Err(AccountsError::CodeInvalid);
    }
    let consumed = diesel::update(
        accounts_email_codes::table.find(row.id).filter(accounts_email_codes::consumed_at.is_null()),
    )
    .set(accounts_email_codes::consumed_at.eq(Some(now)))
    .execute(conn)?;
    if consumed == 0 {
        return Err(AccountsError::CodeInvalid);
    }
    Ok(row)
}

fn constant_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Creates an inactive account (and a seller application when asked) and issues the
/// verification code.
pub fn signup(conn: &mut Conn, env: &Env<'_>, input: Signup) -> Result<(Account, IssuedCode), AccountsError> {
    db::transaction(conn, |conn| {
        if User::by_email(conn, &input.email)?.is_some() {
            return Err(AccountsError::EmailTaken);
        }
        let now = env.now.naive_utc();
        let inserted = diesel::insert_into(accounts_users::table)
            .values(NewUser {
                email: input.email.as_str(),
                nickname: input.nickname.as_str(),
                password_hash: Some(&input.password_hash),
                login_type: "email",
                status: UserStatus::Pending.as_str(),
                is_admin: false,
                email_verified: false,
                created_at: now,
                updated_at: now,
            })
            .returning(accounts_users::id)
            .get_result::<i64>(conn);
        let user_id = match inserted {
            Ok(id) => id,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(AccountsError::EmailTaken);
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(seller) = &input.seller {
            insert_seller(conn, env, user_id, seller)?;
        }
        let account = Account::load(conn, user_id)?;
        let code = issue_code(conn, env, &account.user, CodePurpose::Verify, input.email.as_str())?;
        Ok((account, code))
    })
}

/// Confirms the signup code: activates the account and credits the welcome bonus once.
pub fn verify_email(
    conn: &mut Conn,
    env: &Env<'_>,
    email: &Email,
    code: &str,
) -> Result<Account, AccountsError> {
    let user = User::by_email(conn, email)?.ok_or(AccountsError::CodeNotIssued)?;
    with_code(conn, env, user.id, CodePurpose::Verify, code, |conn, _row| {
        diesel::update(accounts_users::table.find(user.id))
            .set((
                accounts_users::email_verified.eq(true),
                accounts_users::status.eq(UserStatus::Active.as_str()),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        credit_welcome_bonus(conn, env, user.id)?;
        Account::load(conn, user.id)
    })
}

/// Consumes the newest code of `purpose` and runs `then` in the same transaction. A wrong try
/// still counts: the transaction rolls back, so it is recorded again outside it.
pub(crate) fn with_code<T>(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    purpose: CodePurpose,
    code: &str,
    then: impl FnOnce(&mut Conn, &EmailCode) -> Result<T, AccountsError>,
) -> Result<T, AccountsError> {
    let result = db::transaction(conn, |conn| {
        let row = consume_code(conn, env, user_id, purpose, code)?;
        then(conn, &row)
    });
    if let Err(AccountsError::CodeInvalid | AccountsError::TooManyAttempts(_)) = &result {
        count_failed_try(conn, env, user_id, purpose, code)?;
    }
    result
}

/// Credits the welcome bonus; its idempotency key makes a second call a no-op.
pub(crate) fn credit_welcome_bonus(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
) -> Result<(), AccountsError> {
    // Once per user: the ledger keys the signup bonus by the user.
    credit(conn, user_id, EntryKind::SignupBonus, env.config.welcome_bonus, None, "welcome bonus", env.now)?;
    Ok(())
}

/// Re-applies a wrong try outside the rolled-back transaction.
fn count_failed_try(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    purpose: CodePurpose,
    code: &str,
) -> Result<(), AccountsError> {
    let Some(row) = EmailCode::latest(conn, user_id, purpose.as_str())? else { return Ok(()) };
    let expected = code_hash(env, user_id, purpose, code.trim().to_ascii_uppercase().as_str());
    if row.consumed_at.is_none()
        && !constant_eq(&expected, &row.code_hash)
        && row.attempts < CODE_MAX_ATTEMPTS
    {
        diesel::update(accounts_email_codes::table.find(row.id))
            .set(accounts_email_codes::attempts.eq(accounts_email_codes::attempts + 1))
            .execute(conn)?;
    }
    Ok(())
}

/// Sends a new signup code to a pending account; silent for unknown or active addresses.
pub fn resend_verification(
    conn: &mut Conn,
    env: &Env<'_>,
    email: &Email,
) -> Result<Option<IssuedCode>, AccountsError> {
    let Some(user) = User::by_email(conn, email)? else { return Ok(None) };
    if user.status() != UserStatus::Pending {
        return Ok(None);
    }
    db::transaction(conn, |conn| issue_code(conn, env, &user, CodePurpose::Verify, &user.email)).map(Some)
}

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
    let matched = super::password::verify(password, hash.as_deref(), config.bcrypt_cost).await?;
    let Some(user) = user else { return Err(AccountsError::InvalidCredentials) };
    let user_id = user.id;
    if !matched {
        return Err(call(state, config, move |conn, env| record_failed_login(conn, env, user_id)).await?);
    }
    check_can_sign_in(&user)?;
    call(state, config, move |conn, env| {
        db::transaction(conn, |conn| {
            clear_failures_unless_locked(conn, env, user_id)?;
            start_session(conn, env, user_id)
        })
    })
    .await
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

/// Exchanges a refresh token for new tokens. Each refresh token works once; presenting a used
/// one revokes its whole session (someone else holds a copy).
pub fn refresh(conn: &mut Conn, env: &Env<'_>, presented: &str) -> Result<SessionTokens, AccountsError> {
    let hash = sha256_hex(presented.trim().as_bytes());
    let now = env.now.naive_utc();
    let row = RefreshToken::by_hash(conn, &hash)?.ok_or(AccountsError::RefreshInvalid)?;
    db::transaction(conn, |conn| {
        let session = accounts_sessions::table
            .find(row.session_id)
            .select(crate::model::Session::as_select())
            .first(conn)?;
        if session.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Err(AccountsError::RefreshInvalid));
        }
        let claimed = diesel::update(
            accounts_refresh_tokens::table.find(row.id).filter(accounts_refresh_tokens::used_at.is_null()),
        )
        .set(accounts_refresh_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
        if claimed == 0 && !reused_in_grace(conn, &row, now)? {
            // Reuse of a rotated token: end the family.
            diesel::update(accounts_sessions::table.find(session.id))
                .set(accounts_sessions::revoked_at.eq(Some(now)))
                .execute(conn)?;
            return Ok(Err(AccountsError::RefreshInvalid));
        }
        let user = User::find(conn, session.user_id)?.ok_or(AccountsError::RefreshInvalid)?;
        if user.status() != UserStatus::Active {
            diesel::update(accounts_sessions::table.find(session.id))
                .set(accounts_sessions::revoked_at.eq(Some(now)))
                .execute(conn)?;
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
/// next page; without this grace that honest retry would look like theft and end the session.
pub const REFRESH_REUSE_GRACE_SECONDS: i64 = 10;

/// True when `row` was rotated moments ago and its successor has not been used: the same browser
/// retrying. The unused successor is retired, so only the token issued now stays valid.
fn reused_in_grace(conn: &mut Conn, row: &RefreshToken, now: NaiveDateTime) -> Result<bool, AccountsError> {
    let recent = row.used_at.is_some_and(|used| {
        now.signed_duration_since(used) <= chrono::Duration::seconds(REFRESH_REUSE_GRACE_SECONDS)
    });
    if !recent {
        return Ok(false);
    }
    let successors = accounts_refresh_tokens::table
        .filter(accounts_refresh_tokens::session_id.eq(row.session_id))
        .filter(accounts_refresh_tokens::id.gt(row.id));
    let used_successor: i64 =
        successors.filter(accounts_refresh_tokens::used_at.is_not_null()).count().get_result(conn)?;
    if used_successor > 0 {
        return Ok(false);
    }
    // Retired as if used long ago: presenting it later is treated as theft, never as a retry.
    let long_ago = now - chrono::Duration::days(1);
    diesel::update(successors).set(accounts_refresh_tokens::used_at.eq(Some(long_ago))).execute(conn)?;
    Ok(true)
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored.
pub fn logout(conn: &mut Conn, env: &Env<'_>, presented: &str) -> Result<(), AccountsError> {
    let hash = sha256_hex(presented.trim().as_bytes());
    if let Some(row) = RefreshToken::by_hash(conn, &hash)? {
        diesel::update(accounts_sessions::table.find(row.session_id))
            .set(accounts_sessions::revoked_at.eq(Some(env.now.naive_utc())))
            .execute(conn)?;
    }
    Ok(())
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

/// Issues a password-reset code; silent for unknown addresses and social-only accounts.
pub fn forgot_password(
    conn: &mut Conn,
    env: &Env<'_>,
    email: &Email,
) -> Result<Option<IssuedCode>, AccountsError> {
    let Some(user) = User::by_email(conn, email)? else { return Ok(None) };
    if user.password_hash.is_none() || user.status() == UserStatus::Suspended {
        return Ok(None);
    }
    db::transaction(conn, |conn| issue_code(conn, env, &user, CodePurpose::Reset, &user.email)).map(Some)
}

/// Sets a new password with a reset code: unlocks, reactivates a dormant account and ends every
/// session.
pub fn reset_password(
    conn: &mut Conn,
    env: &Env<'_>,
    email: &Email,
    code: &str,
    new_hash: &str,
) -> Result<Account, AccountsError> {
    let user = User::by_email(conn, email)?.ok_or(AccountsError::CodeNotIssued)?;
    with_code(conn, env, user.id, CodePurpose::Reset, code, |conn, _row| {
        let status = match user.status() {
            UserStatus::Dormant | UserStatus::Pending => UserStatus::Active,
            other => other,
        };
        diesel::update(accounts_users::table.find(user.id))
            .set((
                accounts_users::password_hash.eq(Some(new_hash)),
                accounts_users::failed_logins.eq(0),
                accounts_users::locked_until.eq(None::<NaiveDateTime>),
                accounts_users::status.eq(status.as_str()),
                accounts_users::email_verified.eq(true),
                accounts_users::dormant_since.eq(None::<NaiveDateTime>),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        revoke_sessions(conn, user.id, None, env.now)?;
        Account::load(conn, user.id)
    })
}
