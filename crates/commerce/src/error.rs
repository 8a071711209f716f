//! The commerce domain's errors and their one mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

use crate::model::LineStatus;

/// Everything that can go wrong in the commerce domain.
#[derive(Debug, thiserror::Error)]
pub enum CommerceError {
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("Not found.")]
    NotFound,
    #[error("You cannot buy your own product.")]
    OwnProduct { product_ids: Vec<i64> },
    #[error("Verify your phone number before ordering.")]
    PhoneUnverified,
    #[error("This product cannot be ordered right now.")]
    ProductUnavailable { product_ids: Vec<i64> },
    #[error("Not enough stock.")]
    InsufficientStock { product_ids: Vec<i64>, stock: Option<i64> },
    #[error("Your cart holds at most 100 lines; order or remove some first.")]
    CartFull,
    #[error("You can save at most 5 addresses; edit or delete one.")]
    AddressLimit,
    #[error("This order line cannot move to that status now.")]
    InvalidTransition { status: LineStatus },
    #[error("Card payments are not available yet; pay with points.")]
    CardUnavailable,
    #[error("Sellers only.")]
    NotSeller,
    #[error("Administrators only.")]
    NotAdmin,
    #[error("Please sign in again.")]
    Inactive,
    #[error("internal: {0}")]
    Internal(String),
    #[error(transparent)]
    Payments(praline_payments::PaymentsError),
    #[error(transparent)]
    Catalog(praline_catalog::CatalogError),
    #[error(transparent)]
    Accounts(praline_accounts::AccountsError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl CommerceError {
    /// A 400 for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CommerceError::Invalid { field, message: message.into() }
    }
}

impl From<praline_payments::PaymentsError> for CommerceError {
    fn from(error: praline_payments::PaymentsError) -> Self {
        match error {
            praline_payments::PaymentsError::Db(e) => CommerceError::Db(e),
            praline_payments::PaymentsError::Query(e) => CommerceError::Query(e),
            other => CommerceError::Payments(other),
        }
    }
}

impl From<praline_catalog::CatalogError> for CommerceError {
    fn from(error: praline_catalog::CatalogError) -> Self {
        use praline_catalog::CatalogError as C;
        match error {
            C::NotFound => CommerceError::NotFound,
            C::NotAdmin => CommerceError::NotAdmin,
            C::Inactive => CommerceError::Inactive,
            C::Db(e) => CommerceError::Db(e),
            C::Query(e) => CommerceError::Query(e),
            C::Accounts(e) => e.into(),
            other => CommerceError::Catalog(other),
        }
    }
}

impl From<praline_accounts::AccountsError> for CommerceError {
    fn from(error: praline_accounts::AccountsError) -> Self {
        use praline_accounts::AccountsError as A;
        match error {
            A::NotFound => CommerceError::NotFound,
            A::NotAdmin => CommerceError::NotAdmin,
            A::Inactive => CommerceError::Inactive,
            A::PhoneUnverified => CommerceError::PhoneUnverified,
            A::AddressLimit => CommerceError::AddressLimit,
            A::Db(e) => CommerceError::Db(e),
            A::Query(e) => CommerceError::Query(e),
            other => CommerceError::Accounts(other),
        }
    }
}

impl From<CommerceError> for ApiError {
    fn from(error: CommerceError) -> Self {
        use CommerceError as E;
        let message = error.to_string();
        match error {
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::NotFound => ApiError::not_found(message),
            E::OwnProduct { product_ids } => {
                ApiError::new(StatusCode::FORBIDDEN, "own_product", message).with("product_ids", product_ids)
            }
            E::PhoneUnverified => ApiError::new(StatusCode::FORBIDDEN, "phone_unverified", message),
            E::ProductUnavailable { product_ids } => {
                ApiError::new(StatusCode::CONFLICT, "product_unavailable", message)
                    .with("product_ids", product_ids)
            }
            E::InsufficientStock { product_ids, stock } => {
                let error = ApiError::new(StatusCode::CONFLICT, "insufficient_stock", message)
                    .with("product_ids", product_ids);
                match stock {
                    Some(stock) => error.with("stock", stock),
                    None => error,
                }
            }
            E::CartFull => ApiError::new(StatusCode::CONFLICT, "cart_full", message),
            E::AddressLimit => ApiError::new(StatusCode::CONFLICT, "address_limit", message),
            E::InvalidTransition { status } => {
                ApiError::new(StatusCode::CONFLICT, "invalid_transition", message)
                    .with("status", status.as_str())
            }
            E::CardUnavailable => ApiError::unavailable(message),
            E::NotSeller | E::NotAdmin => ApiError::forbidden(message),
            E::Inactive => ApiError::unauthenticated(message),
            E::Internal(e) => ApiError::internal(e),
            E::Payments(e) => e.into(),
            E::Catalog(e) => e.into(),
            E::Accounts(e) => e.into(),
            E::Db(e) => e.into(),
            E::Query(e) => e.into(),
        }
    }
}
