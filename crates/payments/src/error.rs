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
    /// No such payment, or not the caller's.
    #[error("No such payment.")]
    PaymentNotFound,
    /// PortOne does not report the payment as paid (or does not know the imp_uid).
    #[error("The payment is not paid at the card company.")]
    PaymentNotPaid { status: Option<String>, fail_reason: Option<String> },
    /// PortOne's payment does not match ours (another merchant_uid, amount or currency).
    #[error("The payment does not match this order's payment.")]
    PaymentMismatch,
    /// The money arrived after its order closed; it is being sent back.
    #[error("The payment arrived after the order was closed; it is refunded.")]
    PaymentExpired,
    /// PortOne did not answer usefully; nothing was changed, and a retry is safe.
    #[error("The payment provider is not answering; try again shortly.")]
    Provider(String),
    /// Card payments are not configured on this server.
    #[error("Card payments are not available on this server.")]
    CardsUnavailable,
    /// An effect registered by another crate failed.
    #[error("a payment effect failed: {0}")]
    Effect(String),
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
            PaymentsError::PaymentNotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", message),
            PaymentsError::PaymentNotPaid { status, fail_reason } => {
                ApiError::new(StatusCode::CONFLICT, "payment_not_paid", message)
                    .with("status", status)
                    .with("fail_reason", fail_reason)
            }
            PaymentsError::PaymentMismatch => {
                ApiError::new(StatusCode::CONFLICT, "payment_mismatch", message)
            }
            PaymentsError::PaymentExpired => ApiError::new(StatusCode::CONFLICT, "payment_expired", message),
            PaymentsError::Provider(cause) => {
                tracing::warn!(%cause, "PortOne failed");
                ApiError::new(StatusCode::BAD_GATEWAY, "provider_error", message)
            }
            PaymentsError::CardsUnavailable => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
            }
            PaymentsError::Effect(cause) => ApiError::internal(cause),
            PaymentsError::Db(e) => e.into(),
            PaymentsError::Query(e) => e.into(),
        }
    }
}
