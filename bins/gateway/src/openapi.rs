//! The routes and the OpenAPI document, from one registration.
//!
//! [`routes`] registers every API handler once; the app mounts it and [`document`] collects the
//! document from the same call, so the router and the document cannot drift. [`Operations`]
//! is the list of documented operations, used to answer 405 with `Allow` for a known path and
//! by the snapshot test that shows every new route in review.

use actix_web::App;
use actix_web::http::Method;
use utoipa::OpenApi;
use utoipa::openapi::path::HttpMethod;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, scope};

use crate::{dev, health};

/// Where the API lives.
pub const API_PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(info(title = "Praline API", description = "The HTTP API of the Praline marketplace."))]
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
    doc
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

    /// The methods documented for the template matching `path`, if any does.
    pub fn allowed(&self, path: &str) -> Vec<Method> {
        let mut methods: Vec<Method> = self
            .list
            .iter()
            .filter(|(_, template)| matches(template, path))
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
