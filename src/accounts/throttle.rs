//! The login throttle: after 5 failures for one email within 15 minutes, that email is refused
//! with RATE_LIMITED for 15 minutes from the fifth failure, right password or not. Failures live in
//! the database, so the throttle holds across restarts and across server instances.
//!
//! An attempt is written down *before* its password is checked, and counts as a failure until it
//! succeeds. Attempts for one email are serialised (SQLite's write lock, PostgreSQL's advisory
//! lock on the email), so parallel guesses see each other: a burst of 20 gets at most 5 checked.
//!
//! Every recorded attempt also deletes all failures older than `WINDOW + LOCKOUT`, of any email,
//! so the table holds at most the last 30 minutes of failures.

use chrono::{DateTime, Duration, Utc};
use entity::login_failure;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::{
    clock,
    db::begin_write,
    error::{AppError, AppResult},
};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::minutes(15);
pub const LOCKOUT: Duration = Duration::minutes(15);

/// A password check in flight for `email`, already counted as a failure.
#[must_use = "a successful attempt must be marked with `succeeded`"]
pub struct Attempt {
    email: String,
}

/// Records an attempt for `email`, or refuses it with RATE_LIMITED (recording nothing) when the
/// attempts before it lock the email.
pub async fn begin(db: &DatabaseConnection, email: &str) -> AppResult<Attempt> {
    let email: String = email.chars().take(254).collect();
    let txn = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [email.clone().into()],
        ))
        .await?;
    }
    let result = record(&txn, email).await;
    txn.commit().await?;
    result
}

async fn record(db: &DatabaseTransaction, email: String) -> AppResult<Attempt> {
    let now = clock::now();
    prune(db, now - WINDOW - LOCKOUT).await?;
    let id = Uuid::new_v4();
    login_failure::ActiveModel {
        id: Set(id),
        email: Set(email.clone()),
        failed_at: Set(now),
    }
    .insert(db)
    .await?;
    let recent: Vec<(Uuid, DateTime<Utc>)> = login_failure::Entity::find()
        .select_only()
        .columns([login_failure::Column::Id, login_failure::Column::FailedAt])
        .filter(login_failure::Column::Email.eq(email.as_str()))
        .order_by_asc(login_failure::Column::FailedAt)
        .order_by_asc(login_failure::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    // Attempts are serialised: every other row came before this one.
    let before: Vec<DateTime<Utc>> = recent
        .iter()
        .filter(|(other, _)| *other != id)
        .map(|(_, at)| *at)
        .collect();
    if let Some(until) = locked_until(&before)
        && until > now
    {
        login_failure::Entity::delete_by_id(id).exec(db).await?;
        return Err(AppError::RateLimited {
            retry_after_secs: (until - now).num_seconds().max(1),
        });
    }
    Ok(Attempt { email })
}

/// Deletes every failure at or before `before`, whatever its email: such failures can no longer
/// lock anything, and deleting them on each attempt keeps the table as small as the last half
/// hour's failures (made-up emails included). One range DELETE on `idx_login_failures_time`; on
/// PostgreSQL, rows another login is deleting right now are skipped, not waited for.
async fn prune(db: &DatabaseTransaction, before: DateTime<Utc>) -> AppResult<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM login_failures WHERE id IN \
             (SELECT id FROM login_failures WHERE failed_at <= $1 FOR UPDATE SKIP LOCKED)",
            [before.into()],
        ))
        .await?;
    } else {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::FailedAt.lte(before))
            .exec(db)
            .await?;
    }
    Ok(())
}

impl Attempt {
    /// The password was right: the failures before it are forgotten.
    pub async fn succeeded(self, db: &impl ConnectionTrait) -> AppResult<()> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Email.eq(self.email))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// When the lockout that `failures` (oldest first) earn ends: 15 minutes after any failure that
/// is the fifth within 15 minutes.
fn locked_until(failures: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
    failures
        .windows(MAX_FAILURES)
        .filter(|w| w[MAX_FAILURES - 1] - w[0] <= WINDOW)
        .map(|w| w[MAX_FAILURES - 1] + LOCKOUT)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn five_failures_within_the_window_lock_for_fifteen_minutes() {
        let f = [at(0), at(1), at(2), at(3), at(4)];
        assert_eq!(locked_until(&f), Some(at(19)));
        assert_eq!(locked_until(&f[..4]), None);
    }

    #[test]
    fn failures_spread_wider_than_the_window_do_not_lock() {
        let f = [at(0), at(5), at(10), at(15), at(16)];
        assert_eq!(locked_until(&f), None);
    }
}
