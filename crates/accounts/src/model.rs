//! Typed values (parse, don't validate), row types and their queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::auth::Role;
use praline_kernel::db::Conn;

use praline_kernel::openapi;
use utoipa::openapi::schema::Object;

use crate::error::AccountsError;
use crate::schema::{
    accounts_addresses, accounts_email_codes, accounts_refresh_tokens, accounts_sellers, accounts_sessions,
    accounts_users,
};

/// Longest e-mail address.
pub const EMAIL_MAX: usize = 254;

/// A lower-cased, syntactically valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Its OpenAPI schema.
    pub fn schema() -> Object {
        openapi::email(EMAIL_MAX, false)
    }

    pub fn parse(raw: &str) -> Result<Email, AccountsError> {
        let email = raw.trim().to_lowercase();
        let invalid = || AccountsError::invalid("email", "Enter a valid e-mail address.");
        if email.len() > EMAIL_MAX || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shortest and longest nickname.
pub const NICKNAME_CHARS: (usize, usize) = (2, 20);
/// Letters (any script) and digits only.
const NICKNAME_PATTERN: &str = "^[^\\W_]+$";

/// 2–20 letters (Hangul included) or digits, no spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nickname(String);

impl Nickname {
    /// Its OpenAPI schema.
    pub fn schema() -> Object {
        Self::schema_of(false)
    }

    /// Its OpenAPI schema as an optional field.
    pub fn nullable_schema() -> Object {
        Self::schema_of(true)
    }

    fn schema_of(nullable: bool) -> Object {
        let mut schema = openapi::pattern(NICKNAME_PATTERN, nullable);
        (schema.min_length, schema.max_length) = (Some(NICKNAME_CHARS.0), Some(NICKNAME_CHARS.1));
        schema
    }

    pub fn parse(raw: &str) -> Result<Nickname, AccountsError> {
        let nickname = raw.trim();
        let count = nickname.chars().count();
        if !(NICKNAME_CHARS.0..=NICKNAME_CHARS.1).contains(&count) {
            return Err(AccountsError::invalid("nickname", "Use 2 to 20 characters."));
        }
        if !nickname.chars().all(char::is_alphanumeric) {
            return Err(AccountsError::invalid(
                "nickname",
                "Use letters (Hangul too) and digits only, no spaces.",
            ));
        }
        Ok(Nickname(nickname.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Passwords people commonly pick; refused even when they meet the other rules.
const COMMON_PASSWORDS: &[&str] = &[
    "password1!",
    "password123!",
    "p@ssw0rd",
    "p@ssword1",
    "qwerty123!",
    "qwer1234!",
    "1q2w3e4r!",
    "1q2w3e4r5t!",
    "abcd1234!",
    "admin123!",
    "welcome1!",
    "iloveyou1!",
    "letmein1!",
    "asdf1234!",
    "zxcv1234!",
    "a1234567!",
    "passw0rd!",
    "qwerty1!",
    "abc12345!",
    "password!1",
];

/// Shortest and longest password.
pub const PASSWORD_CHARS: (usize, usize) = (8, 64);
/// A letter, a digit and a special character (neither letter, digit nor space) somewhere.
const PASSWORD_PATTERN: &str = "^(?=[\\s\\S]*[^\\W\\d_])(?=[\\s\\S]*[0-9])(?=[\\s\\S]*(?:[^\\w\\s]|_))";

/// 8–64 characters with a letter, a digit and a special character; not a common password.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// The OpenAPI schema of a new password (the common ones are refused as well).
    pub fn schema() -> Object {
        let mut schema = openapi::pattern(PASSWORD_PATTERN, false);
        (schema.min_length, schema.max_length) = (Some(PASSWORD_CHARS.0), Some(PASSWORD_CHARS.1));
        schema.description = Some(format!(
            "{} to {} characters with a letter, a digit and a special character; common passwords are refused.",
            PASSWORD_CHARS.0, PASSWORD_CHARS.1
        ));
        schema
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Password, AccountsError> {
        let count = raw.chars().count();
        if !(PASSWORD_CHARS.0..=PASSWORD_CHARS.1).contains(&count) {
            return Err(AccountsError::invalid(field, "Use 8 to 64 characters."));
        }
        let letter = raw.chars().any(char::is_alphabetic);
        let digit = raw.chars().any(|c| c.is_ascii_digit());
        let special = raw.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace());
        if !(letter && digit && special) {
            return Err(AccountsError::invalid(field, "Include a letter, a digit and a special character."));
        }
        if COMMON_PASSWORDS.contains(&raw.to_lowercase().as_str()) {
            return Err(AccountsError::invalid(field, "This password is too common; choose another."));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Account lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Signed up, e-mail not confirmed yet.
    Pending,
    Active,
    /// Withdrawn by the user; reactivated by a password reset.
    Dormant,
    Suspended,
    /// Dormant for 30 days: personal data removed, the id kept for orders and ledgers.
    Anonymised,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Pending => "pending",
            UserStatus::Active => "active",
            UserStatus::Dormant => "dormant",
            UserStatus::Suspended => "suspended",
            UserStatus::Anonymised => "anonymised",
        }
    }

    pub fn parse(s: &str) -> UserStatus {
        match s {
            "active" => UserStatus::Active,
            "dormant" => UserStatus::Dormant,
            "suspended" => UserStatus::Suspended,
            "anonymised" => UserStatus::Anonymised,
            _ => UserStatus::Pending,
        }
    }
}

/// Seller application state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SellerStatus {
    Pending,
    Approved,
    Rejected,
}

impl SellerStatus {
    /// Every status.
    pub const ALL: [SellerStatus; 3] =
        [SellerStatus::Pending, SellerStatus::Approved, SellerStatus::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            SellerStatus::Pending => "pending",
            SellerStatus::Approved => "approved",
            SellerStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<SellerStatus> {
        match s {
            "pending" => Some(SellerStatus::Pending),
            "approved" => Some(SellerStatus::Approved),
            "rejected" => Some(SellerStatus::Rejected),
            _ => None,
        }
    }
}

/// An account row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = accounts_users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub password_hash: Option<String>,
    pub login_type: String,
    pub status: String,
    pub is_admin: bool,
    pub email_verified: bool,
    pub introduction: String,
    pub avatar_key: Option<String>,
    pub phone_sealed: Option<String>,
    pub phone_verified: bool,
    pub customs_code_sealed: Option<String>,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub dormant_since: Option<NaiveDateTime>,
    pub suspended_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = accounts_users)]
pub(crate) struct NewUser<'a> {
    pub email: &'a str,
    pub nickname: &'a str,
    pub password_hash: Option<&'a str>,
    pub login_type: &'a str,
    pub status: &'a str,
    pub is_admin: bool,
    pub email_verified: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    pub fn status(&self) -> UserStatus {
        UserStatus::parse(&self.status)
    }

    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<User>> {
        accounts_users::table.find(id).select(User::as_select()).first(conn).optional()
    }

    pub fn by_email(conn: &mut Conn, email: &Email) -> QueryResult<Option<User>> {
        accounts_users::table
            .filter(accounts_users::email.eq(email.as_str()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Several users at once (one query), in no particular order.
    pub fn many(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<User>> {
        accounts_users::table.filter(accounts_users::id.eq_any(ids)).select(User::as_select()).load(conn)
    }
}

/// An e-mail code row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts_email_codes)]
pub struct EmailCode {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub target: String,
    pub code_hash: String,
    pub attempts: i32,
    pub expires_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl EmailCode {
    /// The newest code of a user for a purpose.
    pub fn latest(conn: &mut Conn, user_id: i64, purpose: &str) -> QueryResult<Option<EmailCode>> {
        accounts_email_codes::table
            .filter(accounts_email_codes::user_id.eq(user_id))
            .filter(accounts_email_codes::purpose.eq(purpose))
            .order(accounts_email_codes::id.desc())
            .select(EmailCode::as_select())
            .first(conn)
            .optional()
    }

    /// How many codes a user was sent for a purpose since `since`.
    pub fn count_since(
        conn: &mut Conn,
        user_id: i64,
        purpose: &str,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        accounts_email_codes::table
            .filter(accounts_email_codes::user_id.eq(user_id))
            .filter(accounts_email_codes::purpose.eq(purpose))
            .filter(accounts_email_codes::created_at.gt(since))
            .count()
            .get_result(conn)
    }
}

/// A session row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts_sessions)]
pub struct Session {
    pub id: i64,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A refresh-token row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts_refresh_tokens)]
pub struct RefreshToken {
    pub id: i64,
    pub session_id: i64,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl RefreshToken {
    pub fn by_hash(conn: &mut Conn, hash: &str) -> QueryResult<Option<RefreshToken>> {
        accounts_refresh_tokens::table
            .filter(accounts_refresh_tokens::token_hash.eq(hash))
            .select(RefreshToken::as_select())
            .first(conn)
            .optional()
    }
}

/// A seller profile row (bank fields sealed).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts_sellers)]
pub struct SellerRow {
    pub user_id: i64,
    pub company_name: String,
    pub company_key: String,
    pub business_number: String,
    pub owner_name: String,
    pub contact: String,
    pub logo_key: Option<String>,
    pub bank_name_sealed: String,
    pub account_number_sealed: String,
    pub account_holder_sealed: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub product_count: i64,
    pub follower_count: i64,
}

/// The columns a seller may change; `None` leaves a column alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = accounts_sellers)]
pub(crate) struct SellerChangeset {
    pub company_name: Option<String>,
    pub company_key: Option<String>,
    pub business_number: Option<String>,
    pub owner_name: Option<String>,
    pub contact: Option<String>,
    pub bank_name_sealed: Option<String>,
    pub account_number_sealed: Option<String>,
    pub account_holder_sealed: Option<String>,
}

/// The profile columns a user may change; `None` leaves a column alone.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = accounts_users)]
pub(crate) struct ProfileChangeset<'a> {
    pub nickname: Option<&'a str>,
    pub introduction: Option<&'a str>,
    pub updated_at: NaiveDateTime,
}

impl SellerRow {
    pub fn find(conn: &mut Conn, user_id: i64) -> QueryResult<Option<SellerRow>> {
        accounts_sellers::table.find(user_id).select(SellerRow::as_select()).first(conn).optional()
    }

    pub fn status(&self) -> SellerStatus {
        SellerStatus::parse(&self.status).unwrap_or(SellerStatus::Pending)
    }

    /// Several profiles at once (one query).
    pub fn many(conn: &mut Conn, user_ids: &[i64]) -> QueryResult<Vec<SellerRow>> {
        accounts_sellers::table
            .filter(accounts_sellers::user_id.eq_any(user_ids))
            .select(SellerRow::as_select())
            .load(conn)
    }
}

/// An 11-digit Korean mobile number such as `01012345678` (hyphens and spaces are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

/// `01` and 9 more digits; hyphens and spaces anywhere are dropped first.
const PHONE_PATTERN: &str = "^[- ]*0[- ]*1[- ]*(?:[0-9][- ]*){9}$";

impl Phone {
    /// Its OpenAPI schema.
    pub fn schema() -> Object {
        openapi::pattern(PHONE_PATTERN, false)
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Phone, AccountsError> {
        let digits: String = raw.chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.len() != 11 || !digits.starts_with("01") || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(AccountsError::invalid(field, "Use an 11-digit mobile number like 01012345678."));
        }
        Ok(Phone(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 개인통관고유부호: `P` and 12 digits, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomsCode(String);

impl CustomsCode {
    /// Its OpenAPI schema: `P` (either case) and 12 digits, blanks around ignored.
    pub fn schema() -> Object {
        let blank = openapi::BLANK;
        openapi::pattern(&format!("^{blank}*[Pp][0-9]{{12}}{blank}*$"), false)
    }

    pub fn parse(raw: &str) -> Result<CustomsCode, AccountsError> {
        let code = raw.trim().to_ascii_uppercase();
        let valid =
            code.len() == 13 && code.starts_with('P') && code[1..].chars().all(|c| c.is_ascii_digit());
        if !valid {
            return Err(AccountsError::invalid("customs_code", "Use P followed by 12 digits."));
        }
        Ok(CustomsCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A saved address row (every field sealed).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts_addresses)]
pub struct AddressRow {
    pub id: i64,
    pub user_id: i64,
    pub postal_code_sealed: String,
    pub address_sealed: String,
    pub detail_address_sealed: String,
    pub recipient_sealed: String,
    pub phone_sealed: String,
    pub is_default: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AddressRow {
    /// A user's addresses, the default first, then newest first.
    pub fn of_user(conn: &mut Conn, user_id: i64) -> QueryResult<Vec<AddressRow>> {
        accounts_addresses::table
            .filter(accounts_addresses::user_id.eq(user_id))
            .order((accounts_addresses::is_default.desc(), accounts_addresses::id.desc()))
            .select(AddressRow::as_select())
            .load(conn)
    }

    /// One address, only when it belongs to `user_id`.
    pub fn owned(conn: &mut Conn, user_id: i64, id: i64) -> QueryResult<Option<AddressRow>> {
        accounts_addresses::table
            .filter(accounts_addresses::id.eq(id))
            .filter(accounts_addresses::user_id.eq(user_id))
            .select(AddressRow::as_select())
            .first(conn)
            .optional()
    }
}

/// The roles a user holds right now, from the database.
pub fn roles_of(user: &User, seller: Option<&SellerRow>) -> Vec<Role> {
    let mut roles = vec![Role::Buyer];
    if seller.is_some_and(|s| s.status() == SellerStatus::Approved) {
        roles.push(Role::Seller);
    }
    if user.is_admin {
        roles.push(Role::Admin);
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(Email::parse("  Buyer@Example.COM ").unwrap().as_str(), "buyer@example.com");
        for bad in ["", "plain", "a@b", "a@@b.com", "a b@c.com", "@x.com", "a@.com", "a@x..com"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nicknames_allow_hangul_and_digits_only() {
        assert!(Nickname::parse("초코러버").is_ok());
        assert!(Nickname::parse("choco99").is_ok());
        for bad in ["a", "초 코", "choco!", "가나다라마바사아자차카타파하가나다라마바사"]
        {
            assert!(Nickname::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_and_customs_codes_are_normalised() {
        assert_eq!(Phone::parse("phone", "010-1234-5678").unwrap().as_str(), "01012345678");
        for bad in ["0101234567", "02123456789", "010123456789", "010-1234-567a"] {
            assert!(Phone::parse("phone", bad).is_err(), "{bad}");
        }
        assert_eq!(CustomsCode::parse(" p123456789012 ").unwrap().as_str(), "P123456789012");
        for bad in ["123456789012", "P12345678901", "Q123456789012", "P12345678901X"] {
            assert!(CustomsCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_letter_digit_special_and_not_common() {
        assert!(Password::parse("password", "Choco!2345").is_ok());
        for bad in ["short1!", "nodigits!!", "nospecial123", "12345678!", "Password1!"] {
            assert!(Password::parse("password", bad).is_err(), "{bad}");
        }
    }
}
