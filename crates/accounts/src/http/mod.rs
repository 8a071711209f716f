//! HTTP for accounts: one file per sub-resource, each with its DTOs beside its handlers, and
//! [`configure`], the one place a route is registered (the OpenAPI document is collected from
//! the same registration).
//!
//! The gateway registers the parsed `[accounts]` settings (`Data<AccountsConfig>`).

mod admin;
mod auth;
mod contact;
mod cookies;
mod me;
mod oauth;
mod people;
mod seller;

use actix_web::web::Data;
use praline_kernel::AppState;
use praline_kernel::db::Conn;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::messaging::Email as OutboundEmail;
use utoipa_actix_web::service_config::ServiceConfig;

pub use self::admin::{AdjustmentRequest, ApplicationsQuery, ReasonRequest, RejectRequest, UsersQuery};
pub use self::auth::{
    EmailRequest, LoginRequest, RefreshRequest, ResetRequest, SessionResponse, SignupRequest, VerifyRequest,
};
pub use self::contact::{
    AddressRequest, AddressResponse, CodeRequest, CustomsCodeRequest, CustomsCodeResponse,
    EmailChangeRequest, PhoneRequest,
};
pub use self::cookies::{REFRESH_COOKIE, SESSION_HINT_COOKIE};
pub use self::me::{
    MeResponse, PasswordRequest, ProfileRequest, UserEnvelope, UserResponse, WithdrawRequest,
};
pub use self::oauth::{OAuthStartQuery, ProviderResponse};
pub use self::people::{PublicSellerResponse, PublicUserResponse};
pub use self::seller::{PrivateSellerResponse, SellerFields, SellerPatch};
use crate::error::AccountsError;
use crate::mail::{CodeMail, CodeMessage};
use crate::service::auth::IssuedCode;
use crate::service::{self, AccountsConfig, Env};

/// Mounts the accounts routes; the gateway calls it inside the `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::signup)
        .service(auth::verify_email)
        .service(auth::resend_email)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::forgot_password)
        .service(auth::reset_password)
        .service(oauth::providers)
        .service(oauth::oauth_start)
        .service(oauth::oauth_callback)
        .service(me::get_me)
        .service(me::patch_me)
        .service(me::delete_me)
        .service(me::put_avatar)
        .service(me::put_password)
        .service(seller::post_seller)
        .service(seller::get_seller)
        .service(seller::patch_seller)
        .service(seller::put_seller_logo)
        .service(contact::request_email_change)
        .service(contact::confirm_email_change)
        .service(contact::put_phone)
        .service(contact::verify_phone)
        .service(contact::put_customs_code)
        .service(contact::list_addresses)
        .service(contact::create_address)
        .service(contact::update_address)
        .service(contact::delete_address)
        .service(people::get_user)
        .service(people::get_seller_card)
        .service(admin::list_applications)
        .service(admin::approve_application)
        .service(admin::reject_application)
        .service(admin::list_users)
        .service(admin::suspend_user)
        .service(admin::unsuspend_user)
        .service(admin::adjust_wallet);
}

/// Runs an accounts service off the executor ([`service::call`]) and maps its error to the
/// API envelope.
async fn run<T, F>(state: &Data<AppState>, config: &Data<AccountsConfig>, f: F) -> ApiResult<T>
where
    F: FnOnce(&mut Conn, &Env<'_>) -> Result<T, AccountsError> + Send + 'static,
    T: Send + 'static,
{
    service::call(state, config.clone().into_inner(), f).await.map_err(ApiError::from)
}

fn parse<T>(result: Result<T, AccountsError>) -> ApiResult<T> {
    result.map_err(ApiError::from)
}

/// Delivers a code: SMS codes through the SMS sender (a failure is a 502, so the page can say
/// so), e-mail codes through the mailer (a failure is logged; the user can ask again).
async fn deliver_code(state: &AppState, code: IssuedCode) -> ApiResult<()> {
    match (CodeMail { code: &code }).render() {
        CodeMessage::Sms(sms) => state.sms.send(sms).await.map_err(|e| {
            tracing::warn!(error = %e, "SMS delivery failed");
            ApiError::provider_error("The text message could not be sent. Please try again in a minute.")
        }),
        CodeMessage::Email(email) => {
            send(state, email).await;
            Ok(())
        }
    }
}

async fn send(state: &AppState, email: OutboundEmail) {
    if let Err(e) = state.mailer.send(email).await {
        tracing::warn!(error = %e, "e-mail delivery failed");
    }
}

/// The client's address (kernel's, shared with every per-address limit).
use praline_kernel::ratelimit::client_ip;

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
