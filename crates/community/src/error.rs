//! The community domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the community domain.
#[derive(Debug, thiserror::Error)]
pub enum CommunityError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<CommunityError> for ApiError {
    fn from(error: CommunityError) -> Self {
        match error {
            CommunityError::Db(e) => e.into(),
            CommunityError::Query(e) => e.into(),
        }
    }
}
