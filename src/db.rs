//! Connecting to SQLite or PostgreSQL, and the transactions that write.

use std::{str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::SqliteConnectOptions, sqlx::sqlite::SqliteJournalMode,
    sqlx::sqlite::SqliteSynchronous,
};

/// Opens a pool. SQLite gets WAL, a busy timeout and foreign keys, so that concurrent requests
/// queue instead of failing with "database is locked".
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, max_connections, None).await
}

/// Like `connect`, with a PostgreSQL schema search path (the tests give each test its own schema).
pub async fn connect_with(
    url: &str,
    max_connections: u32,
    pg_schema: Option<&str>,
) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if let Some(schema) = pg_schema {
        opts.set_schema_search_path(schema.to_owned());
    }
    if url.starts_with("sqlite:") {
        let url = url.to_owned();
        opts.map_sqlx_sqlite_opts(move |_| {
            SqliteConnectOptions::from_str(&url)
                .expect("a valid SQLite URL")
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(opts).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction that will write. On SQLite it takes the write lock at BEGIN
/// (`BEGIN IMMEDIATE`), so that two read-then-write transactions queue on the busy timeout
/// instead of one failing with "database is locked" at its first write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}
