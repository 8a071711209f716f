//! The app: middleware, the API scopes, health, uploads and the static site.

use actix_cors::Cors;
use actix_files::Files;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Compress, Condition, DefaultHeaders, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, web};
use praline_accounts::AccountsConfig;
use praline_catalog::service::listing::CountCache;
use praline_kernel::AppState;
use praline_kernel::error::{self, ApiError};
use utoipa_actix_web::{AppExt, scope};

use crate::openapi::{self, API_PREFIX, Operations};
use crate::{middleware, site, startup};

/// The OpenAPI document as served, and its operations.
struct Published {
    json: String,
    operations: Operations,
}

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
    let production = config.is_production();
    let doc = openapi::document(production);
    // Parsed once at start-up (`startup::domain_settings`); shared by every worker.
    let accounts = state.settings.get::<AccountsConfig>().unwrap_or_default();
    let catalog_counts = state
        .settings
        .get::<CountCache>()
        .unwrap_or_else(|| std::sync::Arc::new(CountCache::new(std::time::Duration::ZERO)));
    let operations = Operations::of(&doc);
    // PortOne's browser SDK is allowed by the CSP only when PortOne itself is configured.
    let portone = state
        .settings
        .get::<praline_payments::service::card::Cards>()
        .is_some_and(|cards| cards.provider == praline_payments::service::card::Provider::Portone);
    // Site-root operations (health) answer a method they lack with 405 and `Allow` as well.
    let site_paths = operations.outside(API_PREFIX);
    let published =
        web::Data::new(Published { json: serde_json::to_string(&doc).unwrap_or_default(), operations });

    App::new()
        .into_utoipa_app()
        .configure(openapi::site_routes)
        .service(
            scope(API_PREFIX)
                .configure(|cfg| openapi::routes(cfg, production))
                .route("/openapi.json", web::get().to(openapi_document))
                .default_service(web::to(api_fallback))
                .wrap(from_fn(middleware::json_bodies))
                .wrap(from_fn(error::envelope_errors)),
        )
        .into_app()
        .app_data(web::Data::new(state.clone()))
        .app_data(web::Data::from(accounts))
        .app_data(web::Data::from(catalog_counts))
        .app_data(published)
        .app_data(error::json_config(config.http.json_limit))
        .app_data(error::query_config())
        .app_data(error::path_config())
        .app_data(web::PayloadConfig::new(config.http.upload_limit))
        .wrap(from_fn(middleware::body_limit))
        .wrap(Compress::default())
        .wrap(Condition::new(!config.http.cors_origins.is_empty(), cors(&config.http.cors_origins)))
        .wrap(middleware::security_headers(config.is_production(), portone))
        .wrap(from_fn(middleware::request_context))
        .service(web::resource(site_paths).default_service(web::to(api_fallback)))
        // The chat WebSocket, at the site root (nginx forwards `/ws/`); not a REST operation.
        .configure(praline_chat::configure_socket)
        .service(
            web::scope("/api")
                .wrap(from_fn(error::envelope_errors))
                .default_service(web::to(error::api_not_found)),
        )
        .configure(|cfg| payment_simulator(cfg, &state))
        .service(
            web::scope("/uploads")
                .guard(site::normal_path())
                .wrap(DefaultHeaders::new().add(("Cache-Control", "public, max-age=31536000, immutable")))
                .service(Files::new("/", startup::uploads_dir(&config)).use_etag(true)),
        )
        // The storefront: pages and assets only, from the binary or `web_dir` (see `site`).
        .default_service(site::service(&config))
}

/// The development payment simulator, only when startup made one (development without PortOne
/// keys); anywhere else `/_sim/` paths fall through to the site's 404.
fn payment_simulator(cfg: &mut web::ServiceConfig, state: &AppState) {
    use praline_payments::portone::simulator::Simulator;
    use praline_payments::service::card::SIMULATOR_PATH;
    if state.config.is_production() {
        return;
    }
    if let Some(simulator) = state.settings.get::<Simulator>() {
        cfg.service(web::scope(SIMULATOR_PATH).configure(|cfg| simulator.configure(cfg)));
    }
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

async fn openapi_document(published: web::Data<Published>) -> HttpResponse {
    if published.json.is_empty() {
        return ApiError::internal("the OpenAPI document did not serialize").error_response();
    }
    HttpResponse::Ok().content_type("application/json").body(published.json.clone())
}

/// An API request no route took, or a site-root operation's path with another method: 405 with
/// `Allow` when the path is a documented one (so a client learns which methods exist), else 404.
async fn api_fallback(req: HttpRequest, published: web::Data<Published>) -> HttpResponse {
    let allowed = published.operations.allowed(req.path());
    if allowed.is_empty() || allowed.contains(req.method()) {
        return error::api_not_found(req).await.unwrap_or_else(|e| e.error_response());
    }
    let list = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This method is not allowed on this path.",
    )
    .error_response();
    if let Ok(value) = HeaderValue::from_str(&list) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}
