//! The one verification behind `complete`, the webhook and the job, and what becomes of money
//! that may not be kept (a full cancel at PortOne, retried until confirmed).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::db::{self, Conn};

use super::{Cards, provider, step};
use crate::error::PaymentsError;
use crate::model::{EntryKind, Payment, PaymentStatus, Purpose, Reference, ReferenceKind};
use crate::portone::{CancelRequest, PortOneError, PortOnePayment};
use crate::schema::payments_payments;
use crate::service::hooks::{EffectError, PaymentHooks};
use crate::service::ledger;

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
pub(super) fn apply_abandoned(
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
    // Someone else's verification may have settled it first: answer what it became.
    if payment.status() == PaymentStatus::Paid {
        return Ok(payment);
    }
    settled(payment).and(Err(refusal.error()))
}

/// Sends back, in full, money we refused; clears the debt once PortOne shows it cancelled.
pub(super) async fn send_back(
    state: &AppState,
    cards: &Cards,
    payment: &Payment,
) -> Result<(), PaymentsError> {
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
