//! The caller's seller profile: applying, reading, editing and the logo.

use super::{parse, run};
use crate::error::AccountsError;
use crate::model::SellerStatus;
use crate::service::AccountsConfig;
use crate::service::seller::{
    self, ACCOUNT_NUMBER_DIGITS, BUSINESS_NUMBER_DIGITS, COMPANY_NAME_MAX, CONTACT_DIGITS, PERSON_NAME_MAX,
    PrivateSeller, SellerChanges, SellerInput,
};
use actix_web::web::{self, Data, Json};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi::{self, ImageUpload};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

/// Seller fields at signup or application.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SellerFields {
    #[schema(schema_with = openapi::text::<1, COMPANY_NAME_MAX>)]
    pub company_name: String,
    /// 10 digits (hyphens and spaces are dropped).
    #[schema(schema_with = business_number_schema)]
    pub business_number: String,
    #[schema(schema_with = openapi::text::<1, PERSON_NAME_MAX>)]
    pub owner_name: String,
    /// 8–12 digits (hyphens and spaces are dropped).
    #[schema(schema_with = contact_schema)]
    pub contact: String,
    #[schema(schema_with = openapi::text::<1, PERSON_NAME_MAX>)]
    pub bank_name: String,
    /// 6–20 digits (hyphens and spaces are dropped).
    #[schema(schema_with = account_number_schema)]
    pub account_number: String,
    #[schema(schema_with = openapi::text::<1, PERSON_NAME_MAX>)]
    pub account_holder: String,
}

fn business_number_schema() -> Object {
    openapi::separated_digits(BUSINESS_NUMBER_DIGITS.0, BUSINESS_NUMBER_DIGITS.1, false)
}

fn contact_schema() -> Object {
    openapi::separated_digits(CONTACT_DIGITS.0, CONTACT_DIGITS.1, false)
}

fn account_number_schema() -> Object {
    openapi::separated_digits(ACCOUNT_NUMBER_DIGITS.0, ACCOUNT_NUMBER_DIGITS.1, false)
}

fn nullable_business_number_schema() -> Object {
    openapi::separated_digits(BUSINESS_NUMBER_DIGITS.0, BUSINESS_NUMBER_DIGITS.1, true)
}

fn nullable_contact_schema() -> Object {
    openapi::separated_digits(CONTACT_DIGITS.0, CONTACT_DIGITS.1, true)
}

fn nullable_account_number_schema() -> Object {
    openapi::separated_digits(ACCOUNT_NUMBER_DIGITS.0, ACCOUNT_NUMBER_DIGITS.1, true)
}

impl SellerFields {
    pub(super) fn parse(&self) -> Result<SellerInput, AccountsError> {
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

/// `PATCH /me/seller`.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SellerPatch {
    #[schema(schema_with = openapi::nullable_text::<1, COMPANY_NAME_MAX>)]
    pub company_name: Option<String>,
    #[schema(schema_with = nullable_business_number_schema)]
    pub business_number: Option<String>,
    #[schema(schema_with = openapi::nullable_text::<1, PERSON_NAME_MAX>)]
    pub owner_name: Option<String>,
    #[schema(schema_with = nullable_contact_schema)]
    pub contact: Option<String>,
    #[schema(schema_with = openapi::nullable_text::<1, PERSON_NAME_MAX>)]
    pub bank_name: Option<String>,
    #[schema(schema_with = nullable_account_number_schema)]
    pub account_number: Option<String>,
    #[schema(schema_with = openapi::nullable_text::<1, PERSON_NAME_MAX>)]
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
    pub(super) fn new(state: &AppState, seller: PrivateSeller) -> Self {
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
            created_at: utc(row.created_at),
        }
    }
}

/// Apply to sell: JSON, or a multipart form with the same fields and an optional `logo` image.
#[utoipa::path(tag = "me", security(("bearer" = [])),
    request_body(content(
        (SellerFields = "application/json"),
        (SellerFields = "multipart/form-data"),
    )),
    responses((status = 201, body = PrivateSellerResponse), (status = 400), (status = 409), (status = 413), (status = 415)))]
#[post("/me/seller")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 200, body = PrivateSellerResponse), (status = 404)))]
#[get("/me/seller")]
pub async fn get_seller(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
) -> ApiResult<HttpResponse> {
    let seller = run(&state, &config, move |conn, env| seller::own(conn, env, me.id)).await?;
    Ok(HttpResponse::Ok().json(PrivateSellerResponse::new(&state, seller)))
}

/// Edit the caller's seller profile.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = SellerPatch,
    responses((status = 200, body = PrivateSellerResponse), (status = 400), (status = 409)))]
#[patch("/me/seller")]
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

/// Upload the seller logo (multipart field `image`, same limits as the avatar).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = PrivateSellerResponse), (status = 404), (status = 413), (status = 415)))]
#[put("/me/seller/logo")]
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
