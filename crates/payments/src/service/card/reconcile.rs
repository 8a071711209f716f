//! The `payments.reconcile` job: overdue payments get one last look, owed refunds are resent.

use diesel::prelude::*;
use praline_kernel::AppState;
use praline_kernel::db;

use super::verify::{apply_abandoned, send_back};
use super::{Caller, Cards, step, verify};
use crate::error::PaymentsError;
use crate::model::{Payment, PaymentStatus};
use crate::schema::payments_payments;

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
