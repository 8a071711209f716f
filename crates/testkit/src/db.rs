//! A database per test, on either backend.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use praline_kernel::db::{self, Backend, Conn, ConnManager, Pool};
use sha2_free_hash::hash_dir;

/// The repository root (where `migrations/` and `web/` live).
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The backend selected by `PRALINE_TEST_BACKEND`.
pub fn backend() -> Backend {
    match std::env::var("PRALINE_TEST_BACKEND").as_deref() {
        Err(_) | Ok("") | Ok("sqlite") => Backend::Sqlite,
        Ok("postgres") | Ok("postgresql") => Backend::Postgres,
        Ok(other) => panic!("PRALINE_TEST_BACKEND must be sqlite or postgres, not {other:?}"),
    }
}

fn postgres_admin_url() -> String {
    std::env::var("PRALINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

enum Cleanup {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    url: String,
    backend: Backend,
    cleanup: Cleanup,
}

impl TestDb {
    /// A fresh, fully migrated database on the selected backend.
    pub fn new() -> TestDb {
        match backend() {
            Backend::Sqlite => {
                let db = TestDb::empty_sqlite();
                let mut conn = db.conn();
                db::run_migrations(&mut conn).unwrap();
                db
            }
            Backend::Postgres => TestDb::postgres_from(&template()),
        }
    }

    /// A fresh database with no migrations applied (for migration tests).
    pub fn empty() -> TestDb {
        match backend() {
            Backend::Sqlite => TestDb::empty_sqlite(),
            Backend::Postgres => TestDb::postgres_from("template0"),
        }
    }

    fn empty_sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("praline.db").display());
        TestDb { url, backend: Backend::Sqlite, cleanup: Cleanup::Dir(dir) }
    }

    fn postgres_from(template: &str) -> TestDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let admin_url = postgres_admin_url();
        let name = format!(
            "praline_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            hex::encode(praline_kernel::crypto::random_bytes(3))
        );
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
        create_database(&mut admin, &name, template);
        TestDb {
            url: with_database(&admin_url, &name),
            backend: Backend::Postgres,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }

    /// The database URL (`sqlite://…` or `postgres://…`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Which backend this database is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// One connection outside any pool.
    pub fn conn(&self) -> Conn {
        ConnManager::new(&self.url).unwrap().establish().unwrap()
    }

    /// A small pool over this database.
    pub fn pool(&self) -> Pool {
        db::connect(&self.url, 4).unwrap()
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

fn create_database(admin: &mut PgConnection, name: &str, template: &str) {
    // Concurrent copies of one template can briefly collide; retry a few times.
    let sql = format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
    let mut last = None;
    for attempt in 0..20 {
        match admin.batch_execute(&sql) {
            Ok(()) => return,
            Err(e) => {
                last = Some(e);
                std::thread::sleep(std::time::Duration::from_millis(50 * (attempt + 1)));
            }
        }
    }
    panic!("cannot create test database {name}: {last:?}");
}

#[derive(QueryableByName)]
struct DbName {
    #[diesel(sql_type = Text)]
    #[allow(dead_code)]
    datname: String,
}

/// The migrated template for this set of migrations, built once across all test processes.
fn template() -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let migrations = workspace_dir().join("migrations/postgres");
            let name = format!("praline_tpl_{}", &hash_dir(&migrations)[..16]);
            let admin_url = postgres_admin_url();
            let mut admin = PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
            admin.batch_execute("SELECT pg_advisory_lock(727272)").unwrap();
            let exists = diesel::sql_query("SELECT datname FROM pg_database WHERE datname = $1")
                .bind::<Text, _>(&name)
                .load::<DbName>(&mut admin)
                .unwrap();
            if exists.is_empty() {
                let building = format!("{name}_building");
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)")).unwrap();
                admin.batch_execute(&format!("CREATE DATABASE \"{building}\"")).unwrap();
                {
                    let mut conn =
                        ConnManager::new(&with_database(&admin_url, &building)).unwrap().establish().unwrap();
                    db::run_migrations(&mut conn).unwrap();
                }
                admin.batch_execute(&format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\"")).unwrap();
            }
            admin.batch_execute("SELECT pg_advisory_unlock(727272)").unwrap();
            name
        })
        .clone()
}

/// A content hash of a folder tree, without pulling a hashing crate into the testkit.
mod sha2_free_hash {
    use std::path::Path;

    pub fn hash_dir(dir: &Path) -> String {
        let mut files = Vec::new();
        collect(dir, dir, &mut files);
        files.sort();
        let mut text = String::new();
        for (rel, content) in files {
            text.push_str(&rel);
            text.push('\0');
            text.push_str(&content);
            text.push('\0');
        }
        praline_kernel::crypto::sha256_hex(text.as_bytes())
    }

    fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(root, &path, out);
            } else if let Ok(content) = std::fs::read_to_string(&path) {
                let rel = path.strip_prefix(root).unwrap_or(&path).display().to_string();
                out.push((rel, content));
            }
        }
    }
}

/// The SQL statements `f` issues on `conn`, in order (transaction control included), for tests
/// that hold a use case to a statement budget or prove a list has no N+1.
pub fn statements_of(conn: &mut Conn, f: impl FnOnce(&mut Conn)) -> Vec<String> {
    use diesel::connection::{Connection, InstrumentationEvent};
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            log.lock().unwrap_or_else(|e| e.into_inner()).push(query.to_string());
        }
    });
    f(conn);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// How many SQL statements `f` issues on `conn` (see [`statements_of`]).
pub fn count_statements(conn: &mut Conn, f: impl FnOnce(&mut Conn)) -> usize {
    statements_of(conn, f).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced_in_urls() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            with_database("postgres://u@h/postgres?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
