//! Seller profiles: apply, read and edit your own, and what the public may see.

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::{Env, active_account};
use crate::error::AccountsError;
use crate::model::{SellerChangeset, SellerRow, SellerStatus};
use crate::schema::accounts_sellers;

/// Seller fields, already checked.
#[derive(Debug, Clone)]
pub struct SellerInput {
    pub company_name: String,
    pub business_number: String,
    pub owner_name: String,
    pub contact: String,
    pub bank_name: String,
    pub account_number: String,
    pub account_holder: String,
}

/// Optional seller fields for an edit.
#[derive(Debug, Clone, Default)]
pub struct SellerChanges {
    pub company_name: Option<String>,
    pub business_number: Option<String>,
    pub owner_name: Option<String>,
    pub contact: Option<String>,
    pub bank_name: Option<String>,
    pub account_number: Option<String>,
    pub account_holder: Option<String>,
}

/// Longest company name.
pub const COMPANY_NAME_MAX: usize = 50;
/// Longest owner name, bank name and account holder.
pub const PERSON_NAME_MAX: usize = 30;
/// Digits of a business registration number.
pub const BUSINESS_NUMBER_DIGITS: (usize, usize) = (10, 10);
/// Digits of a contact number.
pub const CONTACT_DIGITS: (usize, usize) = (8, 12);
/// Digits of a bank account number.
pub const ACCOUNT_NUMBER_DIGITS: (usize, usize) = (6, 20);

fn text(field: &'static str, raw: &str, max: usize) -> Result<String, AccountsError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AccountsError::invalid(field, "Required."));
    }
    if value.chars().count() > max {
        return Err(AccountsError::invalid(field, format!("At most {max} characters.")));
    }
    Ok(value.to_string())
}

fn digits(field: &'static str, raw: &str, (min, max): (usize, usize)) -> Result<String, AccountsError> {
    let value: String = raw.chars().filter(|c| *c != '-' && *c != ' ').collect();
    if !(min..=max).contains(&value.len()) || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(AccountsError::invalid(field, format!("Use {min} to {max} digits.")));
    }
    Ok(value)
}

impl SellerInput {
    /// Checks every field: names ≤ 50, business number 10 digits, contact and account digits.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        company_name: &str,
        business_number: &str,
        owner_name: &str,
        contact: &str,
        bank_name: &str,
        account_number: &str,
        account_holder: &str,
    ) -> Result<SellerInput, AccountsError> {
        Ok(SellerInput {
            company_name: text("company_name", company_name, COMPANY_NAME_MAX)?,
            business_number: digits("business_number", business_number, BUSINESS_NUMBER_DIGITS)?,
            owner_name: text("owner_name", owner_name, PERSON_NAME_MAX)?,
            contact: digits("contact", contact, CONTACT_DIGITS)?,
            bank_name: text("bank_name", bank_name, PERSON_NAME_MAX)?,
            account_number: digits("account_number", account_number, ACCOUNT_NUMBER_DIGITS)?,
            account_holder: text("account_holder", account_holder, PERSON_NAME_MAX)?,
        })
    }
}

impl SellerChanges {
    /// Checks the fields that are present.
    pub fn validate(self) -> Result<SellerChanges, AccountsError> {
        Ok(SellerChanges {
            company_name: self
                .company_name
                .map(|v| text("company_name", &v, COMPANY_NAME_MAX))
                .transpose()?,
            business_number: self
                .business_number
                .map(|v| digits("business_number", &v, BUSINESS_NUMBER_DIGITS))
                .transpose()?,
            owner_name: self.owner_name.map(|v| text("owner_name", &v, PERSON_NAME_MAX)).transpose()?,
            contact: self.contact.map(|v| digits("contact", &v, CONTACT_DIGITS)).transpose()?,
            bank_name: self.bank_name.map(|v| text("bank_name", &v, PERSON_NAME_MAX)).transpose()?,
            account_number: self
                .account_number
                .map(|v| digits("account_number", &v, ACCOUNT_NUMBER_DIGITS))
                .transpose()?,
            account_holder: self
                .account_holder
                .map(|v| text("account_holder", &v, PERSON_NAME_MAX))
                .transpose()?,
        })
    }
}

/// Company names are unique regardless of case and spacing.
fn company_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

pub(crate) fn insert_seller(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    input: &SellerInput,
) -> Result<(), AccountsError> {
    let now = env.now.naive_utc();
    let status = if env.config.auto_approve_sellers { SellerStatus::Approved } else { SellerStatus::Pending };
    let sealer = &env.secrets.sealer;
    let inserted = diesel::insert_into(accounts_sellers::table)
        .values((
            accounts_sellers::user_id.eq(user_id),
            accounts_sellers::company_name.eq(&input.company_name),
            accounts_sellers::company_key.eq(company_key(&input.company_name)),
            accounts_sellers::business_number.eq(&input.business_number),
            accounts_sellers::owner_name.eq(&input.owner_name),
            accounts_sellers::contact.eq(&input.contact),
            accounts_sellers::bank_name_sealed.eq(sealer.seal(&input.bank_name)),
            accounts_sellers::account_number_sealed.eq(sealer.seal(&input.account_number)),
            accounts_sellers::account_holder_sealed.eq(sealer.seal(&input.account_holder)),
            accounts_sellers::status.eq(status.as_str()),
            accounts_sellers::created_at.eq(now),
            accounts_sellers::decided_at.eq(env.config.auto_approve_sellers.then_some(now)),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        )) => {
            if info.message().contains("company_key")
                || info.constraint_name().is_some_and(|c| c.contains("company_key"))
            {
                Err(AccountsError::CompanyNameTaken)
            } else {
                Err(AccountsError::AlreadySeller)
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A seller profile with its bank fields opened, for the seller and admins only.
#[derive(Debug, Clone)]
pub struct PrivateSeller {
    pub row: SellerRow,
    pub bank_name: String,
    pub account_number: String,
    pub account_holder: String,
}

/// Opens the sealed bank fields of a profile.
pub fn open_private(env: &Env<'_>, row: SellerRow) -> Result<PrivateSeller, AccountsError> {
    let open = |s: &str| env.secrets.sealer.open(s).map_err(|e| AccountsError::Internal(e.to_string()));
    Ok(PrivateSeller {
        bank_name: open(&row.bank_name_sealed)?,
        account_number: open(&row.account_number_sealed)?,
        account_holder: open(&row.account_holder_sealed)?,
        row,
    })
}

/// An existing buyer applies to sell; a rejected applicant may apply again with new details.
pub fn apply(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    input: SellerInput,
) -> Result<PrivateSeller, AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        match account.seller.as_ref().map(SellerRow::status) {
            None => {}
            // The rejected application is replaced by the new one, back in the queue.
            Some(SellerStatus::Rejected) => {
                diesel::delete(accounts_sellers::table.find(user_id)).execute(conn)?;
            }
            Some(_) => return Err(AccountsError::AlreadySeller),
        }
        insert_seller(conn, env, user_id, &input)?;
        let row = SellerRow::find(conn, user_id)?.ok_or(AccountsError::SellerNotFound)?;
        open_private(env, row)
    })
}

/// The caller's own seller profile.
pub fn own(conn: &mut Conn, env: &Env<'_>, user_id: i64) -> Result<PrivateSeller, AccountsError> {
    let account = active_account(conn, user_id)?;
    open_private(env, account.seller.ok_or(AccountsError::SellerNotFound)?)
}

/// Edits the caller's own seller profile.
pub fn update_own(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    changes: SellerChanges,
) -> Result<PrivateSeller, AccountsError> {
    let changes = changes.validate()?;
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        account.seller.ok_or(AccountsError::SellerNotFound)?;
        let sealer = &env.secrets.sealer;
        let changeset = SellerChangeset {
            company_key: changes.company_name.as_deref().map(company_key),
            company_name: changes.company_name,
            business_number: changes.business_number,
            owner_name: changes.owner_name,
            contact: changes.contact,
            bank_name_sealed: changes.bank_name.map(|v| sealer.seal(&v)),
            account_number_sealed: changes.account_number.map(|v| sealer.seal(&v)),
            account_holder_sealed: changes.account_holder.map(|v| sealer.seal(&v)),
        };
        if changeset != SellerChangeset::default() {
            let updated = diesel::update(accounts_sellers::table.find(user_id)).set(&changeset).execute(conn);
            match updated {
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {
                    return Err(AccountsError::CompanyNameTaken);
                }
                other => other?,
            };
        }
        let row = SellerRow::find(conn, user_id)?.ok_or(AccountsError::SellerNotFound)?;
        open_private(env, row)
    })
}

/// An approved seller whose account is active, for the public seller card; anything else is
/// "not found" (pending, rejected, suspended or withdrawn sellers have no public page).
pub fn public_seller(conn: &mut Conn, user_id: i64) -> Result<SellerRow, AccountsError> {
    let row = SellerRow::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
    let user = crate::model::User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
    if row.status() != SellerStatus::Approved || user.status() != crate::model::UserStatus::Active {
        return Err(AccountsError::NotFound);
    }
    Ok(row)
}

/// Which aggregate of a seller another domain changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SellerCounter {
    /// Listed products (fed by catalog).
    Products,
    /// Followers (fed by community).
    Followers,
}

/// Adds `delta` to a seller's aggregate; it never goes below zero. Joins the caller's
/// transaction, so the count moves with the change that caused it.
pub fn adjust_count(
    conn: &mut Conn,
    user_id: i64,
    counter: SellerCounter,
    delta: i64,
) -> Result<(), AccountsError> {
    let target = accounts_sellers::table.find(user_id);
    let updated = match counter {
        SellerCounter::Products => diesel::update(target.filter(accounts_sellers::product_count.ge(-delta)))
            .set(accounts_sellers::product_count.eq(accounts_sellers::product_count + delta))
            .execute(conn)?,
        SellerCounter::Followers => {
            diesel::update(target.filter(accounts_sellers::follower_count.ge(-delta)))
                .set(accounts_sellers::follower_count.eq(accounts_sellers::follower_count + delta))
                .execute(conn)?
        }
    };
    if updated == 0 {
        // Either no such seller, or the count would go negative: both are bugs in the caller.
        return Err(AccountsError::Internal(format!(
            "cannot move {counter:?} of seller {user_id} by {delta}"
        )));
    }
    Ok(())
}

/// Points the caller's seller profile at a newly stored logo; returns the profile and the old
/// logo's key for the caller to remove once this has committed.
pub fn set_logo(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    key: &str,
) -> Result<(PrivateSeller, Option<String>), AccountsError> {
    db::transaction(conn, |conn| {
        let account = active_account(conn, user_id)?;
        let old = account.seller.ok_or(AccountsError::SellerNotFound)?.logo_key;
        diesel::update(accounts_sellers::table.find(user_id))
            .set(accounts_sellers::logo_key.eq(Some(key)))
            .execute(conn)?;
        let row = SellerRow::find(conn, user_id)?.ok_or(AccountsError::SellerNotFound)?;
        Ok((open_private(env, row)?, old))
    })
}

/// What other domains show of a seller next to their products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SellerName {
    pub user_id: i64,
    pub company_name: String,
    pub logo_key: Option<String>,
}

/// The names of several sellers in one query (lists call this once per page, never per item).
pub fn names(conn: &mut Conn, user_ids: &[i64]) -> Result<Vec<SellerName>, AccountsError> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, Option<String>)> = accounts_sellers::table
        .filter(accounts_sellers::user_id.eq_any(user_ids))
        .select((accounts_sellers::user_id, accounts_sellers::company_name, accounts_sellers::logo_key))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, company_name, logo_key)| SellerName { user_id, company_name, logo_key })
        .collect())
}

/// A seller of products being bought: the name for the order line, and whether the public may
/// see (and so buy) their products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SellerOfSale {
    pub name: SellerName,
    pub visible: bool,
}

/// [`names`] and the visibility of [`hidden_sellers`] for just these sellers, in one query
/// (checkout asks this once for all its lines).
pub fn of_sale(conn: &mut Conn, user_ids: &[i64]) -> Result<Vec<SellerOfSale>, AccountsError> {
    use crate::schema::accounts_users;
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, Option<String>, String, String)> = accounts_sellers::table
        .inner_join(accounts_users::table)
        .filter(accounts_sellers::user_id.eq_any(user_ids))
        .select((
            accounts_sellers::user_id,
            accounts_sellers::company_name,
            accounts_sellers::logo_key,
            accounts_sellers::status,
            accounts_users::status,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, company_name, logo_key, seller_status, user_status)| SellerOfSale {
            name: SellerName { user_id, company_name, logo_key },
            visible: seller_status == SellerStatus::Approved.as_str()
                && user_status == crate::model::UserStatus::Active.as_str(),
        })
        .collect())
}

/// Sellers with listed products who must not be shown: no longer approved, or whose account is
/// suspended, withdrawn or anonymised. Public product lists leave their products out.
pub fn hidden_sellers(conn: &mut Conn) -> Result<Vec<i64>, AccountsError> {
    use crate::schema::accounts_users;
    Ok(accounts_sellers::table
        .inner_join(accounts_users::table)
        .filter(accounts_sellers::product_count.gt(0))
        .filter(
            accounts_sellers::status
                .ne(SellerStatus::Approved.as_str())
                .or(accounts_users::status.ne(crate::model::UserStatus::Active.as_str())),
        )
        .select(accounts_sellers::user_id)
        .load(conn)?)
}

/// True when `user_id` is a seller whose products the public may see.
pub fn is_visible_seller(conn: &mut Conn, user_id: i64) -> Result<bool, AccountsError> {
    match public_seller(conn, user_id) {
        Ok(_) => Ok(true),
        Err(AccountsError::NotFound) => Ok(false),
        Err(error) => Err(error),
    }
}
