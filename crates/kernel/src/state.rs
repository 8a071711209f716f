//! What every handler can reach: configuration, the pool, the clock, secrets, storage,
//! outbound messaging and Redis. Built once at start-up, cloned cheaply into each worker.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::Secrets;
use crate::db::Pool;
use crate::messaging::{Mailer, SmsSender};
use crate::ratelimit::RateLimiter;
use crate::redis::RedisHandle;
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
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("env", &self.config.env)
            .field("storage", &self.storage)
            .field("redis", &self.redis.is_some())
            .finish_non_exhaustive()
    }
}
