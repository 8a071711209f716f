//! Extractors beyond actix's own, with failures in the error envelope.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, deserialize_error};

/// A JSON body that may be left out: no body (or only whitespace) is `None`; a body that is
/// there is held to the same rules as `web::Json` — `application/json` (415 otherwise), and
/// parsed strictly (unknown fields and wrong types are 400 `invalid_input`). Never ignored.
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T> OptionalJson<T> {
    /// The body, if one was sent.
    pub fn into_inner(self) -> Option<T> {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.subtype() == actix_web::mime::JSON || mime.suffix() == Some(actix_web::mime::JSON)
        }
        _ => false,
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<OptionalJson<T>, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = bytes.await.map_err(|e| match e.as_response_error().status_code() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::payload_too_large("The request body is too large.")
                }
                _ => ApiError::invalid_input("The request body could not be read."),
            })?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(None));
            }
            if !json {
                return Err(ApiError::unsupported_media_type("Send the body as application/json."));
            }
            serde_json::from_slice(&body)
                .map(|value| OptionalJson(Some(value)))
                .map_err(|e| deserialize_error(&e))
        })
    }
}

/// Parses a JSON body read as bytes (for handlers that also need the raw bytes, as
/// [`crate::idempotency::respond`] does) with `web::Json`'s rules: `application/json` (415
/// otherwise) and strict parsing (400 `invalid_input`).
pub fn parse_json<T: DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> Result<T, ApiError> {
    if !is_json(req) {
        return Err(ApiError::unsupported_media_type("Send the body as application/json."));
    }
    serde_json::from_slice(body).map_err(|e| deserialize_error(&e))
}
