//! The `deadlines` table: what happens by itself, and when. The rules that make a deadline
//! (an offer's expiry, a review window, a due date, a completion request) write a row here in the
//! same transaction as the thing they time; `sweep` acts on the rows that came due.
//!
//! A deadline is never removed when its subject moves on (a submission reviewed in time, an offer
//! accepted): the sweep finds it moot when it comes, marks it done and does nothing else. So the
//! rules that move things on never touch this table, and the sweep is the only writer of rows
//! that exist: it locks a deadline before the rows its action touches, and nothing locks them in
//! the other order.

use chrono::{DateTime, Utc};
use entity::{deadline, enums::DeadlineKind};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType},
};
use uuid::Uuid;

use crate::{
    error::AppResult,
    keyset::{self, Direction, TimeCursor},
};

/// Schedules `kind` for `subject` at `due_at`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    kind: DeadlineKind,
    subject: Uuid,
    due_at: DateTime<Utc>,
) -> AppResult<()> {
    schedule_all(db, kind, [subject], due_at).await
}

/// Schedules `kind` for each of `subjects` at `due_at`, in one statement.
pub async fn schedule_all(
    db: &impl ConnectionTrait,
    kind: DeadlineKind,
    subjects: impl IntoIterator<Item = Uuid>,
    due_at: DateTime<Utc>,
) -> AppResult<()> {
    let rows: Vec<_> = subjects
        .into_iter()
        .map(|subject| deadline::ActiveModel {
            kind: Set(kind),
            subject_id: Set(subject),
            due_at: Set(due_at),
            done_at: Set(None),
            attempts: Set(0),
            last_error: Set(None),
        })
        .collect();
    if !rows.is_empty() {
        deadline::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The first instant after `t`, for what comes once a time has passed rather than at it: a
/// deliverable published at its `dueAt` is on time, so it is overdue from just after.
pub fn just_after(t: DateTime<Utc>) -> DateTime<Utc> {
    t + chrono::Duration::microseconds(1)
}

/// Up to `limit` pending deadlines due by `as_of`, earliest first, after `after` (the last one
/// a sweep read): a keyset page over `(due_at, subject_id)`. Read by the partial index on
/// `due_at` of pending rows: with nothing due it reads one index entry. Two deadlines would share
/// a key only if one subject had two kinds due at the same instant, which none has (a review's
/// reminder and its end are a day apart); if they ever did, the one passed over stays pending
/// for the next sweep.
pub async fn due(
    db: &impl ConnectionTrait,
    as_of: DateTime<Utc>,
    after: Option<TimeCursor>,
    limit: u64,
) -> AppResult<Vec<deadline::Model>> {
    let pending = deadline::Entity::find()
        .filter(deadline::Column::DoneAt.is_null())
        .filter(deadline::Column::DueAt.lte(as_of));
    Ok(keyset::page(
        pending,
        deadline::Column::DueAt,
        deadline::Column::SubjectId,
        Direction::OldestFirst,
        after,
        limit,
    )
    .all(db)
    .await?)
}

/// Takes a pending deadline for this transaction: locks its row, skipping it (None) when another
/// instance's sweep holds it or already did it. On SQLite the write transaction is the lock.
pub async fn claim(
    db: &impl ConnectionTrait,
    kind: DeadlineKind,
    subject: Uuid,
) -> AppResult<Option<deadline::Model>> {
    Ok(deadline::Entity::find_by_id((kind, subject))
        .filter(deadline::Column::DoneAt.is_null())
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .one(db)
        .await?)
}

/// Marks a claimed deadline done at `at`, in the transaction that acted on it.
pub async fn finish(
    db: &impl ConnectionTrait,
    kind: DeadlineKind,
    subject: Uuid,
    at: DateTime<Utc>,
) -> AppResult<bool> {
    let done = deadline::Entity::update_many()
        .col_expr(deadline::Column::DoneAt, Expr::value(at))
        .filter(deadline::Column::Kind.eq(kind))
        .filter(deadline::Column::SubjectId.eq(subject))
        .filter(deadline::Column::DoneAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Counts a failed attempt on a pending deadline, keeping the error for operators; the next
/// sweep tries again.
pub async fn failed(
    db: &impl ConnectionTrait,
    kind: DeadlineKind,
    subject: Uuid,
    error: &str,
) -> AppResult<()> {
    deadline::Entity::update_many()
        .col_expr(
            deadline::Column::Attempts,
            Expr::col(deadline::Column::Attempts).add(1),
        )
        .col_expr(
            deadline::Column::LastError,
            Expr::value(error.chars().take(1_000).collect::<String>()),
        )
        .filter(deadline::Column::Kind.eq(kind))
        .filter(deadline::Column::SubjectId.eq(subject))
        .filter(deadline::Column::DoneAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
