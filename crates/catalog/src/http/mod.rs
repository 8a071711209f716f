//! HTTP for the catalog domain: one file per sub-resource, each with its DTOs beside its thin
//! handlers, and [`configure`], the one place each route is registered.
//!
//! The gateway registers the shared count cache (`Data<CountCache>`, sized by
//! [`crate::service::listing::CountCache::for_settings`]).

mod categories;
mod images;
mod lists;
mod products;

use utoipa_actix_web::service_config::ServiceConfig;

pub use self::categories::{CategoryRequest, CategoryResponse};
pub use self::lists::{ProductsQuery, StoreQuery};
pub use self::products::{
    BlockRequest, CategoryRef, CreateProductRequest, ImageResponse, ProductResponse, ProductSummary,
    SellerRef, UpdateProductRequest,
};

/// Mounts this crate's routes, and so their OpenAPI operations; the gateway calls it inside the
/// `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(categories::list_categories)
        .service(categories::create_category)
        .service(categories::rename_category)
        .service(categories::delete_category)
        .service(lists::list_products)
        .service(products::create_product)
        .service(products::get_product)
        .service(products::update_product)
        .service(products::delete_product)
        .service(products::restore_product)
        .service(images::put_thumbnail)
        .service(images::add_image)
        .service(images::delete_image)
        .service(lists::seller_products)
        .service(products::block_product)
        .service(products::unblock_product);
}
