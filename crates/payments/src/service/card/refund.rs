//! Refunds of paid payments, once per reference (an order line).

use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::db::{self, Conn};

use super::{Cards, provider, step};
use crate::error::PaymentsError;
use crate::model::{Payment, PaymentStatus};
use crate::portone::CancelRequest;
use crate::schema::{payments_card_refunds, payments_payments};

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
