//! HTTP for the payments domain: one file per sub-resource with its DTOs beside its thin
//! handlers, and [`configure`], the one place a route is registered.
//!
//! The operators' `POST /admin/wallets/{user_id}/adjustments` is mounted by accounts, which
//! knows who is an administrator; it answers with this crate's [`EntryResponse`].

mod membership;
mod payment;
mod wallet;

use utoipa_actix_web::service_config::ServiceConfig;

pub use self::membership::MembershipResponse;
pub use self::payment::{PaymentResponse, cards};
pub use self::wallet::{
    CalendarQuery, CalendarResponse, DayResponse, EntriesQuery, EntriesResponse, EntryResponse,
    WalletResponse,
};

/// Mounts this crate's routes (and so their OpenAPI operations); the gateway calls it inside
/// the `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(wallet::get_wallet)
        .service(wallet::list_entries)
        .service(wallet::get_calendar)
        .service(membership::get_membership)
        .service(membership::subscribe)
        .service(membership::cancel)
        .service(membership::resume)
        .service(payment::start_top_up)
        .service(payment::complete)
        .service(payment::webhook)
        .service(payment::get_payment);
}
