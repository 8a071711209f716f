//! The chat domain's errors and their mapping to the API envelope.

use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the chat domain.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<ChatError> for ApiError {
    fn from(error: ChatError) -> Self {
        match error {
            ChatError::Db(e) => e.into(),
            ChatError::Query(e) => e.into(),
        }
    }
}
