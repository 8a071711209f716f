//! The commerce domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the commerce domain.
#[derive(Debug, thiserror::Error)]
pub enum CommerceError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<CommerceError> for ApiError {
    fn from(error: CommerceError) -> Self {
        match error {
            CommerceError::Db(e) => e.into(),
            CommerceError::Query(e) => e.into(),
        }
    }
}
