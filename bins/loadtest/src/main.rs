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
//! Each scenario runs for the given time with the given number of concurrent keep-alive
//! connections, then prints requests/s, p50/p99/max latency and the count of non-2xx answers.
//! Only loopback targets are accepted: this is for measuring, not for attacking anyone.

mod payments;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: loadtest [--url http://127.0.0.1:8080] [--connections 32] [--seconds 20] [--threads 1] [--scenario NAME]... [--email E] [--password P]
scenarios: first-page, deep-page, search, search-SORT (SORT: popular, rating, sales, price_asc,
price_desc), search-rare, category-price, detail, categories, me (default: first-page, deep-page,
search, category-price, detail)
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
        "me" => vec!["/api/v1/me".into()],
        other => return Err(format!("unknown scenario {other:?}\n{USAGE}")),
    })
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
