//! The caller's own account: profile, avatar, password and withdrawal.

use super::cookies::{cleared_cookie, hint_cookie};
use super::{parse, run};
use crate::error::AccountsError;
use crate::model::{Nickname, Password, SellerStatus, roles_of};
use crate::service::profile::INTRODUCTION_MAX;
use crate::service::{Account, AccountsConfig, lifecycle, password, profile};
use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, delete, get, patch, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::auth::Role;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi::{self, ImageUpload};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    pub(super) fn new(state: &AppState, account: &Account) -> UserResponse {
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
            created_at: utc(user.created_at),
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

/// `PATCH /me`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    #[schema(schema_with = Nickname::nullable_schema)]
    pub nickname: Option<String>,
    #[schema(schema_with = openapi::nullable_text::<0, INTRODUCTION_MAX>)]
    pub introduction: Option<String>,
}

/// `PUT /me/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    pub current_password: String,
    #[schema(schema_with = Password::schema)]
    pub new_password: String,
}

/// `DELETE /me`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub password: String,
}

/// The caller's account, masked customs code and points.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 200, body = MeResponse), (status = 401)))]
#[get("/me")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = ProfileRequest,
    responses((status = 200, body = UserEnvelope), (status = 400)))]
#[patch("/me")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 413), (status = 415)))]
#[put("/me/avatar")]
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

/// Change the password; every other session ends.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = PasswordRequest,
    responses((status = 204), (status = 400), (status = 403), (status = 409)))]
#[put("/me/password")]
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
    state.sessions.forget_user(user_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Withdraw: the account turns dormant and every session ends. A password reset reactivates it
/// within 30 days; after that it is anonymised.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = WithdrawRequest,
    responses((status = 204), (status = 403), (status = 409)))]
#[delete("/me")]
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
    state.sessions.forget_user(user_id);
    Ok(HttpResponse::NoContent().cookie(cleared_cookie(&state)).cookie(hint_cookie(&state, false)).finish())
}
