//! Payment scenarios, against a praline in development mode without PortOne keys, so its
//! built-in PortOne simulator (on the same loopback port) is the provider:
//!
//! - `topup-complete`: `--count` top-ups of 10,000 won, each pipelined as a worker would see
//!   it: `POST /payments/topups`, Approve at the simulator's checkout, then the timed
//!   `POST /payments/portone/complete` (a PortOne lookup and the `ready → paid` transaction).
//!   The simulator's webhook for each payment arrives ~300 ms later and races the replays.
//!   Then every payment is completed a second time (replays: no PortOne call). At the end the
//!   balance must have risen by exactly `count × 10,000`.
//! - `debit-race`: sets the buyer's balance to `count × 1,000` with one admin adjustment, then
//!   sends `2 × count` concurrent −1,000 adjustments: exactly `count` must succeed (201), the
//!   rest answer 402, and the balance must end at 0, never below.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{ms, percentile};

const TOP_UP: i64 = 10_000;

/// Where the scenario runs and as whom.
pub struct Target {
    pub url: String,
    pub connections: usize,
    pub count: usize,
    pub buyer: reqwest::Client,
    pub admin: Option<reqwest::Client>,
}

async fn json(response: reqwest::Response) -> Result<(u16, Value), String> {
    let status = response.status().as_u16();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, body))
}

async fn balance(target: &Target) -> Result<i64, String> {
    let response =
        target.buyer.get(format!("{}/api/v1/wallet", target.url)).send().await.map_err(|e| e.to_string())?;
    let (_, body) = json(response).await?;
    body["balance"].as_i64().ok_or(format!("no balance in {body}"))
}

/// One pipelined top-up; the latency of its `complete` and of the whole cycle.
async fn one_top_up(
    target: &Target,
    no_redirect: &reqwest::Client,
) -> Result<(Duration, Duration, String, String), String> {
    let url = &target.url;
    let cycle = Instant::now();
    let created = target
        .buyer
        .post(format!("{url}/api/v1/payments/topups"))
        .json(&json!({ "amount": TOP_UP }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let (status, payment) = json(created).await?;
    if status != 201 {
        return Err(format!("top-up answered {status}: {payment}"));
    }
    let merchant_uid = payment["merchant_uid"].as_str().unwrap_or_default().to_string();
    let checkout = payment["checkout"]["simulator_url"]
        .as_str()
        .ok_or("the server is not using its simulator (PortOne keys set?)")?;
    let approved = no_redirect
        .post(format!("{url}{checkout}"))
        .form(&[("action", "approve"), ("return_url", "/topup.html")])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let location =
        approved.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let imp_uid = location
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("imp_uid="))
        .ok_or(format!("the simulator did not approve: {location}"))?
        .to_string();
    let started = Instant::now();
    let done = complete(target, &imp_uid, &merchant_uid).await?;
    if done != 200 {
        return Err(format!("complete answered {done}"));
    }
    Ok((started.elapsed(), cycle.elapsed(), imp_uid, merchant_uid))
}

async fn complete(target: &Target, imp_uid: &str, merchant_uid: &str) -> Result<u16, String> {
    let response = target
        .buyer
        .post(format!("{}/api/v1/payments/portone/complete", target.url))
        .json(&json!({ "imp_uid": imp_uid, "merchant_uid": merchant_uid }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(response.status().as_u16())
}

fn report(name: &str, count: usize, elapsed: Duration, latencies: &mut [Duration], errors: usize) {
    latencies.sort_unstable();
    println!(
        "{:<22} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>8}",
        name,
        count as f64 / elapsed.as_secs_f64(),
        ms(percentile(latencies, 0.50)),
        ms(percentile(latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
        errors
    );
}

/// `topup-complete`.
pub async fn topup_complete(target: Arc<Target>) -> Result<(), String> {
    let before = balance(&target).await?;
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..target.connections)
        .map(|_| {
            let (target, next, no_redirect) = (target.clone(), next.clone(), no_redirect.clone());
            tokio::spawn(async move {
                let mut done = Vec::new();
                let mut errors = 0;
                while next.fetch_add(1, Ordering::Relaxed) < target.count {
                    match one_top_up(&target, &no_redirect).await {
                        Ok(result) => done.push(result),
                        Err(e) => {
                            errors += 1;
                            if errors == 1 {
                                eprintln!("topup-complete: {e}");
                            }
                        }
                    }
                }
                (done, errors)
            })
        })
        .collect();
    let (mut latencies, mut cycles) = (Vec::new(), Vec::new());
    let mut payments = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (done, failed) = worker.await.map_err(|e| e.to_string())?;
        errors += failed;
        for (latency, cycle, imp_uid, merchant_uid) in done {
            latencies.push(latency);
            cycles.push(cycle);
            payments.push((imp_uid, merchant_uid));
        }
    }
    let elapsed = started.elapsed();
    report("top-up cycles", payments.len(), elapsed, &mut cycles, errors);
    report("  first complete", payments.len(), elapsed, &mut latencies, errors);

    // Replays: every payment completed again, concurrently.
    let payments = Arc::new(payments);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..target.connections)
        .map(|_| {
            let (target, next, payments) = (target.clone(), next.clone(), payments.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((imp_uid, merchant_uid)) = payments.get(i) else { break };
                    let t = Instant::now();
                    if complete(&target, imp_uid, merchant_uid).await != Ok(200) {
                        errors += 1;
                    }
                    latencies.push(t.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for worker in workers {
        let (l, e) = worker.await.map_err(|e| e.to_string())?;
        latencies.extend(l);
        errors += e;
    }
    report("  replayed complete", payments.len(), started.elapsed(), &mut latencies, errors);

    // The webhooks have landed by now; the money must have been credited exactly once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = balance(&target).await?;
    let expected = payments.len() as i64 * TOP_UP;
    println!(
        "credited {} for {} paid top-ups (expected {expected}): {}",
        after - before,
        payments.len(),
        if after - before == expected { "exactly once" } else { "MISMATCH" }
    );
    if after - before != expected {
        return Err("the top-ups were not credited exactly once".into());
    }
    Ok(())
}

/// `debit-race`.
pub async fn debit_race(target: Arc<Target>, buyer_id: i64) -> Result<(), String> {
    let admin = target.admin.clone().ok_or("debit-race needs the admin's login")?;
    let url = format!("{}/api/v1/admin/wallets/{buyer_id}/adjustments", target.url);
    let start = target.count as i64 * 1_000;
    let current = balance(&target).await?;
    if current != start {
        let response = admin
            .post(&url)
            .json(&json!({ "amount": start - current, "memo": "loadtest: set the balance" }))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().as_u16() != 201 {
            return Err(format!("could not set the balance: {}", response.status()));
        }
    }
    let attempts = target.count * 2;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..target.connections)
        .map(|_| {
            let (admin, url, next) = (admin.clone(), url.clone(), next.clone());
            tokio::spawn(async move {
                let (mut paid, mut short, mut other, mut latencies) = (0, 0, 0, Vec::new());
                while next.fetch_add(1, Ordering::Relaxed) < attempts {
                    let t = Instant::now();
                    let status = admin
                        .post(&url)
                        .json(&json!({ "amount": -1_000, "memo": "loadtest: debit race" }))
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    latencies.push(t.elapsed());
                    match status {
                        201 => paid += 1,
                        402 => short += 1,
                        _ => other += 1,
                    }
                }
                (paid, short, other, latencies)
            })
        })
        .collect();
    let (mut paid, mut short, mut other, mut latencies) = (0, 0, 0, Vec::new());
    for worker in workers {
        let (p, s, o, l) = worker.await.map_err(|e| e.to_string())?;
        paid += p;
        short += s;
        other += o;
        latencies.extend(l);
    }
    report("debit race", attempts, started.elapsed(), &mut latencies, other);
    let end = balance(&target).await?;
    println!("{paid} debits paid, {short} answered 402, {other} other; balance {start} → {end}");
    if paid != target.count || end != 0 || other != 0 {
        return Err("the debit race broke the no-negative rule".into());
    }
    Ok(())
}
