//! Public profiles of users and approved sellers.

use super::run;
use crate::service::{AccountsConfig, profile, seller};
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::clock::utc;
use praline_kernel::error::ApiResult;
use serde::Serialize;
use utoipa::ToSchema;

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

/// A user's public profile (never the e-mail).
#[utoipa::path(tag = "people", responses((status = 200, body = PublicUserResponse), (status = 404)))]
#[get("/users/{id}")]
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
        created_at: utc(user.created_at),
    }))
}

/// An approved seller's public card (404 unless approved and active).
#[utoipa::path(tag = "people",
    responses((status = 200, body = PublicSellerResponse), (status = 404)))]
#[get("/sellers/{user_id}")]
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
        created_at: utc(row.created_at),
        product_count: row.product_count,
        follower_count: row.follower_count,
    }))
}
