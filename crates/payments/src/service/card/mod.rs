//! Card payments through PortOne: opening a payment (top-ups here, orders through commerce),
//! verifying it exactly once, refunds, and the jobs that expire unpaid payments and send back
//! money that may not be kept.
//!
//! These are the only async services of the crate: each reads what it needs, calls PortOne
//! outside any transaction, then writes in one short transaction through `state.run`. Whatever
//! order completes, webhooks and job runs arrive in, a payment moves `ready → paid` by one
//! conditional update, and its effect (the `top_up` credit, or the hook of its purpose) commits
//! in that same transaction, so it happens once.
//!
//! Rooms: this file opens payments (the configuration, the checkout request, recording and
//! preparing); [`verify`] is the one verification and what refused money becomes; [`refund`]
//! sends money back once per reference; [`reconcile`] is the job.

mod reconcile;
mod refund;
mod verify;

pub use reconcile::{Reconciled, reconcile};
pub use refund::{refund, refunded};
pub use verify::{Caller, verify};

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::config::Config;
use praline_kernel::crypto::random_token;
use praline_kernel::db::{self, Conn};
use serde::Serialize;

use crate::error::PaymentsError;
use crate::model::{NewPaymentRow, Payment, PaymentStatus, Purpose};
use crate::portone::{PortOne, PortOneConfig, PortOneError};
use crate::schema::payments_payments;
use crate::service::hooks::PaymentHooks;
use crate::service::wallet::TOPUP_PRESETS;

/// Where the payment window comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// PortOne's browser SDK.
    Portone,
    /// The development simulator's checkout page.
    Simulator,
}

/// Card payments as configured: the PortOne client (real, or pointed at the simulator), what
/// the browser needs to open the window, and the effects registered by crates above.
#[derive(Debug, Clone)]
pub struct Cards {
    pub client: PortOne,
    pub provider: Provider,
    pub imp_code: String,
    pub pg: String,
    pub hooks: PaymentHooks,
}

/// Where the simulator is mounted, at the site root.
pub const SIMULATOR_PATH: &str = "/_sim/portone";

impl Cards {
    /// Card payments from the `[portone]` section: real PortOne with keys; without them the
    /// simulator of this same server in development, and `None` (503) in production.
    pub fn from_config(config: &Config, hooks: PaymentHooks) -> Result<Option<Cards>, String> {
        let portone: PortOneConfig = config.section("portone").map_err(|e| format!("[portone]: {e}"))?;
        let timeout = Duration::from_millis(portone.timeout_ms.max(1));
        if portone.has_keys() {
            let client =
                PortOne::new(&portone.base_url, portone.imp_key.trim(), portone.imp_secret.trim(), timeout)?;
            return Ok(Some(Cards {
                client,
                provider: Provider::Portone,
                imp_code: portone.imp_code,
                pg: portone.pg,
                hooks,
            }));
        }
        if config.is_production() {
            return Ok(None);
        }
        let base = format!("{}{SIMULATOR_PATH}", loopback_url(&config.bind));
        let client = PortOne::new(&base, "simulator", "simulator", timeout)?;
        Ok(Some(Cards {
            client,
            provider: Provider::Simulator,
            imp_code: "imp_simulator".into(),
            pg: "simulator".into(),
            hooks,
        }))
    }
}

/// `http://host:port` of this server for its own calls (a wildcard bind is reached on loopback).
pub fn loopback_url(bind: &str) -> String {
    match bind.parse::<std::net::SocketAddr>() {
        Ok(addr) if addr.ip().is_unspecified() => format!("http://127.0.0.1:{}", addr.port()),
        Ok(addr) => format!("http://{addr}"),
        Err(_) => format!("http://{bind}"),
    }
}

/// What the page needs to open the payment window (only in the answer that made the payment).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Checkout {
    pub provider: Provider,
    pub imp_code: String,
    pub request: CheckoutRequest,
    /// The simulator's checkout page (`simulator` only).
    pub simulator_url: Option<String>,
}

/// `IMP.request_pay`'s argument.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckoutRequest {
    pub pg: String,
    pub pay_method: String,
    pub merchant_uid: String,
    pub name: String,
    pub amount: i64,
    pub buyer_email: String,
    pub buyer_name: String,
}

/// A payment to open: its purpose, what it pays for, the amount computed by the server.
#[derive(Debug, Clone)]
pub struct NewCardPayment {
    pub user_id: i64,
    pub purpose: Purpose,
    pub order_id: Option<i64>,
    pub name: String,
    pub amount: i64,
    /// When an unpaid payment gives up (orders: 30 minutes); top-ups never expire.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A fresh `merchant_uid` (≤ 40 characters): purpose, business-neutral date, randomness.
pub fn new_merchant_uid(purpose: Purpose, now: DateTime<Utc>) -> String {
    let prefix = match purpose {
        Purpose::Order => "ord",
        Purpose::TopUp => "top",
    };
    let random: String =
        random_token(12).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { 'x' }).collect();
    format!("{prefix}_{}_{random}", now.format("%Y%m%d"))
}

/// Records a `ready` payment under `merchant_uid`, inside the caller's transaction (commerce
/// records an order's payment with the order).
pub fn record(
    conn: &mut Conn,
    merchant_uid: &str,
    new: &NewCardPayment,
    now: DateTime<Utc>,
) -> Result<Payment, PaymentsError> {
    let now_naive = now.naive_utc();
    diesel::insert_into(payments_payments::table)
        .values(NewPaymentRow {
            merchant_uid,
            user_id: new.user_id,
            purpose: new.purpose.as_str(),
            order_id: new.order_id,
            name: &new.name,
            amount: new.amount,
            status: PaymentStatus::Ready.as_str(),
            created_at: now_naive,
            expires_at: new.expires_at.map(|t| t.naive_utc()),
            updated_at: now_naive,
        })
        .execute(conn)?;
    Payment::by_merchant_uid(conn, merchant_uid)?.ok_or(PaymentsError::PaymentNotFound)
}

/// Removes a `ready` payment that PortOne never heard of (its prepare failed), inside the
/// caller's transaction, so nothing is kept.
pub fn discard(conn: &mut Conn, merchant_uid: &str) -> Result<(), PaymentsError> {
    diesel::delete(
        payments_payments::table
            .filter(payments_payments::merchant_uid.eq(merchant_uid))
            .filter(payments_payments::status.eq(PaymentStatus::Ready.as_str())),
    )
    .execute(conn)?;
    Ok(())
}

/// Gives up an unpaid payment (`ready → expired`) inside the caller's transaction; `true` when
/// this call moved it. Commerce calls it when the buyer abandons an order.
pub fn expire(conn: &mut Conn, merchant_uid: &str, now: DateTime<Utc>) -> Result<bool, PaymentsError> {
    let moved = diesel::update(
        payments_payments::table
            .filter(payments_payments::merchant_uid.eq(merchant_uid))
            .filter(payments_payments::status.eq(PaymentStatus::Ready.as_str())),
    )
    .set((
        payments_payments::status.eq(PaymentStatus::Expired.as_str()),
        payments_payments::updated_at.eq(now.naive_utc()),
    ))
    .execute(conn)?;
    Ok(moved == 1)
}

/// The payment `merchant_uid` of `user_id` (404 for anyone else's).
pub fn of_user(conn: &mut Conn, user_id: i64, merchant_uid: &str) -> Result<Payment, PaymentsError> {
    match Payment::by_merchant_uid(conn, merchant_uid)? {
        Some(payment) if payment.user_id == user_id => Ok(payment),
        _ => Err(PaymentsError::PaymentNotFound),
    }
}

/// The payments of these orders (commerce shows them on its orders).
pub fn of_orders(conn: &mut Conn, order_ids: &[i64]) -> Result<Vec<Payment>, PaymentsError> {
    Ok(Payment::of_orders(conn, order_ids)?)
}

fn provider(error: PortOneError) -> PaymentsError {
    PaymentsError::Provider(error.to_string())
}

/// Runs one database step off the executor with the clock's now.
async fn step<T, F>(state: &AppState, f: F) -> Result<T, PaymentsError>
where
    F: FnOnce(&mut Conn, DateTime<Utc>) -> Result<T, PaymentsError> + Send + 'static,
    T: Send + 'static,
{
    let now = state.clock.now();
    db::run(&state.pool, move |conn| f(conn, now)).await
}

/// Registers a recorded payment's amount at PortOne and builds the window's request; outside
/// any transaction. Commerce calls it after committing an order paid by card.
pub async fn prepare(state: &AppState, cards: &Cards, payment: &Payment) -> Result<Checkout, PaymentsError> {
    cards.client.prepare(&payment.merchant_uid, payment.amount).await.map_err(provider)?;
    checkout_for(state, cards, payment).await
}

/// `POST /payments/topups`: a `ready` top-up of one of the presets, prepared at PortOne.
/// PortOne first, then the row: a failed prepare leaves nothing behind.
pub async fn start_top_up(
    state: &AppState,
    cards: &Cards,
    user_id: i64,
    amount: i64,
) -> Result<(Payment, Checkout), PaymentsError> {
    if !TOPUP_PRESETS.contains(&amount) {
        return Err(PaymentsError::invalid("amount", format!("A top-up is one of {TOPUP_PRESETS:?} won.")));
    }
    let merchant_uid = new_merchant_uid(Purpose::TopUp, state.clock.now());
    let new = NewCardPayment {
        user_id,
        purpose: Purpose::TopUp,
        order_id: None,
        name: format!("프랄린 포인트 {}P 충전", praline_kernel::text::thousands(amount)),
        amount,
        expires_at: None,
    };
    cards.client.prepare(&merchant_uid, amount).await.map_err(provider)?;
    let payment = step(state, move |conn, now| record(conn, &merchant_uid, &new, now)).await?;
    let checkout = checkout_for(state, cards, &payment).await?;
    Ok((payment, checkout))
}

async fn checkout_for(state: &AppState, cards: &Cards, payment: &Payment) -> Result<Checkout, PaymentsError> {
    let (hooks, user_id) = (cards.hooks.clone(), payment.user_id);
    let payer = step(state, move |conn, _| {
        hooks.payer(conn, user_id).map_err(|e| PaymentsError::Effect(e.to_string()))
    })
    .await?;
    Ok(Checkout {
        provider: cards.provider,
        imp_code: cards.imp_code.clone(),
        request: CheckoutRequest {
            pg: cards.pg.clone(),
            pay_method: "card".into(),
            merchant_uid: payment.merchant_uid.clone(),
            name: payment.name.clone(),
            amount: payment.amount,
            buyer_email: payer.email,
            buyer_name: payer.name,
        },
        simulator_url: (cards.provider == Provider::Simulator)
            .then(|| format!("{SIMULATOR_PATH}/checkout/{}", payment.merchant_uid)),
    })
}
