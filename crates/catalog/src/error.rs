//! The catalog domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the catalog domain.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<CatalogError> for ApiError {
    fn from(error: CatalogError) -> Self {
        match error {
            CatalogError::Db(e) => e.into(),
            CatalogError::Query(e) => e.into(),
        }
    }
}
