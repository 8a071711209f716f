//! The outside half of social login: provider settings, the signed `state` cookie, the code
//! exchange, each provider's profile shape, and the avatar import. No database here; the
//! sign-in rules are in `service::social`.

use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use praline_kernel::crypto::{Secrets, random_token};
use praline_kernel::storage::ImageKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A login provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Kakao,
    Naver,
    Google,
}

impl Provider {
    /// Every provider, in the order pages show them.
    pub const ALL: [Provider; 3] = [Provider::Kakao, Provider::Naver, Provider::Google];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Kakao => "kakao",
            Provider::Naver => "naver",
            Provider::Google => "google",
        }
    }

    pub fn parse(s: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// One provider's credentials and endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProviderConfig {
    pub client_id: String,
    pub client_secret: String,
    pub authorize_url: String,
    pub token_url: String,
    pub profile_url: String,
}

/// The `[oauth]` section: a provider is enabled once its client id (and, for Naver and
/// Google, its secret) is set; otherwise it is hidden.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct OAuthConfig {
    pub kakao: ProviderConfig,
    pub naver: ProviderConfig,
    pub google: ProviderConfig,
}

impl Default for OAuthConfig {
    fn default() -> Self {
        let endpoints = |a: &str, t: &str, p: &str| ProviderConfig {
            authorize_url: a.into(),
            token_url: t.into(),
            profile_url: p.into(),
            ..ProviderConfig::default()
        };
        OAuthConfig {
            kakao: endpoints(
                "https://kauth.kakao.com/oauth/authorize",
                "https://kauth.kakao.com/oauth/token",
                "https://kapi.kakao.com/v2/user/me",
            ),
            naver: endpoints(
                "https://nid.naver.com/oauth2.0/authorize",
                "https://nid.naver.com/oauth2.0/token",
                "https://openapi.naver.com/v1/nid/me",
            ),
            google: endpoints(
                "https://accounts.google.com/o/oauth2/v2/auth",
                "https://oauth2.googleapis.com/token",
                "https://openidconnect.googleapis.com/v1/userinfo",
            ),
        }
    }
}

impl OAuthConfig {
    pub fn provider(&self, provider: Provider) -> &ProviderConfig {
        match provider {
            Provider::Kakao => &self.kakao,
            Provider::Naver => &self.naver,
            Provider::Google => &self.google,
        }
    }

    /// Whether a provider has the credentials it needs.
    pub fn enabled(&self, provider: Provider) -> bool {
        let config = self.provider(provider);
        let secret_needed = provider != Provider::Kakao;
        !config.client_id.trim().is_empty() && (!secret_needed || !config.client_secret.trim().is_empty())
    }
}

/// Why a social login failed, as the login page's `?error=` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFailure {
    /// The state cookie is missing, forged, expired or for another attempt.
    State,
    /// The provider refused or answered something unusable.
    Failed,
    /// The provider gave no verified e-mail.
    NoEmail,
}

impl OAuthFailure {
    pub fn code(self) -> &'static str {
        match self {
            OAuthFailure::State => "oauth_state",
            OAuthFailure::Failed => "oauth_failed",
            OAuthFailure::NoEmail => "oauth_no_email",
        }
    }
}

/// The state cookie's name.
pub const STATE_COOKIE: &str = "praline_oauth";
const STATE_MINUTES: i64 = 10;

/// A new login attempt: the `state` to send the provider and the signed cookie binding it to
/// this browser (with where to go afterwards).
pub fn new_state(secrets: &Secrets, provider: Provider, next: &str, now: DateTime<Utc>) -> (String, String) {
    let nonce = random_token(24);
    let next = URL_SAFE_NO_PAD.encode(next.as_bytes());
    let expires = now.timestamp() + STATE_MINUTES * 60;
    let payload = format!("{}|{nonce}|{next}|{expires}", provider.as_str());
    let signature = secrets.sign("oauth-state", payload.as_bytes());
    (nonce, format!("{payload}|{signature}"))
}

/// Checks the cookie against the returned `state`; gives back where to go next.
pub fn check_state(
    secrets: &Secrets,
    provider: Provider,
    cookie: Option<&str>,
    state: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, OAuthFailure> {
    let cookie = cookie.ok_or(OAuthFailure::State)?;
    let (payload, signature) = cookie.rsplit_once('|').ok_or(OAuthFailure::State)?;
    if !secrets.verify_signature("oauth-state", payload.as_bytes(), signature) {
        return Err(OAuthFailure::State);
    }
    let parts: Vec<&str> = payload.split('|').collect();
    let [p, nonce, next, expires] = parts.as_slice() else { return Err(OAuthFailure::State) };
    let expires: i64 = expires.parse().map_err(|_| OAuthFailure::State)?;
    if *p != provider.as_str() || Some(*nonce) != state || expires < now.timestamp() {
        return Err(OAuthFailure::State);
    }
    let next = URL_SAFE_NO_PAD
        .decode(next)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or(OAuthFailure::State)?;
    Ok(safe_next(&next))
}

/// Only a path on this site, else `/`: it starts with exactly one `/` and holds no backslash
/// and no control character. Browsers drop tabs and newlines from URLs and read a backslash as
/// `/`, so `/<TAB>/evil.example` or `/<backslash>evil.example` would mean `//evil.example`,
/// another host; a newline would also break the `Location` header. Checked when the attempt
/// starts (before `next` is signed into the state cookie) and again at the callback.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control());
    if ok { next.to_string() } else { "/".to_string() }
}

/// The provider's authorize URL for this attempt.
pub fn authorize_url(config: &OAuthConfig, provider: Provider, redirect_uri: &str, state: &str) -> String {
    let p = config.provider(provider);
    let mut url = format!(
        "{}?response_type=code&client_id={}&redirect_uri={}&state={}",
        p.authorize_url,
        encode(&p.client_id),
        encode(redirect_uri),
        encode(state)
    );
    if provider == Provider::Google {
        url.push_str("&scope=openid%20email%20profile");
    }
    url
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Who the provider says the person is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialProfile {
    pub provider: Provider,
    pub subject: String,
    /// Present only when the provider vouches for it.
    pub email: Option<String>,
    pub nickname: String,
    pub picture: Option<String>,
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

/// Exchanges the code for a token and reads the profile.
pub async fn fetch_profile(
    config: &OAuthConfig,
    provider: Provider,
    code: &str,
    state: &str,
    redirect_uri: &str,
) -> Result<SocialProfile, OAuthFailure> {
    let p = config.provider(provider);
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", p.client_id.as_str()),
        ("redirect_uri", redirect_uri),
        ("code", code),
    ];
    if !p.client_secret.is_empty() {
        form.push(("client_secret", p.client_secret.as_str()));
    }
    if provider == Provider::Naver {
        form.push(("state", state));
    }
    let failed = |what: &str, detail: String| {
        tracing::warn!(provider = provider.as_str(), %detail, "social login: {what}");
        OAuthFailure::Failed
    };
    let response = client()
        .post(&p.token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| failed("token request", e.without_url().to_string()))?;
    let status = response.status();
    let token: Value =
        response.json().await.map_err(|e| failed("token answer", e.without_url().to_string()))?;
    // Naver reports errors with 200 and an `error` member; the others with 4xx.
    let Some(access_token) = token["access_token"].as_str().filter(|_| status.is_success()) else {
        return Err(failed("token refused", token["error"].to_string()));
    };
    let response = client()
        .get(&p.profile_url)
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|e| failed("profile request", e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(failed("profile refused", response.status().to_string()));
    }
    let body: Value =
        response.json().await.map_err(|e| failed("profile answer", e.without_url().to_string()))?;
    parse_profile(provider, &body).ok_or_else(|| failed("profile shape", "missing id".into()))
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Reads each provider's own profile shape.
pub fn parse_profile(provider: Provider, body: &Value) -> Option<SocialProfile> {
    match provider {
        Provider::Kakao => {
            let account = &body["kakao_account"];
            let subject = body["id"].as_i64().map(|id| id.to_string()).or_else(|| text(&body["id"]))?;
            // An e-mail counts only when Kakao says it is valid and verified.
            let vouched = account["is_email_valid"] == Value::Bool(true)
                && account["is_email_verified"] == Value::Bool(true);
            Some(SocialProfile {
                provider,
                subject,
                email: text(&account["email"]).filter(|_| vouched),
                nickname: text(&account["profile"]["nickname"]).unwrap_or_default(),
                picture: text(&account["profile"]["profile_image_url"]),
            })
        }
        Provider::Naver => {
            if body["resultcode"] != "00" {
                return None;
            }
            let r = &body["response"];
            Some(SocialProfile {
                provider,
                subject: text(&r["id"])?,
                email: text(&r["email"]),
                nickname: text(&r["nickname"]).unwrap_or_default(),
                picture: text(&r["profile_image"]),
            })
        }
        Provider::Google => Some(SocialProfile {
            provider,
            subject: text(&body["sub"])?,
            email: text(&body["email"]).filter(|_| body["email_verified"] == Value::Bool(true)),
            nickname: text(&body["name"]).unwrap_or_default(),
            picture: text(&body["picture"]),
        }),
    }
}

/// Largest profile picture imported.
pub const MAX_AVATAR_BYTES: usize = 2 * 1024 * 1024;

/// Downloads a profile picture: http(s) only, at most 2 MB, a real image by its bytes, 5 s.
/// Any failure just means no avatar.
pub async fn download_picture(url: &str) -> Option<(Vec<u8>, ImageKind)> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let mut response = client().get(url).timeout(Duration::from_secs(5)).send().await.ok()?;
    if !response.status().is_success()
        || response.content_length().is_some_and(|n| n > MAX_AVATAR_BYTES as u64)
    {
        return None;
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_AVATAR_BYTES {
            return None;
        }
    }
    let kind = ImageKind::detect(&bytes)?;
    Some((bytes, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kakao_counts_an_email_only_when_valid_and_verified() {
        let body = json!({"id": 42, "kakao_account": {"email": "a@b.com", "is_email_valid": true,
            "is_email_verified": false, "profile": {"nickname": "초코"}}});
        let profile = parse_profile(Provider::Kakao, &body).unwrap();
        assert_eq!(profile.subject, "42");
        assert_eq!(profile.email, None);
        let none = json!({"id": 42});
        assert_eq!(parse_profile(Provider::Kakao, &none).unwrap().nickname, "");
    }

    #[test]
    fn naver_needs_resultcode_00_and_google_a_verified_email() {
        assert!(parse_profile(Provider::Naver, &json!({"resultcode": "024", "message": "fail"})).is_none());
        let google = json!({"sub": "s1", "email": "g@x.com", "email_verified": false});
        assert_eq!(parse_profile(Provider::Google, &google).unwrap().email, None);
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/account.html?tab=1"), "/account.html?tab=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "",
            "/\t/evil.example",
            "/\n/x",
            "/\r\nSet-Cookie:x",
            "/x\u{7f}",
            "/x\u{85}",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad}");
        }
    }

    #[test]
    fn a_tampered_or_foreign_state_is_refused() {
        let secrets = Secrets::for_tests();
        let now = Utc::now();
        let (state, cookie) = new_state(&secrets, Provider::Kakao, "/x", now);
        assert_eq!(check_state(&secrets, Provider::Kakao, Some(&cookie), Some(&state), now).unwrap(), "/x");
        assert!(check_state(&secrets, Provider::Naver, Some(&cookie), Some(&state), now).is_err());
        assert!(check_state(&secrets, Provider::Kakao, Some(&cookie), Some("other"), now).is_err());
        assert!(check_state(&secrets, Provider::Kakao, None, Some(&state), now).is_err());
        // Point `next` elsewhere ("/x" is "L3g" in the cookie) without re-signing.
        let forged = cookie.replace("|L3g|", "|Lw|");
        assert_ne!(forged, cookie);
        assert!(check_state(&secrets, Provider::Kakao, Some(&forged), Some(&state), now).is_err());
        let later = now + chrono::Duration::minutes(11);
        assert!(check_state(&secrets, Provider::Kakao, Some(&cookie), Some(&state), later).is_err());
    }
}
