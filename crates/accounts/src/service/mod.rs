//! Use cases: `fn(conn, env, actor, typed input) -> Result<T, AccountsError>`. No HTTP here.
//!
//! Services that issue a code return it so the caller can deliver it after the transaction has
//! committed; nothing is e-mailed from inside a transaction.

pub mod address;
pub mod admin;
pub mod auth;
pub mod contact;
pub mod lifecycle;
pub mod password;
pub mod profile;
pub mod seller;
pub mod session;
pub mod social;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::error::AccountsError;
use crate::model::{SellerRow, User, UserStatus};

/// The `[accounts]` configuration section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountsConfig {
    /// Approve seller applications at once (on in the demo, off in production).
    pub auto_approve_sellers: bool,
    /// bcrypt cost: 12 in production; tests use 4.
    pub bcrypt_cost: u32,
    /// Points credited once the e-mail is verified.
    pub welcome_bonus: i64,
    /// Login attempts per client address per minute.
    pub login_per_ip_per_minute: u32,
    /// Login attempts per e-mail address per minute (on top of the 5-failure lock).
    pub login_per_account_per_minute: u32,
    /// Codes sent (e-mail or SMS) per client address per hour.
    pub code_sends_per_ip_per_hour: u32,
    /// Code checks per client address per hour.
    pub code_checks_per_ip_per_hour: u32,
    /// The `[oauth]` section (read separately; it is not under `[accounts]`).
    #[serde(skip)]
    pub oauth: crate::oauth::OAuthConfig,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        AccountsConfig {
            auto_approve_sellers: false,
            bcrypt_cost: 12,
            welcome_bonus: 29_900,
            login_per_ip_per_minute: 30,
            login_per_account_per_minute: 10,
            code_sends_per_ip_per_hour: 20,
            code_checks_per_ip_per_hour: 60,
            oauth: crate::oauth::OAuthConfig::default(),
        }
    }
}

impl AccountsConfig {
    /// Reads `[accounts]` and `[oauth]` from the configuration (once, at start-up).
    pub fn load(config: &praline_kernel::config::Config) -> Result<AccountsConfig, String> {
        let mut accounts =
            config.section::<AccountsConfig>("accounts").map_err(|e| format!("[accounts]: {e}"))?;
        accounts.oauth = config.section("oauth").map_err(|e| format!("[oauth]: {e}"))?;
        Ok(accounts)
    }
}

/// Runs an accounts service off the executor (kernel's `db::run` on the blocking pool) with
/// this crate's environment: the clock's now, the secrets and the settings.
pub async fn call<T, F>(
    state: &praline_kernel::AppState,
    config: std::sync::Arc<AccountsConfig>,
    f: F,
) -> Result<T, AccountsError>
where
    F: FnOnce(&mut Conn, &Env<'_>) -> Result<T, AccountsError> + Send + 'static,
    T: Send + 'static,
{
    let (secrets, now) = (state.secrets.clone(), state.clock.now());
    praline_kernel::db::run(&state.pool, move |conn| {
        f(conn, &Env { now, secrets: &secrets, config: &config })
    })
    .await
}

/// What every service needs besides the connection: the time, the secrets, the settings.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub now: DateTime<Utc>,
    pub secrets: &'a Secrets,
    pub config: &'a AccountsConfig,
}

/// A user with their seller profile, as services return them.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub seller: Option<SellerRow>,
}

impl Account {
    /// Loads a user and their seller profile.
    pub fn load(conn: &mut Conn, user_id: i64) -> Result<Account, AccountsError> {
        let user = User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
        let seller = SellerRow::find(conn, user_id)?;
        Ok(Account { user, seller })
    }
}

/// The caller's account, refused unless it is active (suspended and withdrawn users' tokens stop
/// working at once for every service that calls this).
pub fn active_account(conn: &mut Conn, user_id: i64) -> Result<Account, AccountsError> {
    let account = Account::load(conn, user_id).map_err(|e| match e {
        AccountsError::NotFound => AccountsError::Inactive,
        other => other,
    })?;
    match account.user.status() {
        UserStatus::Active => Ok(account),
        _ => Err(AccountsError::Inactive),
    }
}

/// The caller's user row alone (one query), refused unless active: for services that need
/// neither the seller profile nor more than the status and the verified flags.
pub fn active_user(conn: &mut Conn, user_id: i64) -> Result<User, AccountsError> {
    let user = User::find(conn, user_id)?.ok_or(AccountsError::Inactive)?;
    match user.status() {
        UserStatus::Active => Ok(user),
        _ => Err(AccountsError::Inactive),
    }
}

/// Refuses unless the caller is an active administrator.
pub fn require_admin(conn: &mut Conn, user_id: i64) -> Result<Account, AccountsError> {
    let account = active_account(conn, user_id)?;
    if account.user.is_admin { Ok(account) } else { Err(AccountsError::NotAdmin) }
}

/// True when `user_id` is an active, approved seller (the catalog asks this before a listing).
pub fn is_approved_seller(conn: &mut Conn, user_id: i64) -> Result<bool, AccountsError> {
    let account = match active_account(conn, user_id) {
        Ok(a) => a,
        Err(AccountsError::Inactive) => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(account.seller.is_some_and(|s| s.status() == crate::model::SellerStatus::Approved))
}

/// Revokes every session of a user except `keep`.
pub(crate) fn revoke_sessions(
    conn: &mut Conn,
    user_id: i64,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AccountsError> {
    use crate::schema::accounts_sessions as s;
    let mut query =
        diesel::update(s::table).filter(s::user_id.eq(user_id)).filter(s::revoked_at.is_null()).into_boxed();
    if let Some(keep) = keep {
        query = query.filter(s::id.ne(keep));
    }
    query.set(s::revoked_at.eq(Some(now.naive_utc()))).execute(conn)?;
    Ok(())
}
