//! One connection type over PostgreSQL and SQLite, its pool, migrations and the helpers that
//! keep database work off the async executor.
//!
//! The backend is chosen from the URL scheme here, never by trial: `postgres://` and
//! `postgresql://` are PostgreSQL; `sqlite://path`, `sqlite:path`, `:memory:` or a bare path
//! are SQLite; anything else is refused (a mistyped URL must not silently become a file).

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, Connection, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// A connection to either database. Every domain crate uses this type.
#[derive(diesel::MultiConnection)]
pub enum Conn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// The pool every request and job takes its connection from.
pub type Pool = r2d2::Pool<ConnManager>;
/// A connection borrowed from the pool.
pub type PooledConn = r2d2::PooledConnection<ConnManager>;

/// The PostgreSQL migrations, embedded in the binary.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
/// The SQLite migrations, embedded in the binary.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// Database failures below the domain level.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL {0:?}: use postgres://… or sqlite://path")]
    Url(String),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("the database task was cancelled")]
    Cancelled,
}

impl Conn {
    /// The backend this connection talks to.
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Pg(_) => Backend::Postgres,
            Conn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Splits a database URL into its backend and the string the driver expects.
pub fn parse_url(url: &str) -> Result<(Backend, String), DbError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        if path.is_empty() {
            return Err(DbError::Url(url.to_string()));
        }
        return Ok((Backend::Sqlite, path.to_string()));
    }
    if url.is_empty() || url.contains("://") {
        return Err(DbError::Url(url.to_string()));
    }
    Ok((Backend::Sqlite, url.to_string()))
}

/// r2d2 manager that opens the backend named by the URL and tunes SQLite connections.
#[derive(Debug, Clone)]
pub struct ConnManager {
    backend: Backend,
    target: String,
}

impl ConnManager {
    /// A manager for `url`; fails for an unknown scheme.
    pub fn new(url: &str) -> Result<ConnManager, DbError> {
        let (backend, target) = parse_url(url)?;
        Ok(ConnManager { backend, target })
    }

    /// Opens one connection outside any pool.
    pub fn establish(&self) -> Result<Conn, DbError> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.target)
                .map(Conn::Pg)
                .map_err(|e| DbError::Connect(e.to_string())),
            Backend::Sqlite => {
                if self.target != ":memory:"
                    && let Some(parent) = std::path::Path::new(&self.target).parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| DbError::Connect(format!("cannot create {}: {e}", parent.display())))?;
                }
                let mut conn =
                    SqliteConnection::establish(&self.target).map_err(|e| DbError::Connect(e.to_string()))?;
                // WAL lets readers run beside the writer; the busy timeout makes writers queue
                // instead of failing; foreign keys are off by default in SQLite.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                )?;
                Ok(Conn::Sqlite(conn))
            }
        }
    }

    /// The backend of this manager's URL.
    pub fn backend(&self) -> Backend {
        self.backend
    }
}

impl ManageConnection for ConnManager {
    type Connection = Conn;
    type Error = DbError;

    fn connect(&self) -> Result<Conn, DbError> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), DbError> {
        conn.ping().map_err(DbError::Query)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.is_broken()
    }
}

/// Builds a pool for `url` with at most `size` connections, opening one to check the URL.
pub fn connect(url: &str, size: u32) -> Result<Pool, DbError> {
    let manager = ConnManager::new(url)?;
    // Fail fast with the driver's own message rather than r2d2's generic timeout.
    manager.establish()?;
    let size =
        if manager.backend() == Backend::Sqlite && manager.target == ":memory:" { 1 } else { size.max(1) };
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        // No `SELECT 1` before every checkout: a broken connection is noticed when it fails
        // (`has_broken`) and replaced, which costs one failed request instead of a round trip
        // on every request.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(5))
        .build(manager)
        .map_err(DbError::Pool)
}

/// Applies every pending migration of the connection's backend; returns the versions applied.
pub fn run_migrations(conn: &mut Conn) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        Conn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        Conn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Reverts the most recent migration; returns its version.
pub fn revert_last_migration(conn: &mut Conn) -> Result<String, DbError> {
    let reverted = match conn {
        Conn::Pg(c) => c.revert_last_migration(POSTGRES_MIGRATIONS),
        Conn::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(reverted.to_string())
}

/// The versions already applied to this database.
pub fn applied_migrations(conn: &mut Conn) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        Conn::Pg(c) => c.applied_migrations(),
        Conn::Sqlite(c) => c.applied_migrations(),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Runs `f` in a transaction that joins an enclosing one if there is one.
///
/// On SQLite the outermost transaction starts with `BEGIN IMMEDIATE`, which takes the write
/// lock up front: a deferred transaction that reads and then writes can fail at once with
/// "database is locked" when another writer got there first, whatever the busy timeout.
pub fn transaction<T, E, F>(conn: &mut Conn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let outermost_sqlite = match conn {
        Conn::Sqlite(c) => {
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none()
        }
        Conn::Pg(_) => false,
    };
    if !outermost_sqlite {
        return conn.transaction(f);
    }
    if let Conn::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    match f(conn) {
        Ok(value) => match <Conn as Connection>::TransactionManager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(commit_error) => {
                let _ = <Conn as Connection>::TransactionManager::rollback_transaction(conn);
                Err(commit_error.into())
            }
        },
        Err(error) => {
            <Conn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(error)
        }
    }
}

/// Runs `f` with a pooled connection on the blocking thread pool, never on the async executor.
///
/// This is the one way HTTP handlers and jobs touch the database.
pub async fn run<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    let pool = pool.clone();
    let outcome = actix_web::web::block(move || {
        let mut conn = pool.get().map_err(DbError::Pool)?;
        f(&mut conn)
    })
    .await;
    match outcome {
        Ok(result) => result,
        Err(_) => Err(DbError::Cancelled.into()),
    }
}

/// Checks that the database answers a trivial query.
pub fn ping(conn: &mut Conn) -> Result<(), DbError> {
    conn.ping().map_err(DbError::Query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_by_scheme_and_unknown_schemes_are_refused() {
        assert_eq!(parse_url("postgres://u@h/db").unwrap().0, Backend::Postgres);
        assert_eq!(parse_url("postgresql://u@h/db").unwrap().0, Backend::Postgres);
        assert_eq!(parse_url("sqlite://data/p.db").unwrap(), (Backend::Sqlite, "data/p.db".into()));
        assert_eq!(parse_url("sqlite:p.db").unwrap(), (Backend::Sqlite, "p.db".into()));
        assert_eq!(parse_url("data/p.db").unwrap(), (Backend::Sqlite, "data/p.db".into()));
        assert!(matches!(parse_url("postgress://typo/db"), Err(DbError::Url(_))));
        assert!(matches!(parse_url("mysql://h/db"), Err(DbError::Url(_))));
        assert!(matches!(parse_url(""), Err(DbError::Url(_))));
    }

    #[test]
    fn a_sqlite_pool_creates_its_folder_and_enables_foreign_keys_and_wal() {
        use diesel::RunQueryDsl;
        use diesel::sql_types::BigInt;
        #[derive(diesel::QueryableByName)]
        struct Flag {
            #[diesel(sql_type = BigInt)]
            foreign_keys: i64,
        }
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("nested/p.db").display());
        let pool = connect(&url, 2).unwrap();
        let mut conn = pool.get().unwrap();
        let flag: Flag = diesel::sql_query("PRAGMA foreign_keys").get_result(&mut *conn).unwrap();
        assert_eq!(flag.foreign_keys, 1);
        assert!(dir.path().join("nested/p.db").exists());
        assert!(dir.path().join("nested/p.db-wal").exists());
    }

    #[test]
    fn a_failing_transaction_rolls_back_on_sqlite() {
        use diesel::RunQueryDsl;
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("t.db").display().to_string(), 1).unwrap();
        let mut conn = pool.get().unwrap();
        conn.batch_execute("CREATE TABLE t (x INTEGER NOT NULL)").unwrap();
        let result: Result<(), diesel::result::Error> = transaction(&mut conn, |c| {
            diesel::sql_query("INSERT INTO t VALUES (1)").execute(c)?;
            // Nested calls join the outer transaction through a savepoint.
            transaction(c, |c| diesel::sql_query("INSERT INTO t VALUES (2)").execute(c))?;
            Err(diesel::result::Error::RollbackTransaction)
        });
        assert!(result.is_err());
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM t").get_result(&mut *conn).unwrap();
        assert_eq!(count.n, 0);
        transaction::<_, diesel::result::Error, _>(&mut conn, |c| {
            diesel::sql_query("INSERT INTO t VALUES (3)").execute(c)
        })
        .unwrap();
        let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM t").get_result(&mut *conn).unwrap();
        assert_eq!(count.n, 1);
    }
}
