//! Migration discipline: twin folders per backend, and every migration reversible.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use praline_kernel::db;
use praline_testkit::{TestDb, workspace_dir};

fn listing(backend: &str) -> BTreeSet<String> {
    std::fs::read_dir(workspace_dir().join("migrations").join(backend))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn postgres_and_sqlite_migrations_have_the_same_versions_and_names() {
    let postgres = listing("postgres");
    let sqlite = listing("sqlite");
    assert!(!postgres.is_empty());
    assert_eq!(postgres, sqlite, "every migration needs a twin with the same version and name");
    for backend in ["postgres", "sqlite"] {
        for name in &postgres {
            let dir = workspace_dir().join("migrations").join(backend).join(name);
            for file in ["up.sql", "down.sql"] {
                let text = std::fs::read_to_string(dir.join(file))
                    .unwrap_or_else(|_| panic!("{backend}/{name}/{file} is missing"));
                assert!(!text.trim().is_empty(), "{backend}/{name}/{file} is empty");
            }
        }
    }
}

#[test]
fn every_migration_runs_up_down_and_up_again() {
    let db = TestDb::empty();
    let mut conn = db.conn();
    let applied = db::run_migrations(&mut conn).unwrap();
    assert_eq!(applied.len(), listing("postgres").len());
    let mut reverted = Vec::new();
    while !db::applied_migrations(&mut conn).unwrap().is_empty() {
        reverted.push(db::revert_last_migration(&mut conn).unwrap());
    }
    assert_eq!(reverted.len(), applied.len());
    let again = db::run_migrations(&mut conn).unwrap();
    assert_eq!(again, applied);
}
