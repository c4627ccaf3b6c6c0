//! The login throttle: after 5 failures for one email within 15 minutes, that email is refused
//! with RATE_LIMITED for 15 minutes from the fifth failure, right password or not. Failures live in
//! the database, so the throttle holds across restarts and across server instances.

use chrono::{DateTime, Duration, Utc};
use entity::login_failure;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    clock,
    error::{AppError, AppResult},
};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::minutes(15);
pub const LOCKOUT: Duration = Duration::minutes(15);

/// RATE_LIMITED while the email is locked out.
pub async fn check(db: &impl ConnectionTrait, email: &str) -> AppResult<()> {
    let now = clock::now();
    // Failures older than WINDOW + LOCKOUT can no longer lock anything.
    let recent: Vec<DateTime<Utc>> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::FailedAt)
        .filter(login_failure::Column::Email.eq(email))
        .filter(login_failure::Column::FailedAt.gt(now - WINDOW - LOCKOUT))
        .order_by_asc(login_failure::Column::FailedAt)
        .into_tuple()
        .all(db)
        .await?;
    if let Some(until) = locked_until(&recent)
        && until > now
    {
        return Err(AppError::RateLimited {
            retry_after_secs: (until - now).num_seconds().max(1),
        });
    }
    Ok(())
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

pub async fn record_failure(db: &impl ConnectionTrait, email: &str) -> AppResult<()> {
    login_failure::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.chars().take(254).collect()),
        failed_at: Set(clock::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A successful login forgets the failures before it.
pub async fn clear(db: &impl ConnectionTrait, email: &str) -> AppResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(())
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
