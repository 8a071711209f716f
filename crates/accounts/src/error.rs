//! The accounts domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the accounts domain.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<AccountsError> for ApiError {
    fn from(error: AccountsError) -> Self {
        match error {
            AccountsError::Db(e) => e.into(),
            AccountsError::Query(e) => e.into(),
        }
    }
}
