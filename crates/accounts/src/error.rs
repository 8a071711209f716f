//! The accounts domain's errors and their one mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the accounts domain.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("This e-mail address is already registered.")]
    EmailTaken,
    #[error("This company name is already registered.")]
    CompanyNameTaken,
    #[error("The code is not correct.")]
    CodeInvalid,
    #[error("The code has expired. Ask for a new one.")]
    CodeExpired,
    #[error("No code was sent for this request. Ask for a new one.")]
    CodeNotIssued,
    #[error("Too many attempts. Try again in {0} seconds.")]
    TooManyAttempts(u64),
    #[error("The e-mail or password is not correct.")]
    InvalidCredentials,
    #[error("Confirm your e-mail address first; we sent you a code.")]
    EmailUnverified,
    #[error("This account was withdrawn. Reset your password to reactivate it.")]
    AccountDormant,
    #[error("This account is suspended.")]
    AccountSuspended,
    #[error("Too many failed logins. Try again in {} minutes or reset your password.", .0.div_ceil(60))]
    AccountLocked(u64),
    #[error("This account signs in with {0}.")]
    SocialAccount(String),
    #[error("The session has ended. Please sign in again.")]
    RefreshInvalid,
    #[error("The current password is not correct.")]
    WrongPassword,
    #[error("You already have a seller profile.")]
    AlreadySeller,
    #[error("No seller profile.")]
    SellerNotFound,
    #[error("The application is not pending.")]
    NotPending,
    #[error("Verify your phone number first.")]
    PhoneUnverified,
    #[error("You can save at most 5 addresses; edit or delete one.")]
    AddressLimit,
    #[error("The login provider did not share a verified e-mail address.")]
    OAuthNoEmail,
    #[error("This e-mail is registered with {0}; sign in that way.")]
    EmailRegisteredWithOtherMethod(String),
    #[error("Not found.")]
    NotFound,
    #[error("Administrators only.")]
    NotAdmin,
    #[error("The account is not active.")]
    Inactive,
    #[error(transparent)]
    Payments(#[from] praline_payments::PaymentsError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl AccountsError {
    /// A 400 for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AccountsError::Invalid { field, message: message.into() }
    }
}

impl From<AccountsError> for ApiError {
    fn from(error: AccountsError) -> Self {
        use AccountsError as E;
        let message = error.to_string();
        match error {
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::EmailTaken => {
                ApiError::new(StatusCode::CONFLICT, "email_taken", message).field("email", "taken")
            }
            E::CompanyNameTaken => ApiError::new(StatusCode::CONFLICT, "company_name_taken", message),
            E::CodeInvalid => ApiError::new(StatusCode::BAD_REQUEST, "code_invalid", message),
            E::CodeExpired => ApiError::new(StatusCode::BAD_REQUEST, "code_expired", message),
            E::CodeNotIssued => ApiError::new(StatusCode::BAD_REQUEST, "code_not_issued", message),
            E::TooManyAttempts(seconds) => ApiError::rate_limited(seconds),
            E::InvalidCredentials => ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", message),
            E::EmailUnverified => ApiError::new(StatusCode::FORBIDDEN, "email_unverified", message),
            E::AccountDormant => ApiError::new(StatusCode::FORBIDDEN, "account_dormant", message),
            E::AccountSuspended => ApiError::new(StatusCode::FORBIDDEN, "account_suspended", message),
            E::AccountLocked(seconds) => {
                ApiError::new(StatusCode::LOCKED, "account_locked", message).with("retry_after", seconds)
            }
            E::SocialAccount(provider) => {
                ApiError::new(StatusCode::CONFLICT, "social_account", message).with("provider", provider)
            }
            E::RefreshInvalid => ApiError::new(StatusCode::UNAUTHORIZED, "refresh_invalid", message),
            E::WrongPassword => ApiError::new(StatusCode::FORBIDDEN, "wrong_password", message),
            E::AlreadySeller => ApiError::new(StatusCode::CONFLICT, "already_seller", message),
            E::PhoneUnverified => ApiError::new(StatusCode::FORBIDDEN, "phone_unverified", message),
            E::AddressLimit => ApiError::new(StatusCode::CONFLICT, "address_limit", message),
            E::OAuthNoEmail => ApiError::new(StatusCode::BAD_REQUEST, "oauth_no_email", message),
            E::EmailRegisteredWithOtherMethod(provider) => {
                ApiError::new(StatusCode::CONFLICT, "email_registered_with_other_method", message)
                    .with("provider", provider)
            }
            E::SellerNotFound | E::NotFound => ApiError::not_found(message),
            E::NotPending => ApiError::new(StatusCode::CONFLICT, "conflict", message),
            E::NotAdmin => ApiError::forbidden(message),
            E::Inactive => ApiError::unauthenticated(message),
            E::Payments(e) => e.into(),
            E::Db(e) => e.into(),
            E::Query(e) => e.into(),
            E::Internal(e) => ApiError::internal(e),
        }
    }
}
