//! Categories: the public list with counts, and the administrators' edits.

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::ApiResult;
use praline_kernel::openapi::{self};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::CatalogError;
use crate::model::MAX_CATEGORY_CHARS;
use crate::service::category;

/// A category with the number of products the public sees in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResponse {
    pub id: i64,
    pub name: String,
    pub product_count: i64,
}

/// `name` of a category.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    #[schema(schema_with = openapi::text::<1, MAX_CATEGORY_CHARS>)]
    pub name: String,
}

/// Every category with its number of listed products.
#[utoipa::path(tag = "catalog", responses((status = 200, body = Vec<CategoryResponse>)))]
#[get("/categories")]
pub async fn list_categories(state: Data<AppState>) -> ApiResult<HttpResponse> {
    let categories = state.run(|conn, _| category::list(conn)).await?;
    let body: Vec<CategoryResponse> = categories
        .into_iter()
        .map(|c| CategoryResponse {
            id: c.category.id,
            name: c.category.name,
            product_count: c.product_count,
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Add a category (administrators).
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = CategoryRequest,
    responses((status = 201, body = CategoryResponse), (status = 400), (status = 403), (status = 409)))]
#[post("/admin/categories")]
pub async fn create_category(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CategoryRequest>,
) -> ApiResult<HttpResponse> {
    let row = state.run(move |conn, now| category::create(conn, me.id, &body.name, now)).await?;
    Ok(HttpResponse::Created().json(CategoryResponse { id: row.id, name: row.name, product_count: 0 }))
}

/// Rename a category (administrators).
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = CategoryRequest,
    responses((status = 200, body = CategoryResponse), (status = 403), (status = 404), (status = 409)))]
#[patch("/admin/categories/{id}")]
pub async fn rename_category(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<CategoryRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (row, count) = state
        .run(move |conn, _| {
            let row = category::rename(conn, me.id, id, &body.name)?;
            Ok::<_, CatalogError>((row, category::product_count(conn, id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(CategoryResponse { id: row.id, name: row.name, product_count: count }))
}

/// Delete an unused category (administrators); 409 `category_in_use` otherwise.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
#[delete("/admin/categories/{id}")]
pub async fn delete_category(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| category::delete(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
