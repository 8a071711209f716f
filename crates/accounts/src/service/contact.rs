//! Ways to reach a user: e-mail change, phone verification by SMS, the customs code.

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::auth::{CodePurpose, IssuedCode, issue_code, with_code};
use super::{Account, Env, active_account};
use crate::error::AccountsError;
use crate::model::{CustomsCode, Email, Phone, User};
use crate::schema::accounts_users;

/// Sends a code to a new address that must still be free.
pub fn request_email_change(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    new_email: &Email,
) -> Result<IssuedCode, AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        if account.user.password_hash.is_none() {
            return Err(AccountsError::SocialAccount(account.user.login_type.clone()));
        }
        if User::by_email(conn, new_email)?.is_some() {
            return Err(AccountsError::EmailTaken);
        }
        issue_code(conn, env, &account.user, CodePurpose::ChangeEmail, new_email.as_str())
    })
}

/// Confirms the code sent to the new address and switches the account to it.
pub fn confirm_email_change(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    code: &str,
) -> Result<Account, AccountsError> {
    active_account(conn, user_id)?;
    with_code(conn, env, user_id, CodePurpose::ChangeEmail, code, |conn, row| {
        let updated = diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::email.eq(&row.target),
                accounts_users::email_verified.eq(true),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn);
        match updated {
            // Someone registered the address after the code was sent.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Err(AccountsError::EmailTaken),
            other => other.map(|_| ()).map_err(AccountsError::from),
        }?;
        Account::load(conn, user_id)
    })
}

/// Sends a 4-digit SMS code to a phone number; the number is saved only once confirmed.
pub fn request_phone_code(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    phone: &Phone,
) -> Result<IssuedCode, AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        let sealed = env.secrets.sealer.seal(phone.as_str());
        let mut issued = issue_code(conn, env, &account.user, CodePurpose::Phone, &sealed)?;
        issued.to = phone.as_str().to_string();
        Ok(issued)
    })
}

/// Confirms the SMS code: the number becomes the account's verified phone.
pub fn verify_phone(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    code: &str,
) -> Result<Account, AccountsError> {
    active_account(conn, user_id)?;
    with_code(conn, env, user_id, CodePurpose::Phone, code, |conn, row| {
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::phone_sealed.eq(Some(&row.target)),
                accounts_users::phone_verified.eq(true),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        Account::load(conn, user_id)
    })
}

/// Saves the customs clearance code, sealed.
pub fn set_customs_code(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    code: &CustomsCode,
) -> Result<Account, AccountsError> {
    db::transaction(conn, |conn| {
        active_account(conn, user_id)?;
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::customs_code_sealed.eq(Some(env.secrets.sealer.seal(code.as_str()))),
                accounts_users::updated_at.eq(env.now.naive_utc()),
            ))
            .execute(conn)?;
        Account::load(conn, user_id)
    })
}

/// The payment window's buyer (e-mail and nickname) for payments, which knows only user ids;
/// the gateway registers it with payments' hooks.
#[derive(Debug, Clone, Copy, Default)]
pub struct PaymentPayers;

impl praline_payments::service::hooks::Payers for PaymentPayers {
    fn payer(
        &self,
        conn: &mut Conn,
        user_id: i64,
    ) -> Result<praline_payments::service::hooks::Payer, praline_payments::service::hooks::EffectError> {
        let user = crate::model::User::find(conn, user_id)?;
        Ok(user
            .map(|u| praline_payments::service::hooks::Payer { email: u.email, name: u.nickname })
            .unwrap_or_default())
    }
}
