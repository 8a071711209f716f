//! `loadtest`: bounded HTTP load against a praline running on this machine.
//!
//! ```text
//! loadtest [--url http://127.0.0.1:8080] [--connections 32] [--seconds 20] [--threads 1] [--scenario NAME]...
//!          [--email buyer1@praline.local] [--password …]
//! ```
//!
//! The `me` scenario signs in once (the demo buyer unless `--email`/`--password` say otherwise)
//! and sends `GET /api/v1/me` with that bearer token: the cost of an authenticated request.
//!
//! The `checkout-spread` and `checkout-hot` scenarios place points orders (`POST /api/v1/orders`,
//! one unit, a fresh `Idempotency-Key` each) as the three demo buyers in turn: spread over the
//! on-sale products of the first 100 list pages (10,000 products after `praline seed-bench`), or
//! all on one product the demo seller lists for the run with 1,000,000 units. The demo admin tops
//! the buyers up first. Afterwards the stock is read again: the units that left the shelves must
//! equal the orders made (no oversell, no lost update), and no stock is below zero.
//!
//! Each scenario runs for the given time with the given number of concurrent keep-alive
//! connections, then prints requests/s, p50/p99/max latency and the count of non-2xx answers.
//! Only loopback targets are accepted: this is for measuring, not for attacking anyone.

mod payments;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: loadtest [--url http://127.0.0.1:8080] [--connections 32] [--seconds 20] [--threads 1] [--scenario NAME]... [--email E] [--password P]
scenarios: first-page, deep-page, search, search-SORT (SORT: popular, rating, sales, price_asc,
price_desc), search-rare, category-price, detail, categories, reviews, me, checkout-spread, checkout-hot,
topup-complete, debit-race (default: first-page, deep-page, search, category-price, detail)
me: GET /api/v1/me with the bearer token of --email/--password (default: the demo buyer)
topup-complete, debit-race: see payments.rs (--count N payments or debits; development server)";

struct Options {
    url: String,
    connections: usize,
    seconds: u64,
    threads: usize,
    scenarios: Vec<String>,
    email: String,
    password: String,
    count: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        url: "http://127.0.0.1:8080".into(),
        connections: 32,
        seconds: 20,
        threads: 1,
        scenarios: Vec::new(),
        email: "buyer1@praline.local".into(),
        password: "Praline!2026".into(),
        count: 1_000,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--url" => options.url = value()?.trim_end_matches('/').to_string(),
            "--connections" => {
                options.connections = value()?.parse().map_err(|_| "--connections: a number")?
            }
            "--seconds" => options.seconds = value()?.parse().map_err(|_| "--seconds: a number")?,
            "--scenario" => options.scenarios.push(value()?),
            "--threads" => options.threads = value()?.parse().map_err(|_| "--threads: a number")?,
            "--email" => options.email = value()?,
            "--password" => options.password = value()?,
            "--count" => options.count = value()?.parse().map_err(|_| "--count: a number")?,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let host = options.url.split("://").nth(1).unwrap_or("").split(['/', ':']).next().unwrap_or("");
    if !matches!(host, "127.0.0.1" | "localhost" | "[") {
        return Err(format!("only loopback targets are allowed, not {host:?}"));
    }
    // The load generator shares the machine with the server: by default it takes one thread.
    if !(1..=256).contains(&options.connections) || !(1..=120).contains(&options.seconds) {
        return Err("connections must be 1–256 and seconds 1–120".into());
    }
    if options.scenarios.is_empty() {
        options.scenarios =
            ["first-page", "deep-page", "search", "category-price", "detail"].map(String::from).to_vec();
    }
    Ok(options)
}

/// The request paths of a scenario; workers cycle through them.
async fn paths(client: &reqwest::Client, base: &str, scenario: &str) -> Result<Vec<String>, String> {
    let get_json = |path: String| async move {
        let response = client.get(format!("{base}{path}")).send().await.map_err(|e| e.to_string())?;
        response.json::<serde_json::Value>().await.map_err(|e| e.to_string())
    };
    Ok(match scenario {
        "first-page" => vec!["/api/v1/products".into()],
        "deep-page" => {
            let total = get_json("/api/v1/products?per_page=20".into()).await?["total"].as_i64().unwrap_or(0);
            let page = (total / 20 / 2).max(1);
            vec![format!("/api/v1/products?page={page}")]
        }
        // Percent-encoded "트러플" (truffle) and an English word, alternating.
        "search" => {
            vec!["/api/v1/products?q=%ED%8A%B8%EB%9F%AC%ED%94%8C".into(), "/api/v1/products?q=ruby".into()]
        }
        // The same two searches in another order.
        sorted
            if sorted.starts_with("search-")
                && ["popular", "rating", "sales", "price_asc", "price_desc"].contains(&&sorted[7..]) =>
        {
            let sort = &sorted[7..];
            vec![
                format!("/api/v1/products?q=%ED%8A%B8%EB%9F%AC%ED%94%8C&sort={sort}"),
                format!("/api/v1/products?q=ruby&sort={sort}"),
            ]
        }
        // Searches matching a handful of products ("no.123" is in ~100 names).
        "search-rare" => vec!["/api/v1/products?q=no.123".into(), "/api/v1/products?q=no.4567".into()],
        "category-price" => {
            let categories = get_json("/api/v1/categories".into()).await?;
            let ids: Vec<i64> =
                categories.as_array().into_iter().flatten().filter_map(|c| c["id"].as_i64()).collect();
            ids.iter().map(|id| format!("/api/v1/products?category={id}&sort=price_asc")).collect()
        }
        "detail" => {
            let page = get_json("/api/v1/products?per_page=100".into()).await?;
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["id"].as_i64())
                .map(|id| format!("/api/v1/products/{id}"))
                .collect()
        }
        "categories" => vec!["/api/v1/categories".into()],
        // The first page of the most reviewed product's reviews (with their evaluation), newest
        // first and by likes.
        "reviews" => {
            let page = get_json("/api/v1/products?per_page=100".into()).await?;
            let id = page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .max_by_key(|p| p["rating_count"].as_i64().unwrap_or(0))
                .and_then(|p| p["id"].as_i64())
                .ok_or("reviews: no product (seed the shop)")?;
            vec![
                format!("/api/v1/products/{id}/reviews"),
                format!("/api/v1/products/{id}/reviews?sort=likes"),
            ]
        }
        "me" => vec!["/api/v1/me".into()],
        "checkout-spread" | "checkout-hot" => Vec::new(),
        other => return Err(format!("unknown scenario {other:?}\n{USAGE}")),
    })
}

/// The demo logins the checkout scenarios use (`praline seed-demo`).
const DEMO_PASSWORD: &str = "Praline!2026";
const DEMO_BUYERS: [&str; 3] = ["buyer1@praline.local", "buyer2@praline.local", "buyer3@praline.local"];

/// A signed-in buyer ready to check out.
struct Buyer {
    client: reqwest::Client,
    address_id: i64,
}

async fn login_json(client: &reqwest::Client, base: &str, email: &str) -> Result<serde_json::Value, String> {
    let body = serde_json::json!({"email": email, "password": DEMO_PASSWORD});
    let response = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let login: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    if login["access_token"].is_string() {
        Ok(login)
    } else {
        Err(format!("login as {email} failed: {status}"))
    }
}

async fn authed(options: &Options, email: &str) -> Result<(reqwest::Client, i64), String> {
    let login = login_json(&client_for(options, None)?, &options.url, email).await?;
    let token = login["access_token"].as_str().unwrap_or_default();
    Ok((client_for(options, Some(token))?, login["user"]["id"].as_i64().unwrap_or(0)))
}

async fn send_json(request: reqwest::RequestBuilder) -> Result<serde_json::Value, String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    if status.is_success() { Ok(body) } else { Err(format!("{status}: {body}")) }
}

/// The demo buyers, topped up with points by the demo admin.
async fn checkout_buyers(options: &Options) -> Result<Vec<Buyer>, String> {
    let (admin, _) = authed(options, "admin@praline.local").await?;
    let mut buyers = Vec::new();
    for email in DEMO_BUYERS {
        let (client, user_id) = authed(options, email).await?;
        let addresses = send_json(client.get(format!("{}/api/v1/me/addresses", options.url))).await?;
        let address_id = addresses[0]["id"]
            .as_i64()
            .ok_or(format!("{email} has no saved address (seed the demo shop)"))?;
        let top_up = serde_json::json!({"amount": 1_000_000_000_i64, "memo": "loadtest"});
        send_json(
            admin.post(format!("{}/api/v1/admin/wallets/{user_id}/adjustments", options.url)).json(&top_up),
        )
        .await?;
        buyers.push(Buyer { client, address_id });
    }
    Ok(buyers)
}

/// The stock of the on-sale products of the first `pages` list pages.
async fn listed_stock(client: &reqwest::Client, base: &str, pages: i64) -> Result<Vec<(i64, i64)>, String> {
    let mut stock = Vec::new();
    for page in 1..=pages {
        let list = send_json(client.get(format!("{base}/api/v1/products?per_page=100&page={page}"))).await?;
        let items = list["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        stock.extend(items.iter().filter_map(|p| Some((p["id"].as_i64()?, p["stock"].as_i64()?))));
    }
    Ok(stock)
}

/// Lists the product every hot checkout buys: 1,000,000 units from the demo seller.
async fn hot_product(options: &Options) -> Result<i64, String> {
    let (seller, _) = authed(options, "seller1@praline.local").await?;
    let categories = send_json(seller.get(format!("{}/api/v1/categories", options.url))).await?;
    let category = categories[0]["id"].as_i64().ok_or("no categories (seed the demo shop)")?;
    let body = serde_json::json!({"category_id": category, "name": "Loadtest hot chocolate",
        "description": "Every hot checkout buys this one.", "price": 1_000, "stock": 1_000_000});
    let product = send_json(seller.post(format!("{}/api/v1/products", options.url)).json(&body)).await?;
    product["id"].as_i64().ok_or_else(|| "the hot product was not created".to_string())
}

#[derive(Default)]
struct CheckoutOutcome {
    latencies: Vec<Duration>,
    created: usize,
    short: usize,
    failures: usize,
}

async fn checkout_worker(
    buyers: Arc<Vec<Buyer>>,
    products: Arc<Vec<i64>>,
    base: Arc<String>,
    run: u64,
    offset: usize,
    until: Instant,
) -> CheckoutOutcome {
    let mut outcome = CheckoutOutcome { latencies: Vec::with_capacity(10_000), ..CheckoutOutcome::default() };
    let buyer = &buyers[offset % buyers.len()];
    let mut n = 0_usize;
    while Instant::now() < until {
        // A different product for every request of every worker.
        let product = products[(offset * 7_919 + n * 104_729) % products.len()];
        let key = format!("loadtest-{run}-{offset}-{n}");
        n += 1;
        let body = serde_json::json!({"buy_now": {"product_id": product, "amount": 1},
            "address_id": buyer.address_id, "payment": "points"});
        let started = Instant::now();
        let sent = buyer
            .client
            .post(format!("{base}/api/v1/orders"))
            .header("Idempotency-Key", key)
            .json(&body)
            .send();
        let status = match sent.await {
            Ok(response) => {
                let status = response.status().as_u16();
                if response.bytes().await.is_ok() { status } else { 0 }
            }
            Err(_) => 0,
        };
        outcome.latencies.push(started.elapsed());
        match status {
            201 => outcome.created += 1,
            409 => outcome.short += 1,
            _ => outcome.failures += 1,
        }
    }
    outcome
}

/// Runs a checkout scenario and checks the stock afterwards.
async fn run_checkout(options: &Options, scenario: &str) -> Result<(), String> {
    let anonymous = client_for(options, None)?;
    let buyers = Arc::new(checkout_buyers(options).await?);
    let (products, before): (Vec<i64>, Vec<(i64, i64)>) = if scenario == "checkout-hot" {
        let id = hot_product(options).await?;
        (vec![id], vec![(id, 1_000_000)])
    } else {
        let stock = listed_stock(&anonymous, &options.url, 100).await?;
        (stock.iter().filter(|(_, s)| *s > 0).map(|(id, _)| *id).collect(), stock)
    };
    if products.is_empty() {
        return Err(format!("{scenario}: no product with stock (seed the shop)"));
    }
    let (products, base) = (Arc::new(products), Arc::new(options.url.clone()));
    let run = u64::try_from(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis()),
    )
    .unwrap_or(0);
    let started = Instant::now();
    let until = started + Duration::from_secs(options.seconds);
    let handles: Vec<_> = (0..options.connections)
        .map(|i| tokio::spawn(checkout_worker(buyers.clone(), products.clone(), base.clone(), run, i, until)))
        .collect();
    let mut total = CheckoutOutcome::default();
    for handle in handles {
        let outcome = handle.await.map_err(|e| e.to_string())?;
        total.latencies.extend(outcome.latencies);
        total.created += outcome.created;
        total.short += outcome.short;
        total.failures += outcome.failures;
    }
    let elapsed = started.elapsed().as_secs_f64();
    total.latencies.sort_unstable();
    // Units that left the shelves against orders made.
    let after: Vec<(i64, i64)> = if scenario == "checkout-hot" {
        let id = products[0];
        let product = send_json(anonymous.get(format!("{}/api/v1/products/{id}", options.url))).await?;
        vec![(id, product["stock"].as_i64().unwrap_or(-1))]
    } else {
        listed_stock(&anonymous, &options.url, 100).await?
    };
    let sold: i64 = before
        .iter()
        .map(|(id, was)| after.iter().find(|(other, _)| other == id).map_or(0, |(_, now)| was - now))
        .sum();
    let negative = after.iter().filter(|(_, s)| *s < 0).count();
    let created = i64::try_from(total.created).unwrap_or(i64::MAX);
    println!(
        "{:<16} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>8}   orders {} · 409 {} · units sold {} · negative stock {}",
        scenario,
        total.created as f64 / elapsed,
        ms(percentile(&total.latencies, 0.50)),
        ms(percentile(&total.latencies, 0.99)),
        ms(total.latencies.last().copied().unwrap_or_default()),
        total.failures,
        total.created,
        total.short,
        sold,
        negative
    );
    if sold != created || negative > 0 {
        return Err(format!(
            "{scenario}: {created} orders but {sold} units sold, {negative} negative stocks"
        ));
    }
    Ok(())
}

struct Outcome {
    latencies: Vec<Duration>,
    failures: usize,
}

async fn worker(client: reqwest::Client, urls: Arc<Vec<String>>, offset: usize, until: Instant) -> Outcome {
    let mut outcome = Outcome { latencies: Vec::with_capacity(100_000), failures: 0 };
    let mut n = offset;
    while Instant::now() < until {
        let url = &urls[n % urls.len()];
        n += 1;
        let started = Instant::now();
        let ok = match client.get(url).send().await {
            Ok(response) => {
                let success = response.status().is_success();
                success && response.bytes().await.is_ok()
            }
            Err(_) => false,
        };
        outcome.latencies.push(started.elapsed());
        if !ok {
            outcome.failures += 1;
        }
    }
    outcome
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Signs in and returns the access token, for scenarios that need a caller.
async fn sign_in(client: &reqwest::Client, options: &Options) -> Result<String, String> {
    let body = serde_json::json!({"email": options.email, "password": options.password});
    let response = client
        .post(format!("{}/api/v1/auth/login", options.url))
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let login: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    login["access_token"]
        .as_str()
        .map(str::to_string)
        .ok_or(format!("login as {} failed: {status}", options.email))
}

/// A client for a scenario: with the caller's bearer token when the scenario needs one.
fn client_for(options: &Options, token: Option<&str>) -> Result<reqwest::Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(token) = token {
        let value =
            reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).map_err(|e| e.to_string())?;
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
    reqwest::Client::builder()
        .pool_max_idle_per_host(options.connections)
        .timeout(Duration::from_secs(10))
        .default_headers(headers)
        .build()
        .map_err(|e| e.to_string())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

async fn run(options: Options) -> Result<(), String> {
    let anonymous = client_for(&options, None)?;
    println!(
        "{:<16} {:>10} {:>9} {:>9} {:>9} {:>8}",
        "scenario", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for scenario in &options.scenarios {
        if matches!(scenario.as_str(), "topup-complete" | "debit-race") {
            run_payments(&options, &anonymous, scenario).await?;
            continue;
        }
        if scenario.starts_with("checkout-") {
            run_checkout(&options, scenario).await?;
            continue;
        }
        let client = match scenario.as_str() {
            "me" => client_for(&options, Some(&sign_in(&anonymous, &options).await?))?,
            _ => anonymous.clone(),
        };
        let urls: Vec<String> = paths(&client, &options.url, scenario)
            .await?
            .into_iter()
            .map(|p| format!("{}{p}", options.url))
            .collect();
        if urls.is_empty() {
            return Err(format!("{scenario}: nothing to request (is the shop seeded?)"));
        }
        let urls = Arc::new(urls);
        // A short warm-up fills the connection pools and caches.
        let warm_until = Instant::now() + Duration::from_secs(1);
        let warm: Vec<_> = (0..options.connections)
            .map(|i| tokio::spawn(worker(client.clone(), urls.clone(), i, warm_until)))
            .collect();
        for handle in warm {
            let _ = handle.await;
        }
        let started = Instant::now();
        let until = started + Duration::from_secs(options.seconds);
        let handles: Vec<_> = (0..options.connections)
            .map(|i| tokio::spawn(worker(client.clone(), urls.clone(), i, until)))
            .collect();
        let mut latencies = Vec::new();
        let mut failures = 0;
        for handle in handles {
            let outcome = handle.await.map_err(|e| e.to_string())?;
            latencies.extend(outcome.latencies);
            failures += outcome.failures;
        }
        let elapsed = started.elapsed().as_secs_f64();
        latencies.sort_unstable();
        println!(
            "{:<16} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>8}",
            scenario,
            latencies.len() as f64 / elapsed,
            ms(percentile(&latencies, 0.50)),
            ms(percentile(&latencies, 0.99)),
            ms(latencies.last().copied().unwrap_or_default()),
            failures
        );
    }
    Ok(())
}

/// The payment scenarios (`payments.rs`): a buyer, and for the debit race the demo admin.
async fn run_payments(options: &Options, anonymous: &reqwest::Client, scenario: &str) -> Result<(), String> {
    let buyer = client_for(options, Some(&sign_in(anonymous, options).await?))?;
    let admin_login = Options {
        email: "admin@praline.local".into(),
        password: options.password.clone(),
        url: options.url.clone(),
        connections: options.connections,
        seconds: options.seconds,
        threads: options.threads,
        scenarios: Vec::new(),
        count: options.count,
    };
    let admin = match scenario {
        "debit-race" => Some(client_for(options, Some(&sign_in(anonymous, &admin_login).await?))?),
        _ => None,
    };
    let me: serde_json::Value = buyer
        .get(format!("{}/api/v1/me", options.url))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let buyer_id = me["id"].as_i64().or(me["user"]["id"].as_i64()).ok_or("cannot read the buyer's id")?;
    let target = Arc::new(payments::Target {
        url: options.url.clone(),
        connections: options.connections,
        count: options.count.clamp(1, 100_000),
        buyer,
        admin,
    });
    match scenario {
        "topup-complete" => payments::topup_complete(target).await,
        _ => payments::debit_race(target, buyer_id).await,
    }
}

fn main() -> ExitCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads.clamp(1, 8))
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("loadtest: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loadtest: {message}");
            ExitCode::FAILURE
        }
    }
}
