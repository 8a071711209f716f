//! Building the shared state from configuration: data folder, secrets, database (migrated),
//! storage, outbound messaging and Redis.

use std::sync::Arc;

use praline_kernel::AppState;
use praline_kernel::clock::Clock;
use praline_kernel::config::Config;
use praline_kernel::crypto::{CryptoError, Secrets};
use praline_kernel::db::{self, DbError};
use praline_kernel::messaging::{Mailer, OutboxMailer, OutboxSms, SensSms, SmsSender, SmtpMailer};
use praline_kernel::ratelimit::RateLimiter;
use praline_kernel::redis::RedisHandle;
use praline_kernel::session::SessionGuard;
use praline_kernel::state::DomainSettings;
use praline_kernel::storage::LocalStorage;

/// Why the process could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] praline_kernel::config::ConfigError),
    #[error(transparent)]
    Secrets(#[from] CryptoError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("{0}")]
    Other(String),
}

/// The uploads folder inside the data directory.
pub fn uploads_dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("uploads")
}

/// The outbox folder inside the data directory.
pub fn outbox_dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("outbox")
}

/// Builds the state: creates the data folders, loads secrets, opens and migrates the database.
pub fn build_state(config: Config, clock: Clock) -> Result<AppState, StartupError> {
    build_state_with(config, clock, None)
}

/// Like [`build_state`], with secrets given by the caller (tests).
pub fn build_state_with(
    config: Config,
    clock: Clock,
    secrets: Option<Secrets>,
) -> Result<AppState, StartupError> {
    for dir in [config.data_dir.clone(), uploads_dir(&config), outbox_dir(&config)] {
        std::fs::create_dir_all(&dir)
            .map_err(|e| StartupError::Other(format!("cannot create {}: {e}", dir.display())))?;
    }
    let settings = domain_settings(&config)?;
    let secrets = match secrets {
        Some(s) => s,
        None => Secrets::load(&config)?,
    };
    let pool = db::connect(&config.database_url(), config.database.pool_size)?;
    {
        let mut conn = pool.get().map_err(DbError::Pool)?;
        let applied = db::run_migrations(&mut conn)?;
        if !applied.is_empty() {
            tracing::info!(count = applied.len(), "applied database migrations");
        }
    }
    let mailer: Arc<dyn Mailer> = if config.mail.smtp_url.trim().is_empty() {
        Arc::new(OutboxMailer::new(outbox_dir(&config), &config.mail.from))
    } else {
        Arc::new(
            SmtpMailer::from_url(config.mail.smtp_url.trim(), &config.mail.from)
                .map_err(|e| StartupError::Other(e.to_string()))?,
        )
    };
    let redis = match config.redis_url() {
        Some(url) => Some(RedisHandle::open(url).map_err(StartupError::Other)?),
        None => None,
    };
    let storage = Arc::new(LocalStorage::new(uploads_dir(&config), "/uploads"));
    let sms: Arc<dyn SmsSender> = if config.sms.sens_enabled() {
        Arc::new(SensSms::new(&config.sms).map_err(|e| StartupError::Other(e.to_string()))?)
    } else {
        Arc::new(OutboxSms::new(outbox_dir(&config)))
    };
    let limits = Arc::new(RateLimiter::new(redis.clone(), &config.redis.prefix));
    // Access tokens of ended sessions are refused: accounts says which sessions are open.
    let sessions = Arc::new(SessionGuard::new(Arc::new(praline_accounts::service::session::OpenSessions)));
    Ok(AppState {
        limits,
        sessions,
        config: Arc::new(config),
        pool,
        clock,
        secrets: Arc::new(secrets),
        storage,
        mailer,
        sms,
        redis,
        settings,
    })
}

/// Parses and checks every domain's settings, once; handlers, jobs and commands read them from
/// [`AppState::settings`].
pub fn domain_settings(config: &Config) -> Result<DomainSettings, StartupError> {
    let accounts = praline_accounts::AccountsConfig::load(config).map_err(StartupError::Other)?;
    let catalog = praline_catalog::service::CatalogConfig::load(config).map_err(StartupError::Other)?;
    let counts = praline_catalog::service::listing::CountCache::for_settings(&catalog);
    let commerce = praline_commerce::service::CommerceConfig::load(config).map_err(StartupError::Other)?;
    let community = praline_community::CommunityConfig::load(config).map_err(StartupError::Other)?;
    // This gateway's chat sockets and its fan-out (through Redis when configured); it starts on
    // first use.
    let timings = praline_chat::ChatConfig::load(config).map_err(StartupError::Other)?;
    let chat = praline_chat::ChatHub::with_config(config.redis_url(), &config.redis.prefix, timings);
    let settings = DomainSettings::default()
        .with(accounts)
        .with(catalog)
        .with(counts)
        .with(commerce)
        .with(community)
        .with(chat);
    with_cards(settings, config)
}

/// Card payments: PortOne with keys; in development without them, the built-in simulator
/// (mounted by the app at `/_sim/portone`, posting its webhooks back to this server); in
/// production without them, none (card payments answer 503).
fn with_cards(settings: DomainSettings, config: &Config) -> Result<DomainSettings, StartupError> {
    use praline_payments::service::card::{self, Cards, Provider};
    // Payments never names the crates above it: their effects are wired in here.
    let hooks = praline_payments::service::hooks::PaymentHooks::new()
        .payers(praline_accounts::service::contact::PaymentPayers)
        .on(praline_payments::model::Purpose::Order, praline_commerce::service::card::OrderPayments);
    let Some(cards) = Cards::from_config(config, hooks).map_err(StartupError::Other)? else {
        return Ok(settings);
    };
    if cards.provider == Provider::Portone {
        return Ok(settings.with(cards));
    }
    tracing::warn!("no PortOne keys: card payments go to the built-in simulator at /_sim/portone");
    let simulator = praline_payments::portone::simulator::Simulator::new();
    simulator
        .set_webhook_url(&format!("{}/api/v1/payments/portone/webhook", card::loopback_url(&config.bind)));
    Ok(settings.with(cards).with(simulator))
}

/// Installs the process-wide TLS crypto provider (ring); outbound HTTPS clients need it.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
