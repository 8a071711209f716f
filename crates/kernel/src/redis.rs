//! An optional Redis connection, opened lazily so the app starts (and `/readyz` can say 503)
//! even while Redis is down.

use std::sync::Arc;
use std::time::Duration;

use redis::aio::ConnectionManager;
use tokio::sync::OnceCell;

/// A shared, reconnecting Redis connection.
#[derive(Clone)]
pub struct RedisHandle {
    client: redis::Client,
    manager: Arc<OnceCell<ConnectionManager>>,
}

impl std::fmt::Debug for RedisHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisHandle(..)")
    }
}

/// How long a caller waits for Redis before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

impl RedisHandle {
    /// Parses the URL; does not connect yet.
    pub fn open(url: &str) -> Result<RedisHandle, String> {
        let client =
            redis::Client::open(url).map_err(|_| "REDIS_URL is not a valid Redis URL".to_string())?;
        Ok(RedisHandle { client, manager: Arc::new(OnceCell::new()) })
    }

    /// The shared connection, connecting on first use.
    pub async fn connection(&self) -> Result<ConnectionManager, String> {
        let manager = tokio::time::timeout(
            CONNECT_TIMEOUT,
            self.manager.get_or_try_init(|| async { ConnectionManager::new(self.client.clone()).await }),
        )
        .await
        .map_err(|_| "Redis did not answer in time".to_string())?
        .map_err(|e| format!("Redis is unreachable: {e}"))?;
        Ok(manager.clone())
    }

    /// Sends PING and waits for PONG.
    pub async fn ping(&self) -> Result<(), String> {
        let mut conn = self.connection().await?;
        let reply: String = tokio::time::timeout(CONNECT_TIMEOUT, redis::cmd("PING").query_async(&mut conn))
            .await
            .map_err(|_| "Redis did not answer in time".to_string())?
            .map_err(|e| format!("Redis PING failed: {e}"))?;
        if reply == "PONG" { Ok(()) } else { Err(format!("unexpected PING reply {reply:?}")) }
    }
}
