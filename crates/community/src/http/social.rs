//! Wishes and follows: idempotent set/unset, their states, and the caller's lists.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, delete, get, put};
use chrono::{DateTime, Utc};
use praline_catalog::http::ProductSummary;
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, MaybeAuthUser};
use praline_kernel::clock::utc;
use praline_kernel::error::ApiResult;
use praline_kernel::page::{Page, PageQuery};
use serde::Serialize;
use utoipa::ToSchema;

use crate::service::follow::{self, FollowState, Followed};
use crate::service::wish::{self, WishState, Wished};

/// A product's wish state.
#[derive(Debug, Serialize, ToSchema)]
pub struct WishResponse {
    /// Whether the caller wished it (false for visitors).
    pub wished: bool,
    pub wish_count: i64,
}

impl From<WishState> for WishResponse {
    fn from(s: WishState) -> Self {
        WishResponse { wished: s.wished, wish_count: s.wish_count }
    }
}

/// A seller's follow state.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowResponse {
    /// Whether the caller follows them (false for visitors).
    pub following: bool,
    pub follower_count: i64,
}

impl From<FollowState> for FollowResponse {
    fn from(s: FollowState) -> Self {
        FollowResponse { following: s.following, follower_count: s.follower_count }
    }
}

/// A wishlist item: the product's summary and when it was wished.
#[derive(Debug, Serialize, ToSchema)]
pub struct WishlistItem {
    #[serde(flatten)]
    pub product: ProductSummary,
    pub wished_at: DateTime<Utc>,
}

impl WishlistItem {
    fn new(state: &AppState, wished: Wished) -> WishlistItem {
        WishlistItem { product: ProductSummary::new(state, wished.listed), wished_at: utc(wished.wished_at) }
    }
}

/// A followed seller's card.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedSeller {
    pub user_id: i64,
    pub company_name: String,
    pub logo_url: Option<String>,
    pub product_count: i64,
    pub follower_count: i64,
    pub followed_at: DateTime<Utc>,
}

impl FollowedSeller {
    fn new(state: &AppState, followed: Followed) -> FollowedSeller {
        let s = followed.seller;
        FollowedSeller {
            user_id: s.user_id,
            logo_url: s.logo_key.as_deref().map(|k| state.storage.url(k)),
            company_name: s.company_name,
            product_count: s.product_count,
            follower_count: s.follower_count,
            followed_at: utc(followed.followed_at),
        }
    }
}

/// Whether the caller wished a product, and its wish count.
#[utoipa::path(tag = "community", security((), ("bearer" = [])),
    responses((status = 200, body = WishResponse), (status = 404)))]
#[get("/products/{id}/wish")]
pub async fn get_wish(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let (id, viewer) = (id.into_inner(), viewer.0.map(|u| u.id));
    let s = state.run(move |conn, _| wish::state(conn, viewer, id)).await?;
    Ok(HttpResponse::Ok().json(WishResponse::from(s)))
}

/// Put a product on the caller's wishlist (a repeat changes nothing).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = WishResponse), (status = 401), (status = 403), (status = 404)))]
#[put("/products/{id}/wish")]
pub async fn put_wish(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.run(move |conn, now| wish::wish(conn, me.id, id, now)).await?;
    Ok(HttpResponse::Ok().json(WishResponse::from(s)))
}

/// Take a product off the caller's wishlist (a repeat changes nothing).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = WishResponse), (status = 401), (status = 404)))]
#[delete("/products/{id}/wish")]
pub async fn delete_wish(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.run(move |conn, _| wish::unwish(conn, me.id, id)).await?;
    Ok(HttpResponse::Ok().json(WishResponse::from(s)))
}

/// The caller's wishlist, newest first (products no longer visible left out).
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<WishlistItem>), (status = 400), (status = 401)))]
#[get("/me/wishlist")]
pub async fn my_wishlist(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| wish::list(conn, me.id, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|w| WishlistItem::new(&state, w))))
}

/// Whether the caller follows an approved seller, and the follower count.
#[utoipa::path(tag = "community", security((), ("bearer" = [])),
    responses((status = 200, body = FollowResponse), (status = 404)))]
#[get("/sellers/{user_id}/follow")]
pub async fn get_follow(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    user_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let (seller_id, viewer) = (user_id.into_inner(), viewer.0.map(|u| u.id));
    let s = state.run(move |conn, _| follow::state(conn, viewer, seller_id)).await?;
    Ok(HttpResponse::Ok().json(FollowResponse::from(s)))
}

/// Follow an approved seller (a repeat changes nothing; never yourself).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = FollowResponse), (status = 401), (status = 403), (status = 404)))]
#[put("/sellers/{user_id}/follow")]
pub async fn put_follow(state: Data<AppState>, me: AuthUser, user_id: Path<i64>) -> ApiResult<HttpResponse> {
    let seller_id = user_id.into_inner();
    let s = state.run(move |conn, now| follow::follow(conn, me.id, seller_id, now)).await?;
    Ok(HttpResponse::Ok().json(FollowResponse::from(s)))
}

/// Stop following a seller (a repeat changes nothing).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = FollowResponse), (status = 401), (status = 403), (status = 404)))]
#[delete("/sellers/{user_id}/follow")]
pub async fn delete_follow(
    state: Data<AppState>,
    me: AuthUser,
    user_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let seller_id = user_id.into_inner();
    let s = state.run(move |conn, _| follow::unfollow(conn, me.id, seller_id)).await?;
    Ok(HttpResponse::Ok().json(FollowResponse::from(s)))
}

/// The sellers the caller follows, newest first.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<FollowedSeller>), (status = 400), (status = 401)))]
#[get("/me/follows")]
pub async fn my_follows(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| follow::list(conn, me.id, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|f| FollowedSeller::new(&state, f))))
}
