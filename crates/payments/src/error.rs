//! The payments domain's errors and their mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the payments domain.
#[derive(Debug, thiserror::Error)]
pub enum PaymentsError {
    #[error("the amount must be positive, not {0}")]
    InvalidAmount(i64),
    #[error("another request changed this wallet at the same time")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<PaymentsError> for ApiError {
    fn from(error: PaymentsError) -> Self {
        match error {
            PaymentsError::InvalidAmount(_) => ApiError::invalid_field("amount", error.to_string()),
            PaymentsError::Conflict => ApiError::new(StatusCode::CONFLICT, "conflict", error.to_string()),
            PaymentsError::Db(e) => e.into(),
            PaymentsError::Query(e) => e.into(),
        }
    }
}
