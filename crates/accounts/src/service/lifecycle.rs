//! Leaving and the clean-ups that follow: withdrawal makes an account dormant; scheduled jobs
//! remove signups never verified and anonymise accounts dormant for 30 days (orders and
//! ledgers are kept: they only hold the user id).

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::{Env, active_account, revoke_sessions};
use crate::error::AccountsError;
use crate::model::UserStatus;
use crate::schema::{
    accounts_addresses, accounts_email_codes, accounts_sellers, accounts_sessions, accounts_users,
};

/// Unverified signups are removed after this long.
pub const UNVERIFIED_DAYS: i64 = 2;
/// Withdrawn accounts are anonymised after this long.
pub const DORMANT_DAYS: i64 = 30;

/// Withdraws the caller (the handler checked the password): dormant, every session ended.
pub fn withdraw(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<(), AccountsError> {
    db::transaction(conn, |conn| {
        active_account(conn, user_id)?;
        let now = env.now.naive_utc();
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::status.eq(UserStatus::Dormant.as_str()),
                accounts_users::dormant_since.eq(Some(now)),
                accounts_users::updated_at.eq(now),
            ))
            .execute(conn)?;
        revoke_sessions(conn, user_id, None, env.now)
    })
}

/// Deletes accounts whose e-mail was never confirmed within [`UNVERIFIED_DAYS`]; returns how many.
pub fn purge_unverified(conn: &mut Conn, now: DateTime<Utc>) -> Result<usize, AccountsError> {
    let cutoff = (now - Duration::days(UNVERIFIED_DAYS)).naive_utc();
    Ok(diesel::delete(
        accounts_users::table
            .filter(accounts_users::status.eq(UserStatus::Pending.as_str()))
            .filter(accounts_users::created_at.lt(cutoff)),
    )
    .execute(conn)?)
}

/// Anonymises accounts dormant for [`DORMANT_DAYS`]: personal data removed, the row (and so
/// every order and ledger entry pointing at its id) kept. Returns how many.
pub fn anonymise_dormant(conn: &mut Conn, env: &Env<'_>) -> Result<usize, AccountsError> {
    let cutoff = (env.now - Duration::days(DORMANT_DAYS)).naive_utc();
    let ids: Vec<i64> = accounts_users::table
        .filter(accounts_users::status.eq(UserStatus::Dormant.as_str()))
        .filter(accounts_users::dormant_since.lt(cutoff))
        .select(accounts_users::id)
        .load(conn)?;
    let empty = env.secrets.sealer.seal("");
    for id in &ids {
        db::transaction(conn, |conn| {
            diesel::update(accounts_users::table.find(id))
                .set((
                    accounts_users::email.eq(format!("anonymised-{id}@invalid.praline")),
                    accounts_users::nickname.eq("탈퇴회원"),
                    accounts_users::password_hash.eq(None::<String>),
                    accounts_users::status.eq(UserStatus::Anonymised.as_str()),
                    accounts_users::introduction.eq(""),
                    accounts_users::avatar_key.eq(None::<String>),
                    accounts_users::phone_sealed.eq(None::<String>),
                    accounts_users::phone_verified.eq(false),
                    accounts_users::customs_code_sealed.eq(None::<String>),
                    accounts_users::updated_at.eq(env.now.naive_utc()),
                ))
                .execute(conn)?;
            diesel::delete(accounts_addresses::table.filter(accounts_addresses::user_id.eq(id)))
                .execute(conn)?;
            diesel::delete(accounts_email_codes::table.filter(accounts_email_codes::user_id.eq(id)))
                .execute(conn)?;
            diesel::delete(accounts_sessions::table.filter(accounts_sessions::user_id.eq(id)))
                .execute(conn)?;
            diesel::update(accounts_sellers::table.find(id))
                .set((
                    accounts_sellers::bank_name_sealed.eq(&empty),
                    accounts_sellers::account_number_sealed.eq(&empty),
                    accounts_sellers::account_holder_sealed.eq(&empty),
                    accounts_sellers::contact.eq(""),
                ))
                .execute(conn)?;
            Ok::<_, AccountsError>(())
        })?;
    }
    Ok(ids.len())
}
