//! Development-only helpers: the outbox the development outbox page reads.
//!
//! Outside development these routes answer 404, and the gateway hides `/dev/` pages too.

use actix_web::{HttpResponse, get, web};
use praline_kernel::AppState;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::messaging::outbox::{OutboxMessage, read_outbox};
use serde::Serialize;

use crate::startup;

/// Messages the app would have sent, newest first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Outbox {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<OutboxMessage>,
}

/// Lists the development outbox (e-mails and SMS), newest first. Mounted only in development;
/// the check below is a second line of defence.
#[utoipa::path(tag = "dev", responses((status = 200, body = Outbox)))]
#[get("/dev/outbox")]
pub async fn outbox(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    if state.config.is_production() {
        return Err(ApiError::not_found("no such route"));
    }
    let dir = startup::outbox_dir(&state.config);
    let mut items = web::block(move || read_outbox(&dir))
        .await
        .map_err(|_| ApiError::internal("the outbox could not be read"))?;
    items.reverse();
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Outbox { items }))
}
