//! The catalog domain's errors and their one mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the catalog domain.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("Not found.")]
    NotFound,
    #[error("Only approved sellers can list products.")]
    SellerNotApproved,
    #[error("This product was blocked by an administrator and cannot be changed.")]
    ProductBlocked,
    #[error("A product has at most 10 detail images; delete one first.")]
    ImageLimit,
    #[error("This category still has products; move or delete them first.")]
    CategoryInUse,
    #[error("A category with this name already exists.")]
    CategoryTaken,
    #[error("{0}")]
    Conflict(String),
    #[error("Administrators only.")]
    NotAdmin,
    #[error("Please sign in again.")]
    Inactive,
    #[error("storage: {0}")]
    Storage(String),
    #[error(transparent)]
    Accounts(praline_accounts::AccountsError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl CatalogError {
    /// A 400 for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CatalogError::Invalid { field, message: message.into() }
    }
}

impl From<praline_accounts::AccountsError> for CatalogError {
    fn from(error: praline_accounts::AccountsError) -> Self {
        use praline_accounts::AccountsError as A;
        match error {
            A::NotAdmin => CatalogError::NotAdmin,
            A::Inactive => CatalogError::Inactive,
            A::NotFound => CatalogError::NotFound,
            other => CatalogError::Accounts(other),
        }
    }
}

impl From<CatalogError> for ApiError {
    fn from(error: CatalogError) -> Self {
        use CatalogError as E;
        let message = error.to_string();
        match error {
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::NotFound => ApiError::not_found(message),
            E::SellerNotApproved => ApiError::new(StatusCode::FORBIDDEN, "seller_not_approved", message),
            E::ProductBlocked => ApiError::new(StatusCode::CONFLICT, "product_blocked", message),
            E::ImageLimit => ApiError::new(StatusCode::CONFLICT, "image_limit", message),
            E::CategoryInUse => ApiError::new(StatusCode::CONFLICT, "category_in_use", message),
            E::CategoryTaken => ApiError::new(StatusCode::CONFLICT, "category_taken", message),
            E::Conflict(_) => ApiError::conflict(message),
            E::NotAdmin => ApiError::forbidden(message),
            E::Inactive => ApiError::unauthenticated(message),
            E::Storage(e) => ApiError::internal(e),
            E::Accounts(e) => e.into(),
            E::Db(e) => e.into(),
            E::Query(e) => e.into(),
        }
    }
}
