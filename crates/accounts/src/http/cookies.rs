//! The cookies accounts sets: the refresh token, the readable session marker and the OAuth state.

use super::auth::RefreshRequest;
use crate::oauth as social_login;
use crate::service::auth;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use praline_kernel::AppState;

/// The refresh-token cookie.
pub const REFRESH_COOKIE: &str = "praline_refresh";

/// A readable, secret-free marker that a refresh cookie exists, so pages of a signed-out visitor
/// need not probe `/auth/refresh` (and log a 401) on every load. It grants nothing.
pub const SESSION_HINT_COOKIE: &str = "praline_session";

pub(super) fn refresh_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_string())
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.is_production())
        .max_age(CookieDuration::days(auth::REFRESH_TOKEN_DAYS))
        .finish()
}

pub(super) fn cleared_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = refresh_cookie(state, "");
    cookie.make_removal();
    cookie
}

pub(super) fn hint_cookie(state: &AppState, present: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(SESSION_HINT_COOKIE, "1")
        .path("/")
        .same_site(SameSite::Strict)
        .secure(state.config.is_production())
        .max_age(CookieDuration::days(auth::REFRESH_TOKEN_DAYS))
        .finish();
    if !present {
        cookie.make_removal();
    }
    cookie
}

pub(super) fn state_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(social_login::STATE_COOKIE, value)
        .path("/api/v1/auth/oauth")
        .http_only(true)
        // Lax: the cookie must come back on the provider's top-level redirect to us.
        .same_site(SameSite::Lax)
        .secure(state.config.is_production())
        .max_age(CookieDuration::minutes(10))
        .finish()
}

/// The refresh token from the optional JSON body, else the cookie.
pub(super) fn presented_token(req: &HttpRequest, body: Option<RefreshRequest>) -> Option<String> {
    body.and_then(|b| b.refresh_token)
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()))
        .filter(|t| !t.is_empty())
}
