//! The payments domain's errors and their mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the payments domain.
#[derive(Debug, thiserror::Error)]
pub enum PaymentsError {
    #[error("the amount must be positive, not {0}")]
    InvalidAmount(i64),
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// A debit would take the balance below zero; nothing was written.
    #[error("Not enough points: the balance is {balance}, {required} are needed.")]
    InsufficientPoints { balance: i64, required: i64 },
    #[error("You are already a member. To keep a cancelled membership, resume it.")]
    AlreadyMember,
    #[error("You are not a member; subscribe first.")]
    NotMember,
    #[error("another request changed this wallet at the same time")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl PaymentsError {
    /// A 400 for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        PaymentsError::Invalid { field, message: message.into() }
    }
}

impl From<PaymentsError> for ApiError {
    fn from(error: PaymentsError) -> Self {
        let message = error.to_string();
        match error {
            PaymentsError::InvalidAmount(_) => ApiError::invalid_field("amount", message),
            PaymentsError::Invalid { field, message } => ApiError::invalid_field(field, message),
            PaymentsError::InsufficientPoints { balance, required } => {
                ApiError::new(StatusCode::PAYMENT_REQUIRED, "insufficient_points", message)
                    .with("balance", balance)
                    .with("required", required)
            }
            PaymentsError::AlreadyMember => ApiError::new(StatusCode::CONFLICT, "already_member", message),
            PaymentsError::NotMember => ApiError::new(StatusCode::CONFLICT, "not_member", message),
            PaymentsError::Conflict => ApiError::new(StatusCode::CONFLICT, "conflict", message),
            PaymentsError::Db(e) => e.into(),
            PaymentsError::Query(e) => e.into(),
        }
    }
}
