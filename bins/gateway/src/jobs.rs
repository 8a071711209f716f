//! Scheduled jobs. Every gateway runs the scheduler; a job runs only after its lease is taken,
//! and the lease lasts one period, so each job runs once per period across all gateways.
//! `praline jobs run <name>` runs one at once, outside the schedule.

use std::time::Duration as StdDuration;

use chrono::Duration;
use futures_util::future::BoxFuture;
use praline_kernel::AppState;
use praline_kernel::db;
use praline_kernel::lease::JobLease;

type JobFn = fn(AppState) -> BoxFuture<'static, Result<String, String>>;

/// One scheduled job.
pub struct Job {
    pub name: &'static str,
    /// How often it runs (and how long its lease lasts).
    pub every: Duration,
    pub about: &'static str,
    run: JobFn,
}

fn accounts_config(state: &AppState) -> Result<std::sync::Arc<praline_accounts::AccountsConfig>, String> {
    state.settings.get().ok_or_else(|| "the [accounts] settings were not loaded".to_string())
}

fn purge_unverified(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let now = state.clock.now();
        let removed = db::run(&state.pool, move |conn| {
            praline_accounts::service::lifecycle::purge_unverified(conn, now)
        })
        .await
        .map_err(|e| e.to_string())?;
        Ok(format!("removed {removed} unverified signups"))
    })
}

fn anonymise_dormant(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let config = accounts_config(&state)?;
        let (pool, secrets, clock) = (state.pool.clone(), state.secrets.clone(), state.clock.clone());
        let count = db::run(&pool, move |conn| {
            let env = praline_accounts::service::Env { now: clock.now(), secrets: &secrets, config: &config };
            praline_accounts::service::lifecycle::anonymise_dormant(conn, &env)
        })
        .await
        .map_err(|e| e.to_string())?;
        Ok(format!("anonymised {count} dormant accounts"))
    })
}

fn purge_deleted_products(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let cutoff = state.clock.now() - Duration::days(30);
        let keys =
            db::run(&state.pool, move |conn| praline_catalog::service::image::purge_deleted(conn, cutoff))
                .await
                .map_err(|e| e.to_string())?;
        let count = keys.len();
        praline_kernel::upload::remove_files(&state.storage, keys).await;
        Ok(format!("removed {count} image files of purged products"))
    })
}

fn renew_memberships(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let now = state.clock.now();
        let report =
            db::run(&state.pool, move |conn| praline_payments::service::membership::renew_due(conn, now))
                .await
                .map_err(|e| e.to_string())?;
        // Told after the run's transactions committed; payments knows ids, accounts addresses.
        let ids: Vec<i64> = report.ended.iter().map(|e| e.user_id).collect();
        let users = if ids.is_empty() {
            Vec::new()
        } else {
            db::run(&state.pool, move |conn| {
                praline_accounts::model::User::many(conn, &ids).map_err(praline_kernel::db::DbError::from)
            })
            .await
            .map_err(|e| e.to_string())?
        };
        let calendar = state.config.calendar();
        let mut mailed = 0;
        for ended in &report.ended {
            let Some(user) = users.iter().find(|u| {
                u.id == ended.user_id && u.status() != praline_accounts::model::UserStatus::Anonymised
            }) else {
                continue;
            };
            let mail = praline_payments::mail::MembershipEndedMail {
                to: &user.email,
                nickname: &user.nickname,
                period_end: ended.period_end,
                balance: ended.balance,
                calendar,
            };
            match state.mailer.send(mail.render()).await {
                Ok(()) => mailed += 1,
                Err(e) => tracing::warn!(user_id = user.id, error = %e, "membership-ended e-mail failed"),
            }
        }
        Ok(format!(
            "renewed {}, lapsed {}, ended {} for want of points ({mailed} e-mailed), {} already handled",
            report.renewed.len(),
            report.lapsed.len(),
            report.ended.len(),
            report.skipped
        ))
    })
}

fn purge_chat_messages(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let now = state.clock.now();
        let removed = db::run(&state.pool, move |conn| praline_chat::service::purge_messages(conn, now))
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!("removed {removed} chat messages older than 7 days"))
    })
}

fn reconcile_payments(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let Some(cards) = state.settings.get::<praline_payments::service::card::Cards>() else {
            return Ok("card payments are not configured".into());
        };
        let done = praline_payments::service::card::reconcile(&state, &cards, 200)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "expired {} unpaid payments, found {} paid, confirmed {} refunds, deferred {}",
            done.expired, done.paid, done.refunded, done.deferred
        ))
    })
}

fn purge_idempotency_keys(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let now = state.clock.now();
        let removed = db::run(&state.pool, move |conn| {
            praline_kernel::idempotency::purge_expired(conn, now).map_err(praline_kernel::db::DbError::from)
        })
        .await
        .map_err(|e| e.to_string())?;
        Ok(format!("removed {removed} expired idempotency keys"))
    })
}

fn auto_confirm_lines(state: AppState) -> BoxFuture<'static, Result<String, String>> {
    Box::pin(async move {
        let now = state.clock.now();
        let confirmed =
            db::run(&state.pool, move |conn| praline_commerce::service::order::confirm_due(conn, now))
                .await
                .map_err(|e| e.to_string())?;
        Ok(format!("confirmed {confirmed} order lines delivered 7 days ago"))
    })
}

/// Every job, in the order they run.
pub fn all() -> Vec<Job> {
    vec![
        Job {
            name: "accounts.purge_unverified",
            every: Duration::hours(1),
            about: "remove signups not verified within 2 days",
            run: purge_unverified,
        },
        Job {
            name: "accounts.anonymise_dormant",
            every: Duration::hours(1),
            about: "anonymise accounts withdrawn more than 30 days ago",
            run: anonymise_dormant,
        },
        Job {
            name: "payments.renew_memberships",
            every: Duration::minutes(5),
            about: "charge memberships whose period ended for the next 28 days, or end them",
            run: renew_memberships,
        },
        Job {
            name: "payments.reconcile",
            every: Duration::minutes(1),
            about: "expire unpaid card payments (after a last look at PortOne) and retry refunds owed",
            run: reconcile_payments,
        },
        Job {
            name: "catalog.purge_deleted",
            every: Duration::hours(6),
            about: "remove products deleted more than 30 days ago, with their images",
            run: purge_deleted_products,
        },
        Job {
            name: "kernel.purge_idempotency_keys",
            every: Duration::hours(1),
            about: "remove Idempotency-Key answers older than 24 hours",
            run: purge_idempotency_keys,
        },
        Job {
            name: "commerce.auto_confirm",
            every: Duration::minutes(10),
            about: "confirm order lines delivered 7 days ago (purchase reward and seller settlement)",
            run: auto_confirm_lines,
        },
        Job {
            name: "chat.purge_messages",
            every: Duration::hours(1),
            about: "remove chat messages older than 7 days",
            run: purge_chat_messages,
        },
    ]
}

/// Runs one job now, without a lease; returns its report.
pub async fn run_now(state: &AppState, name: &str) -> Result<String, String> {
    let job = all().into_iter().find(|j| j.name == name).ok_or_else(|| {
        let names: Vec<&str> = all().iter().map(|j| j.name).collect();
        format!("unknown job {name:?}; jobs: {}", names.join(", "))
    })?;
    (job.run)(state.clone()).await
}

/// Runs every job whose lease this holder can take now; returns the names that ran.
pub async fn run_due(state: &AppState, holder: &str) -> Vec<&'static str> {
    let mut ran = Vec::new();
    for job in all() {
        let (name, ttl, who, now) = (job.name, job.every, holder.to_string(), state.clock.now());
        let acquired = db::run(&state.pool, move |conn| {
            JobLease::try_acquire(conn, name, &who, ttl, now).map_err(praline_kernel::db::DbError::from)
        })
        .await;
        match acquired {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(job = name, error = %e, "cannot take the job lease");
                continue;
            }
        }
        let (status, message) = match (job.run)(state.clone()).await {
            Ok(report) => {
                tracing::info!(job = name, %report, "job finished");
                ("ok", report)
            }
            Err(error) => {
                tracing::warn!(job = name, %error, "job failed");
                ("failed", error)
            }
        };
        let (who, now) = (holder.to_string(), state.clock.now());
        let recorded = db::run(&state.pool, move |conn| {
            JobLease::record_finish(conn, name, &who, status, &message, now)
                .map_err(praline_kernel::db::DbError::from)
        })
        .await;
        if let Err(e) = recorded {
            tracing::warn!(job = name, error = %e, "cannot record the job result");
        }
        ran.push(name);
    }
    ran
}

/// Starts the scheduler on the current actix system: checks for due jobs every minute.
pub fn spawn_scheduler(state: AppState) {
    let holder =
        format!("gateway-{}-{}", std::process::id(), hex::encode(praline_kernel::crypto::random_bytes(4)));
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(StdDuration::from_secs(60));
        loop {
            tick.tick().await;
            run_due(&state, &holder).await;
        }
    });
}
