//! The OpenAPI document, generated from the handlers of every crate.

use utoipa::OpenApi;

use crate::{dev, health};

#[derive(OpenApi)]
#[openapi(
    info(title = "Praline API", description = "The HTTP API of the Praline marketplace."),
    servers((url = "/api/v1")),
    paths(health::healthz, health::readyz, dev::outbox),
    components(schemas(health::Health, health::Readiness, dev::Outbox)),
)]
struct GatewayDoc;

/// The whole document: the gateway's own paths plus every domain crate's.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = GatewayDoc::openapi();
    for part in [
        praline_payments::openapi(),
        praline_accounts::openapi(),
        praline_catalog::openapi(),
        praline_commerce::openapi(),
        praline_community::openapi(),
        praline_chat::openapi(),
    ] {
        doc.merge(part);
    }
    doc
}
