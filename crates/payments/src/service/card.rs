//! Card payments through PortOne: opening a payment (top-ups here, orders through commerce),
//! verifying it exactly once, refunds, and the jobs that expire unpaid payments and send back
//! money that may not be kept.
//!
//! These are the only async services of the crate: each reads what it needs, calls PortOne
//! outside any transaction, then writes in one short transaction through `state.run`. Whatever
//! order completes, webhooks and job runs arrive in, a payment moves `ready → paid` by one
//! conditional update, and its effect (the `top_up` credit, or the hook of its purpose) commits
//! in that same transaction, so it happens once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::config::Config;
use praline_kernel::crypto::random_token;
use praline_kernel::db::{self, Conn};
use serde::Serialize;

use crate::error::PaymentsError;
use crate::model::{EntryKind, NewPaymentRow, Payment, PaymentStatus, Purpose, Reference, ReferenceKind};
use crate::portone::{CancelRequest, PortOne, PortOneConfig, PortOneError, PortOnePayment};
use crate::schema::{payments_card_refunds, payments_payments};
use crate::service::hooks::{EffectError, PaymentHooks};
use crate::service::ledger;
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

/// Who asks for a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The buyer's browser (`complete`): only their own payment.
    User(i64),
    /// PortOne's webhook or a job: any payment.
    System,
}

/// Why money at PortOne may not be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Our merchant_uid, but another amount or currency.
    AmountMismatch,
    /// It arrived after its order left `pending_payment`.
    OrderClosed,
}

impl Refusal {
    fn reason(self) -> &'static str {
        match self {
            Refusal::AmountMismatch => "amount_mismatch",
            Refusal::OrderClosed => "order_closed",
        }
    }

    fn error(self) -> PaymentsError {
        match self {
            Refusal::AmountMismatch => PaymentsError::PaymentMismatch,
            Refusal::OrderClosed => PaymentsError::PaymentExpired,
        }
    }
}

/// The answer for a payment that already reached its end: paid (and perhaps refunded later) is
/// the payment; refused money is its refusal.
fn settled(payment: Payment) -> Result<Payment, PaymentsError> {
    match payment.fail_reason.as_deref() {
        Some("amount_mismatch") => Err(PaymentsError::PaymentMismatch),
        Some("order_closed") => Err(PaymentsError::PaymentExpired),
        _ => Ok(payment),
    }
}

/// The one verification behind `complete`, the webhook and the expiry job.
///
/// Trusts only PortOne's own record of `imp_uid`: its merchant_uid must be ours, its amount and
/// currency ours, its status `paid`. Then `ready → paid` by one conditional update with the
/// effect in the same transaction; every later or concurrent call finds the payment paid and
/// answers it without calling PortOne again.
pub async fn verify(
    state: &AppState,
    cards: &Cards,
    caller: Caller,
    imp_uid: &str,
    merchant_uid: &str,
) -> Result<Payment, PaymentsError> {
    let uid = merchant_uid.to_string();
    let ours = step(state, move |conn, _| Ok(Payment::by_merchant_uid(conn, &uid)?)).await?;
    let ours = match ours {
        Some(payment) if caller == Caller::System || caller == Caller::User(payment.user_id) => payment,
        _ => return Err(PaymentsError::PaymentNotFound),
    };
    if matches!(ours.status(), PaymentStatus::Paid | PaymentStatus::Cancelled) {
        return settled(ours);
    }
    let found = cards.client.payment(imp_uid).await.map_err(provider)?;
    let Some(found) = found else {
        return Err(PaymentsError::PaymentNotPaid {
            status: None,
            fail_reason: Some("unknown imp_uid".into()),
        });
    };
    if found.merchant_uid != ours.merchant_uid {
        // Someone else's payment: touch nothing.
        return Err(PaymentsError::PaymentMismatch);
    }
    if found.status != "paid" {
        return Err(PaymentsError::PaymentNotPaid {
            status: Some(found.status),
            fail_reason: found.fail_reason,
        });
    }
    if found.amount != ours.amount || found.currency != "KRW" {
        return refuse(state, cards, ours.id, found, Refusal::AmountMismatch).await;
    }
    let hooks = cards.hooks.clone();
    let (id, paid) = (ours.id, found.clone());
    let outcome = step(state, move |conn, now| {
        db::transaction(conn, |conn| mark_paid(conn, &hooks, id, &paid, now)).or_else(|e| match e {
            // The effect refused inside the rolled-back transaction: the order is closed.
            PaymentsError::Effect(reason) if reason == CLOSED => Ok(None),
            e => Err(e),
        })
    })
    .await?;
    match outcome {
        Some(payment) if payment.status() == PaymentStatus::Paid => Ok(payment),
        Some(payment) if payment.status() == PaymentStatus::Cancelled => settled(payment),
        // Expired while the money was on its way, or the order closed: send it back.
        _ => refuse(state, cards, id, found, Refusal::OrderClosed).await,
    }
}

const CLOSED: &str = "closed";

/// `ready → paid` and the effect, in the caller's transaction; the payment afterwards.
fn mark_paid(
    conn: &mut Conn,
    hooks: &PaymentHooks,
    id: i64,
    found: &PortOnePayment,
    now: DateTime<Utc>,
) -> Result<Option<Payment>, PaymentsError> {
    let moved = diesel::update(
        payments_payments::table
            .filter(payments_payments::id.eq(id))
            .filter(payments_payments::status.eq(PaymentStatus::Ready.as_str())),
    )
    .set((
        payments_payments::status.eq(PaymentStatus::Paid.as_str()),
        payments_payments::imp_uid.eq(&found.imp_uid),
        payments_payments::pay_method.eq(found.pay_method.as_deref()),
        payments_payments::receipt_url.eq(found.receipt_url.as_deref()),
        payments_payments::paid_at.eq(now.naive_utc()),
        payments_payments::updated_at.eq(now.naive_utc()),
    ))
    .execute(conn)?;
    let payment = payments_payments::table.find(id).select(Payment::as_select()).first(conn)?;
    if moved == 1 {
        apply_paid(conn, hooks, &payment, now)?;
    }
    Ok(Some(payment))
}

/// The effect of a payment that just became paid.
fn apply_paid(
    conn: &mut Conn,
    hooks: &PaymentHooks,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<(), PaymentsError> {
    match payment.purpose() {
        Purpose::TopUp => {
            let reference = Some(Reference::new(ReferenceKind::Payment, payment.id));
            ledger::credit(
                conn,
                payment.user_id,
                EntryKind::TopUp,
                payment.amount,
                reference,
                &payment.name,
                now,
            )?;
            Ok(())
        }
        purpose => match hooks.effect(purpose) {
            Some(effect) => effect.paid(conn, payment, now).map_err(effect_error),
            None => Err(PaymentsError::Effect(format!(
                "no effect is registered for {} payments",
                purpose.as_str()
            ))),
        },
    }
}

fn effect_error(error: EffectError) -> PaymentsError {
    match error {
        EffectError::Closed => PaymentsError::Effect(CLOSED.into()),
        EffectError::Failed(reason) => PaymentsError::Effect(reason),
    }
}

/// The payment will never be paid: tell its purpose, so what was held is released.
fn apply_abandoned(
    conn: &mut Conn,
    hooks: &PaymentHooks,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<(), PaymentsError> {
    match hooks.effect(payment.purpose()) {
        Some(effect) if payment.purpose() != Purpose::TopUp => {
            effect.abandoned(conn, payment, now).map_err(effect_error)
        }
        _ => Ok(()),
    }
}

/// Money that may not be kept: the payment ends `cancelled` with the reason and a full refund
/// owed at PortOne (tried now, and by the job until it succeeds); its order is released.
async fn refuse(
    state: &AppState,
    cards: &Cards,
    id: i64,
    found: PortOnePayment,
    refusal: Refusal,
) -> Result<Payment, PaymentsError> {
    let hooks = cards.hooks.clone();
    let imp_uid = found.imp_uid.clone();
    let payment = step(state, move |conn, now| {
        db::transaction(conn, |conn| {
            let before = payments_payments::table.find(id).select(Payment::as_select()).first(conn)?;
            if !matches!(before.status(), PaymentStatus::Ready | PaymentStatus::Expired) {
                return Ok(before);
            }
            let moved = diesel::update(
                payments_payments::table
                    .filter(payments_payments::id.eq(id))
                    .filter(payments_payments::status.eq(before.status.as_str())),
            )
            .set((
                payments_payments::status.eq(PaymentStatus::Cancelled.as_str()),
                payments_payments::fail_reason.eq(refusal.reason()),
                payments_payments::imp_uid.eq(&imp_uid),
                payments_payments::refund_pending.eq(true),
                payments_payments::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
            let after = payments_payments::table.find(id).select(Payment::as_select()).first(conn)?;
            if moved == 1 && before.status() == PaymentStatus::Ready {
                apply_abandoned(conn, &hooks, &after, now)?;
            }
            Ok::<_, PaymentsError>(after)
        })
    })
    .await?;
    if payment.refund_pending {
        // Best effort now; the job retries until PortOne confirms.
        let _ = send_back(state, cards, &payment).await;
    }
    match payment.status() {
        PaymentStatus::Paid => Ok(payment),
        _ => match payment.fail_reason.as_deref() {
            Some("amount_mismatch") => Err(PaymentsError::PaymentMismatch),
            Some("order_closed") => Err(PaymentsError::PaymentExpired),
            _ => Err(refusal.error()),
        },
    }
}

/// Sends back, in full, money we refused; clears the debt once PortOne shows it cancelled.
async fn send_back(state: &AppState, cards: &Cards, payment: &Payment) -> Result<(), PaymentsError> {
    let Some(imp_uid) = payment.imp_uid.clone() else {
        return Ok(());
    };
    let request = CancelRequest {
        merchant_uid: payment.merchant_uid.clone(),
        amount: None,
        checksum: None,
        reason: format!("praline: {}", payment.fail_reason.as_deref().unwrap_or("refused")),
    };
    let done = match cards.client.cancel(&request).await {
        Ok(after) => after.status == "cancelled",
        // Already cancelled (by an earlier try whose answer was lost): confirm by a lookup.
        Err(PortOneError::Refused { .. }) => {
            cards.client.payment(&imp_uid).await.map_err(provider)?.is_some_and(|p| p.status == "cancelled")
        }
        Err(e) => return Err(provider(e)),
    };
    if done {
        let id = payment.id;
        step(state, move |conn, now| {
            diesel::update(payments_payments::table.find(id))
                .set((
                    payments_payments::refund_pending.eq(false),
                    payments_payments::updated_at.eq(now.naive_utc()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    }
    Ok(())
}

/// Whether the refund `reference` of the payment `merchant_uid` was made (commerce checks it
/// before it moves a card-paid line to `cancelled` or `refunded`).
pub fn refunded(conn: &mut Conn, merchant_uid: &str, reference: &str) -> Result<bool, PaymentsError> {
    let Some(payment) = Payment::by_merchant_uid(conn, merchant_uid)? else {
        return Ok(false);
    };
    let found: i64 = payments_card_refunds::table
        .filter(payments_card_refunds::payment_id.eq(payment.id))
        .filter(payments_card_refunds::reference.eq(reference))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Refunds `amount` of a paid payment once per `reference` (an order line): PortOne cancels
/// that amount with our view of what is still cancellable as `checksum`, then the refund is
/// recorded and `cancel_amount` rises (the payment is `cancelled` once fully refunded). A
/// repeat with the same reference answers the payment without calling PortOne. Commerce calls
/// it outside its transaction, before it moves a card-paid line; a PortOne failure changes
/// nothing (502), and a concurrent refund of the same money is refused by the checksum.
pub async fn refund(
    state: &AppState,
    cards: &Cards,
    merchant_uid: &str,
    amount: i64,
    reference: &str,
    reason: &str,
) -> Result<Payment, PaymentsError> {
    let (uid, key) = (merchant_uid.to_string(), reference.to_string());
    let (payment, done) = step(state, move |conn, _| {
        let payment = Payment::by_merchant_uid(conn, &uid)?.ok_or(PaymentsError::PaymentNotFound)?;
        let done = refunded(conn, &uid, &key)?;
        Ok((payment, done))
    })
    .await?;
    if done {
        return Ok(payment);
    }
    let cancellable = payment.amount - payment.cancel_amount;
    if payment.status() != PaymentStatus::Paid || amount <= 0 || amount > cancellable {
        return Err(PaymentsError::invalid("amount", format!("{cancellable} won can still be refunded.")));
    }
    let request = CancelRequest {
        merchant_uid: payment.merchant_uid.clone(),
        amount: Some(amount),
        checksum: Some(cancellable),
        reason: reason.to_string(),
    };
    cards.client.cancel(&request).await.map_err(provider)?;
    let (id, total, key) = (payment.id, payment.amount, reference.to_string());
    step(state, move |conn, now| {
        db::transaction(conn, |conn| {
            diesel::insert_into(payments_card_refunds::table)
                .values((
                    payments_card_refunds::payment_id.eq(id),
                    payments_card_refunds::reference.eq(&key),
                    payments_card_refunds::amount.eq(amount),
                    payments_card_refunds::created_at.eq(now.naive_utc()),
                ))
                .execute(conn)?;
            let refunded: i64 = payments_card_refunds::table
                .filter(payments_card_refunds::payment_id.eq(id))
                .select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                    "CAST(COALESCE(SUM(amount), 0) AS BIGINT)",
                ))
                .first(conn)?;
            let status = if refunded >= total { PaymentStatus::Cancelled } else { PaymentStatus::Paid };
            diesel::update(payments_payments::table.find(id))
                .set((
                    payments_payments::cancel_amount.eq(refunded.min(total)),
                    payments_payments::status.eq(status.as_str()),
                    payments_payments::updated_at.eq(now.naive_utc()),
                ))
                .execute(conn)?;
            Ok::<_, PaymentsError>(
                payments_payments::table.find(id).select(Payment::as_select()).first(conn)?,
            )
        })
    })
    .await
}

/// What one run of [`reconcile`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reconciled {
    /// Unpaid payments given up (their orders released).
    pub expired: usize,
    /// Overdue payments found paid at PortOne after all.
    pub paid: usize,
    /// Refunds owed that PortOne confirmed.
    pub refunded: usize,
    /// Payments left for the next run (PortOne did not answer).
    pub deferred: usize,
}

/// The payments job (under a lease): every overdue `ready` payment is looked up at PortOne one
/// last time (paid: verified as usual; otherwise `expired` and its order released), and every
/// refund still owed is sent again.
pub async fn reconcile(state: &AppState, cards: &Cards, batch: i64) -> Result<Reconciled, PaymentsError> {
    let mut done = Reconciled::default();
    let overdue = step(state, move |conn, now| Ok(Payment::overdue(conn, now, batch)?)).await?;
    for payment in overdue {
        match cards.client.find(&payment.merchant_uid).await {
            Err(_) => done.deferred += 1,
            Ok(Some(found)) if found.status == "paid" => {
                match verify(state, cards, Caller::System, &found.imp_uid, &payment.merchant_uid).await {
                    Ok(_) => done.paid += 1,
                    Err(PaymentsError::Provider(_)) => done.deferred += 1,
                    Err(_) => {}
                }
            }
            Ok(_) => {
                let hooks = cards.hooks.clone();
                let id = payment.id;
                let moved = step(state, move |conn, now| {
                    db::transaction(conn, |conn| {
                        let moved = diesel::update(
                            payments_payments::table
                                .filter(payments_payments::id.eq(id))
                                .filter(payments_payments::status.eq(PaymentStatus::Ready.as_str())),
                        )
                        .set((
                            payments_payments::status.eq(PaymentStatus::Expired.as_str()),
                            payments_payments::updated_at.eq(now.naive_utc()),
                        ))
                        .execute(conn)?;
                        if moved == 1 {
                            let after =
                                payments_payments::table.find(id).select(Payment::as_select()).first(conn)?;
                            apply_abandoned(conn, &hooks, &after, now)?;
                        }
                        Ok::<_, PaymentsError>(moved == 1)
                    })
                })
                .await?;
                done.expired += usize::from(moved);
            }
        }
    }
    let owed = step(state, move |conn, _| Ok(Payment::refunds_owed(conn, batch)?)).await?;
    for payment in owed {
        match send_back(state, cards, &payment).await {
            Ok(()) => {
                let id = payment.id;
                let cleared = step(state, move |conn, _| {
                    Ok(!payments_payments::table
                        .find(id)
                        .select(payments_payments::refund_pending)
                        .first::<bool>(conn)?)
                })
                .await?;
                if cleared {
                    done.refunded += 1;
                } else {
                    done.deferred += 1;
                }
            }
            Err(_) => done.deferred += 1,
        }
    }
    Ok(done)
}
