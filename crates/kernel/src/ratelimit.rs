//! Fixed-window rate limits, in-process by default and shared through Redis when it is
//! configured, so every gateway counts the same attempts. If Redis stops answering, counting
//! falls back to the process rather than letting every request through.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::error::ApiError;
use crate::redis::RedisHandle;

/// Counts hits per key and window.
pub struct RateLimiter {
    local: Mutex<HashMap<String, (i64, u32)>>,
    redis: Option<RedisHandle>,
    prefix: String,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter").field("shared", &self.redis.is_some()).finish_non_exhaustive()
    }
}

/// How many distinct keys the in-process table keeps before it drops finished windows.
const LOCAL_PRUNE_AT: usize = 10_000;

impl RateLimiter {
    /// A limiter; with `redis`, counts are shared under keys starting with `prefix`.
    pub fn new(redis: Option<RedisHandle>, prefix: &str) -> RateLimiter {
        RateLimiter { local: Mutex::new(HashMap::new()), redis, prefix: prefix.to_string() }
    }

    /// Counts one hit on `key`; refuses with 429 (and `Retry-After`) past `limit` hits in the
    /// current window of `window_secs` seconds.
    pub async fn hit(
        &self,
        key: &str,
        limit: u32,
        window_secs: i64,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let window_secs = window_secs.max(1);
        let window = now.timestamp().div_euclid(window_secs);
        let retry_after = ((window + 1) * window_secs - now.timestamp()).max(1) as u64;
        let count = match &self.redis {
            Some(redis) => match self.hit_redis(redis, key, window, window_secs).await {
                Ok(count) => count,
                Err(e) => {
                    tracing::warn!(error = %e, "rate limit: Redis unavailable, counting in-process");
                    self.hit_local(key, window)
                }
            },
            None => self.hit_local(key, window),
        };
        if count > limit { Err(ApiError::rate_limited(retry_after)) } else { Ok(()) }
    }

    fn hit_local(&self, key: &str, window: i64) -> u32 {
        let mut table = self.local.lock().unwrap_or_else(|p| p.into_inner());
        if table.len() >= LOCAL_PRUNE_AT {
            table.retain(|_, (w, _)| *w >= window);
        }
        let entry = table.entry(key.to_string()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1
    }

    async fn hit_redis(
        &self,
        redis: &RedisHandle,
        key: &str,
        window: i64,
        window_secs: i64,
    ) -> Result<u32, String> {
        let mut conn = redis.connection().await?;
        let redis_key = format!("{}:rl:{key}:{window}", self.prefix);
        let (count, _): (u32, i64) = redis::pipe()
            .atomic()
            .incr(&redis_key, 1)
            .expire(&redis_key, window_secs + 1)
            .query_async(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        Ok(count)
    }
}

/// The client's address, the subject of per-address limits: the socket peer, or the proxy's
/// header when `http.trust_forwarded` says a proxy we run sets it.
pub fn client_ip(req: &actix_web::HttpRequest, state: &crate::AppState) -> String {
    let info = req.connection_info();
    let ip = if state.config.http.trust_forwarded { info.realip_remote_addr() } else { info.peer_addr() };
    ip.unwrap_or("unknown").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[actix_web::test]
    async fn hits_past_the_limit_are_refused_until_the_window_ends() {
        let limiter = RateLimiter::new(None, "t");
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        for _ in 0..3 {
            limiter.hit("login:1.2.3.4", 3, 60, start).await.unwrap();
        }
        let refused =
            limiter.hit("login:1.2.3.4", 3, 60, start + chrono::Duration::seconds(20)).await.unwrap_err();
        assert_eq!(refused.code(), "rate_limited");
        assert!(refused.to_json().contains("\"retry_after\":40"), "{}", refused.to_json());
        // Other keys are separate; a new window starts afresh.
        limiter.hit("login:5.6.7.8", 3, 60, start).await.unwrap();
        limiter.hit("login:1.2.3.4", 3, 60, start + chrono::Duration::seconds(61)).await.unwrap();
    }
}
