//! Operators: seller applications, user search, suspension, and creating administrators.

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::seller::{PrivateSeller, open_private};
use super::{Account, Env, require_admin, revoke_sessions};
use crate::error::AccountsError;
use crate::model::{Email, NewUser, Nickname, SellerRow, SellerStatus, User, UserStatus};
use crate::schema::{accounts_sellers, accounts_users};

/// Longest reason for rejecting an application.
pub const REJECT_REASON_MAX: usize = 500;

/// Seller applications in a state, oldest first (bank data opened for the operator).
pub fn list_applications(
    conn: &mut Conn,
    env: &Env<'_>,
    admin_id: i64,
    status: SellerStatus,
    page: PageRequest,
) -> Result<Page<PrivateSeller>, AccountsError> {
    require_admin(conn, admin_id)?;
    let filter = accounts_sellers::status.eq(status.as_str());
    let total: i64 = accounts_sellers::table.filter(filter).count().get_result(conn)?;
    let rows = accounts_sellers::table
        .filter(filter)
        .order((accounts_sellers::created_at.asc(), accounts_sellers::user_id.asc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(SellerRow::as_select())
        .load(conn)?;
    let items = rows.into_iter().map(|row| open_private(env, row)).collect::<Result<Vec<_>, _>>()?;
    Ok(Page::new(items, page, total))
}

/// Approves or rejects a pending application; returns the applicant for the e-mail.
pub fn decide_application(
    conn: &mut Conn,
    env: &Env<'_>,
    admin_id: i64,
    user_id: i64,
    decision: SellerStatus,
    reason: Option<&str>,
) -> Result<Account, AccountsError> {
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        SellerRow::find(conn, user_id)?.ok_or(AccountsError::SellerNotFound)?;
        let updated = diesel::update(
            accounts_sellers::table.find(user_id).filter(
                accounts_sellers::status
                    .eq_any([SellerStatus::Pending.as_str(), SellerStatus::Rejected.as_str()]),
            ),
        )
        .set((
            accounts_sellers::status.eq(decision.as_str()),
            accounts_sellers::reject_reason.eq(reason),
            accounts_sellers::decided_at.eq(Some(env.now.naive_utc())),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(AccountsError::NotPending);
        }
        Account::load(conn, user_id)
    })
}

/// Users whose e-mail or nickname contains `q`, newest first.
pub fn search_users(
    conn: &mut Conn,
    admin_id: i64,
    q: Option<&str>,
    page: PageRequest,
) -> Result<Page<User>, AccountsError> {
    require_admin(conn, admin_id)?;
    let pattern = q.map(|q| format!("%{}%", q.trim().to_lowercase().replace('%', "\\%").replace('_', "\\_")));
    let build = || {
        let mut query = accounts_users::table.into_boxed();
        if let Some(p) = &pattern {
            query = query.filter(
                accounts_users::email
                    .like(p.clone())
                    .escape('\\')
                    .or(accounts_users::nickname.like(p.clone()).escape('\\')),
            );
        }
        query
    };
    let total: i64 = build().count().get_result(conn)?;
    let users = build()
        .order(accounts_users::id.desc())
        .offset(page.offset())
        .limit(page.limit())
        .select(User::as_select())
        .load(conn)?;
    Ok(Page::new(users, page, total))
}

/// Suspends or restores a user; suspension ends every session.
pub fn set_suspended(
    conn: &mut Conn,
    env: &Env<'_>,
    admin_id: i64,
    user_id: i64,
    suspend: bool,
    reason: Option<&str>,
) -> Result<Account, AccountsError> {
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        if admin_id == user_id {
            return Err(AccountsError::invalid("id", "You cannot suspend yourself."));
        }
        let user = User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
        let (from, to) = if suspend {
            (UserStatus::Active, UserStatus::Suspended)
        } else {
            (UserStatus::Suspended, UserStatus::Active)
        };
        if user.status() == from {
            diesel::update(accounts_users::table.find(user_id))
                .set((
                    accounts_users::status.eq(to.as_str()),
                    accounts_users::suspended_reason.eq(if suspend { reason } else { None }),
                    accounts_users::updated_at.eq(env.now.naive_utc()),
                ))
                .execute(conn)?;
        } else if user.status() != to {
            return Err(AccountsError::NotPending);
        }
        if suspend {
            revoke_sessions(conn, user_id, None, env.now)?;
        }
        Account::load(conn, user_id)
    })
}

/// Creates an active, verified administrator, or makes an existing account one.
pub fn create_admin(
    conn: &mut Conn,
    env: &Env<'_>,
    email: &Email,
    nickname: &Nickname,
    password_hash: &str,
) -> Result<(Account, bool), AccountsError> {
    db::transaction(conn, |conn| {
        let now = env.now.naive_utc();
        if let Some(user) = User::by_email(conn, email)? {
            diesel::update(accounts_users::table.find(user.id))
                .set((
                    accounts_users::is_admin.eq(true),
                    accounts_users::status.eq(UserStatus::Active.as_str()),
                    accounts_users::email_verified.eq(true),
                    accounts_users::password_hash.eq(Some(password_hash)),
                    accounts_users::updated_at.eq(now),
                ))
                .execute(conn)?;
            return Ok((Account::load(conn, user.id)?, false));
        }
        let id = diesel::insert_into(accounts_users::table)
            .values(NewUser {
                email: email.as_str(),
                nickname: nickname.as_str(),
                password_hash: Some(password_hash),
                login_type: "email",
                status: UserStatus::Active.as_str(),
                is_admin: true,
                email_verified: true,
                created_at: now,
                updated_at: now,
            })
            .returning(accounts_users::id)
            .get_result::<i64>(conn)?;
        Ok((Account::load(conn, id)?, true))
    })
}

/// An operator's correction of `user_id`'s points (`admin_adjustment`). Payments knows no
/// roles, so the administrator is checked here, against the database, in the same transaction
/// as the ledger entry; an unknown user is 404 and a balance that would go below 0 is 402.
pub fn adjust_wallet(
    conn: &mut Conn,
    env: &Env<'_>,
    admin_id: i64,
    user_id: i64,
    amount: i64,
    memo: &str,
) -> Result<praline_payments::model::LedgerEntry, AccountsError> {
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
        Ok(praline_payments::service::wallet::admin_adjustment(conn, user_id, amount, memo, env.now)?)
    })
}
