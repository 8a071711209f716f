//! HTTP for the chat domain: request/response DTOs, thin handlers, [`configure`].

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this crate's routes (and so their OpenAPI operations); the gateway calls it inside
/// the `/api/v1` scope.
pub fn configure(_cfg: &mut ServiceConfig) {}
