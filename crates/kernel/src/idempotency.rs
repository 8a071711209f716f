//! The `Idempotency-Key` store any POST can use (API.md, "Conventions added in wave 2").
//!
//! A client sends a fresh key per attempt and the same key only to retry that attempt. Keys are
//! scoped to the caller (`scope`, e.g. `user:42`) and kept [`TTL_HOURS`] with the first final
//! answer and a fingerprint of method, path and body:
//!
//! - same key, same request → the stored status and body again, with `Idempotent-Replayed: true`;
//! - same key, another request → 422 `idempotency_key_reused`;
//! - same key while the first still runs → 409 `idempotency_key_in_progress`;
//! - 5xx, 429 and 409 `idempotency_key_in_progress` are never stored: the claim is removed, so a
//!   retry runs anew.
//!
//! The claim is one insert under the primary key (scope, key), so of racing requests exactly one
//! runs. The work runs on its own task ([`respond`]), so a client that hangs up mid-request still
//! leaves a settled key behind; a claim whose request died with its process is taken over after
//! [`ABANDONED_AFTER_SECS`]. Work that ends in one database transaction can record its answer in
//! that transaction ([`Claimed::settle`]): the effect and the answer then commit together, and no
//! crash between them can leave an effect whose key runs again.
//!
//! ```no_run
//! use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
//! use praline_kernel::{AppState, ApiResult, idempotency};
//!
//! async fn create_thing(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes)
//!     -> ApiResult<HttpResponse> {
//!     let scope = "user:1".to_string();
//!     idempotency::respond(&state, &req, scope, &body, move |_claimed| async move {
//!         Ok(idempotency::Answer::new(StatusCode::CREATED, r#"{"id":1}"#.to_string()))
//!     })
//!     .await
//! }
//! ```

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::crypto::sha256_hex;
use crate::db::{Conn, DbError};
use crate::error::{ApiError, ApiResult};
use crate::schema::kernel_idempotency_keys as keys;
use crate::state::AppState;

/// The request header carrying the key.
pub const HEADER: &str = "Idempotency-Key";
/// The response header marking a replayed answer.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";
/// How long a key and its answer are kept.
pub const TTL_HOURS: i64 = 24;
/// Longest key, in characters.
pub const MAX_KEY_CHARS: usize = 255;
/// A claim without an answer after this long belongs to a request that died; it is taken over.
pub const ABANDONED_AFTER_SECS: i64 = 300;
/// The key's pattern for the OpenAPI document: 1–255 visible ASCII characters.
pub const KEY_PATTERN: &str = "^[\\x21-\\x7e]{1,255}$";

/// A stored key.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = keys)]
pub struct IdempotencyRecord {
    pub scope: String,
    pub idem_key: String,
    pub fingerprint: String,
    pub status_code: Option<i32>,
    pub response_body: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// What a claim on a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is ours: run the request, then [`settle`].
    Fresh,
    /// The request ran before; answer this again.
    Replay { status: u16, body: String },
    /// The key was used for another request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// The key a running request holds, for work that records its own answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    scope: String,
    key: String,
}

impl Claimed {
    /// Records `status` and `body` as the key's answer inside the caller's transaction; return
    /// [`Answer::settled`] once that transaction has committed.
    pub fn settle(&self, conn: &mut Conn, status: StatusCode, body: &str) -> QueryResult<()> {
        settle(conn, &self.scope, &self.key, status.as_u16(), None, body)
    }
}

/// What the work of [`respond`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: StatusCode,
    pub body: String,
    /// Already recorded through [`Claimed::settle`] in a committed transaction.
    pub settled: bool,
}

impl Answer {
    /// An answer for [`respond`] to record.
    pub fn new(status: StatusCode, body: String) -> Answer {
        Answer { status, body, settled: false }
    }

    /// An answer the work recorded itself with [`Claimed::settle`].
    pub fn settled(status: StatusCode, body: String) -> Answer {
        Answer { status, body, settled: true }
    }
}

/// Reads and checks the `Idempotency-Key` header: 1–255 visible ASCII characters.
pub fn key_from(req: &HttpRequest) -> ApiResult<String> {
    let Some(raw) = req.headers().get(HEADER) else {
        return Err(ApiError::invalid_field(HEADER, "The Idempotency-Key header is required."));
    };
    let bytes = raw.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_KEY_CHARS || !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(ApiError::invalid_field(HEADER, "Use 1 to 255 visible ASCII characters (a UUID)."));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// The fingerprint of a request: method, path and body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut data = Vec::with_capacity(method.len() + path.len() + body.len() + 2);
    data.extend_from_slice(method.as_bytes());
    data.push(b'\n');
    data.extend_from_slice(path.as_bytes());
    data.push(b'\n');
    data.extend_from_slice(body);
    sha256_hex(&data)
}

/// Whether an answer is kept for replays: 2xx and 4xx, except 409 `idempotency_key_in_progress`
/// and 429; never 5xx.
pub fn is_kept(status: u16, code: Option<&str>) -> bool {
    match status {
        200..=299 => true,
        429 => false,
        409 if code == Some("idempotency_key_in_progress") => false,
        400..=499 => true,
        _ => false,
    }
}

fn find(conn: &mut Conn, scope: &str, key: &str) -> QueryResult<Option<IdempotencyRecord>> {
    keys::table
        .filter(keys::scope.eq(scope))
        .filter(keys::idem_key.eq(key))
        .select(IdempotencyRecord::as_select())
        .first(conn)
        .optional()
}

/// Claims `key` for `scope`, or tells what an earlier request with it left.
pub fn claim(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> QueryResult<Claim> {
    let at = now.naive_utc();
    let insert = |conn: &mut Conn| {
        diesel::insert_into(keys::table)
            .values((
                keys::scope.eq(scope),
                keys::idem_key.eq(key),
                keys::fingerprint.eq(fingerprint),
                keys::created_at.eq(at),
                keys::expires_at.eq(at + Duration::hours(TTL_HOURS)),
            ))
            .execute(conn)
    };
    // Outside any transaction, so a clash leaves the connection usable (no savepoint needed).
    let taken = |inserted: QueryResult<usize>| match inserted {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    };
    // A new key (the usual case) is one statement.
    if taken(insert(conn))? {
        return Ok(Claim::Fresh);
    }
    // An expired key, or a claim whose request died, is free again; the conditional delete lets
    // only one racer take it over.
    let freed = diesel::delete(
        keys::table.filter(keys::scope.eq(scope)).filter(keys::idem_key.eq(key)).filter(
            keys::expires_at.le(at).or(keys::status_code
                .is_null()
                .and(keys::created_at.le(at - Duration::seconds(ABANDONED_AFTER_SECS)))),
        ),
    )
    .execute(conn)?;
    if freed == 1 && taken(insert(conn))? {
        return Ok(Claim::Fresh);
    }
    let Some(existing) = find(conn, scope, key)? else {
        // The holder gave the key up (a 5xx) between our insert and our read.
        return Ok(Claim::InProgress);
    };
    if existing.fingerprint != fingerprint {
        return Ok(Claim::Mismatch);
    }
    match (existing.status_code, existing.response_body) {
        (Some(status), Some(body)) => {
            Ok(Claim::Replay { status: u16::try_from(status).unwrap_or(500), body })
        }
        _ => Ok(Claim::InProgress),
    }
}

/// Records the answer to a claimed key, or gives the key up when the answer is not kept.
pub fn settle(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    status: u16,
    code: Option<&str>,
    body: &str,
) -> QueryResult<()> {
    let target = keys::table.filter(keys::scope.eq(scope)).filter(keys::idem_key.eq(key));
    if is_kept(status, code) {
        diesel::update(target.filter(keys::status_code.is_null()))
            .set((keys::status_code.eq(Some(i32::from(status))), keys::response_body.eq(Some(body))))
            .execute(conn)?;
    } else {
        diesel::delete(target.filter(keys::status_code.is_null())).execute(conn)?;
    }
    Ok(())
}

/// Removes keys past their 24 hours; returns how many.
pub fn purge_expired(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(keys::table.filter(keys::expires_at.le(now.naive_utc()))).execute(conn)
}

fn json_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// Runs `work` once per (scope, key, request) and answers every repeat from the store.
///
/// `work` yields the status and JSON body of a success, or an [`ApiError`]; both are stored by
/// the rules above (unless the work recorded its answer itself). It runs on its own task, so the
/// key is settled even if the client leaves.
pub async fn respond<F, Fut>(
    state: &AppState,
    req: &HttpRequest,
    scope: String,
    body: &[u8],
    work: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce(Claimed) -> Fut + 'static,
    Fut: Future<Output = ApiResult<Answer>> + 'static,
{
    let key = key_from(req)?;
    let print = fingerprint(req.method().as_str(), req.path(), body);
    let (claim_scope, claim_key) = (scope.clone(), key.clone());
    let claimed = state
        .run(move |conn, now| claim(conn, &claim_scope, &claim_key, &print, now).map_err(DbError::from))
        .await?;
    match claimed {
        Claim::Fresh => {}
        Claim::Replay { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = json_response(status, body);
            response.headers_mut().insert(
                header::HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
            return Ok(response);
        }
        Claim::Mismatch => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This Idempotency-Key was used for another request; make a new key for a new attempt.",
            ));
        }
        Claim::InProgress => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_in_progress",
                "A request with this Idempotency-Key is still running; try again in a moment.",
            ));
        }
    }
    let state = state.clone();
    let claimed = Claimed { scope: scope.clone(), key: key.clone() };
    let task = actix_web::rt::spawn(async move {
        let outcome = work(claimed).await;
        let (status, code, text) = match &outcome {
            Ok(answer) if answer.settled => return outcome,
            Ok(answer) => (answer.status.as_u16(), None, answer.body.clone()),
            Err(error) => (error.status().as_u16(), Some(error.code().to_string()), error.to_json()),
        };
        let settled = state
            .run(move |conn, _| {
                settle(conn, &scope, &key, status, code.as_deref(), &text).map_err(DbError::from)
            })
            .await;
        if let Err(error) = settled {
            tracing::warn!(%error, "cannot record the idempotent answer");
        }
        outcome
    });
    let answer = task.await.map_err(ApiError::internal)??;
    Ok(json_response(answer.status, answer.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_answers_follow_the_contract() {
        assert!(is_kept(201, None));
        assert!(is_kept(402, Some("insufficient_points")));
        assert!(is_kept(409, Some("insufficient_stock")));
        assert!(!is_kept(409, Some("idempotency_key_in_progress")));
        assert!(!is_kept(429, Some("rate_limited")));
        assert!(!is_kept(500, Some("internal")));
        assert!(!is_kept(503, Some("unavailable")));
    }

    #[test]
    fn the_fingerprint_covers_method_path_and_body() {
        let a = fingerprint("POST", "/api/v1/orders", b"{}");
        assert_eq!(a, fingerprint("POST", "/api/v1/orders", b"{}"));
        assert_ne!(a, fingerprint("POST", "/api/v1/orders", b"{ }"));
        assert_ne!(a, fingerprint("POST", "/api/v1/other", b"{}"));
        assert_ne!(a, fingerprint("PUT", "/api/v1/orders", b"{}"));
    }
}
