//! Card payments: top-ups, the browser's completion call, PortOne's webhook, and reading one
//! payment. Verification is one service ([`card::verify`]) behind all of them.

use actix_web::web::{Bytes, Data, Json, Path};
use actix_web::{HttpRequest, HttpResponse, get, post};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::PaymentsError;
use crate::model::{Payment, PaymentStatus, Purpose};
use crate::service::card::{self, Caller, Cards, Checkout};

/// `payment`; `checkout` only in the answer that made it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentResponse {
    pub merchant_uid: String,
    pub purpose: Purpose,
    pub order_id: Option<i64>,
    /// Won.
    pub amount: i64,
    pub status: PaymentStatus,
    pub cancel_amount: i64,
    pub imp_uid: Option<String>,
    pub pay_method: Option<String>,
    pub receipt_url: Option<String>,
    pub fail_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout: Option<Checkout>,
}

impl PaymentResponse {
    /// The payment as the API shows it (commerce shows its orders' payments the same way).
    pub fn new(payment: &Payment, checkout: Option<Checkout>) -> PaymentResponse {
        PaymentResponse {
            merchant_uid: payment.merchant_uid.clone(),
            purpose: payment.purpose(),
            order_id: payment.order_id,
            amount: payment.amount,
            status: payment.status(),
            cancel_amount: payment.cancel_amount,
            imp_uid: payment.imp_uid.clone(),
            pay_method: payment.pay_method.clone(),
            receipt_url: payment.receipt_url.clone(),
            fail_reason: payment.fail_reason.clone(),
            created_at: utc(payment.created_at),
            paid_at: payment.paid_at.map(utc),
            expires_at: payment.expires_at.map(utc),
            checkout,
        }
    }
}

/// Card payments as configured, or 503 `unavailable`.
pub fn cards(state: &AppState) -> Result<std::sync::Arc<Cards>, ApiError> {
    state.settings.get::<Cards>().ok_or_else(|| PaymentsError::CardsUnavailable.into())
}

/// `POST /payments/topups`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopUpRequest {
    /// Won: one of the wallet's `topup_presets`.
    #[schema(schema_with = top_up_amount)]
    pub amount: i64,
}

fn top_up_amount() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        .enum_values(Some(crate::service::wallet::TOPUP_PRESETS.iter().copied()))
        .build()
}

/// Start a top-up by card: a `ready` payment of one preset, registered at PortOne, with what
/// the page needs to open the payment window.
#[utoipa::path(tag = "payments", security(("bearer" = [])),
    responses((status = 201, body = PaymentResponse), (status = 400), (status = 401), (status = 502), (status = 503)))]
#[post("/payments/topups")]
pub async fn start_top_up(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<TopUpRequest>,
) -> ApiResult<HttpResponse> {
    let cards = cards(&state)?;
    let (payment, checkout) = card::start_top_up(&state, &cards, me.id, body.amount).await?;
    Ok(HttpResponse::Created().json(PaymentResponse::new(&payment, Some(checkout))))
}

/// `POST /payments/portone/complete`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    /// PortOne's id of the payment.
    #[schema(schema_with = imp_uid_schema)]
    pub imp_uid: String,
    /// Ours.
    #[schema(schema_with = merchant_uid_schema)]
    pub merchant_uid: String,
}

const IMP_UID: &str = r"^[A-Za-z0-9_\-]{1,100}$";
const MERCHANT_UID: &str = r"^[A-Za-z0-9_\-]{1,40}$";

fn imp_uid_schema() -> utoipa::openapi::schema::Object {
    openapi::pattern(IMP_UID, false)
}

fn merchant_uid_schema() -> utoipa::openapi::schema::Object {
    openapi::pattern(MERCHANT_UID, false)
}

fn well_formed(value: &str, max: usize) -> bool {
    (1..=max).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn check_ids(imp_uid: &str, merchant_uid: &str) -> Result<(), ApiError> {
    if !well_formed(imp_uid, 100) {
        return Err(ApiError::invalid_field("imp_uid", "imp_uid is PortOne's payment id."));
    }
    if !well_formed(merchant_uid, 40) {
        return Err(ApiError::invalid_field(
            "merchant_uid",
            "merchant_uid is the id this shop gave the payment.",
        ));
    }
    Ok(())
}

/// After the payment window: verify at PortOne and apply the payment once. Whatever the window
/// reported, the server decides from its own lookup; replays answer the paid payment.
#[utoipa::path(tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = PaymentResponse), (status = 400), (status = 401), (status = 404),
        (status = 409, description = "`payment_not_paid`, `payment_mismatch` or `payment_expired`"),
        (status = 502), (status = 503)))]
#[post("/payments/portone/complete")]
pub async fn complete(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CompleteRequest>,
) -> ApiResult<HttpResponse> {
    check_ids(&body.imp_uid, &body.merchant_uid)?;
    let cards = cards(&state)?;
    let payment =
        card::verify(&state, &cards, Caller::User(me.id), &body.imp_uid, &body.merchant_uid).await?;
    Ok(HttpResponse::Ok().json(PaymentResponse::new(&payment, None)))
}

/// PortOne's webhook body (JSON or form); its `status` is never trusted.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookRequest {
    #[schema(schema_with = imp_uid_schema)]
    pub imp_uid: String,
    #[schema(schema_with = merchant_uid_schema)]
    pub merchant_uid: String,
    /// What the sender says happened; never trusted.
    #[allow(dead_code)]
    pub status: Option<String>,
}

/// The answer to a well-formed webhook.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAck {}

/// PortOne's webhook (no signature): the payment is looked up at PortOne and verified like
/// `complete`. Every well-formed body gets 200; unknown merchant_uids are dropped without
/// calling PortOne. Rate-limited per client address.
#[utoipa::path(tag = "payments", request_body(content = WebhookRequest, content_type = "application/json"),
    responses((status = 200, body = WebhookAck), (status = 400), (status = 429)))]
#[post("/payments/portone/webhook")]
pub async fn webhook(state: Data<AppState>, req: HttpRequest, body: Bytes) -> ApiResult<HttpResponse> {
    let address = praline_kernel::ratelimit::client_ip(&req, &state);
    let subject = state.secrets.sealer.blind_index("rate-limit", &address);
    state.limits.hit(&format!("portone-webhook:{subject}"), 120, 60, state.clock.now()).await?;
    let hook = parse_webhook(&req, &body)?;
    check_ids(&hook.imp_uid, &hook.merchant_uid)?;
    let Ok(cards) = cards(&state) else {
        return Ok(HttpResponse::Ok().json(WebhookAck {}));
    };
    match card::verify(&state, &cards, Caller::System, &hook.imp_uid, &hook.merchant_uid).await {
        Ok(_) | Err(PaymentsError::PaymentNotFound) => {}
        // Left to the browser's complete and the reconcile job; PortOne needs only the 200.
        Err(error) => tracing::info!(merchant_uid = %hook.merchant_uid, %error, "webhook not applied"),
    }
    Ok(HttpResponse::Ok().json(WebhookAck {}))
}

fn parse_webhook(req: &HttpRequest, body: &[u8]) -> Result<WebhookRequest, ApiError> {
    let json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let parsed = if json {
        serde_json::from_slice::<WebhookRequest>(body).map_err(|e| e.to_string())
    } else {
        serde_urlencoded::from_bytes::<WebhookRequest>(body).map_err(|e| e.to_string())
    };
    parsed.map_err(|_| ApiError::invalid_field("imp_uid", "imp_uid and merchant_uid are required."))
}

/// One of the caller's payments.
#[utoipa::path(tag = "payments", security(("bearer" = [])),
    params(("merchant_uid" = String, Path, description = "The payment's merchant_uid (letters, digits, `_` and `-`, at most 40)")),
    responses((status = 200, body = PaymentResponse), (status = 401), (status = 404)))]
#[get("/payments/{merchant_uid}")]
pub async fn get_payment(state: Data<AppState>, me: AuthUser, path: Path<String>) -> ApiResult<HttpResponse> {
    let merchant_uid = path.into_inner();
    if !well_formed(&merchant_uid, 40) {
        return Err(PaymentsError::PaymentNotFound.into());
    }
    let payment = state.run(move |conn, _| card::of_user(conn, me.id, &merchant_uid)).await?;
    Ok(HttpResponse::Ok().json(PaymentResponse::new(&payment, None)))
}
