//! Ways to reach the caller: e-mail change, phone verification, customs code and addresses.

use super::me::{UserEnvelope, UserResponse};
use super::{Limit, client_ip, deliver_code, limit, parse, run};
use crate::error::AccountsError;
use crate::model::{CustomsCode, Email, Phone};
use crate::service::address::{
    self, ADDRESS_MAX, Address, AddressInput, DETAIL_ADDRESS_MAX, POSTAL_CODE_DIGITS, RECIPIENT_MAX,
};
use crate::service::{Account, AccountsConfig, Env, contact, profile};
use actix_web::web::{Data, Json, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::db::Conn;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /me/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeRequest {
    #[schema(schema_with = Email::schema)]
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
    #[schema(schema_with = Phone::schema)]
    pub phone: String,
}

/// `PUT /me/customs-code`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomsCodeRequest {
    #[schema(schema_with = CustomsCode::schema)]
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
    #[schema(schema_with = postal_code_schema)]
    pub postal_code: String,
    #[schema(schema_with = openapi::text::<1, ADDRESS_MAX>)]
    pub address: String,
    #[schema(schema_with = openapi::nullable_text::<0, DETAIL_ADDRESS_MAX>)]
    pub detail_address: Option<String>,
    #[schema(schema_with = openapi::text::<1, RECIPIENT_MAX>)]
    pub recipient: String,
    #[schema(schema_with = Phone::schema)]
    pub phone: String,
    pub is_default: Option<bool>,
}

/// Five digits, blanks around ignored.
fn postal_code_schema() -> utoipa::openapi::schema::Object {
    let blank = openapi::BLANK;
    openapi::pattern(&format!("^{blank}*[0-9]{{{POSTAL_CODE_DIGITS}}}{blank}*$"), false)
}

impl AddressRequest {
    pub(super) fn parse(&self) -> Result<AddressInput, AccountsError> {
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

/// Send a code to a new e-mail address.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = EmailChangeRequest,
    responses((status = 202), (status = 400), (status = 409), (status = 429)))]
#[post("/me/email")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = CodeRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 409), (status = 429)))]
#[post("/me/email/confirm")]
pub async fn confirm_email_change(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CodeRequest>,
) -> ApiResult<HttpResponse> {
    check_code(req, state, config, me, body, contact::confirm_email_change).await
}

/// Checks a code the caller was sent with `confirm` (counted against the code-check limit) and
/// answers the updated account.
async fn check_code(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CodeRequest>,
    confirm: fn(&mut Conn, &Env<'_>, i64, &str) -> Result<Account, AccountsError>,
) -> ApiResult<HttpResponse> {
    limit(&state, &config, Limit::CodeChecks, &client_ip(&req, &state)).await?;
    let code = body.into_inner().code;
    let account = run(&state, &config, move |conn, env| confirm(conn, env, me.id, &code)).await?;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Send a 4-digit SMS code to a phone number.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = PhoneRequest,
    responses((status = 202), (status = 400), (status = 429), (status = 502)))]
#[put("/me/phone")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = CodeRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 429)))]
#[post("/me/phone/verify")]
pub async fn verify_phone(
    req: HttpRequest,
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    body: Json<CodeRequest>,
) -> ApiResult<HttpResponse> {
    check_code(req, state, config, me, body, contact::verify_phone).await
}

/// Save the customs clearance code (P + 12 digits).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = CustomsCodeRequest,
    responses((status = 200, body = CustomsCodeResponse), (status = 400)))]
#[put("/me/customs-code")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 200, body = [AddressResponse])))]
#[get("/me/addresses")]
pub async fn list_addresses(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
) -> ApiResult<HttpResponse> {
    let list = run(&state, &config, move |conn, env| address::list(conn, env, me.id)).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(AddressResponse::from).collect::<Vec<_>>()))
}

/// Save an address (a verified phone is needed; at most 5).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = AddressRequest,
    responses((status = 201, body = AddressResponse), (status = 400), (status = 403), (status = 409)))]
#[post("/me/addresses")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = AddressRequest,
    responses((status = 200, body = AddressResponse), (status = 400), (status = 404)))]
#[put("/me/addresses/{id}")]
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
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 204), (status = 404)))]
#[delete("/me/addresses/{id}")]
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
