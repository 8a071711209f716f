//! The payments domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the payments domain.
#[derive(Debug, thiserror::Error)]
pub enum PaymentsError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<PaymentsError> for ApiError {
    fn from(error: PaymentsError) -> Self {
        match error {
            PaymentsError::Db(e) => e.into(),
            PaymentsError::Query(e) => e.into(),
        }
    }
}
