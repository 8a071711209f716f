//! `praline`: the marketplace server and its operator commands.

use std::process::ExitCode;

use actix_web::HttpServer;
use praline_gateway::{build_app, build_state, jobs, seed, startup};
use praline_kernel::clock::Clock;
use praline_kernel::config::Config;
use praline_kernel::crypto::Secrets;
use praline_kernel::db;

const USAGE: &str = "\
Praline marketplace

Usage:
  praline [serve] [--bind ADDR]   run pending migrations, then serve the shop (default)
  praline migrate                 apply pending database migrations
  praline seed-demo               add the demo shop data (safe to run again)
  praline seed-bench [--products N] [--sellers M]
                                  add benchmark data: N products (100000) from M sellers (200)
  praline create-admin --email E --password P [--nickname N]
                                  create an administrator (or make an account one)
  praline jobs list               list the scheduled jobs and their last runs
  praline jobs run NAME           run one scheduled job now
  praline gen-secrets             print fresh production secrets as environment lines
  praline help                    show this text

Configuration: praline.toml (or PRALINE_CONFIG), then environment variables such as
DATABASE_URL, REDIS_URL, PRALINE_BIND, PRALINE_DATA_DIR, PRALINE_ENV. See README.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(args.get(1..).unwrap_or(&[])),
        Some(flag) if flag.starts_with("--") => serve(&args),
        Some("migrate") => with_config(migrate),
        Some("seed-demo") => with_config(seed_demo),
        Some("seed-bench") => seed_bench(args.get(1..).unwrap_or(&[])),
        Some("create-admin") => create_admin(args.get(1..).unwrap_or(&[])),
        Some("jobs") => jobs_command(args.get(1..).unwrap_or(&[])),
        Some("gen-secrets") => {
            print!("{}", Secrets::generate_env());
            Ok(())
        }
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some("version" | "-V" | "--version") => {
            println!("praline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("praline: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

fn load_config() -> Result<Config, String> {
    init_tracing();
    startup::install_crypto_provider();
    Config::load().map_err(|e| e.to_string())
}

fn with_config(command: fn(Config) -> Result<(), String>) -> Result<(), String> {
    command(load_config()?)
}

fn runtime() -> Result<actix_web::rt::SystemRunner, String> {
    Ok(actix_web::rt::System::new())
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut config = load_config()?;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--bind" => {
                config.bind = rest.next().ok_or("--bind needs an address like 127.0.0.1:8080")?.clone();
            }
            other => return Err(format!("unknown option {other:?} for serve\n\n{USAGE}")),
        }
    }
    let bind = config.bind.clone();
    let workers = match config.http.workers {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
        n => n,
    };
    let development = !config.is_production();
    let data_dir = config.data_dir.clone();
    let state = build_state(config, Clock::system()).map_err(|e| e.to_string())?;
    runtime()?.block_on(async move {
        if development && seed::is_empty(&state).await.map_err(|e| e.to_string())? {
            let report = seed::seed_demo(&state).await.map_err(|e| e.to_string())?;
            if !report.lines.is_empty() {
                tracing::info!("first start on an empty development database: seeded the demo shop");
                for line in &report.lines {
                    println!("  {line}");
                }
            }
        }
        jobs::spawn_scheduler(state.clone());
        let server_state = state.clone();
        let server = HttpServer::new(move || build_app(server_state.clone()))
            .workers(workers)
            .shutdown_timeout(10)
            .bind(&bind)
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        let backend = match state.pool.get().map(|c| c.backend()) {
            Ok(db::Backend::Postgres) => "PostgreSQL",
            Ok(db::Backend::Sqlite) => "SQLite",
            Err(_) => "unreachable database",
        };
        tracing::info!(%bind, backend, data_dir = %data_dir.display(), "Praline is serving; open http://{bind}/");
        // actix-server stops gracefully on SIGTERM and Ctrl-C, finishing requests in flight.
        server.run().await.map_err(|e| e.to_string())
    })
}

fn migrate(config: Config) -> Result<(), String> {
    let pool = db::connect(&config.database_url(), 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let applied = db::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    if applied.is_empty() {
        println!("The database is up to date.");
    } else {
        for version in applied {
            println!("applied {version}");
        }
    }
    Ok(())
}

fn seed_demo(config: Config) -> Result<(), String> {
    let state = build_state(config, Clock::system()).map_err(|e| e.to_string())?;
    runtime()?.block_on(async move {
        let report = seed::seed_demo(&state).await.map_err(|e| e.to_string())?;
        if report.lines.is_empty() {
            println!("Nothing to seed.");
        }
        for line in report.lines {
            println!("{line}");
        }
        Ok(())
    })
}

fn seed_bench(args: &[String]) -> Result<(), String> {
    let (mut products, mut sellers) = (100_000_usize, 200_usize);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = |v: Option<&String>| {
            v.and_then(|v| v.parse::<usize>().ok()).ok_or(format!("{arg} needs a number"))
        };
        match arg.as_str() {
            "--products" => products = value(rest.next())?,
            "--sellers" => sellers = value(rest.next())?.max(1),
            other => return Err(format!("unknown option {other:?} for seed-bench")),
        }
    }
    let state = build_state(load_config()?, Clock::system()).map_err(|e| e.to_string())?;
    runtime()?.block_on(async move {
        let started = std::time::Instant::now();
        let report = seed::seed_bench(&state, products, sellers).await.map_err(|e| e.to_string())?;
        println!("{report} in {:.1} s", started.elapsed().as_secs_f64());
        Ok(())
    })
}

fn create_admin(args: &[String]) -> Result<(), String> {
    use praline_accounts::model::{Email, Nickname, Password};
    use praline_accounts::service::{Env, admin, password};
    let (mut email, mut secret, mut nickname) = (None, None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--email" => email = rest.next().cloned(),
            "--password" => secret = rest.next().cloned(),
            "--nickname" => nickname = rest.next().cloned(),
            other => return Err(format!("unknown option {other:?} for create-admin")),
        }
    }
    let usage = "usage: praline create-admin --email E --password P [--nickname N]";
    let email = Email::parse(&email.ok_or(usage)?).map_err(|e| e.to_string())?;
    let password = Password::parse("password", &secret.ok_or(usage)?).map_err(|e| e.to_string())?;
    let nickname = Nickname::parse(nickname.as_deref().unwrap_or("관리자")).map_err(|e| e.to_string())?;
    let config = load_config()?;
    let state = build_state(config, Clock::system()).map_err(|e| e.to_string())?;
    let accounts: praline_accounts::AccountsConfig =
        state.config.section("accounts").map_err(|e| e.to_string())?;
    runtime()?.block_on(async move {
        let hash = password::hash(&password, accounts.bcrypt_cost).await.map_err(|e| e.to_string())?;
        let secrets = state.secrets.clone();
        let clock = state.clock.clone();
        let (account, created) = db::run(&state.pool, move |conn| {
            let env = Env { now: clock.now(), secrets: &secrets, config: &accounts };
            admin::create_admin(conn, &env, &email, &nickname, &hash)
        })
        .await
        .map_err(|e| e.to_string())?;
        let verb = if created { "created" } else { "promoted" };
        println!("Administrator {} {verb} (id {}).", account.user.email, account.user.id);
        Ok(())
    })
}

fn jobs_command(args: &[String]) -> Result<(), String> {
    let state = build_state(load_config()?, Clock::system()).map_err(|e| e.to_string())?;
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("list"), None) => runtime()?.block_on(async move {
            let leases = db::run(&state.pool, |conn| {
                praline_kernel::lease::JobLease::all(conn).map_err(praline_kernel::db::DbError::from)
            })
            .await
            .map_err(|e| e.to_string())?;
            for job in jobs::all() {
                let last = leases.iter().find(|l| l.name == job.name);
                let when = last
                    .and_then(|l| l.last_finished_at)
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "never".into());
                let status = last.and_then(|l| l.last_status.clone()).unwrap_or_default();
                println!(
                    "{:<30} every {:>4} min  last: {when} {status}  ({})",
                    job.name,
                    job.every.num_minutes(),
                    job.about
                );
            }
            Ok(())
        }),
        (Some("run"), Some(name)) => runtime()?.block_on(async move {
            let report = jobs::run_now(&state, name).await?;
            println!("{name}: {report}");
            Ok(())
        }),
        _ => Err("usage: praline jobs list | praline jobs run NAME".into()),
    }
}
