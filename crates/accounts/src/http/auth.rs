//! Signup, e-mail verification, login, refresh, logout and password reset.

use super::cookies::{cleared_cookie, hint_cookie, presented_token, refresh_cookie};
use super::me::{UserEnvelope, UserResponse};
use super::seller::SellerFields;
use super::{Limit, client_ip, deliver_code, limit, parse, run};
use crate::error::AccountsError;
use crate::model::{Email, Nickname, Password};
use crate::service::Env;
use crate::service::auth::{self, IssuedCode, SessionTokens, Signup};
use crate::service::{AccountsConfig, password};
use actix_web::web::{Data, Json};
use actix_web::{HttpRequest, HttpResponse, post};
use praline_kernel::AppState;
use praline_kernel::db::Conn;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// `POST /auth/signup`. Its schema ([`SignupRequest::schema`]) adds the rule between `role` and
/// `seller`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub nickname: String,
    /// `buyer` (default) or `seller`.
    pub role: Option<String>,
    pub seller: Option<SellerFields>,
}

/// The roles a signup may ask for.
const SIGNUP_ROLES: [&str; 2] = ["buyer", "seller"];

impl utoipa::PartialSchema for SignupRequest {
    /// The fields, and exactly one of: a buyer (`role` absent, `null` or `buyer`) without
    /// `seller`, or `role: seller` with the seller fields.
    fn schema() -> RefOr<Schema> {
        let null = || ObjectBuilder::new().schema_type(Type::Null);
        let seller_ref = || Ref::from_schema_name(SellerFields::name());
        let fields = ObjectBuilder::new()
            .property("email", Email::schema())
            .required("email")
            .property("password", Password::schema())
            .required("password")
            .property("nickname", Nickname::schema())
            .required("nickname")
            .property("role", openapi::one_of(&SIGNUP_ROLES, true))
            .property("seller", OneOfBuilder::new().item(null()).item(seller_ref()))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        let buyer = ObjectBuilder::new()
            .property("role", openapi::one_of(&SIGNUP_ROLES[..1], true))
            .property("seller", null());
        let seller = ObjectBuilder::new()
            .property("role", openapi::one_of(&SIGNUP_ROLES[1..], false))
            .required("role")
            .property("seller", seller_ref())
            .required("seller");
        let rule = OneOfBuilder::new().item(buyer).item(seller);
        AllOfBuilder::new().item(fields).item(rule).into()
    }
}

impl ToSchema for SignupRequest {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((SellerFields::name().into_owned(), SellerFields::schema()));
        <SellerFields as ToSchema>::schemas(schemas);
    }
}

/// `POST /auth/email/verify`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    #[schema(schema_with = Email::schema)]
    pub email: String,
    pub code: String,
}

/// A body with only an e-mail (any text: an address that is not one is answered like an
/// unknown one).
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
    #[schema(schema_with = Email::schema)]
    pub email: String,
    pub code: String,
    #[schema(schema_with = Password::schema)]
    pub new_password: String,
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

/// Sign up as a buyer, or as a seller with the seller fields.
#[utoipa::path(tag = "auth", request_body = SignupRequest,
    responses((status = 201, body = UserEnvelope), (status = 400),
        (status = 409, description = "`email_taken` or `company_name_taken`"), (status = 429)))]
#[post("/auth/signup")]
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
#[utoipa::path(tag = "auth", request_body = VerifyRequest,
    responses((status = 200, body = UserEnvelope),
        (status = 400, description = "`invalid_input`, `code_invalid`, `code_expired` or `code_not_issued`"),
        (status = 429)))]
#[post("/auth/email/verify")]
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
#[utoipa::path(tag = "auth", request_body = EmailRequest,
    responses((status = 202), (status = 429)))]
#[post("/auth/email/resend")]
pub async fn resend_email(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    send_code_if_known(req, state, config, body, auth::resend_verification).await
}

/// Sign in with e-mail and password.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SessionResponse),
        (status = 401, description = "`invalid_credentials` (the same for an unknown e-mail)"),
        (status = 403, description = "`email_unverified` or `account_dormant`"),
        (status = 409, description = "`social_account`, with `provider`"), (status = 423), (status = 429)))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::LoginPerIp, &client_ip(&req, &state)).await?;
    limit(&state, &config, Limit::LoginPerAccount, body.email.trim().to_lowercase().as_str()).await?;
    let tokens = auth::login(&state, config.into_inner(), &body.email, &body.password).await?;
    Ok(session_response(&state, tokens))
}

/// Exchange a refresh token (body or cookie) for new tokens.
#[utoipa::path(tag = "auth", request_body = Option<RefreshRequest>,
    responses((status = 200, body = SessionResponse), (status = 401, description = "`refresh_invalid`")))]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let Some(token) = presented_token(&req, body.into_inner()) else {
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
#[utoipa::path(tag = "auth", request_body = Option<RefreshRequest>, responses((status = 204)))]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    if let Some(token) = presented_token(&req, body.into_inner()) {
        let ended = run(&state, &config, move |conn, env| auth::logout(conn, env, &token)).await?;
        if let Some(user_id) = ended {
            state.sessions.forget_user(user_id);
        }
    }
    Ok(HttpResponse::NoContent().cookie(cleared_cookie(&state)).cookie(hint_cookie(&state, false)).finish())
}

/// Ask for a password-reset code (202 always).
#[utoipa::path(tag = "auth", request_body = EmailRequest,
    responses((status = 202), (status = 429)))]
#[post("/auth/password/forgot")]
pub async fn forgot_password(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    send_code_if_known(req, state, config, body, auth::forgot_password).await
}

/// Issues a code for an address with `issue` and delivers it; 202 whether or not the address is
/// known, so the answer tells nobody who has an account.
async fn send_code_if_known(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    body: Json<EmailRequest>,
    issue: fn(&mut Conn, &Env<'_>, &Email) -> Result<Option<IssuedCode>, AccountsError>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeSends, &client_ip(&req, &state)).await?;
    let Ok(email) = Email::parse(&body.email) else { return Ok(HttpResponse::Accepted().finish()) };
    if let Some(code) = run(&state, &config, move |conn, env| issue(conn, env, &email)).await? {
        deliver_code(&state, code).await?;
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the e-mailed code; unlocks and reactivates.
#[utoipa::path(tag = "auth", request_body = ResetRequest,
    responses((status = 200, body = UserEnvelope),
        (status = 400, description = "`invalid_input`, `code_invalid` or `code_expired`"), (status = 429)))]
#[post("/auth/password/reset")]
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
    state.sessions.forget_user(account.user.id);
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}
