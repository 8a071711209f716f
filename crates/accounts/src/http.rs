//! HTTP for accounts: DTOs, thin handlers, [`configure`] and [`openapi`].
//!
//! The gateway registers the `[accounts]` settings with [`config_data`].

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::web::{self, Data, Json, Path, Query, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, Role};
use praline_kernel::db::{self, Conn};
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::messaging::{Email as OutboundEmail, Sms};
use praline_kernel::page::{Page, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::error::AccountsError;
use crate::model::{CustomsCode, Email, Nickname, Password, Phone, SellerStatus, User, roles_of};
use crate::oauth::{self, OAuthFailure, Provider};
use crate::service::address::{self, Address, AddressInput};
use crate::service::auth::{self, CodePurpose, IssuedCode, SessionTokens, Signup};
use crate::service::seller::{self, PrivateSeller, SellerChanges, SellerInput};
use crate::service::social;
use crate::service::{Account, AccountsConfig, Env, admin, contact, lifecycle, password, profile};

/// The refresh-token cookie.
pub const REFRESH_COOKIE: &str = "praline_refresh";

/// The `[accounts]` settings as app data, for the gateway to register.
pub fn config_data(config: &praline_kernel::config::Config) -> Result<Data<AccountsConfig>, String> {
    let mut accounts = config.section::<AccountsConfig>("accounts").map_err(|e| e.to_string())?;
    accounts.oauth = config.section("oauth").map_err(|e| format!("[oauth]: {e}"))?;
    Ok(Data::new(accounts))
}

fn at(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

// ---------------------------------------------------------------------------------------------
// DTOs

/// A user as the owner and operators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub introduction: String,
    pub avatar_url: Option<String>,
    pub login_type: String,
    pub roles: Vec<Role>,
    pub email_verified: bool,
    pub phone_verified: bool,
    /// `null`, `pending`, `approved` or `rejected`.
    pub seller_status: Option<SellerStatus>,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

impl UserResponse {
    fn new(state: &AppState, account: &Account) -> UserResponse {
        let user = &account.user;
        UserResponse {
            id: user.id,
            email: user.email.clone(),
            nickname: user.nickname.clone(),
            introduction: user.introduction.clone(),
            avatar_url: user.avatar_key.as_deref().map(|k| state.storage.url(k)),
            login_type: user.login_type.clone(),
            roles: roles_of(user, account.seller.as_ref()),
            email_verified: user.email_verified,
            phone_verified: user.phone_verified,
            seller_status: account.seller.as_ref().map(|s| s.status()),
            status: user.status.clone(),
            created_at: at(user.created_at),
        }
    }
}

/// `{user}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserEnvelope {
    pub user: UserResponse,
}

/// `GET /me`: the user plus private extras.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub user: UserResponse,
    /// Masked except the last 4 characters.
    pub customs_code: Option<String>,
    /// Points balance.
    pub points: i64,
}

/// Tokens after login or refresh.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub user: UserResponse,
}

/// Seller fields at signup or application.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SellerFields {
    pub company_name: String,
    pub business_number: String,
    pub owner_name: String,
    pub contact: String,
    pub bank_name: String,
    pub account_number: String,
    pub account_holder: String,
}

impl SellerFields {
    fn parse(&self) -> Result<SellerInput, AccountsError> {
        SellerInput::parse(
            &self.company_name,
            &self.business_number,
            &self.owner_name,
            &self.contact,
            &self.bank_name,
            &self.account_number,
            &self.account_holder,
        )
    }
}

/// `POST /auth/signup`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub nickname: String,
    /// `buyer` (default) or `seller`.
    pub role: Option<String>,
    pub seller: Option<SellerFields>,
}

/// `POST /auth/email/verify`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    pub email: String,
    pub code: String,
}

/// A body with only an e-mail.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    pub email: String,
}

/// `POST /auth/login`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `POST /auth/refresh` and `/auth/logout` (the token may come from the cookie instead).
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: Option<String>,
}

/// `POST /auth/password/reset`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
    pub code: String,
    pub new_password: String,
}

/// `PATCH /me`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub nickname: Option<String>,
    pub introduction: Option<String>,
}

/// `PUT /me/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `DELETE /me`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub password: String,
}

/// `PATCH /me/seller`.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SellerPatch {
    pub company_name: Option<String>,
    pub business_number: Option<String>,
    pub owner_name: Option<String>,
    pub contact: Option<String>,
    pub bank_name: Option<String>,
    pub account_number: Option<String>,
    pub account_holder: Option<String>,
}

/// A seller profile for the seller itself and admins (bank data included).
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivateSellerResponse {
    pub user_id: i64,
    pub company_name: String,
    pub business_number: String,
    pub owner_name: String,
    pub contact: String,
    pub logo_url: Option<String>,
    pub bank_name: String,
    pub account_number: String,
    pub account_holder: String,
    pub status: SellerStatus,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl PrivateSellerResponse {
    fn new(state: &AppState, seller: PrivateSeller) -> Self {
        let row = seller.row;
        PrivateSellerResponse {
            status: row.status(),
            user_id: row.user_id,
            company_name: row.company_name,
            business_number: row.business_number,
            owner_name: row.owner_name,
            contact: row.contact,
            logo_url: row.logo_key.as_deref().map(|k| state.storage.url(k)),
            bank_name: seller.bank_name,
            account_number: seller.account_number,
            account_holder: seller.account_holder,
            reject_reason: row.reject_reason,
            created_at: at(row.created_at),
        }
    }
}

/// A public profile: never the e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicUserResponse {
    pub id: i64,
    pub nickname: String,
    pub avatar_url: Option<String>,
    pub introduction: String,
    pub created_at: DateTime<Utc>,
}

/// A seller's public card: never bank data or the business number.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSellerResponse {
    pub user_id: i64,
    pub company_name: String,
    pub owner_name: String,
    pub contact: String,
    pub logo_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub product_count: i64,
    pub follower_count: i64,
}

/// `?status=` for the applications list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ApplicationsQuery {
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `?q=` for the user search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UsersQuery {
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `reason` for a rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    pub reason: String,
}

/// An optional `reason`.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: Option<String>,
}

/// `POST /me/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeRequest {
    pub new_email: String,
}

/// A body with only a code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    pub code: String,
}

/// `PUT /me/phone`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneRequest {
    pub phone: String,
}

/// `PUT /me/customs-code`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomsCodeRequest {
    pub customs_code: String,
}

/// The saved customs code, masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomsCodeResponse {
    pub customs_code: Option<String>,
}

/// `POST`/`PUT /me/addresses`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressRequest {
    pub postal_code: String,
    pub address: String,
    pub detail_address: Option<String>,
    pub recipient: String,
    pub phone: String,
    pub is_default: Option<bool>,
}

impl AddressRequest {
    fn parse(&self) -> Result<AddressInput, AccountsError> {
        AddressInput::parse(
            &self.postal_code,
            &self.address,
            self.detail_address.as_deref(),
            &self.recipient,
            &self.phone,
            self.is_default.unwrap_or(false),
        )
    }
}

/// A saved address, for its owner.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddressResponse {
    pub id: i64,
    pub postal_code: String,
    pub address: String,
    pub detail_address: String,
    pub recipient: String,
    pub phone: String,
    pub is_default: bool,
}

impl From<Address> for AddressResponse {
    fn from(a: Address) -> Self {
        AddressResponse {
            id: a.id,
            postal_code: a.postal_code,
            address: a.address,
            detail_address: a.detail_address,
            recipient: a.recipient,
            phone: a.phone,
            is_default: a.is_default,
        }
    }
}

/// One social-login provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderResponse {
    pub provider: &'static str,
    pub enabled: bool,
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/// Runs a service with its environment on the blocking pool.
async fn run<T, F>(state: &Data<AppState>, config: &Data<AccountsConfig>, f: F) -> ApiResult<T>
where
    F: FnOnce(&mut Conn, &Env<'_>) -> Result<T, AccountsError> + Send + 'static,
    T: Send + 'static,
{
    let (pool, state, config) = (state.pool.clone(), state.clone(), config.clone());
    db::run(&pool, move |conn| {
        let env = Env { now: state.clock.now(), secrets: &state.secrets, config: &config };
        f(conn, &env)
    })
    .await
    .map_err(ApiError::from)
}

fn parse<T>(result: Result<T, AccountsError>) -> ApiResult<T> {
    result.map_err(ApiError::from)
}

/// Delivers a code: SMS codes through the SMS sender (a failure is a 502, so the page can say
/// so), e-mail codes through the mailer (a failure is logged; the user can ask again).
async fn deliver_code(state: &AppState, code: IssuedCode) -> ApiResult<()> {
    let (subject, intro) = match code.purpose {
        CodePurpose::Phone => {
            let text = format!(
                "[Praline] 인증번호 [{}] 를 입력해 주세요. ({}분 이내)",
                code.code,
                auth::CODE_LIFETIME_MINUTES
            );
            return state.sms.send(Sms { to: code.to, text }).await.map_err(|e| {
                tracing::warn!(error = %e, "SMS delivery failed");
                ApiError::provider_error("The text message could not be sent. Please try again in a minute.")
            });
        }
        CodePurpose::Verify => {
            ("[Praline] 이메일 인증 코드 / Verification code", "가입을 완료하려면 아래 코드를 입력하세요.")
        }
        CodePurpose::Reset => (
            "[Praline] 비밀번호 재설정 코드 / Password reset code",
            "비밀번호를 재설정하려면 아래 코드를 입력하세요.",
        ),
        CodePurpose::ChangeEmail => (
            "[Praline] 이메일 변경 코드 / E-mail change code",
            "새 이메일을 확인하려면 아래 코드를 입력하세요.",
        ),
    };
    let text = format!(
        "{}님, 안녕하세요.\n\n{intro}\n\n    {}\n\n코드는 {}분 동안 유효합니다. / The code is valid for {} minutes.\n",
        code.nickname,
        code.code,
        auth::CODE_LIFETIME_MINUTES,
        auth::CODE_LIFETIME_MINUTES
    );
    send(state, OutboundEmail { to: code.to, subject: subject.into(), text, html: None }).await;
    Ok(())
}

async fn send(state: &AppState, email: OutboundEmail) {
    if let Err(e) = state.mailer.send(email).await {
        tracing::warn!(error = %e, "e-mail delivery failed");
    }
}

/// The client's address: the socket peer, or the proxy's header when configured to trust it.
fn client_ip(req: &HttpRequest, state: &AppState) -> String {
    let info = req.connection_info();
    let ip = if state.config.http.trust_forwarded { info.realip_remote_addr() } else { info.peer_addr() };
    ip.unwrap_or("unknown").to_string()
}

/// What a limit counts.
#[derive(Clone, Copy)]
enum Limit {
    LoginPerIp,
    LoginPerAccount,
    CodeSends,
    CodeChecks,
}

/// Counts one attempt against a limit for `subject`; 429 with `Retry-After` past it.
async fn limit(state: &AppState, config: &AccountsConfig, kind: Limit, subject: &str) -> ApiResult<()> {
    let (scope, max, window) = match kind {
        Limit::LoginPerIp => ("login-ip", config.login_per_ip_per_minute, 60),
        Limit::LoginPerAccount => ("login-account", config.login_per_account_per_minute, 60),
        Limit::CodeSends => ("code-send", config.code_sends_per_ip_per_hour, 3600),
        Limit::CodeChecks => ("code-check", config.code_checks_per_ip_per_hour, 3600),
    };
    // Keys never carry an address or e-mail in the clear (they may live in Redis).
    let subject = state.secrets.sealer.blind_index("rate-limit", subject);
    state.limits.hit(&format!("{scope}:{subject}"), max, window, state.clock.now()).await
}

fn refresh_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_string())
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.is_production())
        .max_age(CookieDuration::days(auth::REFRESH_TOKEN_DAYS))
        .finish()
}

fn cleared_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = refresh_cookie(state, "");
    cookie.make_removal();
    cookie
}

/// A readable, secret-free marker that a refresh cookie exists, so pages of a signed-out visitor
/// need not probe `/auth/refresh` (and log a 401) on every load. It grants nothing.
pub const SESSION_HINT_COOKIE: &str = "praline_session";

fn hint_cookie(state: &AppState, present: bool) -> Cookie<'static> {
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

fn session_response(state: &AppState, tokens: SessionTokens) -> HttpResponse {
    let cookie = refresh_cookie(state, &tokens.refresh_token);
    HttpResponse::Ok()
        .cookie(cookie)
        .cookie(hint_cookie(state, true))
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionResponse {
            user: UserResponse::new(state, &tokens.account),
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            token_type: "Bearer",
            expires_in: tokens.expires_in,
        })
}

/// The refresh token from an optional JSON body, else the cookie.
fn presented_token(req: &HttpRequest, body: &web::Bytes) -> ApiResult<Option<String>> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let parsed: RefreshRequest = serde_json::from_slice(body)
            .map_err(|e| ApiError::invalid_input(format!("Invalid request: {e}")))?;
        parsed.refresh_token
    };
    Ok(from_body
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()))
        .filter(|t| !t.is_empty()))
}

// ---------------------------------------------------------------------------------------------
// Auth

/// Sign up as a buyer, or as a seller with the seller fields.
#[utoipa::path(post, path = "/auth/signup", tag = "auth", request_body = SignupRequest,
    responses((status = 201, body = UserEnvelope), (status = 400), (status = 409)))]
pub async fn signup(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<SignupRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let body = body.into_inner();
    let email = parse(Email::parse(&body.email))?;
    let nickname = parse(Nickname::parse(&body.nickname))?;
    let password = parse(Password::parse("password", &body.password))?;
    let seller = match (body.role.as_deref().unwrap_or("buyer"), &body.seller) {
        ("buyer", None) => None,
        ("buyer", Some(_)) => {
            return Err(ApiError::invalid_field("seller", "Choose role seller to send seller fields."));
        }
        ("seller", Some(fields)) => Some(parse(fields.parse())?),
        ("seller", None) => return Err(ApiError::invalid_field("seller", "Seller fields are required.")),
        _ => return Err(ApiError::invalid_field("role", "Use buyer or seller.")),
    };
    let password_hash = parse(password::hash(&password, config.bcrypt_cost).await)?;
    let input = Signup { email, nickname, password_hash, seller };
    let (account, code) = run(&state, &config, move |conn, env| auth::signup(conn, env, input)).await?;
    deliver_code(&state, code).await?;
    Ok(HttpResponse::Created().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Confirm the e-mailed signup code.
#[utoipa::path(post, path = "/auth/email/verify", tag = "auth", request_body = VerifyRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 429)))]
pub async fn verify_email(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<VerifyRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeChecks, &client_ip(&req, &state)).await?;
    let email = parse(Email::parse(&body.email))?;
    let code = body.into_inner().code;
    let account = run(&state, &config, move |conn, env| auth::verify_email(conn, env, &email, &code)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Send the signup code again (202 for unknown addresses too).
#[utoipa::path(post, path = "/auth/email/resend", tag = "auth", request_body = EmailRequest,
    responses((status = 202), (status = 429)))]
pub async fn resend_email(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let Ok(email) = Email::parse(&body.email) else { return Ok(HttpResponse::Accepted().finish()) };
    if let Some(code) =
        run(&state, &config, move |conn, env| auth::resend_verification(conn, env, &email)).await?
    {
        deliver_code(&state, code).await?;
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Sign in with e-mail and password.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SessionResponse), (status = 401), (status = 403), (status = 409), (status = 423)))]
pub async fn login(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::LoginPerIp, &client_ip(&req, &state)).await?;
    limit(&state, &config, Limit::LoginPerAccount, body.email.trim().to_lowercase().as_str()).await?;
    let body = body.into_inner();
    let Ok(email) = Email::parse(&body.email) else {
        return Err(AccountsError::InvalidCredentials.into());
    };
    let user = run(&state, &config, move |conn, _| Ok(User::by_email(conn, &email)?)).await?;
    let now = state.clock.now().naive_utc();
    if let Some(user) = &user {
        if let Some(seconds) = auth::locked_for(user, now) {
            return Err(AccountsError::AccountLocked(seconds).into());
        }
        if user.password_hash.is_none() {
            return Err(AccountsError::SocialAccount(user.login_type.clone()).into());
        }
    }
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matched = parse(password::verify(&body.password, hash.as_deref(), config.bcrypt_cost).await)?;
    let Some(user) = user else { return Err(AccountsError::InvalidCredentials.into()) };
    if !matched {
        let refusal =
            run(&state, &config, move |conn, env| auth::record_failed_login(conn, env, &user)).await?;
        return Err(refusal.into());
    }
    parse(auth::check_can_sign_in(&user))?;
    let tokens = run(&state, &config, move |conn, env| auth::start_session(conn, env, user.id)).await?;
    Ok(session_response(&state, tokens))
}

/// Exchange a refresh token (body or cookie) for new tokens.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = SessionResponse), (status = 401)))]
pub async fn refresh(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let Some(token) = presented_token(&req, &body)? else {
        return Err(AccountsError::RefreshInvalid.into());
    };
    match run(&state, &config, move |conn, env| auth::refresh(conn, env, &token)).await {
        Ok(tokens) => Ok(session_response(&state, tokens)),
        Err(error) => {
            let mut response = actix_web::ResponseError::error_response(&error);
            let _ = response.add_removal_cookie(&cleared_cookie(&state));
            let _ = response.add_removal_cookie(&hint_cookie(&state, false));
            Ok(response)
        }
    }
}

/// End the session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body = RefreshRequest, responses((status = 204)))]
pub async fn logout(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    if let Some(token) = presented_token(&req, &body)? {
        run(&state, &config, move |conn, env| auth::logout(conn, env, &token)).await?;
    }
    Ok(HttpResponse::NoContent().cookie(cleared_cookie(&state)).cookie(hint_cookie(&state, false)).finish())
}

/// Ask for a password-reset code (202 always).
#[utoipa::path(post, path = "/auth/password/forgot", tag = "auth", request_body = EmailRequest,
    responses((status = 202), (status = 429)))]
pub async fn forgot_password(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let Ok(email) = Email::parse(&body.email) else { return Ok(HttpResponse::Accepted().finish()) };
    if let Some(code) =
        run(&state, &config, move |conn, env| auth::forgot_password(conn, env, &email)).await?
    {
        deliver_code(&state, code).await?;
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the e-mailed code; unlocks and reactivates.
#[utoipa::path(post, path = "/auth/password/reset", tag = "auth", request_body = ResetRequest,
    responses((status = 200, body = UserEnvelope), (status = 400)))]
pub async fn reset_password(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<ResetRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeChecks, &client_ip(&req, &state)).await?;
    let body = body.into_inner();
    let email = parse(Email::parse(&body.email))?;
    let password = parse(Password::parse("new_password", &body.new_password))?;
    let hash = parse(password::hash(&password, config.bcrypt_cost).await)?;
    let code = body.code;
    let account =
        run(&state, &config, move |conn, env| auth::reset_password(conn, env, &email, &code, &hash)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Which social-login providers are enabled.
#[utoipa::path(get, path = "/auth/providers", tag = "auth", responses((status = 200, body = [ProviderResponse])))]
pub async fn providers(config: Data<AccountsConfig>) -> HttpResponse {
    HttpResponse::Ok().json(
        Provider::ALL.map(|p| ProviderResponse { provider: p.as_str(), enabled: config.oauth.enabled(p) }),
    )
}

/// `?next=` for the social login start.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OAuthStartQuery {
    pub next: Option<String>,
}

fn redirect_uri(state: &AppState, provider: Provider) -> String {
    format!(
        "{}/api/v1/auth/oauth/{}/callback",
        state.config.public_url.trim_end_matches('/'),
        provider.as_str()
    )
}

fn state_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(oauth::STATE_COOKIE, value)
        .path("/api/v1/auth/oauth")
        .http_only(true)
        // Lax: the cookie must come back on the provider's top-level redirect to us.
        .same_site(SameSite::Lax)
        .secure(state.config.is_production())
        .max_age(CookieDuration::minutes(10))
        .finish()
}

/// Start a social login: 302 to the provider, with a signed state cookie bound to this browser.
#[utoipa::path(get, path = "/auth/oauth/{provider}/start", tag = "auth", params(OAuthStartQuery),
    responses((status = 302), (status = 404)))]
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
#[utoipa::path(get, path = "/auth/oauth/{provider}/callback", tag = "auth",
    responses((status = 302, description = "to `next` signed in, or to /login.html?error=<code>"), (status = 404)))]
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

// ---------------------------------------------------------------------------------------------
// Me

/// The caller's account, masked customs code and points.
#[utoipa::path(get, path = "/me", tag = "me", responses((status = 200, body = MeResponse), (status = 401)))]
pub async fn get_me(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
) -> ApiResult<HttpResponse> {
    let (account, customs_code, points) = run(&state, &config, move |conn, env| {
        let account = crate::service::active_account(conn, me.id)?;
        let customs = profile::masked_customs_code(env, &account.user)?;
        let points = praline_payments::service::balance(conn, me.id)?;
        Ok((account, customs, points))
    })
    .await?;
    Ok(HttpResponse::Ok().json(MeResponse {
        user: UserResponse::new(&state, &account),
        customs_code,
        points,
    }))
}

/// Change nickname or introduction.
#[utoipa::path(patch, path = "/me", tag = "me", request_body = ProfileRequest,
    responses((status = 200, body = UserEnvelope), (status = 400)))]
pub async fn patch_me(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<ProfileRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let changes = profile::ProfileChanges {
        nickname: body.nickname.as_deref().map(Nickname::parse).transpose().map_err(ApiError::from)?,
        introduction: body
            .introduction
            .as_deref()
            .map(profile::parse_introduction)
            .transpose()
            .map_err(ApiError::from)?,
    };
    let account =
        run(&state, &config, move |conn, env| profile::update_profile(conn, env, me.id, changes)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Upload a profile picture (multipart field `image`; JPEG, PNG, WebP or GIF, ≤ 5 MB,
/// ≤ 4096×4096). The previous picture is deleted.
#[utoipa::path(put, path = "/me/avatar", tag = "me", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 413), (status = 415)))]
pub async fn put_avatar(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (st, cf) = (state.clone(), config.clone());
    let account = praline_kernel::upload::replace_image(&state.storage, payload, move |key| async move {
        run(&st, &cf, move |conn, env| profile::set_avatar(conn, env, me.id, &key)).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Upload the seller logo (multipart field `image`, same limits as the avatar).
#[utoipa::path(put, path = "/me/seller/logo", tag = "me", request_body(content_type = "multipart/form-data"),
    responses((status = 200, body = PrivateSellerResponse), (status = 404), (status = 413), (status = 415)))]
pub async fn put_seller_logo(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (st, cf) = (state.clone(), config.clone());
    let seller = praline_kernel::upload::replace_image(&state.storage, payload, move |key| async move {
        run(&st, &cf, move |conn, env| seller::set_logo(conn, env, me.id, &key)).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(PrivateSellerResponse::new(&state, seller)))
}

/// Change the password; every other session ends.
#[utoipa::path(put, path = "/me/password", tag = "me", request_body = PasswordRequest,
    responses((status = 204), (status = 400), (status = 403), (status = 409)))]
pub async fn put_password(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<PasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let new = parse(Password::parse("new_password", &body.new_password))?;
    let user_id = me.id;
    let stored = run(&state, &config, move |conn, _| profile::password_hash_of(conn, user_id)).await?;
    if !parse(password::verify(&body.current_password, Some(&stored), config.bcrypt_cost).await)? {
        return Err(AccountsError::WrongPassword.into());
    }
    let hash = parse(password::hash(&new, config.bcrypt_cost).await)?;
    let session = me.session_id;
    run(&state, &config, move |conn, env| profile::set_password(conn, env, user_id, session, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Withdraw: the account turns dormant and every session ends. A password reset reactivates it
/// within 30 days; after that it is anonymised.
#[utoipa::path(delete, path = "/me", tag = "me", request_body = WithdrawRequest,
    responses((status = 204), (status = 403), (status = 409)))]
pub async fn delete_me(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<WithdrawRequest>,
) -> ApiResult<HttpResponse> {
    let user_id = me.id;
    let stored = run(&state, &config, move |conn, _| profile::password_hash_of(conn, user_id)).await?;
    if !parse(password::verify(&body.password, Some(&stored), config.bcrypt_cost).await)? {
        return Err(AccountsError::WrongPassword.into());
    }
    run(&state, &config, move |conn, env| lifecycle::withdraw(conn, env, user_id)).await?;
    Ok(HttpResponse::NoContent().cookie(cleared_cookie(&state)).cookie(hint_cookie(&state, false)).finish())
}

/// Apply to sell: JSON, or a multipart form with the same fields and an optional `logo` image.
#[utoipa::path(post, path = "/me/seller", tag = "me",
    request_body(content(
        (SellerFields = "application/json"),
        (SellerFields = "multipart/form-data"),
    )),
    responses((status = 201, body = PrivateSellerResponse), (status = 400), (status = 409), (status = 413), (status = 415)))]
pub async fn post_seller(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    use actix_web::FromRequest;
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (fields, logo) = if multipart {
        let form = actix_multipart::Multipart::new(req.headers(), payload.into_inner());
        let (map, logo) = praline_kernel::upload::read_form(form, "logo").await?;
        let fields: SellerFields = serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| ApiError::invalid_input(format!("Invalid request: {e}")))?;
        (fields, logo)
    } else {
        let Json(fields) = Json::<SellerFields>::from_request(&req, &mut payload.into_inner()).await?;
        (fields, None)
    };
    let input = parse(fields.parse())?;
    let mut seller = run(&state, &config, move |conn, env| seller::apply(conn, env, me.id, input)).await?;
    if let Some(logo) = logo {
        let (st, cf) = (state.clone(), config.clone());
        seller = praline_kernel::upload::attach_image(&state.storage, logo, move |key| async move {
            run(&st, &cf, move |conn, env| seller::set_logo(conn, env, me.id, &key)).await
        })
        .await?;
    }
    Ok(HttpResponse::Created().json(PrivateSellerResponse::new(&state, seller)))
}

/// The caller's seller profile, bank data included.
#[utoipa::path(get, path = "/me/seller", tag = "me", responses((status = 200, body = PrivateSellerResponse), (status = 404)))]
pub async fn get_seller(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
) -> ApiResult<HttpResponse> {
    let seller = run(&state, &config, move |conn, env| seller::own(conn, env, me.id)).await?;
    Ok(HttpResponse::Ok().json(PrivateSellerResponse::new(&state, seller)))
}

/// Edit the caller's seller profile.
#[utoipa::path(patch, path = "/me/seller", tag = "me", request_body = SellerPatch,
    responses((status = 200, body = PrivateSellerResponse), (status = 400), (status = 409)))]
pub async fn patch_seller(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<SellerPatch>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let changes = SellerChanges {
        company_name: b.company_name,
        business_number: b.business_number,
        owner_name: b.owner_name,
        contact: b.contact,
        bank_name: b.bank_name,
        account_number: b.account_number,
        account_holder: b.account_holder,
    };
    let seller = run(&state, &config, move |conn, env| seller::update_own(conn, env, me.id, changes)).await?;
    Ok(HttpResponse::Ok().json(PrivateSellerResponse::new(&state, seller)))
}

/// Send a code to a new e-mail address.
#[utoipa::path(post, path = "/me/email", tag = "me", request_body = EmailChangeRequest,
    responses((status = 202), (status = 400), (status = 409), (status = 429)))]
pub async fn request_email_change(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<EmailChangeRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let email = Email::parse(&body.new_email)
        .map_err(|_| ApiError::invalid_field("new_email", "Enter a valid e-mail address."))?;
    let code = run(&state, &config, move |conn, env| contact::request_email_change(conn, env, me.id, &email))
        .await?;
    deliver_code(&state, code).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Confirm the code sent to the new address.
#[utoipa::path(post, path = "/me/email/confirm", tag = "me", request_body = CodeRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 409), (status = 429)))]
pub async fn confirm_email_change(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CodeRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeChecks, &client_ip(&req, &state)).await?;
    let code = body.into_inner().code;
    let account =
        run(&state, &config, move |conn, env| contact::confirm_email_change(conn, env, me.id, &code)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Send a 4-digit SMS code to a phone number.
#[utoipa::path(put, path = "/me/phone", tag = "me", request_body = PhoneRequest,
    responses((status = 202), (status = 400), (status = 429), (status = 502)))]
pub async fn put_phone(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<PhoneRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let phone = parse(Phone::parse("phone", &body.phone))?;
    let code =
        run(&state, &config, move |conn, env| contact::request_phone_code(conn, env, me.id, &phone)).await?;
    deliver_code(&state, code).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Confirm the SMS code; the number becomes the verified phone.
#[utoipa::path(post, path = "/me/phone/verify", tag = "me", request_body = CodeRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 429)))]
pub async fn verify_phone(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CodeRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeChecks, &client_ip(&req, &state)).await?;
    let code = body.into_inner().code;
    let account =
        run(&state, &config, move |conn, env| contact::verify_phone(conn, env, me.id, &code)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Save the customs clearance code (P + 12 digits).
#[utoipa::path(put, path = "/me/customs-code", tag = "me", request_body = CustomsCodeRequest,
    responses((status = 200, body = CustomsCodeResponse), (status = 400)))]
pub async fn put_customs_code(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CustomsCodeRequest>,
) -> ApiResult<HttpResponse> {
    let code = parse(CustomsCode::parse(&body.customs_code))?;
    let masked = run(&state, &config, move |conn, env| {
        let account = contact::set_customs_code(conn, env, me.id, &code)?;
        profile::masked_customs_code(env, &account.user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomsCodeResponse { customs_code: masked }))
}

/// The caller's saved addresses, the default first.
#[utoipa::path(get, path = "/me/addresses", tag = "me", responses((status = 200, body = [AddressResponse])))]
pub async fn list_addresses(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
) -> ApiResult<HttpResponse> {
    let list = run(&state, &config, move |conn, env| address::list(conn, env, me.id)).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(AddressResponse::from).collect::<Vec<_>>()))
}

/// Save an address (a verified phone is needed; at most 5).
#[utoipa::path(post, path = "/me/addresses", tag = "me", request_body = AddressRequest,
    responses((status = 201, body = AddressResponse), (status = 400), (status = 403), (status = 409)))]
pub async fn create_address(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<AddressRequest>,
) -> ApiResult<HttpResponse> {
    let input = parse(body.parse())?;
    let saved = run(&state, &config, move |conn, env| address::create(conn, env, me.id, input)).await?;
    Ok(HttpResponse::Created().json(AddressResponse::from(saved)))
}

/// Replace one of the caller's addresses.
#[utoipa::path(put, path = "/me/addresses/{id}", tag = "me", request_body = AddressRequest,
    responses((status = 200, body = AddressResponse), (status = 400), (status = 404)))]
pub async fn update_address(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<AddressRequest>,
) -> ApiResult<HttpResponse> {
    let input = parse(body.parse())?;
    let id = id.into_inner();
    let saved = run(&state, &config, move |conn, env| address::update(conn, env, me.id, id, input)).await?;
    Ok(HttpResponse::Ok().json(AddressResponse::from(saved)))
}

/// Delete one of the caller's addresses.
#[utoipa::path(delete, path = "/me/addresses/{id}", tag = "me", responses((status = 204), (status = 404)))]
pub async fn delete_address(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    run(&state, &config, move |conn, _| address::delete(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------------------------------------------------------------------------------------------
// Public people

/// A user's public profile (never the e-mail).
#[utoipa::path(get, path = "/users/{id}", tag = "people", responses((status = 200, body = PublicUserResponse), (status = 404)))]
pub async fn get_user(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = run(&state, &config, move |conn, _| profile::public_profile(conn, id)).await?;
    Ok(HttpResponse::Ok().json(PublicUserResponse {
        id: user.id,
        nickname: user.nickname,
        avatar_url: user.avatar_key.as_deref().map(|k| state.storage.url(k)),
        introduction: user.introduction,
        created_at: at(user.created_at),
    }))
}

/// An approved seller's public card (404 unless approved and active).
#[utoipa::path(get, path = "/sellers/{user_id}", tag = "people",
    responses((status = 200, body = PublicSellerResponse), (status = 404)))]
pub async fn get_seller_card(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    user_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = user_id.into_inner();
    let row = run(&state, &config, move |conn, _| seller::public_seller(conn, id)).await?;
    Ok(HttpResponse::Ok().json(PublicSellerResponse {
        user_id: row.user_id,
        logo_url: row.logo_key.as_deref().map(|k| state.storage.url(k)),
        company_name: row.company_name,
        owner_name: row.owner_name,
        contact: row.contact,
        created_at: at(row.created_at),
        product_count: row.product_count,
        follower_count: row.follower_count,
    }))
}

// ---------------------------------------------------------------------------------------------
// Admin

fn page_of(page: Option<i64>, per_page: Option<i64>) -> ApiResult<praline_kernel::page::PageRequest> {
    PageQuery { page, per_page }.validate()
}

/// Seller applications by status (default pending), bank data included.
#[utoipa::path(get, path = "/admin/seller-applications", tag = "admin", params(ApplicationsQuery),
    responses((status = 200, body = Page<PrivateSellerResponse>), (status = 403)))]
pub async fn list_applications(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    query: Query<ApplicationsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let status = match query.status.as_deref() {
        None => SellerStatus::Pending,
        Some(s) => SellerStatus::parse(s)
            .ok_or_else(|| ApiError::invalid_field("status", "Use pending, approved or rejected."))?,
    };
    let page = page_of(query.page, query.per_page)?;
    let list =
        run(&state, &config, move |conn, env| admin::list_applications(conn, env, me.id, status, page))
            .await?;
    Ok(HttpResponse::Ok().json(list.map(|s| PrivateSellerResponse::new(&state, s))))
}

async fn decide(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: i64,
    decision: SellerStatus,
    reason: Option<String>,
) -> ApiResult<HttpResponse> {
    let why = reason.clone();
    let account = run(&state, &config, move |conn, env| {
        admin::decide_application(conn, env, me.id, user_id, decision, why.as_deref())
    })
    .await?;
    let company = account.seller.as_ref().map(|s| s.company_name.clone()).unwrap_or_default();
    let (subject, text) = match decision {
        SellerStatus::Approved => (
            "[Praline] 판매자 신청이 승인되었습니다 / Seller application approved".to_string(),
            format!(
                "{company} 판매자 신청이 승인되었습니다. 이제 상품을 등록할 수 있습니다.\nYour seller application was approved."
            ),
        ),
        _ => (
            "[Praline] 판매자 신청 결과 안내 / Seller application result".to_string(),
            format!(
                "{company} 판매자 신청이 반려되었습니다.\n사유 / Reason: {}\n",
                reason.unwrap_or_default()
            ),
        ),
    };
    send(&state, OutboundEmail { to: account.user.email.clone(), subject, text, html: None }).await;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Approve a seller application (the applicant is e-mailed).
#[utoipa::path(post, path = "/admin/seller-applications/{user_id}/approve", tag = "admin",
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404), (status = 409)))]
pub async fn approve_application(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    decide(state, config, me, user_id.into_inner(), SellerStatus::Approved, None).await
}

/// Reject a seller application with a reason (the applicant is e-mailed).
#[utoipa::path(post, path = "/admin/seller-applications/{user_id}/reject", tag = "admin", request_body = RejectRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 403), (status = 404), (status = 409)))]
pub async fn reject_application(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: Path<i64>,
    body: Json<RejectRequest>,
) -> ApiResult<HttpResponse> {
    let reason = body.into_inner().reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::invalid_field("reason", "Give a reason of at most 500 characters."));
    }
    decide(state, config, me, user_id.into_inner(), SellerStatus::Rejected, Some(reason)).await
}

/// Search users by e-mail or nickname.
#[utoipa::path(get, path = "/admin/users", tag = "admin", params(UsersQuery),
    responses((status = 200, body = Page<UserResponse>), (status = 403)))]
pub async fn list_users(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    query: Query<UsersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_of(query.page, query.per_page)?;
    let q = query.q.filter(|q| !q.trim().is_empty());
    let users = run(&state, &config, move |conn, _| {
        let page = admin::search_users(conn, me.id, q.as_deref(), page)?;
        let ids: Vec<i64> = page.items.iter().map(|u| u.id).collect();
        let sellers = crate::model::SellerRow::many(conn, &ids)?;
        Ok(page.map(|user| {
            let seller = sellers.iter().find(|s| s.user_id == user.id).cloned();
            Account { user, seller }
        }))
    })
    .await?;
    Ok(HttpResponse::Ok().json(users.map(|a| UserResponse::new(&state, &a))))
}

async fn suspension(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: i64,
    suspend: bool,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let reason = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<ReasonRequest>(&body)
            .map_err(|e| ApiError::invalid_input(format!("Invalid request: {e}")))?
            .reason
    };
    let account = run(&state, &config, move |conn, env| {
        admin::set_suspended(conn, env, me.id, id, suspend, reason.as_deref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Suspend a user: their sessions end at once.
#[utoipa::path(post, path = "/admin/users/{id}/suspend", tag = "admin", request_body = ReasonRequest,
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404)))]
pub async fn suspend_user(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    suspension(state, config, me, id.into_inner(), true, body).await
}

/// Lift a suspension.
#[utoipa::path(post, path = "/admin/users/{id}/unsuspend", tag = "admin", request_body = ReasonRequest,
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404)))]
pub async fn unsuspend_user(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    suspension(state, config, me, id.into_inner(), false, body).await
}

// ---------------------------------------------------------------------------------------------

#[derive(OpenApi)]
#[openapi(paths(
    signup,
    verify_email,
    resend_email,
    login,
    refresh,
    logout,
    forgot_password,
    reset_password,
    providers,
    oauth_start,
    oauth_callback,
    get_me,
    patch_me,
    delete_me,
    put_avatar,
    put_password,
    request_email_change,
    confirm_email_change,
    put_phone,
    verify_phone,
    put_customs_code,
    list_addresses,
    create_address,
    update_address,
    delete_address,
    post_seller,
    get_seller,
    patch_seller,
    put_seller_logo,
    get_user,
    get_seller_card,
    list_applications,
    approve_application,
    reject_application,
    list_users,
    suspend_user,
    unsuspend_user,
))]
struct ApiDoc;

/// This crate's part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Mounts the accounts routes; the gateway calls it inside the `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.route("/auth/signup", web::post().to(signup))
        .route("/auth/email/verify", web::post().to(verify_email))
        .route("/auth/email/resend", web::post().to(resend_email))
        .route("/auth/login", web::post().to(login))
        .route("/auth/refresh", web::post().to(refresh))
        .route("/auth/logout", web::post().to(logout))
        .route("/auth/password/forgot", web::post().to(forgot_password))
        .route("/auth/password/reset", web::post().to(reset_password))
        .route("/auth/providers", web::get().to(providers))
        .route("/auth/oauth/{provider}/start", web::get().to(oauth_start))
        .route("/auth/oauth/{provider}/callback", web::get().to(oauth_callback))
        .route("/me", web::get().to(get_me))
        .route("/me", web::patch().to(patch_me))
        .route("/me", web::delete().to(delete_me))
        .route("/me/avatar", web::put().to(put_avatar))
        .route("/me/password", web::put().to(put_password))
        .route("/me/seller", web::post().to(post_seller))
        .route("/me/seller", web::get().to(get_seller))
        .route("/me/seller", web::patch().to(patch_seller))
        .route("/me/seller/logo", web::put().to(put_seller_logo))
        .route("/me/email", web::post().to(request_email_change))
        .route("/me/email/confirm", web::post().to(confirm_email_change))
        .route("/me/phone", web::put().to(put_phone))
        .route("/me/phone/verify", web::post().to(verify_phone))
        .route("/me/customs-code", web::put().to(put_customs_code))
        .route("/me/addresses", web::get().to(list_addresses))
        .route("/me/addresses", web::post().to(create_address))
        .route("/me/addresses/{id}", web::put().to(update_address))
        .route("/me/addresses/{id}", web::delete().to(delete_address))
        .route("/users/{id}", web::get().to(get_user))
        .route("/sellers/{user_id}", web::get().to(get_seller_card))
        .route("/admin/seller-applications", web::get().to(list_applications))
        .route("/admin/seller-applications/{user_id}/approve", web::post().to(approve_application))
        .route("/admin/seller-applications/{user_id}/reject", web::post().to(reject_application))
        .route("/admin/users", web::get().to(list_users))
        .route("/admin/users/{id}/suspend", web::post().to(suspend_user))
        .route("/admin/users/{id}/unsuspend", web::post().to(unsuspend_user));
}
