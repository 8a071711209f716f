//! Demo data: `praline seed-demo`, and the first start of an empty development database.
//!
//! Each domain contributes its part in dependency order; every part is idempotent, so running
//! the command twice changes nothing the second time.

use praline_kernel::AppState;
use praline_kernel::db;

/// What seeding did, line by line, for the operator to read.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub lines: Vec<String>,
}

/// Why seeding stopped.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SeedError(pub String);

fn accounts_config(state: &AppState) -> Result<praline_accounts::AccountsConfig, SeedError> {
    let settings = state.settings.get::<praline_accounts::AccountsConfig>();
    settings.map(|s| (*s).clone()).ok_or_else(|| SeedError("the [accounts] settings were not loaded".into()))
}

/// Seeds every domain's demo data.
pub async fn seed_demo(state: &AppState) -> Result<SeedReport, SeedError> {
    let mut report = SeedReport::default();
    let logins = praline_accounts::demo::seed(
        &state.pool,
        state.secrets.clone(),
        accounts_config(state)?,
        state.clock.clone(),
    )
    .await
    .map_err(|e| SeedError(e.to_string()))?;
    let sellers: Vec<i64> = logins.iter().filter(|l| l.role == "seller").map(|l| l.user_id).collect();
    let buyers: Vec<i64> = logins.iter().filter(|l| l.role == "buyer").map(|l| l.user_id).collect();
    let admin = logins.iter().find(|l| l.role == "admin").map(|l| l.user_id);
    let people = praline_community::demo::DemoPeople {
        admin: admin.unwrap_or_default(),
        sellers: sellers.clone(),
        buyers: buyers.clone(),
    };
    let (storage, now) = (state.storage.clone(), state.clock.now());
    let added = db::run(&state.pool, move |conn| praline_catalog::demo::seed(conn, &storage, &sellers, now))
        .await
        .map_err(|e| SeedError(e.to_string()))?;
    report.lines.push(format!("Demo logins (password: {}):", praline_accounts::demo::DEMO_PASSWORD));
    for login in logins {
        report.lines.push(format!("  {:<6} {}", login.role, login.email));
    }
    let accounts = std::sync::Arc::new(accounts_config(state)?);
    let (secrets, now) = (state.secrets.clone(), state.clock.now());
    let orders = db::run(&state.pool, move |conn| {
        let env = praline_commerce::service::Env { now, secrets: &secrets, accounts: &accounts };
        praline_commerce::demo::seed(conn, &env, &buyers)
    })
    .await
    .map_err(|e| SeedError(e.to_string()))?;
    report.lines.push(format!("Demo catalog: {added} products added."));
    report.lines.push(format!("Demo orders: {orders} orders placed."));
    if admin.is_some() {
        let (storage, calendar, now) = (state.storage.clone(), state.config.calendar(), state.clock.now());
        let photos = praline_catalog::demo::bench_pictures();
        let added = db::run(&state.pool, move |conn| {
            praline_community::demo::seed(conn, &storage, &photos, &people, &calendar, now)
        })
        .await
        .map_err(|e| SeedError(e.to_string()))?;
        report.lines.push(format!(
            "Demo community: {} notices, {} reviews, {} wishes, {} questions added.",
            added.notices, added.reviews, added.wishes, added.inquiries
        ));
    }
    Ok(report)
}

/// True when no domain has any data yet (the first start of a fresh database).
pub async fn is_empty(state: &AppState) -> Result<bool, SeedError> {
    db::run(&state.pool, praline_accounts::demo::is_empty).await.map_err(|e| SeedError(e.to_string()))
}

/// Benchmark data: `sellers` approved sellers and `products` products spread over them (on top
/// of the demo shop). Products are added only while fewer than `products` exist.
pub async fn seed_bench(state: &AppState, products: usize, sellers: usize) -> Result<String, SeedError> {
    let seller_ids = praline_accounts::demo::bench_sellers(
        &state.pool,
        state.secrets.clone(),
        accounts_config(state)?,
        state.clock.clone(),
        sellers,
    )
    .await
    .map_err(|e| SeedError(e.to_string()))?;
    let storage = state.storage.clone();
    let pictures = praline_catalog::demo::bench_pictures();
    let keys = actix_web::web::block(move || {
        pictures.iter().map(|p| storage.put(p, "png")).collect::<Result<Vec<String>, _>>()
    })
    .await
    .map_err(|e| SeedError(e.to_string()))?
    .map_err(|e| SeedError(e.to_string()))?;
    let now = state.clock.now();
    let added = db::run(&state.pool, move |conn| {
        let existing = praline_catalog::demo::product_total(conn)?;
        let missing = products.saturating_sub(usize::try_from(existing).unwrap_or(0));
        praline_catalog::demo::bench_products(conn, &seller_ids, missing, &keys, now)
    })
    .await
    .map_err(|e| SeedError(e.to_string()))?;
    Ok(format!("{sellers} benchmark sellers; {added} products added"))
}
