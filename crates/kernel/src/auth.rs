//! Access-token primitives shared by every crate: the JWT claims, signing and checking, and the
//! `AuthUser` extractor. Issuing sessions and refresh tokens belongs to `accounts`; a crate that
//! only needs "who is calling" depends on this module alone.
//!
//! The token says who the caller is; what they may do is decided by the services against the
//! database (a token's roles may be up to 15 minutes old). A token whose session has ended is
//! refused within [`crate::session::RECHECK_MILLIS`] (see [`crate::session`]).

use futures_util::future::LocalBoxFuture;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::AppState;

/// How long an access token lives.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
const ISSUER: &str = "praline";

/// Roles a user can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Seller,
    Admin,
}

/// What an access token carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string per RFC 7519.
    pub sub: String,
    /// Roles at the time of issue.
    pub roles: Vec<Role>,
    /// Nickname at the time of issue.
    pub nickname: String,
    /// Whether the user was a member (구독) at the time of issue.
    pub member: bool,
    /// The session (refresh-token family) this token belongs to.
    pub sid: i64,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

/// Signs and checks access tokens with one HMAC secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

/// The caller of a request, from a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    pub id: i64,
    pub roles: Vec<Role>,
    pub nickname: String,
    pub member: bool,
    pub session_id: i64,
}

impl AuthUser {
    /// Whether the token claims `role`. Services still check the database before acting.
    pub fn claims_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

impl JwtKeys {
    /// Keys from a secret of at least 32 bytes.
    pub fn new(secret: &[u8]) -> JwtKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation.leeway = 5;
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// Signs an access token for `user` that expires [`ACCESS_TOKEN_SECONDS`] after `now`.
    pub fn issue(&self, user: &AuthUser, now: DateTime<Utc>) -> Result<String, ApiError> {
        let claims = Claims {
            sub: user.id.to_string(),
            roles: user.roles.clone(),
            nickname: user.nickname.clone(),
            member: user.member,
            sid: user.session_id,
            iat: now.timestamp(),
            exp: now.timestamp() + ACCESS_TOKEN_SECONDS,
            iss: ISSUER.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// Checks the signature, issuer and expiry (against `now`) of a token.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AuthUser, ApiError> {
        let mut validation = self.validation.clone();
        // Expiry is checked below against our clock, so tests can move time.
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| ApiError::unauthenticated("The access token is invalid."))?;
        let claims = data.claims;
        if claims.exp + self.validation.leeway as i64 <= now.timestamp() {
            return Err(ApiError::unauthenticated("The access token has expired."));
        }
        let id = claims
            .sub
            .parse::<i64>()
            .map_err(|_| ApiError::unauthenticated("The access token is invalid."))?;
        Ok(AuthUser {
            id,
            roles: claims.roles,
            nickname: claims.nickname,
            member: claims.member,
            session_id: claims.sid,
        })
    }
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()).filter(|t| !t.is_empty())
}

/// The token's caller, checked now (signature, issuer, expiry), with what asking about its
/// session needs.
type Verified = (AuthUser, web::Data<AppState>, DateTime<Utc>);

fn verify_bearer(req: &HttpRequest) -> Result<Option<Verified>, ApiError> {
    let Some(token) = bearer(req) else { return Ok(None) };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("AppState is not registered"))?;
    let now = state.clock.now();
    Ok(Some((state.secrets.jwt.verify(token, now)?, state.clone(), now)))
}

/// The caller of a request with a bearer token: the token checked at once, then its session
/// asked about. Without a token nothing is looked up.
fn authenticate(req: &HttpRequest) -> LocalBoxFuture<'static, Result<Option<AuthUser>, ApiError>> {
    let verified = verify_bearer(req);
    Box::pin(async move {
        let Some((user, state, now)) = verified? else { return Ok(None) };
        state.sessions.ensure_open(&state.pool, &user, now).await?;
        Ok(Some(user))
    })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<AuthUser, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = authenticate(req);
        Box::pin(async move { user.await?.ok_or_else(|| ApiError::unauthenticated("Sign in to continue.")) })
    }
}

/// The caller when a valid token is present, `None` for visitors. A present but invalid token
/// (or one of an ended session) is still refused, so a client learns its token is no good.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<MaybeAuthUser, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = authenticate(req);
        Box::pin(async move { user.await.map(MaybeAuthUser) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn user() -> AuthUser {
        AuthUser { id: 7, roles: vec![Role::Buyer], nickname: "초코".into(), member: false, session_id: 3 }
    }

    #[test]
    fn a_token_round_trips_until_it_expires() {
        let keys = JwtKeys::new(&[1u8; 32]);
        let now = Utc::now();
        let token = keys.issue(&user(), now).unwrap();
        assert_eq!(keys.verify(&token, now).unwrap(), user());
        let later = now + Duration::seconds(ACCESS_TOKEN_SECONDS + 10);
        assert_eq!(keys.verify(&token, later).unwrap_err().code(), "unauthenticated");
    }

    #[test]
    fn a_token_signed_with_another_secret_is_refused() {
        let token = JwtKeys::new(&[1u8; 32]).issue(&user(), Utc::now()).unwrap();
        assert!(JwtKeys::new(&[2u8; 32]).verify(&token, Utc::now()).is_err());
        assert!(JwtKeys::new(&[1u8; 32]).verify("not.a.token", Utc::now()).is_err());
    }
}
