//! The one error envelope of the HTTP API.
//!
//! Every failure a client sees has the shape
//! `{"error": {"code": "snake_case", "message": "…", "fields": {…}?}}` with the status of
//! API.md. Domain errors map into [`ApiError`]; actix's own extractor failures are turned into
//! it by the handlers installed with [`json_config`], [`query_config`] and [`path_config`]; any
//! other non-JSON error under `/api` is rewritten by [`envelope_errors`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::db::DbError;

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// A failure as the client sees it.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: Cow<'static, str>,
    message: String,
    fields: BTreeMap<String, String>,
    extra: Map<String, Value>,
    retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: &'a BTreeMap<String, String>,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

impl ApiError {
    /// An error with any status and code.
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            fields: BTreeMap::new(),
            extra: Map::new(),
            retry_after: None,
        }
    }

    /// 400 `invalid_input` (add the offending fields with [`ApiError::field`]).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_input", message)
    }

    /// 400 `invalid_input` for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::invalid_input(format!("{field}: {message}")).field(field, message)
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`; also the answer for another user's private object.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413 `payload_too_large`.
    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
    }

    /// 415 `unsupported_media_type`.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message)
    }

    /// 429 `rate_limited` with a `Retry-After` header.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Too many requests. Try again in {retry_after_secs} seconds."),
        )
        .retry_after(retry_after_secs)
    }

    /// 502 `provider_error`.
    pub fn provider_error(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, "provider_error", message)
    }

    /// 503 `unavailable`.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// 500 for a real bug: the cause is logged, the client sees a generic message.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side.")
    }

    /// Adds a field-level message.
    pub fn field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.fields.insert(field.into(), message.into());
        self
    }

    /// Adds an extra member to the error object (`retry_after`, `provider`, …).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_string(), value.into());
        self
    }

    /// Sets the `Retry-After` header (and the `retry_after` member).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self.with("retry_after", seconds)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The machine-readable code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The envelope as JSON text.
    pub fn to_json(&self) -> String {
        let envelope = Envelope {
            error: Body {
                code: &self.code,
                message: &self.message,
                fields: &self.fields,
                extra: &self.extra,
            },
        };
        serde_json::to_string(&envelope).unwrap_or_else(|_| {
            r#"{"error":{"code":"internal","message":"Something went wrong on our side."}}"#.into()
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, "application/json"));
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.body(self.to_json())
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Pool(e) => {
                tracing::warn!(error = %e, "database pool exhausted or unreachable");
                ApiError::unavailable("The database is not available right now. Please try again.")
            }
            DbError::Connect(e) => {
                tracing::warn!(error = %e, "database unreachable");
                ApiError::unavailable("The database is not available right now. Please try again.")
            }
            DbError::Query(e) => e.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => ApiError::not_found("Not found."),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::conflict("That already exists.")
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::unavailable("The database is busy. Please try again.")
            }
            Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
                ApiError::unavailable("The database is busy. Please try again.")
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::internal(error)
    }
}

/// JSON extractor settings: size limit and errors in the envelope.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(|err, _req| json_error(err).into())
}

/// Query-string extractor errors in the envelope.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| query_error(err).into())
}

/// Path-parameter extractor errors in the envelope.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| path_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { length, limit } => {
            ApiError::payload_too_large(format!("The request body is {length} bytes; the limit is {limit}."))
        }
        JsonPayloadError::Overflow { limit } => {
            ApiError::payload_too_large(format!("The request body is larger than {limit} bytes."))
        }
        JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::payload_too_large("The request body is too large.")
        }
        JsonPayloadError::ContentType => {
            ApiError::unsupported_media_type("Send the body as application/json.")
        }
        JsonPayloadError::Deserialize(e) => deserialize_error(&e),
        other => ApiError::invalid_input(format!("The request body could not be read: {other}")),
    }
}

/// Turns a serde_json error into 400 `invalid_input`, naming the field when serde does.
pub(crate) fn deserialize_error(e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    if e.is_syntax() || e.is_eof() {
        return ApiError::invalid_input(format!("The request body is not valid JSON: {text}"));
    }
    let detail = text.split(" at line ").next().unwrap_or(&text).to_string();
    let mut error = ApiError::invalid_input(format!("Invalid request: {detail}"));
    if let Some(name) = backticked_after(&text, "unknown field `") {
        error = error.field(name, "unknown field");
    } else if let Some(name) = backticked_after(&text, "missing field `") {
        error = error.field(name, "required");
    }
    error
}

fn backticked_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let start = text.find(marker)? + marker.len();
    let rest = &text[start..];
    rest.find('`').map(|end| &rest[..end])
}

fn query_error(err: QueryPayloadError) -> ApiError {
    match err {
        QueryPayloadError::Deserialize(e) => {
            let text = e.to_string();
            let mut error = ApiError::invalid_input(format!("Invalid query: {text}"));
            if let Some(name) = backticked_after(&text, "unknown field `") {
                error = error.field(name, "unknown parameter");
            } else if let Some(name) = backticked_after(&text, "missing field `") {
                error = error.field(name, "required");
            }
            error
        }
        other => ApiError::invalid_input(format!("Invalid query: {other}")),
    }
}

fn path_error(err: PathError) -> ApiError {
    match err {
        PathError::Deserialize(e) => ApiError::not_found(format!("No such resource ({e}).")),
        other => ApiError::not_found(format!("No such resource ({other}).")),
    }
}

/// Handler for unknown routes under `/api`: 404 in the envelope.
pub async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found(format!("No API route for {} {}.", req.method(), req.path())))
}

/// Middleware for `/api`: any error response that is not already the JSON envelope (a 405 from
/// a resource, a failure from a middleware) is rewritten into it, keeping the status.
pub async fn envelope_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(error) => {
            // Errors raised inside handlers already render as the envelope; keep them.
            return Err(error);
        }
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return Ok(response);
    }
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::not_found("No such resource."),
        StatusCode::METHOD_NOT_ALLOWED => {
            ApiError::new(status, "method_not_allowed", "This method is not allowed on this path.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large("The request body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::unsupported_media_type("Unsupported content type."),
        s if s.is_server_error() => ApiError::new(s, "internal", "Something went wrong on our side."),
        s => ApiError::new(s, "invalid_input", "The request could not be processed."),
    };
    let (req, old) = response.into_parts();
    let mut new = error.error_response();
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH && !new.headers().contains_key(name)
        {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    new.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(ServiceResponse::new(req, new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_carries_code_message_fields_and_extras() {
        let error = ApiError::invalid_field("email", "must be an e-mail address").with("hint", "x");
        let json: Value = serde_json::from_str(&error.to_json()).unwrap();
        assert_eq!(json["error"]["code"], "invalid_input");
        assert_eq!(json["error"]["fields"]["email"], "must be an e-mail address");
        assert_eq!(json["error"]["hint"], "x");
        let plain: Value = serde_json::from_str(&ApiError::not_found("gone").to_json()).unwrap();
        assert!(plain["error"].get("fields").is_none());
    }

    #[test]
    fn unknown_json_fields_name_the_field() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Signup {
            email: String,
        }
        let err = serde_json::from_str::<Signup>(r#"{"email":"a@b.c","is_admin":true}"#).unwrap_err();
        let api = deserialize_error(&err);
        assert_eq!(api.status(), StatusCode::BAD_REQUEST);
        assert_eq!(api.fields.get("is_admin").map(String::as_str), Some("unknown field"));
    }

    #[test]
    fn rate_limited_sets_retry_after() {
        let response = ApiError::rate_limited(42).error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "42");
    }
}
