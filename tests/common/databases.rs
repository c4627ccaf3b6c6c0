//! Where a test's data lives, and how it goes away.
//!
//! Without `TEST_DATABASE_URL` each test gets a fresh SQLite file in a temporary directory, which
//! goes with the directory. With a PostgreSQL `TEST_DATABASE_URL`, the migrations run once, into
//! a template schema `tpl_<hash of the migration names>` (kept for the next run, rebuilt when a
//! migration is added); each test gets a copy of it, a schema `t_<random>` made by one batch of
//! statements read from the template (its tables, constraints and indexes under their own names,
//! and its record of applied migrations), and the schema is dropped when the last app on it is.
//! The first copy of each process is compared with the template, column by column and index by
//! index.
//!
//! Why schemas and not databases copied from a template database: measured on the CI machine
//! (PostgreSQL 15, 2 cores), `CREATE DATABASE … TEMPLATE` takes 0.2–0.5 s and `DROP DATABASE`
//! 0.35–1 s, where migrating a schema takes 0.25 s and copying one 0.08 s (`docs/testing.md`).
//!
//! A PostgreSQL run never skips: an unreachable database fails the test.

use std::{
    sync::{Arc, Mutex},
    thread::JoinHandle,
};

use marketplace::db;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, PgConnection};
use tokio::sync::OnceCell;
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

/// The PostgreSQL advisory lock under which test processes build the template schema.
const TEMPLATE_LOCK: i64 = 0x6d61_726b_6574_706c;

/// The statements that make a schema like the template, read from it once per process.
static COPY_SCRIPT: OnceCell<String> = OnceCell::const_new();

impl PgSchema {
    async fn create(base: &str) -> (Store, String) {
        let script = COPY_SCRIPT
            .get_or_init(|| async { template_script(base).await })
            .await;
        let name = format!("t_{}", Uuid::new_v4().simple());
        let mut admin = connect(base).await;
        run(
            &mut admin,
            format!("CREATE SCHEMA {name}; SET search_path TO {name};\n{script}"),
        )
        .await;
        admin.close().await.ok();
        let url = in_schema(base, &name);
        lock_clean_up().live += 1;
        let schema = PgSchema {
            base: base.to_owned(),
            name,
        };
        (Store::Postgres(Arc::new(schema)), url)
    }
}

/// The URL whose every connection, the app's and the CLI's alike, works in `schema`.
fn in_schema(base: &str, schema: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}

async fn connect(url: &str) -> PgConnection {
    PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is unreachable: {e}"))
}

async fn run(connection: &mut PgConnection, sql: String) {
    sqlx::raw_sql(AssertSqlSafe(sql.clone()))
        .execute(connection)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The statements that copy the template schema, `tpl_<hash of the migration names>`: its
/// tables, constraints and indexes under their own names, and its record of applied migrations.
/// The first process to need them migrates the template (under another name, renamed when
/// complete), writes the statements, checks a copy made by them against the template, and keeps
/// them as the template's comment; later processes read the comment.
async fn template_script(base: &str) -> String {
    let template = format!("tpl_{}", migrations_hash());
    let mut admin = connect(base).await;
    if let Some(script) = stored_script(&mut admin, &template).await {
        admin.close().await.ok();
        return script;
    }
    // A session lock: released at the latest when this connection ends, panic or not.
    run(
        &mut admin,
        format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"),
    )
    .await;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
            .bind(&template)
            .fetch_one(&mut admin)
            .await
            .expect("look for the template schema");
    if !exists {
        let build = format!("{template}_new");
        run(
            &mut admin,
            format!("DROP SCHEMA IF EXISTS {build} CASCADE; CREATE SCHEMA {build}"),
        )
        .await;
        let db = db::connect(&in_schema(base, &build), 1)
            .await
            .expect("connect to the template schema");
        db::migrate(&db).await.expect("migrations");
        db.close().await.ok();
        run(
            &mut admin,
            format!("ALTER SCHEMA {build} RENAME TO {template}"),
        )
        .await;
    }
    let script = match stored_script(&mut admin, &template).await {
        // Another process finished it meanwhile.
        Some(script) => script,
        None => {
            let script = copy_script(base, &template).await;
            check_copy(base, &mut admin, &template, &script).await;
            run(
                &mut admin,
                format!("COMMENT ON SCHEMA {template} IS $copy${script}$copy$"),
            )
            .await;
            script
        }
    };
    run(
        &mut admin,
        format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"),
    )
    .await;
    admin.close().await.ok();
    script
}

/// The copying statements kept on the template, once it has them.
async fn stored_script(admin: &mut PgConnection, template: &str) -> Option<String> {
    sqlx::query_scalar::<_, Option<String>>(
        "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1",
    )
    .bind(template)
    .fetch_optional(admin)
    .await
    .expect("read the template's comment")
    .flatten()
}

/// Writes the statements that copy the template into the current schema.
async fn copy_script(base: &str, template: &str) -> String {
    // Read with the template on the search path, so that definitions name its objects
    // unqualified and apply to whichever schema runs them.
    let mut tpl = connect(&in_schema(base, template)).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(relname) FROM pg_class \
         WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY relname",
    )
    .fetch_all(&mut tpl)
    .await
    .expect("read the template's tables");
    // Keys and checks before the foreign keys that need them.
    let constraints: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) \
         FROM pg_constraint WHERE connamespace = current_schema()::regnamespace \
         ORDER BY contype = 'f', conrelid::regclass::text, conname",
    )
    .fetch_all(&mut tpl)
    .await
    .expect("read the template's constraints");
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i \
         JOIN pg_class c ON c.oid = i.indrelid \
         WHERE c.relnamespace = current_schema()::regnamespace \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k \
             WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) \
         ORDER BY 1",
    )
    .fetch_all(&mut tpl)
    .await
    .expect("read the template's indexes");
    tpl.close().await.ok();

    // Definitions name the template's own tables with its schema at times (`ON tpl_….briefs`):
    // unqualified, they apply to the schema that runs them.
    let unqualified = |definition: &str| definition.replace(&format!("{template}."), "");
    let mut script = String::new();
    for table in &tables {
        script += &format!("CREATE TABLE {table} (LIKE {template}.{table} INCLUDING DEFAULTS);\n");
    }
    for (table, name, definition) in &constraints {
        let definition = unqualified(definition);
        script += &format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition};\n");
    }
    for index in &indexes {
        script += &format!("{};\n", unqualified(index));
    }
    script += &format!("INSERT INTO seaql_migrations SELECT * FROM {template}.seaql_migrations;\n");
    script
}

/// Makes a copy by `script` and fails unless it is the template, to the last index.
async fn check_copy(base: &str, admin: &mut PgConnection, template: &str, script: &str) {
    let check = format!("{template}_check");
    run(
        admin,
        format!("DROP SCHEMA IF EXISTS {check} CASCADE; CREATE SCHEMA {check}"),
    )
    .await;
    let mut copy = connect(&in_schema(base, &check)).await;
    run(&mut copy, script.to_owned()).await;
    let copy_shape = shape(&mut copy).await;
    copy.close().await.ok();
    let mut tpl = connect(&in_schema(base, template)).await;
    let template_shape = shape(&mut tpl).await;
    tpl.close().await.ok();
    run(admin, format!("DROP SCHEMA {check} CASCADE")).await;
    let differences: Vec<&str> = copy_shape
        .lines()
        .filter(|line| !template_shape.lines().any(|t| t == *line))
        .chain(
            template_shape
                .lines()
                .filter(|line| !copy_shape.lines().any(|c| c == *line)),
        )
        .collect();
    assert!(
        differences.is_empty(),
        "a copy of the template schema differs from it:\n{}",
        differences.join("\n")
    );
}

/// Every column, constraint and index of the connection's current schema, as text that does not
/// name the schema.
async fn shape(db: &mut PgConnection) -> String {
    sqlx::query_scalar(
        "SELECT concat_ws(E'\\n', \
           (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' \
              || is_nullable || ' ' || coalesce(column_default, ''), E'\\n' \
              ORDER BY table_name, ordinal_position) \
            FROM information_schema.columns WHERE table_schema = current_schema()), \
           (SELECT string_agg(conrelid::regclass::text || ' ' || conname || ' ' \
              || replace(pg_get_constraintdef(oid), current_schema() || '.', ''), E'\\n' \
              ORDER BY conrelid::regclass::text, conname) \
            FROM pg_constraint WHERE connamespace = current_schema()::regnamespace), \
           (SELECT string_agg(replace(pg_get_indexdef(i.indexrelid), current_schema() || '.', ''), \
              E'\\n' ORDER BY c.relname, i.indexrelid::regclass::text) \
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
            WHERE c.relnamespace = current_schema()::regnamespace))",
    )
    .fetch_one(db)
    .await
    .expect("read a schema's shape")
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
