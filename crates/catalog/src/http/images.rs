//! A product's pictures: the thumbnail and up to 10 detail images.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, delete, post, put};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::ApiResult;
use praline_kernel::openapi::ImageUpload;
use praline_kernel::upload::{remove_files, replace_image};

use super::products::{ImageResponse, ProductResponse, load_view};
use crate::error::CatalogError;
use crate::service::image;
use crate::service::product::Access;

/// Replace the thumbnail (multipart `image`: JPEG, PNG, WebP or GIF, ≤ 5 MB, ≤ 4096×4096).
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ProductResponse), (status = 404), (status = 409), (status = 413), (status = 415)))]
#[put("/products/{id}/thumbnail")]
pub async fn put_thumbnail(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (id, st) = (id.into_inner(), state.clone());
    let view = replace_image(&state.storage, payload, move |key| async move {
        st.run(move |conn, now| {
            let (row, old) = image::set_thumbnail(conn, me.id, id, &key, now)?;
            Ok::<_, CatalogError>((load_view(conn, row, Access::Owner)?, old))
        })
        .await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ProductResponse::new(&state, view)))
}

/// Add a detail image (multipart `image`); at most 10 per product.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = ImageResponse), (status = 404), (status = 409), (status = 413), (status = 415)))]
#[post("/products/{id}/images")]
pub async fn add_image(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (id, st) = (id.into_inner(), state.clone());
    let row = replace_image(&state.storage, payload, move |key| async move {
        let row = st.run(move |conn, now| image::add_image(conn, me.id, id, &key, now)).await?;
        Ok((row, None))
    })
    .await?;
    Ok(HttpResponse::Created().json(ImageResponse::new(&state, &row)))
}

/// Remove a detail image.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404)))]
#[delete("/products/{id}/images/{image_id}")]
pub async fn delete_image(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, image_id) = path.into_inner();
    let key = state.run(move |conn, now| image::delete_image(conn, me.id, id, image_id, now)).await?;
    remove_files(&state.storage, vec![key]).await;
    Ok(HttpResponse::NoContent().finish())
}
