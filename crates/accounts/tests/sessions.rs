//! Sessions under concurrency and revocation: the lockout when guesses race, refresh tokens
//! presented by several callers at once, and access tokens of ended sessions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures_util::future::join_all;
use praline_testkit::{PASSWORD, TestApp};

/// Login limits high enough that only the lockout decides.
fn without_login_limits(c: &mut praline_kernel::config::Config) {
    let accounts = c.sections.entry("accounts").or_insert_with(|| toml::Value::Table(Default::default()));
    if let toml::Value::Table(t) = accounts {
        t.insert("login_per_ip_per_minute".into(), toml::Value::Integer(10_000));
        t.insert("login_per_account_per_minute".into(), toml::Value::Integer(10_000));
    }
}

#[actix_web::test]
async fn parallel_wrong_passwords_lock_the_account_after_exactly_five_failures() {
    let app = TestApp::builder().config(without_login_limits).spawn();
    let buyer = app.buyer().await;
    let guesses = (0..10).map(|_| app.login(&buyer.email, "Wrong!2345"));
    let statuses: Vec<u16> = join_all(guesses).await.iter().map(|r| r.status().as_u16()).collect();
    // Only the four failures before the fifth were answered "wrong password"; every other
    // guess was refused by the lock, so no more than five were ever weighed while unlocked.
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 4, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 423).count(), 6, "{statuses:?}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 423);
}

#[actix_web::test]
async fn the_right_password_racing_nine_wrong_ones_leaves_the_account_locked() {
    let app = TestApp::builder().config(without_login_limits).spawn();
    let buyer = app.buyer().await;
    let mut attempts: Vec<_> = (0..9).map(|_| app.login(&buyer.email, "Wrong!2345")).collect();
    attempts.insert(4, app.login(&buyer.email, PASSWORD));
    let responses = join_all(attempts).await;
    let right = responses[4].status().as_u16();
    let wrong: Vec<u16> =
        responses.iter().enumerate().filter(|(i, _)| *i != 4).map(|(_, r)| r.status().as_u16()).collect();
    assert!(right == 200 || right == 423, "the right password got {right}");
    assert!(wrong.iter().all(|s| *s == 401 || *s == 423), "{wrong:?}");
    // A success may reset the count once, before the lock; at least five wrong guesses follow it
    // (there are nine), so whatever the order the account ends locked.
    let answered_wrong = wrong.iter().filter(|s| **s == 401).count();
    if right == 423 {
        assert_eq!(answered_wrong, 4, "no success reset the count: {wrong:?}");
    } else {
        assert!((4..=8).contains(&answered_wrong), "{wrong:?}");
    }
    assert!(wrong.contains(&423), "{wrong:?}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 423);
}
