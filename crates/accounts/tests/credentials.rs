//! Passwords: every byte counts, and old hashes keep working.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use praline_accounts::schema::accounts_users;
use praline_kernel::db::{self, DbError};
use praline_testkit::{PASSWORD, TestApp, body_json};

async fn stored_hash(app: &TestApp, user_id: i64) -> String {
    db::run(&app.state.pool, move |conn| {
        accounts_users::table
            .find(user_id)
            .select(accounts_users::password_hash)
            .first::<Option<String>>(conn)
            .map_err(DbError::from)
    })
    .await
    .unwrap()
    .unwrap()
}

#[actix_web::test]
async fn every_byte_of_a_long_password_counts() {
    let app = TestApp::spawn();
    // 24 Hangul syllables are 72 bytes: all bcrypt itself would read.
    let password = format!("{}1!AAAA", "가".repeat(24));
    let buyer = app.user().password(&password).buyer().await;
    let other = format!("{}2@zzzz-different", "가".repeat(24));
    let refused = app.login(&buyer.email, &other).await;
    assert_eq!(body_json(refused).await["error"]["code"], "invalid_credentials");
    assert_eq!(app.login(&buyer.email, &password).await.status(), 200);
    assert!(stored_hash(&app, buyer.user_id).await.starts_with("$pbc1$"));
}

#[actix_web::test]
async fn a_password_hashed_the_old_way_still_signs_in_and_is_rehashed() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let old = bcrypt::hash(PASSWORD, 4).unwrap();
    let (id, stored) = (buyer.user_id, old.clone());
    db::run(&app.state.pool, move |conn| {
        diesel::update(accounts_users::table.find(id))
            .set(accounts_users::password_hash.eq(Some(stored)))
            .execute(conn)
            .map_err(DbError::from)
    })
    .await
    .unwrap();
    assert_eq!(app.login(&buyer.email, "Wrong!2345").await.status(), 401);
    assert_eq!(stored_hash(&app, id).await, old, "a failed login changes nothing");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
    let upgraded = stored_hash(&app, id).await;
    assert!(upgraded.starts_with("$pbc1$"), "{upgraded}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
}
