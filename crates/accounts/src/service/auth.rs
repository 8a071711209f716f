//! Signup, e-mail codes and password reset. Login, sessions and refresh tokens are in
//! [`super::session`] (re-exported here).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use praline_kernel::crypto::random_code;
use praline_kernel::db::{self, Conn};
use praline_payments::model::EntryKind;
use praline_payments::service::credit;

use super::seller::{SellerInput, insert_seller};
use super::{Account, Env, revoke_sessions};
use crate::error::AccountsError;
use crate::model::{Email, EmailCode, NewUser, Nickname, User, UserStatus};
use crate::schema::{accounts_email_codes, accounts_users};

pub use super::session::{
    LOCK_MINUTES, MAX_FAILED_LOGINS, REFRESH_REUSE_GRACE_SECONDS, REFRESH_TOKEN_DAYS, SessionTokens, login,
    logout, refresh, start_session,
};

/// How long an e-mail code is valid.
pub const CODE_LIFETIME_MINUTES: i64 = 5;
/// Wrong tries allowed per code.
pub const CODE_MAX_ATTEMPTS: i32 = 5;
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
