//! Where a test's data lives, and how it goes away.
//!
//! Without `TEST_DATABASE_URL` each test gets a fresh SQLite file in a temporary directory, which
//! goes with the directory. With a PostgreSQL `TEST_DATABASE_URL` each test gets a schema of its
//! own in that database, `t_<random>`, migrated afresh, and the schema is dropped when the last app
//! on it is.
//!
//! Why a schema and not a database copied from a migrated template: measured on the CI machine
//! (PostgreSQL 15, 2 cores), `CREATE DATABASE … TEMPLATE` takes 0.2–0.5 s and `DROP DATABASE`
//! 0.35–1 s, more than migrating a schema; a whole run took 124 s of test time with a database per
//! test, 120 s with reused databases emptied by TRUNCATE, and 105 s with schemas (`docs/testing.md`).
//!
//! A PostgreSQL run never skips: an unreachable database fails the test.

use std::{
    sync::{Arc, Mutex},
    thread::JoinHandle,
};

use marketplace::db;
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, PgConnection};
use uuid::Uuid;

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// What keeps a test's data alive; the apps of one test (`TestApp::restart`) share it.
#[derive(Clone)]
pub enum Store {
    Sqlite(Arc<tempfile::TempDir>),
    Postgres(Arc<PgSchema>),
}

impl Store {
    /// A fresh, migrated database, and the URL at which the app or the CLI reaches it.
    pub async fn fresh() -> (Self, String) {
        match postgres_url() {
            Some(base) => PgSchema::create(&base).await,
            None => sqlite().await,
        }
    }
}

async fn sqlite() -> (Store, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
    let db = db::connect(&url, 1).await.expect("open SQLite");
    db::migrate(&db).await.expect("migrations");
    db.close().await.expect("close SQLite");
    (Store::Sqlite(Arc::new(dir)), url)
}

/// One test's PostgreSQL schema, dropped with the last app on it.
pub struct PgSchema {
    /// The database the schema is in.
    base: String,
    name: String,
}

impl PgSchema {
    async fn create(base: &str) -> (Store, String) {
        let name = format!("t_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(base)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is unreachable: {e}"));
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .execute(&mut admin)
            .await
            .expect("create the test schema");
        admin.close().await.ok();
        // Every connection of the URL, the app's and the CLI's alike, works in the schema.
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        let db = db::connect(&url, 1)
            .await
            .expect("connect to the test schema");
        db::migrate(&db).await.expect("migrations");
        db.close().await.ok();
        lock_clean_up().live += 1;
        let schema = PgSchema {
            base: base.to_owned(),
            name,
        };
        (Store::Postgres(Arc::new(schema)), url)
    }
}

/// The test schemas in use in this process, and the drops still under way.
struct CleanUp {
    live: usize,
    dropping: Vec<JoinHandle<Result<(), String>>>,
}

/// The last test to let go of its schema waits for every drop still under way, so that the
/// process does not end before they are done; the others do not wait.
static CLEAN_UP: Mutex<CleanUp> = Mutex::new(CleanUp {
    live: 0,
    dropping: Vec::new(),
});

fn lock_clean_up() -> std::sync::MutexGuard<'static, CleanUp> {
    // A panic elsewhere never leaves the counts half-changed.
    CLEAN_UP.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // On a thread and runtime of its own: the test's runtime may have a single thread, busy
        // dropping this, or be shutting down.
        let dropping = std::thread::spawn(move || drop_schema(&base, &name));
        let wait_for = {
            let mut clean_up = lock_clean_up();
            clean_up.live -= 1;
            clean_up.dropping.push(dropping);
            if clean_up.live == 0 {
                std::mem::take(&mut clean_up.dropping)
            } else {
                Vec::new()
            }
        };
        for dropping in wait_for {
            match dropping.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("{e}"),
                Err(_) => eprintln!("could not drop a test schema"),
            }
        }
    }
}

fn drop_schema(base: &str, name: &str) -> Result<(), String> {
    let dropped = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(async {
            let mut admin = PgConnection::connect(base).await?;
            // The test's pools may still be open, idle; a transaction left open by a task of the
            // ending test would hold its locks: give up after a while rather than hang (the CI's
            // database is dropped whole at the end anyway).
            sqlx::raw_sql(AssertSqlSafe(format!(
                "SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {name} CASCADE"
            )))
            .execute(&mut admin)
            .await?;
            admin.close().await
        });
    dropped.map_err(|e| format!("could not drop the test schema {name}: {e}"))
}
