//! The community domain's errors and their one mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the community domain.
#[derive(Debug, thiserror::Error)]
pub enum CommunityError {
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("Not found.")]
    NotFound,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("You cannot add your own product to your wishlist.")]
    OwnProduct,
    #[error("This question has been answered and can no longer be changed.")]
    AlreadyAnswered,
    #[error("You have already checked in today. Come back tomorrow!")]
    AlreadyAttended,
    #[error("This order line already has a review.")]
    AlreadyReviewed,
    #[error("Only a confirmed purchase can be reviewed.")]
    NotConfirmed,
    #[error("Administrators only.")]
    NotAdmin,
    #[error("Please sign in again.")]
    Inactive,
    #[error("storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Catalog(praline_catalog::CatalogError),
    #[error(transparent)]
    Accounts(praline_accounts::AccountsError),
    #[error(transparent)]
    Payments(#[from] praline_payments::PaymentsError),
    #[error(transparent)]
    Commerce(praline_commerce::CommerceError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl CommunityError {
    /// A 400 for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CommunityError::Invalid { field, message: message.into() }
    }
}

impl From<praline_accounts::AccountsError> for CommunityError {
    fn from(error: praline_accounts::AccountsError) -> Self {
        use praline_accounts::AccountsError as A;
        match error {
            A::NotAdmin => CommunityError::NotAdmin,
            A::Inactive => CommunityError::Inactive,
            A::NotFound => CommunityError::NotFound,
            other => CommunityError::Accounts(other),
        }
    }
}

impl From<praline_catalog::CatalogError> for CommunityError {
    fn from(error: praline_catalog::CatalogError) -> Self {
        use praline_catalog::CatalogError as C;
        match error {
            C::NotFound => CommunityError::NotFound,
            C::NotAdmin => CommunityError::NotAdmin,
            C::Inactive => CommunityError::Inactive,
            C::Query(e) => CommunityError::Query(e),
            C::Db(e) => CommunityError::Db(e),
            other => CommunityError::Catalog(other),
        }
    }
}

impl From<praline_commerce::CommerceError> for CommunityError {
    fn from(error: praline_commerce::CommerceError) -> Self {
        use praline_commerce::CommerceError as C;
        match error {
            C::NotFound => CommunityError::NotFound,
            C::NotAdmin => CommunityError::NotAdmin,
            C::Inactive => CommunityError::Inactive,
            other => CommunityError::Commerce(other),
        }
    }
}

impl From<CommunityError> for ApiError {
    fn from(error: CommunityError) -> Self {
        use CommunityError as E;
        let message = error.to_string();
        match error {
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::NotFound => ApiError::not_found(message),
            E::Forbidden(_) | E::NotAdmin => ApiError::forbidden(message),
            E::OwnProduct => ApiError::new(StatusCode::FORBIDDEN, "own_product", message),
            E::AlreadyAnswered => ApiError::new(StatusCode::CONFLICT, "already_answered", message),
            E::AlreadyAttended => ApiError::new(StatusCode::CONFLICT, "already_attended", message),
            E::AlreadyReviewed => ApiError::new(StatusCode::CONFLICT, "already_reviewed", message),
            E::NotConfirmed => ApiError::new(StatusCode::FORBIDDEN, "not_confirmed", message),
            E::Inactive => ApiError::unauthenticated(message),
            E::Storage(e) => ApiError::internal(e),
            E::Catalog(e) => e.into(),
            E::Accounts(e) => e.into(),
            E::Payments(e) => e.into(),
            E::Commerce(e) => e.into(),
            E::Db(e) => e.into(),
            E::Query(e) => e.into(),
        }
    }
}
