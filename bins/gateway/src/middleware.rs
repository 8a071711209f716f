//! Cross-cutting middleware: request ids with a tracing span per request, an early body-size
//! gate, JSON bodies read as JSON Schema reads them, and the security headers every response
//! carries.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::body::BoxBody;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{ConnectionType, StatusCode};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, ResponseError, web};
use futures_util::StreamExt;
use praline_kernel::ApiError;
use praline_kernel::AppState;
use serde_json::Value;
use tracing::Instrument;

/// The request id header, taken from the client (or nginx) when sane, else generated.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    let sane = !value.is_empty()
        && value.len() <= 64
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    sane.then(|| value.to_string())
}

/// Gives each request an id, runs it inside a tracing span and logs its outcome.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = incoming_id(&req).unwrap_or_else(|| hex::encode(praline_kernel::crypto::random_bytes(8)));
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let _enter = span.enter();
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            if status >= 500 {
                tracing::warn!(status, elapsed_ms, "request failed");
            } else {
                tracing::info!(status, elapsed_ms, "request finished");
            }
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(REQUEST_ID, value);
            }
            Ok(response)
        }
        Err(error) => {
            tracing::warn!(error = %error, elapsed_ms, "request errored");
            Err(error)
        }
    }
}

/// Caps every request body at the largest upload: a declared length over it is refused before
/// any byte is read, and any body — chunked ones have no declared length — is cut off with an
/// overflow error (413) as soon as the bytes read pass it, so nothing reads more than the limit.
/// The JSON and multipart readers apply their own, smaller limits on top.
pub async fn body_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if is_websocket(&req) {
        // A WebSocket's bytes are a conversation that lasts hours, not a body: chat's 8 KiB
        // frame limit and rate limit guard it, and a cap on the sum would cut it off.
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.config.http.upload_limit)
        .unwrap_or(usize::MAX) as u64;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        let error = ApiError::payload_too_large(format!("The request body is larger than {limit} bytes."));
        let (req, _) = req.into_parts();
        return Ok(ServiceResponse::new(req, error.error_response()));
    }
    let (http_req, payload) = req.into_parts();
    let overflowed = Arc::new(AtomicBool::new(false));
    let capped: Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(CappedPayload { inner: payload, read: 0, limit, overflowed: overflowed.clone() });
    let req = ServiceRequest::from_parts(http_req, Payload::from(capped));
    let mut response = next.call(req).await?.map_into_boxed_body();
    if overflowed.load(Ordering::Relaxed) || response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        // Close rather than drain the rest of a body we refused: the client stops sending.
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}

/// An HTTP/1.1 upgrade to a WebSocket (`Upgrade: websocket`).
fn is_websocket(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// A request body that fails with [`PayloadError::Overflow`] once more than `limit` bytes came.
struct CappedPayload {
    inner: Payload,
    read: u64,
    limit: u64,
    overflowed: Arc<AtomicBool>,
}

impl futures_util::Stream for CappedPayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.read > self.limit {
            return Poll::Ready(None);
        }
        match std::task::ready!(self.inner.poll_next_unpin(cx)) {
            Some(Ok(chunk)) => {
                self.read += chunk.len() as u64;
                if self.read > self.limit {
                    self.overflowed.store(true, Ordering::Relaxed);
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            other => Poll::Ready(other),
        }
    }
}

/// JSON request bodies under the API, read the way the OpenAPI document (JSON Schema) reads
/// them, before any extractor sees them:
/// - a body is an object: serde would also take a struct from an array of its fields
///   (`["a@b.c", "pw"]` as a login), which no schema allows, so anything else is 400;
/// - a whole number written as a float (`2.0`, `1e2`) is the integer it equals, as JSON Schema
///   counts it, so `"price": 2.0` is `2` rather than a type error.
///
/// Bodies that are not JSON by their content type, or not valid JSON, pass unchanged (the
/// extractors answer those); one over `http.json_limit` is 413 as the extractor would say.
pub async fn json_bodies(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
    if !is_json {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let limit = req.app_data::<web::Data<AppState>>().map(|s| s.config.http.json_limit).unwrap_or(usize::MAX);
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(PayloadError::Overflow) => {
                let error = ApiError::payload_too_large("The request body is too large.");
                return Ok(req.into_response(error.error_response()));
            }
            Err(e) => {
                let error = ApiError::invalid_input(format!("The request body could not be read: {e}"));
                return Ok(req.into_response(error.error_response()));
            }
        };
        if body.len() + chunk.len() > limit {
            let error =
                ApiError::payload_too_large(format!("The request body is larger than {limit} bytes."));
            return Ok(req.into_response(error.error_response()));
        }
        body.extend_from_slice(&chunk);
    }
    let mut body = body.freeze();
    if !body.iter().all(u8::is_ascii_whitespace)
        && let Ok(mut value) = serde_json::from_slice::<Value>(&body)
    {
        if !value.is_object() {
            let error = ApiError::invalid_input("The request body must be a JSON object.");
            return Ok(req.into_response(error.error_response()));
        }
        if whole_floats_to_integers(&mut value)
            && let Ok(text) = serde_json::to_vec(&value)
        {
            body = Bytes::from(text);
        }
    }
    req.set_payload(Payload::from(body));
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Rewrites every float that is a whole number small enough to be exact as that integer;
/// whether anything changed.
fn whole_floats_to_integers(value: &mut Value) -> bool {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() <= EXACT => {
                *value = Value::from(f as i64);
                true
            }
            _ => false,
        },
        Value::Array(items) => items.iter_mut().map(whole_floats_to_integers).fold(false, |a, b| a | b),
        Value::Object(map) => map.values_mut().map(whole_floats_to_integers).fold(false, |a, b| a | b),
        _ => false,
    }
}

/// Content-Security-Policy for every page: our own scripts, styles and API only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
     style-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The policy when PortOne is configured: its browser SDK (loaded by the payment pages only when
/// a card payment starts), its payment window frames and their calls are allowed as well.
pub const CONTENT_SECURITY_POLICY_WITH_PORTONE: &str = "default-src 'self'; img-src 'self' data: blob: https:; \
     style-src 'self' 'unsafe-inline'; script-src 'self' https://cdn.iamport.kr; \
     connect-src 'self' https://*.iamport.kr; frame-src https://*.iamport.kr https:; font-src 'self'; \
     object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https:";

/// Security headers added to every response that does not set its own; `portone` widens the
/// policy for PortOne's payment window.
pub fn security_headers(production: bool, portone: bool) -> DefaultHeaders {
    let policy = if portone { CONTENT_SECURITY_POLICY_WITH_PORTONE } else { CONTENT_SECURITY_POLICY };
    let headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, policy))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if production {
        headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains"))
    } else {
        headers
    }
}
