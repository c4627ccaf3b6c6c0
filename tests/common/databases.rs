//! Where a test's data lives, and how it goes away.
//!
//! Without `TEST_DATABASE_URL` each test gets a fresh SQLite file in a temporary directory, which
//! goes with the directory. With a PostgreSQL `TEST_DATABASE_URL` (the base database), the
//! migrations build a template database once, `<base>_tpl_<hash of the migration names>`, and
//! each test gets its own copy, `<base>_t_<random>`, from `CREATE DATABASE … TEMPLATE …`, which is
//! far cheaper than migrating; the copy is dropped when the last app on it is. A PostgreSQL run
//! never skips: an unreachable base database fails the test.

use std::{
    sync::{Arc, Mutex},
    thread::JoinHandle,
};

use marketplace::db;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, PgConnection};
use url::Url;
use uuid::Uuid;

/// The PostgreSQL advisory lock under which test processes build the template and copy it, so
/// that parallel tests and parallel test binaries neither race to build it nor copy it half-made.
const TEMPLATE_LOCK: i64 = 0x6d61_726b_6574_706c;

/// PostgreSQL silently cuts longer names.
const MAX_NAME_BYTES: usize = 63;

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// What keeps a test's database alive; the apps of one test (`TestApp::restart`) share it.
#[derive(Clone)]
pub enum Store {
    Sqlite(Arc<tempfile::TempDir>),
    Postgres(Arc<PgDatabase>),
}

impl Store {
    /// A fresh, migrated database, and the URL at which the app or the CLI reaches it.
    pub async fn fresh() -> (Self, String) {
        match postgres_url() {
            Some(base) => PgDatabase::create(&base).await,
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

/// One test's PostgreSQL database, dropped with the last app on it.
pub struct PgDatabase {
    /// The base database, from which this one is dropped.
    base: String,
    pub name: String,
}

impl PgDatabase {
    async fn create(base: &str) -> (Store, String) {
        let base_url =
            Url::parse(base).unwrap_or_else(|e| panic!("TEST_DATABASE_URL is not a URL: {e}"));
        let base_name = base_url.path().trim_start_matches('/').to_owned();
        assert!(!base_name.is_empty(), "TEST_DATABASE_URL names no database");
        let template = format!("{base_name}_tpl_{}", migrations_hash());
        let simple = Uuid::new_v4().simple().to_string();
        let name = format!("{base_name}_t_{}", &simple[..12]);
        assert!(
            being_built(&template).len() <= MAX_NAME_BYTES && name.len() <= MAX_NAME_BYTES,
            "the database name of TEST_DATABASE_URL, {base_name:?}, is too long to name the \
             template and the test databases after it"
        );

        let mut admin = PgConnection::connect(base)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is unreachable: {e}"));
        // A session lock: released at the latest when this connection ends, panic or not.
        run(
            &mut admin,
            format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"),
        )
        .await;
        ensure_template(&mut admin, &base_url, &template).await;
        run(
            &mut admin,
            format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"),
        )
        .await;
        // Copies may run in parallel: nothing connects to a finished template.
        run(
            &mut admin,
            format!(
                "CREATE DATABASE {} TEMPLATE {}",
                quoted(&name),
                quoted(&template)
            ),
        )
        .await;
        let mut url = base_url;
        url.set_path(&name);
        lock_clean_up().live += 1;
        let database = PgDatabase {
            base: base.to_owned(),
            name,
        };
        admin.close().await.ok();
        (Store::Postgres(Arc::new(database)), url.to_string())
    }
}

/// The test databases in use in this process, and the drops still under way.
struct CleanUp {
    live: usize,
    dropping: Vec<JoinHandle<Result<(), String>>>,
}

/// The last test to let go of its database waits for every drop still under way, so that the
/// process does not end before they are done; the others do not wait.
static CLEAN_UP: Mutex<CleanUp> = Mutex::new(CleanUp {
    live: 0,
    dropping: Vec::new(),
});

fn lock_clean_up() -> std::sync::MutexGuard<'static, CleanUp> {
    // A panic elsewhere never leaves the counts half-changed.
    CLEAN_UP.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // On a thread and runtime of its own: the test's runtime may have a single thread, busy
        // dropping this, or be shutting down.
        let dropping = std::thread::spawn(move || drop_database(&base, &name));
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
                Err(_) => eprintln!("could not drop a test database"),
            }
        }
    }
}

fn drop_database(base: &str, name: &str) -> Result<(), String> {
    let dropped = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(async {
            let mut admin = PgConnection::connect(base).await?;
            // FORCE: the app's pools and event listener may still hold connections.
            sqlx::raw_sql(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quoted(name)
            )))
            .execute(&mut admin)
            .await?;
            admin.close().await
        });
    dropped.map_err(|e| format!("could not drop the test database {name}: {e}"))
}

/// Makes the template unless it exists. It is migrated under another name and renamed when
/// complete, so a template that exists is complete; a build that died half-way is dropped here.
async fn ensure_template(admin: &mut PgConnection, base_url: &Url, template: &str) {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(template)
            .fetch_one(&mut *admin)
            .await
            .expect("look for the template database");
    if exists {
        return;
    }
    let build = being_built(template);
    run(
        admin,
        format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quoted(&build)),
    )
    .await;
    run(admin, format!("CREATE DATABASE {}", quoted(&build))).await;
    let mut url = base_url.clone();
    url.set_path(&build);
    let db = db::connect(url.as_str(), 1)
        .await
        .expect("connect to the template being built");
    db::migrate(&db).await.expect("migrations");
    // Copying and renaming need every connection to the template closed.
    db.close().await.expect("close the template");
    run(
        admin,
        format!(
            "ALTER DATABASE {} RENAME TO {}",
            quoted(&build),
            quoted(template)
        ),
    )
    .await;
}

fn being_built(template: &str) -> String {
    format!("{template}_new")
}

/// 8 hex digits of a stable hash (FNV-1a) of the migration names: a new migration, a new template.
fn migrations_hash() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for migration in Migrator::migrations() {
        for byte in migration.name().bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", hash >> 32)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn run(connection: &mut PgConnection, sql: String) {
    sqlx::raw_sql(AssertSqlSafe(sql.clone()))
        .execute(connection)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}
