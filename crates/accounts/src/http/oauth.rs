//! Social login: the enabled providers, the redirect to a provider and its callback.

use super::cookies::{hint_cookie, refresh_cookie, state_cookie};
use super::run;
use crate::oauth::{self, OAuthFailure, Provider};
use crate::service::{AccountsConfig, social};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use praline_kernel::AppState;
use praline_kernel::error::{ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One social-login provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderResponse {
    pub provider: &'static str,
    pub enabled: bool,
}

/// `?next=` for the social login start.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OAuthStartQuery {
    pub next: Option<String>,
}

/// Which social-login providers are enabled.
#[utoipa::path(tag = "auth", responses((status = 200, body = [ProviderResponse])))]
#[get("/auth/providers")]
pub async fn providers(config: Data<AccountsConfig>) -> HttpResponse {
    HttpResponse::Ok().json(
        Provider::ALL.map(|p| ProviderResponse { provider: p.as_str(), enabled: config.oauth.enabled(p) }),
    )
}

fn redirect_uri(state: &AppState, provider: Provider) -> String {
    format!(
        "{}/api/v1/auth/oauth/{}/callback",
        state.config.public_url.trim_end_matches('/'),
        provider.as_str()
    )
}

/// Start a social login: 302 to the provider, with a signed state cookie bound to this browser.
#[utoipa::path(tag = "auth", params(OAuthStartQuery),
    responses((status = 302), (status = 404)))]
#[get("/auth/oauth/{provider}/start")]
pub async fn oauth_start(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    provider: Path<String>,
    query: Query<OAuthStartQuery>,
) -> ApiResult<HttpResponse> {
    let provider = Provider::parse(&provider)
        .filter(|p| config.oauth.enabled(*p))
        .ok_or_else(|| ApiError::not_found("No such login provider."))?;
    let next = oauth::safe_next(query.next.as_deref().unwrap_or("/"));
    let (nonce, cookie) = oauth::new_state(&state.secrets, provider, &next, state.clock.now());
    let location = oauth::authorize_url(&config.oauth, provider, &redirect_uri(&state, provider), &nonce);
    Ok(HttpResponse::Found()
        .cookie(state_cookie(&state, cookie))
        .insert_header(("Location", location))
        .insert_header(("Cache-Control", "no-store"))
        .finish())
}

/// Stores an imported profile picture; any failure just means no avatar.
async fn import_picture(state: &AppState, url: Option<&str>) -> Option<String> {
    let (bytes, kind) = oauth::download_picture(url?).await?;
    let storage = state.storage.clone();
    actix_web::web::block(move || storage.put(&bytes, kind.extension())).await.ok()?.ok()
}

/// The provider sends the browser back here: check the state, exchange the code, sign in, and
/// redirect to `next` (or to `/login.html?error=<code>`).
#[utoipa::path(tag = "auth",
    responses((status = 302, description = "to `next` signed in, or to /login.html?error=<code>"), (status = 404)))]
#[get("/auth/oauth/{provider}/callback")]
pub async fn oauth_callback(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    provider: Path<String>,
    query: Query<std::collections::HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let provider = Provider::parse(&provider)
        .filter(|p| config.oauth.enabled(*p))
        .ok_or_else(|| ApiError::not_found("No such login provider."))?;
    let mut removal = state_cookie(&state, String::new());
    removal.make_removal();
    let redirect = |location: String, session: Option<&str>| {
        let mut response = HttpResponse::Found();
        response.insert_header(("Location", location)).insert_header(("Cache-Control", "no-store"));
        if let Some(token) = session {
            response.cookie(refresh_cookie(&state, token)).cookie(hint_cookie(&state, true));
        }
        let mut response = response.finish();
        let _ = response.add_removal_cookie(&removal);
        Ok(response)
    };
    let fail = |code: &str| format!("/login.html?error={code}");

    let returned_state = query.get("state").map(String::as_str);
    let cookie = req.cookie(oauth::STATE_COOKIE).map(|c| c.value().to_string());
    let next = match oauth::check_state(
        &state.secrets,
        provider,
        cookie.as_deref(),
        returned_state,
        state.clock.now(),
    ) {
        Ok(next) => next,
        Err(failure) => return redirect(fail(failure.code()), None),
    };
    let Some(code) = query.get("code").filter(|_| !query.contains_key("error")) else {
        return redirect(fail(OAuthFailure::Failed.code()), None);
    };
    let nonce = returned_state.unwrap_or_default().to_string();
    let profile =
        match oauth::fetch_profile(&config.oauth, provider, code, &nonce, &redirect_uri(&state, provider))
            .await
        {
            Ok(profile) => profile,
            Err(failure) => return redirect(fail(failure.code()), None),
        };
    let avatar = import_picture(&state, profile.picture.as_deref()).await;
    let stored = avatar.clone();
    let result =
        run(&state, &config, move |conn, env| social::sign_in(conn, env, &profile, stored.as_deref())).await;
    let keep_avatar = matches!(result, Ok((_, true)));
    if !keep_avatar && let Some(key) = avatar {
        praline_kernel::upload::remove_files(&state.storage, vec![key]).await;
    }
    match result {
        Ok((tokens, _)) => redirect(next, Some(&tokens.refresh_token)),
        Err(error) => redirect(fail(error.code()), None),
    }
}
