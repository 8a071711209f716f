//! Saved delivery addresses: at most five, one default, sealed at rest, visible to the owner
//! only (another user's address is "not found").

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::{Env, active_account};
use crate::error::AccountsError;
use crate::model::{AddressRow, Phone};
use crate::schema::{accounts_addresses, accounts_users};

/// Addresses a user may keep.
pub const MAX_ADDRESSES: i64 = 5;

/// An address, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressInput {
    pub postal_code: String,
    pub address: String,
    pub detail_address: String,
    pub recipient: String,
    pub phone: Phone,
    pub is_default: bool,
}

/// An address opened for its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub id: i64,
    pub postal_code: String,
    pub address: String,
    pub detail_address: String,
    pub recipient: String,
    pub phone: String,
    pub is_default: bool,
}

/// Digits of a postal code.
pub const POSTAL_CODE_DIGITS: usize = 5;
/// Longest address line.
pub const ADDRESS_MAX: usize = 200;
/// Longest detail line.
pub const DETAIL_ADDRESS_MAX: usize = 100;
/// Longest recipient name.
pub const RECIPIENT_MAX: usize = 30;

fn text(field: &'static str, raw: &str, max: usize, required: bool) -> Result<String, AccountsError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(AccountsError::invalid(field, "Required."));
    }
    if value.chars().count() > max {
        return Err(AccountsError::invalid(field, format!("At most {max} characters.")));
    }
    Ok(value.to_string())
}

impl AddressInput {
    /// Postal code 5 digits, address ≤ 200, detail ≤ 100, recipient ≤ 30, an 11-digit phone.
    pub fn parse(
        postal_code: &str,
        address: &str,
        detail_address: Option<&str>,
        recipient: &str,
        phone: &str,
        is_default: bool,
    ) -> Result<AddressInput, AccountsError> {
        let postal_code = postal_code.trim();
        if postal_code.len() != POSTAL_CODE_DIGITS || !postal_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(AccountsError::invalid("postal_code", "Use the 5-digit postal code."));
        }
        Ok(AddressInput {
            postal_code: postal_code.to_string(),
            address: text("address", address, ADDRESS_MAX, true)?,
            detail_address: text("detail_address", detail_address.unwrap_or(""), DETAIL_ADDRESS_MAX, false)?,
            recipient: text("recipient", recipient, RECIPIENT_MAX, true)?,
            phone: Phone::parse("phone", phone)?,
            is_default,
        })
    }
}

/// The stored form of an address: every personal field sealed.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = accounts_addresses)]
struct SealedAddress {
    postal_code_sealed: String,
    address_sealed: String,
    detail_address_sealed: String,
    recipient_sealed: String,
    phone_sealed: String,
    is_default: bool,
    updated_at: chrono::NaiveDateTime,
}

impl SealedAddress {
    fn new(env: &Env<'_>, input: &AddressInput, is_default: bool) -> SealedAddress {
        let seal = |value: &str| env.secrets.sealer.seal(value);
        SealedAddress {
            postal_code_sealed: seal(&input.postal_code),
            address_sealed: seal(&input.address),
            detail_address_sealed: seal(&input.detail_address),
            recipient_sealed: seal(&input.recipient),
            phone_sealed: seal(input.phone.as_str()),
            is_default,
            updated_at: env.now.naive_utc(),
        }
    }
}

fn open(env: &Env<'_>, row: AddressRow) -> Result<Address, AccountsError> {
    let open = |s: &str| env.secrets.sealer.open(s).map_err(|e| AccountsError::Internal(e.to_string()));
    Ok(Address {
        id: row.id,
        postal_code: open(&row.postal_code_sealed)?,
        address: open(&row.address_sealed)?,
        detail_address: open(&row.detail_address_sealed)?,
        recipient: open(&row.recipient_sealed)?,
        phone: open(&row.phone_sealed)?,
        is_default: row.is_default,
    })
}

/// The caller's addresses, the default first.
pub fn list(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<Vec<Address>, AccountsError> {
    active_account(conn, user_id)?;
    AddressRow::of_user(conn, user_id)?.into_iter().map(|row| open(env, row)).collect()
}

/// One of the caller's addresses, opened (one query; 404 when it is not theirs). For a caller
/// that has already checked the account, like checkout inside its transaction.
pub fn owned(conn: &mut Conn, env: &Env<'_>, user_id: i64, id: i64) -> Result<Address, AccountsError> {
    let row = AddressRow::owned(conn, user_id, id)?.ok_or(AccountsError::NotFound)?;
    open(env, row)
}

/// Serialises address changes of one user: on PostgreSQL this row lock makes the limit and the
/// single default hold under concurrency; SQLite's immediate transaction already does.
fn lock_user(conn: &mut Conn, user_id: i64) -> Result<(), AccountsError> {
    diesel::update(accounts_users::table.find(user_id))
        .set(accounts_users::updated_at.eq(accounts_users::updated_at))
        .execute(conn)?;
    Ok(())
}

fn clear_default(conn: &mut Conn, user_id: i64, except: i64) -> Result<(), AccountsError> {
    diesel::update(
        accounts_addresses::table
            .filter(accounts_addresses::user_id.eq(user_id))
            .filter(accounts_addresses::id.ne(except)),
    )
    .set(accounts_addresses::is_default.eq(false))
    .execute(conn)?;
    Ok(())
}

/// Saves a new address; needs a verified phone; the first one becomes the default.
pub fn create(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    input: AddressInput,
) -> Result<Address, AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        if !account.user.phone_verified {
            return Err(AccountsError::PhoneUnverified);
        }
        lock_user(conn, user_id)?;
        let count: i64 = accounts_addresses::table
            .filter(accounts_addresses::user_id.eq(user_id))
            .count()
            .get_result(conn)?;
        if count >= MAX_ADDRESSES {
            return Err(AccountsError::AddressLimit);
        }
        let now = env.now.naive_utc();
        let is_default = input.is_default || count == 0;
        let id = diesel::insert_into(accounts_addresses::table)
            .values((
                SealedAddress::new(env, &input, is_default),
                accounts_addresses::user_id.eq(user_id),
                accounts_addresses::created_at.eq(now),
            ))
            .returning(accounts_addresses::id)
            .get_result::<i64>(conn)?;
        if is_default {
            clear_default(conn, user_id, id)?;
        }
        open(env, AddressRow::owned(conn, user_id, id)?.ok_or(AccountsError::NotFound)?)
    })
}

/// Replaces an address of the caller's; never refused because of the limit.
pub fn update(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    id: i64,
    input: AddressInput,
) -> Result<Address, AccountsError> {
    db::transaction(conn, |conn| {
        active_account(conn, user_id)?;
        lock_user(conn, user_id)?;
        let existing = AddressRow::owned(conn, user_id, id)?.ok_or(AccountsError::NotFound)?;
        // The default stays the default until another address takes the role.
        let is_default = input.is_default || existing.is_default;
        diesel::update(accounts_addresses::table.find(id))
            .set(&SealedAddress::new(env, &input, is_default))
            .execute(conn)?;
        if is_default {
            clear_default(conn, user_id, id)?;
        }
        open(env, AddressRow::owned(conn, user_id, id)?.ok_or(AccountsError::NotFound)?)
    })
}

/// Removes an address of the caller's; when it was the default, the newest other one takes over.
pub fn delete(conn: &mut Conn, user_id: i64, id: i64) -> Result<(), AccountsError> {
    db::transaction(conn, |conn| {
        active_account(conn, user_id)?;
        lock_user(conn, user_id)?;
        let existing = AddressRow::owned(conn, user_id, id)?.ok_or(AccountsError::NotFound)?;
        diesel::delete(accounts_addresses::table.find(id)).execute(conn)?;
        if existing.is_default
            && let Some(next) = AddressRow::of_user(conn, user_id)?.into_iter().next()
        {
            diesel::update(accounts_addresses::table.find(next.id))
                .set(accounts_addresses::is_default.eq(true))
                .execute(conn)?;
        }
        Ok(())
    })
}
