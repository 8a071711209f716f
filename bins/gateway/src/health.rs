//! Liveness and readiness.

use actix_web::{HttpResponse, get, web};
use praline_kernel::AppState;
use praline_kernel::db;
use serde::Serialize;

/// Liveness: the process is running.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// Readiness and what was checked.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Readiness {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `down`.
    pub database: &'static str,
    /// `ok`, `down` or `not_configured`.
    pub redis: &'static str,
    /// Chat fan-out: `ok` (across gateways through Redis), `local` (no Redis configured: this
    /// gateway only) or `degraded` (Redis configured but unreachable: each gateway delivers to
    /// its own sockets until it comes back).
    pub chat: &'static str,
}

/// 200 while the process runs.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Health { status: "ok" })
}

/// 200 when the database (and Redis, if configured) answer; 503 otherwise.
#[utoipa::path(tag = "health", responses(
    (status = 200, body = Readiness), (status = 503, body = Readiness)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = match db::run(&state.pool, db::ping).await {
        Ok(()) => "ok",
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database check failed");
            "down"
        }
    };
    let redis = match &state.redis {
        None => "not_configured",
        Some(redis) => match redis.ping().await {
            Ok(()) => "ok",
            Err(e) => {
                tracing::warn!(error = %e, "readiness: Redis check failed");
                "down"
            }
        },
    };
    let chat = state.settings.get::<praline_chat::ChatHub>().map_or("local", |hub| hub.fanout().as_str());
    let ready = database == "ok" && redis != "down";
    let body = Readiness { status: if ready { "ready" } else { "unavailable" }, database, redis, chat };
    let mut response = if ready { HttpResponse::Ok() } else { HttpResponse::ServiceUnavailable() };
    response.insert_header(("Cache-Control", "no-store")).json(body)
}
