//! HTTP for the accounts domain: request/response DTOs, thin handlers, [`configure`].

use actix_web::web::ServiceConfig;
use utoipa::OpenApi;

/// The OpenAPI description of this crate's routes.
#[derive(OpenApi)]
#[openapi()]
struct ApiDoc;

/// This crate's part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Mounts this crate's routes; the gateway calls it inside the `/api/v1` scope.
pub fn configure(_cfg: &mut ServiceConfig) {}
