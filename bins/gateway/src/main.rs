//! `praline`: the marketplace server and its operator commands.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use praline_gateway::server::{self, Listen, ServerOptions};
use praline_gateway::{build_state, jobs, seed, startup};
use praline_kernel::clock::Clock;
use praline_kernel::config::Config;
use praline_kernel::crypto::Secrets;
use praline_kernel::db;

/// Praline marketplace: the server and its operator commands.
///
/// Without a command, `praline` serves the shop.
#[derive(Debug, Parser)]
#[command(
    name = "praline",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Configuration: praline.toml (or PRALINE_CONFIG), then environment variables such as \
                  DATABASE_URL, REDIS_URL, PRALINE_BIND, PRALINE_DATA_DIR, PRALINE_WEB_DIR, PRALINE_ENV. \
                  See README.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    // `praline --bind ADDR` is `praline serve --bind ADDR`.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run pending migrations, then serve the shop (the default)
    Serve(ServeArgs),
    /// Apply pending database migrations and exit
    Migrate,
    /// Add the demo shop data (safe to run again)
    SeedDemo,
    /// Add benchmark data: many products from many sellers
    SeedBench(SeedBenchArgs),
    /// Create an administrator (or make an existing account one)
    CreateAdmin(CreateAdminArgs),
    /// List or run the scheduled jobs
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Print fresh production secrets as environment lines
    GenSecrets,
    /// Print the version
    Version,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on, overriding PRALINE_BIND (e.g. 127.0.0.1:8080)
    #[arg(long, value_name = "ADDR")]
    bind: Option<String>,
}

#[derive(Debug, Args)]
struct SeedBenchArgs {
    /// How many products to add
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    products: usize,
    /// How many sellers they come from
    #[arg(long, value_name = "M", default_value_t = 200)]
    sellers: usize,
}

#[derive(Debug, Args)]
struct CreateAdminArgs {
    /// E-mail address of the administrator
    #[arg(long, value_name = "E")]
    email: String,
    /// Password of a new account (ignored when the account exists)
    #[arg(long, value_name = "P")]
    password: String,
    /// Nickname of a new account
    #[arg(long, value_name = "N", default_value = "관리자")]
    nickname: String,
}

#[derive(Debug, Subcommand)]
enum JobsCommand {
    /// List the scheduled jobs and their last runs
    List,
    /// Run one scheduled job now (e.g. accounts.anonymise_dormant)
    Run {
        /// The job's name, as `praline jobs list` shows it
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Migrate) => with_config(migrate),
        Some(Command::SeedDemo) => with_config(seed_demo),
        Some(Command::SeedBench(args)) => seed_bench(args),
        Some(Command::CreateAdmin(args)) => create_admin(args),
        Some(Command::Jobs { command }) => jobs_command(command),
        Some(Command::GenSecrets) => {
            print!("{}", Secrets::generate_env());
            Ok(())
        }
        Some(Command::Version) => {
            println!("praline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
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
    // Colours only on a terminal: a log file or journal gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(ansi).try_init();
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

fn serve(args: ServeArgs) -> Result<(), String> {
    let mut config = load_config()?;
    if let Some(bind) = args.bind {
        config.bind = bind;
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
        let options = ServerOptions { workers, shutdown_timeout: 10, signals: true };
        let server = server::serve(server_state, Listen::Address(bind.clone()), &options)
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        let backend = match state.pool.get().map(|c| c.backend()) {
            Ok(db::Backend::Postgres) => "PostgreSQL",
            Ok(db::Backend::Sqlite) => "SQLite",
            Err(_) => "unreachable database",
        };
        tracing::info!(%bind, backend, data_dir = %data_dir.display(), "Praline is serving; open http://{bind}/");
        // actix-server stops gracefully on SIGTERM and Ctrl-C, finishing requests in flight.
        server.await.map_err(|e| e.to_string())
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

fn seed_bench(args: SeedBenchArgs) -> Result<(), String> {
    let (products, sellers) = (args.products, args.sellers.max(1));
    let state = build_state(load_config()?, Clock::system()).map_err(|e| e.to_string())?;
    runtime()?.block_on(async move {
        let started = std::time::Instant::now();
        let report = seed::seed_bench(&state, products, sellers).await.map_err(|e| e.to_string())?;
        println!("{report} in {:.1} s", started.elapsed().as_secs_f64());
        Ok(())
    })
}

fn create_admin(args: CreateAdminArgs) -> Result<(), String> {
    use praline_accounts::model::{Email, Nickname, Password};
    use praline_accounts::service::{self, admin, password};
    let email = Email::parse(&args.email).map_err(|e| e.to_string())?;
    let password = Password::parse("password", &args.password).map_err(|e| e.to_string())?;
    let nickname = Nickname::parse(&args.nickname).map_err(|e| e.to_string())?;
    let config = load_config()?;
    let state = build_state(config, Clock::system()).map_err(|e| e.to_string())?;
    let accounts = state
        .settings
        .get::<praline_accounts::AccountsConfig>()
        .ok_or("the [accounts] settings were not loaded")?;
    runtime()?.block_on(async move {
        let hash = password::hash(&password, accounts.bcrypt_cost).await.map_err(|e| e.to_string())?;
        let (account, created) = service::call(&state, accounts, move |conn, env| {
            admin::create_admin(conn, env, &email, &nickname, &hash)
        })
        .await
        .map_err(|e| e.to_string())?;
        let verb = if created { "created" } else { "promoted" };
        println!("Administrator {} {verb} (id {}).", account.user.email, account.user.id);
        Ok(())
    })
}

fn jobs_command(command: JobsCommand) -> Result<(), String> {
    let state = build_state(load_config()?, Clock::system()).map_err(|e| e.to_string())?;
    match command {
        JobsCommand::List => runtime()?.block_on(async move {
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
        JobsCommand::Run { name } => runtime()?.block_on(async move {
            let report = jobs::run_now(&state, &name).await?;
            println!("{name}: {report}");
            Ok(())
        }),
    }
}
