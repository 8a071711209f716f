//! Cross-cutting middleware: request ids with a tracing span per request, an early body-size
//! gate, and the security headers every response carries.

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

/// Content-Security-Policy for every page: our own scripts, styles and API only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
     style-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Security headers added to every response that does not set its own.
pub fn security_headers(production: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
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
