//! The app: middleware, the API scopes, health, uploads and the static site.

use actix_cors::Cors;
use actix_files::Files;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, Condition, DefaultHeaders, from_fn};
use actix_web::{App, HttpResponse, ResponseError, web};
use praline_kernel::AppState;
use praline_kernel::error::{self, ApiError};

use crate::{dev, health, middleware, openapi, site, startup};

/// Builds the whole app over `state`; `praline serve` and the tests use the same function.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let config = state.config.clone();
    let openapi_json = web::Data::new(serde_json::to_string(&openapi::document()).unwrap_or_default());

    // The settings were checked when the state was built, so this cannot fail here.
    let accounts_config = praline_accounts::config_data(&config).unwrap_or_default();
    let catalog_counts = praline_catalog::config_data(&config).unwrap_or_else(|_| {
        web::Data::new(praline_catalog::service::listing::CountCache::new(Default::default()))
    });
    App::new()
        .app_data(web::Data::new(state.clone()))
        .app_data(accounts_config)
        .app_data(catalog_counts)
        .app_data(error::json_config(config.http.json_limit))
        .app_data(error::query_config())
        .app_data(error::path_config())
        .app_data(web::PayloadConfig::new(config.http.upload_limit))
        .wrap(from_fn(middleware::body_limit))
        .wrap(Compress::default())
        .wrap(Condition::new(!config.http.cors_origins.is_empty(), cors(&config.http.cors_origins)))
        .wrap(middleware::security_headers(config.is_production()))
        .wrap(from_fn(middleware::request_context))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::scope("/api/v1")
                .wrap(from_fn(error::envelope_errors))
                .app_data(openapi_json)
                .route("/openapi.json", web::get().to(openapi_document))
                .route("/dev/outbox", web::get().to(dev::outbox))
                .configure(praline_payments::configure)
                .configure(praline_accounts::configure)
                .configure(praline_catalog::configure)
                .configure(praline_commerce::configure)
                .configure(praline_community::configure)
                .configure(praline_chat::configure)
                .default_service(web::to(error::api_not_found)),
        )
        .service(
            web::scope("/api")
                .wrap(from_fn(error::envelope_errors))
                .default_service(web::to(error::api_not_found)),
        )
        .service(
            web::scope("/uploads")
                .guard(site::normal_path())
                .wrap(DefaultHeaders::new().add(("Cache-Control", "public, max-age=31536000, immutable")))
                .service(Files::new("/", startup::uploads_dir(&config)).use_etag(true)),
        )
        // The storefront: pages and assets only, from the binary or `web_dir` (see `site`).
        .default_service(site::service(&config))
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(["authorization", "content-type", "x-request-id"])
        .expose_headers(["x-request-id", "retry-after"])
        .supports_credentials()
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

async fn openapi_document(doc: web::Data<String>) -> HttpResponse {
    if doc.is_empty() {
        return ApiError::internal("the OpenAPI document did not serialize").error_response();
    }
    HttpResponse::Ok().content_type("application/json").body(doc.get_ref().clone())
}
