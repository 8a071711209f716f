//! A clock that tests can set: services ask it for "now" instead of the system.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// A stored UTC timestamp (the database keeps `TIMESTAMP` in UTC without a zone) as a
/// `DateTime<Utc>`, the one type services and responses use for instants.
pub fn utc(stored: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(stored, Utc)
}

/// The current time, from the system or set by a test.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands at `at` until moved.
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock { manual: Some(Arc::new(Mutex::new(at))) }
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            Some(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
            None => Utc::now(),
        }
    }

    /// Moves a manual clock to `at`; a system clock ignores it.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(current) = &self.manual {
            *current.lock().unwrap_or_else(|p| p.into_inner()) = at;
        }
    }

    /// Moves a manual clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Some(current) = &self.manual {
            let mut at = current.lock().unwrap_or_else(|p| p.into_inner());
            *at += by;
        }
    }

    /// Whether this clock is set by hand.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let start = Utc::now() - Duration::days(3);
        let clock = Clock::manual(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        shared.advance(Duration::minutes(6));
        assert_eq!(clock.now(), start + Duration::minutes(6));
        clock.set(start);
        assert_eq!(shared.now(), start);
        assert!(!Clock::system().is_manual());
    }
}
