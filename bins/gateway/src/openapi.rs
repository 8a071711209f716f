//! The routes and the OpenAPI document, from one registration.
//!
//! [`routes`] registers every API handler once; the app mounts it and [`document`] collects the
//! document from the same call, so the router and the document cannot drift. [`Operations`]
//! is the list of documented operations, used to answer 405 with `Allow` for a known path and
//! by the snapshot test that shows every new route in review.
//!
//! [`SharedResponses`] then walks the collected document: the error statuses every operation
//! can answer are defined once under `components.responses` (each an [`ErrorEnvelope`]) and
//! referenced from each operation, added by what the operation is (a body, a query, a path
//! parameter, a bearer token) and by what its handler's annotation lists (`(status = 429)`,
//! `(status = 409)`…). The bearer scheme is declared here; a handler says it needs a token with
//! `security(("bearer" = []))` (an `AuthUser`) or accepts one with
//! `security((), ("bearer" = []))` (a `MaybeAuthUser`), next to its route.

use actix_web::App;
use actix_web::http::Method;
use praline_kernel::openapi::ErrorEnvelope;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, Content, Ref, RefOr};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, scope};

use crate::{dev, health};

/// Where the API lives.
pub const API_PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(title = "Praline API", description = "The HTTP API of the Praline marketplace."),
    tags((name = "chat", description = "Chat rooms and their history. Realtime traffic goes over a WebSocket, which is not a REST operation and so is not listed among the paths: `GET /ws/chat/{room_id}?ticket=…` at the site root (not under /api/v1). Get the single-use ticket (valid 60 s, bound to you and the room) from `POST /api/v1/chat/rooms/{id}/tickets`; a missing, used, expired or other room's ticket is refused before the upgrade with 401 `ticket_invalid`, and an `Origin` that is not the site's own with 403 `forbidden`; while the gateway cannot check tickets (Redis or the database unreachable) the upgrade is a 503 `unavailable`, to be tried again with a new ticket. Frames are JSON text of at most 8 KiB (larger: close 1009). Client to server: `{\"type\":\"message\",\"text\",\"client_id\"?}` (1–1,000 characters) and `{\"type\":\"read\",\"message_id\"}`. Server to client: `participants` first, then `message`, `enter`, `leave`, `read` and `error` (`invalid_frame`, `message_too_long`, `rate_limited`; an error frame never closes the socket). At most 10 messages per 10 s per socket; pinged every 30 s, closed after 60 s of silence."))
)]
struct Base;

/// Registers every API handler (under [`API_PREFIX`]); development-only operations are left
/// out in production, from the router and the document alike.
pub fn routes(cfg: &mut ServiceConfig, production: bool) {
    if !production {
        cfg.service(dev::outbox);
    }
    praline_payments::configure(cfg);
    praline_accounts::configure(cfg);
    praline_catalog::configure(cfg);
    praline_commerce::configure(cfg);
    praline_community::configure(cfg);
    praline_chat::configure(cfg);
}

/// The site-root operations (health), outside the API prefix.
pub fn site_routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}

/// The whole document, collected from [`routes`] and [`site_routes`]: full paths, so
/// `/healthz` stays at the site root and API paths carry `/api/v1`.
pub fn document(production: bool) -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(Base::openapi())
        .configure(site_routes)
        .service(scope(API_PREFIX).configure(|cfg| routes(cfg, production)))
        .split_for_parts();
    let mut doc = doc;
    SharedResponses.modify(&mut doc);
    doc
}

/// The name of the bearer scheme in `components.securitySchemes` and in handlers' `security`.
pub const BEARER: &str = "bearer";

/// The error statuses defined once under `components.responses`: status, component name, what
/// it means. Every one answers the [`ErrorEnvelope`].
pub const SHARED_RESPONSES: [(u16, &str, &str); 11] = [
    (
        400,
        "InvalidInput",
        "`invalid_input` (with `fields`): a bad body (malformed JSON, a wrong type, an unknown field, a value out of its limits) or query; or a domain code listed for the operation.",
    ),
    (
        401,
        "Unauthenticated",
        "`unauthenticated`: the bearer token is missing, invalid or expired (or a domain code listed for the operation).",
    ),
    (403, "Forbidden", "`forbidden` or a domain code listed for the operation."),
    (
        404,
        "NotFound",
        "`not_found`: no such resource, or one the caller may not see (a path parameter that is not an id is also not found).",
    ),
    (409, "Conflict", "`conflict` or a domain code listed for the operation."),
    (413, "PayloadTooLarge", "`payload_too_large`: the body is over the JSON or upload limit."),
    (
        415,
        "UnsupportedMediaType",
        "`unsupported_media_type`: the body is not of a content type the operation takes.",
    ),
    (423, "Locked", "`account_locked`, with `retry_after` seconds."),
    (429, "RateLimited", "`rate_limited`: too many attempts; try again after `Retry-After` seconds."),
    (502, "ProviderError", "`provider_error`: an outside provider (SMS, payments) failed."),
    (503, "Unavailable", "`unavailable`: a dependency is down or busy; try again."),
];

/// Adds the shared error responses, the bearer scheme and what follows from each operation's
/// traits; see the module notes.
pub struct SharedResponses;

impl Modify for SharedResponses {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.take().unwrap_or_else(|| ComponentsBuilder::new().build());
        let mut components = components;
        let mut schemas = Vec::new();
        <ErrorEnvelope as ToSchema>::schemas(&mut schemas);
        components.schemas.insert(ErrorEnvelope::name().into_owned(), ErrorEnvelope::schema());
        components.schemas.extend(schemas);
        for (status, name, description) in SHARED_RESPONSES {
            components.responses.insert(name.to_string(), RefOr::T(shared_response(status, description)));
        }
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        doc.components = Some(components);
        for item in doc.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
                &mut item.head,
                &mut item.options,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                add_shared_responses(operation);
            }
        }
    }
}

fn shared_response(status: u16, description: &str) -> Response {
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(Ref::from_schema_name(ErrorEnvelope::name()))));
    if status == 429 {
        let seconds = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).build();
        response = response.header(
            "Retry-After",
            HeaderBuilder::new().schema(Some(seconds)).description(Some("Seconds to wait.")).build(),
        );
    }
    response.build()
}

/// The statuses an operation answers because of what it is, whatever its handler lists.
fn implied_statuses(operation: &Operation) -> Vec<u16> {
    let params = operation.parameters.as_deref().unwrap_or_default();
    let located = |place: ParameterIn| {
        params.iter().any(|p| matches!(p, RefOr::T(p) if std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place)))
    };
    let has_body = operation.request_body.is_some();
    // An empty requirement (`{}`) alone would mean no token; any named scheme means a token is
    // read, and a bad one is refused even where it is optional.
    let reads_token = operation.security.as_ref().is_some_and(|list| {
        list.iter()
            .any(|r| serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|m| !m.is_empty())))
    });
    let mut statuses = Vec::new();
    if has_body || located(ParameterIn::Query) {
        statuses.push(400);
    }
    if reads_token {
        statuses.push(401);
    }
    if located(ParameterIn::Path) {
        statuses.push(404);
    }
    if has_body {
        statuses.extend([413, 415]);
    }
    statuses
}

/// An optional body (`request_body = Option<T>`) is rendered by utoipa as `T` or JSON `null`;
/// optional means it may be left out (`required` is unset), and a body of `null` is refused
/// like any body that is not an object, so the schema is `T` alone.
fn optional_body_is_not_null(operation: &mut Operation) {
    let Some(RefOr::T(body)) = operation.request_body.as_mut() else { return };
    if body.required.is_some() {
        return;
    }
    for content in body.content.values_mut() {
        let RefOr::T(content) = content else { continue };
        let Some(RefOr::T(Schema::OneOf(one_of))) = content.schema.as_ref() else { continue };
        let is_null = |item: &RefOr<Schema>| matches!(item, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
        if one_of.items.len() == 2
            && let Some(kept) = one_of.items.iter().find(|item| !is_null(item))
            && one_of.items.iter().any(is_null)
        {
            content.schema = Some(kept.clone());
        }
    }
}

fn add_shared_responses(operation: &mut Operation) {
    optional_body_is_not_null(operation);
    let implied = implied_statuses(operation);
    let responses = &mut operation.responses.responses;
    // OpenAPI wants a description on every response; one that will not become a shared
    // reference below says its status.
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        let shared =
            status.parse::<u16>().is_ok_and(|s| SHARED_RESPONSES.iter().any(|(code, ..)| *code == s));
        if response.description.is_empty() && (!shared || !response.content.is_empty()) {
            let reason =
                status.parse::<u16>().ok().and_then(|s| actix_web::http::StatusCode::from_u16(s).ok());
            response.description = reason.and_then(|s| s.canonical_reason()).unwrap_or("Success").to_string();
        }
    }
    for status in implied {
        responses.entry(status.to_string()).or_insert_with(|| RefOr::T(Response::new("")));
    }
    for (status, name, _) in SHARED_RESPONSES {
        let Some(entry) = responses.get_mut(&status.to_string()) else { continue };
        match entry {
            // A bare `(status = 4xx)` in the annotation: the shared response.
            RefOr::T(response) if response.description.is_empty() && response.content.is_empty() => {
                *entry = RefOr::Ref(Ref::new(format!("#/components/responses/{name}")));
            }
            // One with its own words (the domain codes it may carry): the envelope as its body.
            RefOr::T(response) if response.content.is_empty() => {
                response.content.insert(
                    "application/json".into(),
                    RefOr::T(Content::new(Some(Ref::from_schema_name(ErrorEnvelope::name())))),
                );
            }
            _ => {}
        }
    }
}

/// The documented operations: method and path template, sorted.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    list: Vec<(Method, String)>,
}

impl Operations {
    /// Every operation of `doc`.
    pub fn of(doc: &utoipa::openapi::OpenApi) -> Operations {
        let mut list = Vec::new();
        for (path, item) in &doc.paths.paths {
            let methods = [
                (HttpMethod::Get, &item.get),
                (HttpMethod::Post, &item.post),
                (HttpMethod::Put, &item.put),
                (HttpMethod::Patch, &item.patch),
                (HttpMethod::Delete, &item.delete),
                (HttpMethod::Head, &item.head),
                (HttpMethod::Options, &item.options),
                (HttpMethod::Trace, &item.trace),
            ];
            for (method, operation) in methods {
                if operation.is_some() {
                    list.push((http_method(method), path.clone()));
                }
            }
        }
        list.sort_by(|a, b| (&a.1, a.0.as_str()).cmp(&(&b.1, b.0.as_str())));
        Operations { list }
    }

    /// `METHOD /path` lines, sorted by path then method.
    pub fn lines(&self) -> Vec<String> {
        self.list.iter().map(|(method, path)| format!("{method} {path}")).collect()
    }

    /// The documented paths that do not start with `prefix` (the site-root operations).
    pub fn outside(&self, prefix: &str) -> Vec<String> {
        let mut paths: Vec<String> =
            self.list.iter().filter(|(_, p)| !p.starts_with(prefix)).map(|(_, p)| p.clone()).collect();
        paths.dedup();
        paths
    }

    /// The methods documented for the template matching `path`, if any does. A literal template
    /// wins over one with parameters (`/payments/topups` is not `/payments/{merchant_uid}`).
    pub fn allowed(&self, path: &str) -> Vec<Method> {
        let placeholders = |template: &str| template.matches('{').count();
        let fitting: Vec<&(Method, String)> =
            self.list.iter().filter(|(_, template)| matches(template, path)).collect();
        let Some(fewest) = fitting.iter().map(|(_, template)| placeholders(template)).min() else {
            return Vec::new();
        };
        let mut methods: Vec<Method> = fitting
            .into_iter()
            .filter(|(_, template)| placeholders(template) == fewest)
            .map(|(m, _)| m.clone())
            .collect();
        methods.dedup();
        methods
    }
}

fn http_method(method: HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// Whether `path` fits `template`, where `{name}` stands for one non-empty segment.
fn matches(template: &str, path: &str) -> bool {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    let (mut wanted, mut given) = (template.split('/'), path.split('/'));
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_matches_one_segment_per_parameter() {
        assert!(matches("/api/v1/products/{id}", "/api/v1/products/7"));
        assert!(matches("/api/v1/products/{id}", "/api/v1/products/7/"));
        assert!(!matches("/api/v1/products/{id}", "/api/v1/products/"));
        assert!(!matches("/api/v1/products/{id}", "/api/v1/products/7/images"));
        assert!(matches("/api/v1/categories", "/api/v1/categories"));
    }

    #[test]
    fn production_documents_no_development_operation() {
        let production = Operations::of(&document(true)).lines();
        assert!(production.iter().all(|line| !line.contains("/dev/")), "{production:?}");
        let development = Operations::of(&document(false)).lines();
        assert!(development.contains(&"GET /api/v1/dev/outbox".to_string()), "{development:?}");
    }
}
