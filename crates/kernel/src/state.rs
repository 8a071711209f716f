//! What every handler can reach: configuration, the pool, the clock, secrets, storage,
//! outbound messaging and Redis. Built once at start-up, cloned cheaply into each worker.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::Secrets;
use crate::db::Pool;
use crate::messaging::{Mailer, SmsSender};
use crate::ratelimit::RateLimiter;
use crate::redis::RedisHandle;
use crate::session::SessionGuard;
use crate::storage::Storage;

/// Shared application state, registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: Pool,
    pub clock: Clock,
    pub secrets: Arc<Secrets>,
    pub storage: Arc<dyn Storage>,
    pub mailer: Arc<dyn Mailer>,
    pub sms: Arc<dyn SmsSender>,
    pub redis: Option<RedisHandle>,
    /// Rate limits, shared through Redis when it is configured.
    pub limits: Arc<RateLimiter>,
    /// Whether an access token's session is still open (the gateway wires accounts' answer).
    pub sessions: Arc<SessionGuard>,
    /// Each domain's parsed settings (`[accounts]`, `[catalog]`…), checked once at start-up.
    pub settings: DomainSettings,
}

/// Each domain's settings, parsed once by the gateway at start-up and read, by type, wherever
/// that domain runs (handlers, jobs, commands); the kernel never names a domain type.
#[derive(Clone, Default)]
pub struct DomainSettings(Arc<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl DomainSettings {
    /// Adds (or replaces) the settings of type `T`.
    pub fn with<T: Any + Send + Sync>(self, value: T) -> DomainSettings {
        let mut map = Arc::unwrap_or_clone(self.0);
        map.insert(TypeId::of::<T>(), Arc::new(value));
        DomainSettings(Arc::new(map))
    }

    /// The settings of type `T`, if the gateway registered them.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0.get(&TypeId::of::<T>()).cloned().and_then(|value| value.downcast::<T>().ok())
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("env", &self.config.env)
            .field("storage", &self.storage)
            .field("redis", &self.redis.is_some())
            .field("settings", &self.settings.0.len())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Runs one service call off the async executor: a pooled connection and the clock's "now"
    /// on the blocking pool, its domain error mapped to the API envelope. The one way handlers
    /// reach the database, in every crate.
    pub async fn run<T, E, F>(&self, f: F) -> crate::ApiResult<T>
    where
        F: FnOnce(&mut crate::db::Conn, chrono::DateTime<chrono::Utc>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<crate::db::DbError> + Into<crate::ApiError> + Send + 'static,
    {
        let now = self.clock.now();
        crate::db::run(&self.pool, move |conn| f(conn, now)).await.map_err(Into::into)
    }
}
