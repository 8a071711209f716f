//! The Idempotency-Key store's claims against a real database: a new key is ours, a running one
//! is in progress, a settled one replays, another request is a mismatch, and a key whose request
//! died or whose 24 hours passed is free again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, TimeZone, Utc};
use praline_kernel::idempotency::{ABANDONED_AFTER_SECS, Claim, TTL_HOURS, claim, fingerprint, settle};
use praline_testkit::TestDb;

#[test]
fn a_key_is_claimed_once_replayed_when_settled_and_free_again_when_abandoned_or_expired() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let print = fingerprint("POST", "/api/v1/orders", b"{}");
    let other = fingerprint("POST", "/api/v1/orders", b"{\"x\":1}");

    assert_eq!(claim(&mut conn, "user:1", "k", &print, t0).unwrap(), Claim::Fresh);
    assert_eq!(claim(&mut conn, "user:1", "k", &print, t0).unwrap(), Claim::InProgress);
    assert_eq!(claim(&mut conn, "user:1", "k", &other, t0).unwrap(), Claim::Mismatch);
    // Keys are the caller's own.
    assert_eq!(claim(&mut conn, "user:2", "k", &print, t0).unwrap(), Claim::Fresh);

    // A claim whose request died is taken over, once.
    let later = t0 + Duration::seconds(ABANDONED_AFTER_SECS + 1);
    assert_eq!(claim(&mut conn, "user:1", "k", &print, later).unwrap(), Claim::Fresh);
    assert_eq!(claim(&mut conn, "user:1", "k", &print, later).unwrap(), Claim::InProgress);

    settle(&mut conn, "user:1", "k", 201, None, "{\"id\":7}").unwrap();
    let replay = Claim::Replay { status: 201, body: "{\"id\":7}".into() };
    assert_eq!(claim(&mut conn, "user:1", "k", &print, later).unwrap(), replay);
    // A settled answer is never taken over as abandoned, only when its 24 hours are over.
    let abandoned_again = later + Duration::seconds(ABANDONED_AFTER_SECS + 1);
    assert_eq!(claim(&mut conn, "user:1", "k", &print, abandoned_again).unwrap(), replay);
    let expired = later + Duration::hours(TTL_HOURS) + Duration::seconds(1);
    assert_eq!(claim(&mut conn, "user:1", "k", &other, expired).unwrap(), Claim::Fresh);

    // An answer that is not kept (a 5xx) gives the key up at once.
    settle(&mut conn, "user:1", "k", 503, Some("unavailable"), "{}").unwrap();
    assert_eq!(claim(&mut conn, "user:1", "k", &print, expired).unwrap(), Claim::Fresh);
}
