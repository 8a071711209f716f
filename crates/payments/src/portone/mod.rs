//! PortOne (iamport) REST API v1: the client our payments use, and the simulator that stands in
//! for PortOne in development and in the tests (the same code, mounted in the gateway or served
//! on a free port).
//!
//! The client never runs inside a database transaction: a service reads, calls PortOne, then
//! writes. Every call has a deadline (5 s by default), and a timeout, a refused connection, a
//! 5xx or a body that is not PortOne's envelope is [`PortOneError::Unreachable`], which the API
//! answers with 502 `provider_error`.

pub mod simulator;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

/// The `[portone]` section of the configuration. The key and secret come from the environment
/// (`PRALINE_PORTONE__IMP_KEY`, `PRALINE_PORTONE__IMP_SECRET`); without them, development runs
/// the built-in simulator and production answers card payments with 503.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PortOneConfig {
    /// PortOne's REST base URL.
    pub base_url: String,
    /// REST API key.
    pub imp_key: String,
    /// REST API secret.
    pub imp_secret: String,
    /// The merchant code the browser SDK is initialised with (`IMP.init`).
    pub imp_code: String,
    /// The PG the payment window uses.
    pub pg: String,
    /// Deadline of each call, in milliseconds.
    pub timeout_ms: u64,
}

impl Default for PortOneConfig {
    fn default() -> Self {
        PortOneConfig {
            base_url: "https://api.iamport.kr".into(),
            imp_key: String::new(),
            imp_secret: String::new(),
            imp_code: String::new(),
            pg: "html5_inicis".into(),
            timeout_ms: 5_000,
        }
    }
}

impl PortOneConfig {
    /// Whether real PortOne credentials are configured.
    pub fn has_keys(&self) -> bool {
        !self.imp_key.trim().is_empty() && !self.imp_secret.trim().is_empty()
    }
}

/// What went wrong talking to PortOne.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortOneError {
    /// No usable answer: timeout, connection refused, 5xx, or a body that is not the envelope.
    #[error("the payment provider did not answer: {0}")]
    Unreachable(String),
    /// PortOne answered, and refused (`code != 0`, or 401 for our credentials).
    #[error("the payment provider refused: {message} (code {code})")]
    Refused { code: i64, message: String },
}

/// PortOne's envelope around every answer.
#[derive(Debug, Deserialize, Serialize)]
pub struct Envelope<T> {
    pub code: i64,
    pub message: Option<String>,
    pub response: Option<T>,
}

/// A payment as PortOne reports it (`GET /payments/{imp_uid}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortOnePayment {
    pub imp_uid: String,
    pub merchant_uid: String,
    pub amount: i64,
    pub cancel_amount: i64,
    pub currency: String,
    /// `ready`, `paid`, `cancelled` or `failed`.
    pub status: String,
    pub pay_method: Option<String>,
    pub pg_provider: Option<String>,
    pub name: Option<String>,
    pub buyer_email: Option<String>,
    pub buyer_name: Option<String>,
    pub paid_at: i64,
    pub failed_at: i64,
    pub cancelled_at: i64,
    pub fail_reason: Option<String>,
    pub receipt_url: Option<String>,
    pub cancel_history: Vec<CancelRecord>,
}

/// One cancel in a payment's `cancel_history`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelRecord {
    pub amount: i64,
    pub reason: Option<String>,
    pub cancelled_at: i64,
}

/// `POST /payments/cancel`: `amount` `None` cancels what is left; `checksum` is our view of the
/// amount still cancellable, refused by PortOne when it differs (so a refund never repeats).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CancelRequest {
    pub merchant_uid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<i64>,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
struct Token {
    access_token: String,
    expired_at: i64,
    now: i64,
}

#[derive(Debug)]
struct CachedToken {
    value: String,
    valid_until: Instant,
}

/// The PortOne REST client: one per process, cheap to clone; it keeps the access token until a
/// minute before it expires.
#[derive(Clone)]
pub struct PortOne {
    http: reqwest::Client,
    base_url: String,
    imp_key: String,
    imp_secret: String,
    token: Arc<Mutex<Option<CachedToken>>>,
}

impl std::fmt::Debug for PortOne {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key or the secret.
        f.debug_struct("PortOne").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

impl PortOne {
    /// A client for `base_url` with these credentials and a per-call deadline.
    pub fn new(
        base_url: &str,
        imp_key: &str,
        imp_secret: &str,
        timeout: Duration,
    ) -> Result<PortOne, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| format!("the PortOne HTTP client cannot be built: {e}"))?;
        Ok(PortOne {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            imp_key: imp_key.to_string(),
            imp_secret: imp_secret.to_string(),
            token: Arc::new(Mutex::new(None)),
        })
    }

    /// The base URL the client calls.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Registers the amount the payment window for `merchant_uid` must charge.
    pub async fn prepare(&self, merchant_uid: &str, amount: i64) -> Result<(), PortOneError> {
        let body = serde_json::json!({ "merchant_uid": merchant_uid, "amount": amount });
        self.call::<serde_json::Value>(Method::POST, "/payments/prepare", Some(body)).await?;
        Ok(())
    }

    /// The payment `imp_uid`, or `None` when PortOne does not know it.
    pub async fn payment(&self, imp_uid: &str) -> Result<Option<PortOnePayment>, PortOneError> {
        self.call(Method::GET, &format!("/payments/{}", segment(imp_uid)), None).await
    }

    /// The latest payment for `merchant_uid`, or `None` when there is none.
    pub async fn find(&self, merchant_uid: &str) -> Result<Option<PortOnePayment>, PortOneError> {
        self.call(Method::GET, &format!("/payments/find/{}", segment(merchant_uid)), None).await
    }

    /// Cancels all (`amount: None`) or part of a payment; the payment after the cancel.
    pub async fn cancel(&self, request: &CancelRequest) -> Result<PortOnePayment, PortOneError> {
        let body = serde_json::to_value(request).map_err(|e| PortOneError::Unreachable(e.to_string()))?;
        self.call(Method::POST, "/payments/cancel", Some(body))
            .await?
            .ok_or_else(|| PortOneError::Unreachable("the cancel answered no payment".into()))
    }

    async fn access_token(&self, renew: bool) -> Result<String, PortOneError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| !renew && t.valid_until > Instant::now()) {
            return Ok(token.value.clone());
        }
        let body = serde_json::json!({ "imp_key": self.imp_key, "imp_secret": self.imp_secret });
        let response = self
            .http
            .post(format!("{}/users/getToken", self.base_url))
            .json(&body)
            .send()
            .await
            .map_err(unreachable)?;
        let token: Token = match envelope(response).await? {
            Some(token) => token,
            None => return Err(PortOneError::Unreachable("getToken answered no token".into())),
        };
        // PortOne's own clock decides the lifetime; a minute of margin before it ends.
        let lifetime = (token.expired_at - token.now - 60).max(0) as u64;
        let value = token.access_token.clone();
        *cached = Some(CachedToken {
            value: token.access_token,
            valid_until: Instant::now() + Duration::from_secs(lifetime),
        });
        Ok(value)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<Option<T>, PortOneError> {
        let mut renew = false;
        loop {
            let token = self.access_token(renew).await?;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base_url))
                .header("Authorization", token);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.map_err(unreachable)?;
            if response.status() == StatusCode::UNAUTHORIZED && !renew {
                // The token ended early (revoked, or PortOne restarted): one more try with a new one.
                renew = true;
                continue;
            }
            if response.status() == StatusCode::NOT_FOUND {
                return Ok(None);
            }
            return envelope(response).await;
        }
    }
}

fn unreachable(error: reqwest::Error) -> PortOneError {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    PortOneError::Unreachable(what.to_string())
}

/// Reads PortOne's envelope: `code == 0` gives the response; any other code is a refusal.
async fn envelope<T: DeserializeOwned>(response: reqwest::Response) -> Result<Option<T>, PortOneError> {
    let status = response.status();
    if status.is_server_error() {
        return Err(PortOneError::Unreachable(format!("HTTP {}", status.as_u16())));
    }
    let text = response.text().await.map_err(unreachable)?;
    let envelope: Envelope<T> = serde_json::from_str(&text).map_err(|_| {
        PortOneError::Unreachable(format!("HTTP {} without PortOne's envelope", status.as_u16()))
    })?;
    if envelope.code != 0 || status == StatusCode::UNAUTHORIZED {
        return Err(PortOneError::Refused {
            code: if envelope.code == 0 { -1 } else { envelope.code },
            message: envelope.message.unwrap_or_default(),
        });
    }
    Ok(envelope.response)
}

/// A path segment: ours are `[A-Za-z0-9_-]`, anything else is percent-encoded.
fn segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
