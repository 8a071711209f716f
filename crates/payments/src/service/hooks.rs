//! What a verified (or abandoned) card payment does beyond this crate.
//!
//! Payments sits below commerce, so it cannot name orders. A crate above registers a
//! [`PaymentEffect`] for its purpose (commerce for [`Purpose::Order`]); the gateway wires it in at
//! start-up. The effect runs inside the transaction that moves the payment, so the payment and
//! what it pays for change together or not at all. Top-ups are this crate's own effect (a
//! `top_up` credit) and need no hook.
//!
//! [`Payers`] is the same idea for the payment window's buyer name and e-mail, which accounts
//! knows and payments does not.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use praline_kernel::db::Conn;

use crate::model::{Payment, Purpose};

/// Why an effect did not apply.
#[derive(Debug, thiserror::Error)]
pub enum EffectError {
    /// What the payment pays for no longer takes money (the order was cancelled or expired):
    /// the payment is refused and its money sent back.
    #[error("the order no longer accepts this payment")]
    Closed,
    /// Anything else; the transaction rolls back and the caller sees a server error.
    #[error("{0}")]
    Failed(String),
}

impl From<diesel::result::Error> for EffectError {
    fn from(error: diesel::result::Error) -> Self {
        EffectError::Failed(error.to_string())
    }
}

/// The effect of a card payment of one purpose, run inside the payment's transaction.
pub trait PaymentEffect: Send + Sync + 'static {
    /// The payment just moved `ready → paid`: apply what it pays for.
    fn paid(&self, conn: &mut Conn, payment: &Payment, now: DateTime<Utc>) -> Result<(), EffectError>;

    /// The payment will never be paid (its window expired, or it was refused for a wrong
    /// amount): release what was held for it.
    fn abandoned(&self, conn: &mut Conn, payment: &Payment, now: DateTime<Utc>) -> Result<(), EffectError>;
}

/// The buyer's name and e-mail for the payment window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payer {
    pub email: String,
    pub name: String,
}

/// Who pays, by user id (accounts answers).
pub trait Payers: Send + Sync + 'static {
    /// The payer `user_id`; an empty [`Payer`] when unknown.
    fn payer(&self, conn: &mut Conn, user_id: i64) -> Result<Payer, EffectError>;
}

/// The registered effects by purpose, and the payer directory.
#[derive(Clone, Default)]
pub struct PaymentHooks {
    effects: HashMap<&'static str, Arc<dyn PaymentEffect>>,
    payers: Option<Arc<dyn Payers>>,
}

impl std::fmt::Debug for PaymentHooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymentHooks").field("purposes", &self.effects.keys().collect::<Vec<_>>()).finish()
    }
}

impl PaymentHooks {
    /// No effects registered.
    pub fn new() -> PaymentHooks {
        PaymentHooks::default()
    }

    /// Registers the effect of payments of `purpose` (replacing an earlier one).
    pub fn on(mut self, purpose: Purpose, effect: impl PaymentEffect) -> PaymentHooks {
        self.effects.insert(purpose.as_str(), Arc::new(effect));
        self
    }

    /// Registers the payer directory.
    pub fn payers(mut self, payers: impl Payers) -> PaymentHooks {
        self.payers = Some(Arc::new(payers));
        self
    }

    /// The effect of `purpose`, if one is registered.
    pub fn effect(&self, purpose: Purpose) -> Option<Arc<dyn PaymentEffect>> {
        self.effects.get(purpose.as_str()).cloned()
    }

    /// The payer `user_id` (empty without a directory).
    pub fn payer(&self, conn: &mut Conn, user_id: i64) -> Result<Payer, EffectError> {
        match &self.payers {
            Some(payers) => payers.payer(conn, user_id),
            None => Ok(Payer::default()),
        }
    }
}
