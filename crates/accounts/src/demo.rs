//! The accounts part of the demo shop: an administrator, two approved chocolate sellers and
//! three verified buyers. Idempotent: existing e-mails are left alone.

use praline_kernel::db::{self, Conn};

use crate::error::AccountsError;
use crate::model::{Email, NewUser, Nickname, Password, User, UserStatus};
use crate::schema::accounts_users;
use crate::service::address::{self, AddressInput};
use crate::service::auth::credit_welcome_bonus;
use crate::service::seller::SellerInput;
use crate::service::{AccountsConfig, Env, admin, password, seller};
use diesel::prelude::*;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Praline!2026";

/// A demo login, for printing.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub user_id: i64,
}

const SELLERS: [(&str, &str, &str, &str); 2] = [
    ("seller1@praline.local", "카카오팩토리", "초코더쿠", "김초코"),
    ("seller2@praline.local", "프랄린공방", "프랄린공방", "이가나"),
];
const BUYERS: [(&str, &str); 3] = [
    ("buyer1@praline.local", "달콤한하루"),
    ("buyer2@praline.local", "초코러버"),
    ("buyer3@praline.local", "sweettooth"),
];

/// Seeds the demo accounts; returns every demo login (new or existing).
pub async fn seed(
    pool: &db::Pool,
    secrets: std::sync::Arc<praline_kernel::crypto::Secrets>,
    config: AccountsConfig,
    clock: praline_kernel::clock::Clock,
) -> Result<Vec<DemoLogin>, AccountsError> {
    let demo_password = Password::parse("password", DEMO_PASSWORD)?;
    let hash = password::hash(&demo_password, config.bcrypt_cost).await?;
    db::run(pool, move |conn| {
        let env = Env { now: clock.now(), secrets: &secrets, config: &config };
        let mut logins = Vec::new();
        let email = Email::parse("admin@praline.local")?;
        let admin_id = match User::by_email(conn, &email)? {
            Some(user) => user.id,
            None => admin::create_admin(conn, &env, &email, &Nickname::parse("관리자")?, &hash)?.0.user.id,
        };
        logins.push(DemoLogin { role: "admin", email: "admin@praline.local", user_id: admin_id });
        for (address, nickname, company, owner) in SELLERS {
            let id = ensure_active(conn, &env, address, nickname, &hash)?;
            if crate::model::SellerRow::find(conn, id)?.is_none() {
                let input = SellerInput::parse(
                    company,
                    "1234567890",
                    owner,
                    "0212345678",
                    "국민은행",
                    "123456789012",
                    owner,
                )?;
                seller::apply(conn, &env, id, input)?;
                admin::decide_application(
                    conn,
                    &env,
                    admin_id,
                    id,
                    crate::model::SellerStatus::Approved,
                    None,
                )?;
            }
            logins.push(DemoLogin { role: "seller", email: address, user_id: id });
        }
        for (i, (address, nickname)) in BUYERS.into_iter().enumerate() {
            let id = ensure_active(conn, &env, address, nickname, &hash)?;
            ensure_phone_and_address(conn, &env, id, &format!("0101234{:04}", 5678 + i), nickname)?;
            logins.push(DemoLogin { role: "buyer", email: address, user_id: id });
        }
        Ok(logins)
    })
    .await
}

/// An active, verified e-mail account with the welcome bonus.
fn ensure_active(
    conn: &mut Conn,
    env: &Env<'_>,
    address: &str,
    nickname: &str,
    hash: &str,
) -> Result<i64, AccountsError> {
    let email = Email::parse(address)?;
    if let Some(user) = User::by_email(conn, &email)? {
        return Ok(user.id);
    }
    db::transaction(conn, |conn| {
        let now = env.now.naive_utc();
        let id = diesel::insert_into(accounts_users::table)
            .values(NewUser {
                email: email.as_str(),
                nickname: Nickname::parse(nickname)?.as_str(),
                password_hash: Some(hash),
                login_type: "email",
                status: UserStatus::Active.as_str(),
                is_admin: false,
                email_verified: true,
                created_at: now,
                updated_at: now,
            })
            .returning(accounts_users::id)
            .get_result::<i64>(conn)?;
        credit_welcome_bonus(conn, env, id)?;
        Ok(id)
    })
}

/// A verified phone and one default address, so a demo buyer can check out at once.
fn ensure_phone_and_address(
    conn: &mut Conn,
    env: &Env<'_>,
    user_id: i64,
    phone: &str,
    recipient: &str,
) -> Result<(), AccountsError> {
    let user = User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
    if !user.phone_verified {
        diesel::update(accounts_users::table.find(user_id))
            .set((
                accounts_users::phone_sealed.eq(Some(env.secrets.sealer.seal(phone))),
                accounts_users::phone_verified.eq(true),
            ))
            .execute(conn)?;
    }
    if address::list(conn, env, user_id)?.is_empty() {
        let input = AddressInput::parse(
            "06236",
            "서울특별시 강남구 테헤란로 123",
            Some("초콜릿빌딩 4층"),
            recipient,
            phone,
            true,
        )?;
        address::create(conn, env, user_id, input)?;
    }
    Ok(())
}

/// `count` approved benchmark sellers (`bench-seller-N@praline.local`, the demo password),
/// created if missing; returns their user ids. Used by `praline seed-bench`.
pub async fn bench_sellers(
    pool: &db::Pool,
    secrets: std::sync::Arc<praline_kernel::crypto::Secrets>,
    config: AccountsConfig,
    clock: praline_kernel::clock::Clock,
    count: usize,
) -> Result<Vec<i64>, AccountsError> {
    let hash = password::hash(&Password::parse("password", DEMO_PASSWORD)?, config.bcrypt_cost).await?;
    let admin = seed(pool, secrets.clone(), config.clone(), clock.clone()).await?;
    let admin_id =
        admin.iter().find(|l| l.role == "admin").map(|l| l.user_id).ok_or(AccountsError::NotFound)?;
    db::run(pool, move |conn| {
        let env = Env { now: clock.now(), secrets: &secrets, config: &config };
        let mut ids = Vec::with_capacity(count);
        for n in 1..=count {
            let address = format!("bench-seller-{n}@praline.local");
            let id = ensure_active(conn, &env, &address, &format!("벤치{n}"), &hash)?;
            if crate::model::SellerRow::find(conn, id)?.is_none() {
                let company = format!("벤치 쇼콜라 {n}");
                let input = SellerInput::parse(
                    &company,
                    "1234567890",
                    "벤치",
                    "0212345678",
                    "국민은행",
                    "123456789012",
                    "벤치",
                )?;
                seller::apply(conn, &env, id, input)?;
                admin::decide_application(
                    conn,
                    &env,
                    admin_id,
                    id,
                    crate::model::SellerStatus::Approved,
                    None,
                )?;
            }
            ids.push(id);
        }
        Ok(ids)
    })
    .await
}

/// True when no account exists yet.
pub fn is_empty(conn: &mut Conn) -> Result<bool, AccountsError> {
    let count: i64 = accounts_users::table.count().get_result(conn)?;
    Ok(count == 0)
}
