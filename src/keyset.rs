//! Keyset pages over `(timestamp, id)`: the next page starts strictly after the last row's key,
//! so rows written meanwhile never make a page skip or repeat an item.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, sea_query::Expr,
};
use uuid::Uuid;

use crate::error::AppResult;

/// The sort key of a row in a list ordered by time, then ID.
pub type TimeCursor = (DateTime<Utc>, Uuid);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    NewestFirst,
    OldestFirst,
}

/// What a list asks for: the rows after `after`, at most `limit` of them, and whether to count
/// every row the list matches.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub after: Option<TimeCursor>,
    pub limit: u64,
    pub count: bool,
}

/// The rows of `q` in `window`, ordered by `(time, id)`, and how many rows `q` matches when the
/// window asks for the count (0 otherwise).
pub async fn fetch<E: EntityTrait>(
    db: &impl ConnectionTrait,
    q: Select<E>,
    time: E::Column,
    id: E::Column,
    direction: Direction,
    window: Window,
) -> AppResult<(Vec<E::Model>, i64)> {
    let total = if window.count {
        count(db, q.clone()).await?
    } else {
        0
    };
    let rows = page(q, time, id, direction, window.after, window.limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Orders `q` by `(time, id)` and starts after `cursor`, at most `limit` rows.
pub fn page<E: EntityTrait>(
    q: Select<E>,
    time: E::Column,
    id: E::Column,
    direction: Direction,
    cursor: Option<TimeCursor>,
    limit: u64,
) -> Select<E> {
    let q = match (cursor, direction) {
        (None, _) => q,
        (Some((at, key)), Direction::NewestFirst) => q.filter(
            Condition::any()
                .add(time.lt(at))
                .add(Condition::all().add(time.eq(at)).add(id.lt(key))),
        ),
        (Some((at, key)), Direction::OldestFirst) => q.filter(
            Condition::any()
                .add(time.gt(at))
                .add(Condition::all().add(time.eq(at)).add(id.gt(key))),
        ),
    };
    let q = match direction {
        Direction::NewestFirst => q.order_by_desc(time).order_by_desc(id),
        Direction::OldestFirst => q.order_by_asc(time).order_by_asc(id),
    };
    q.limit(limit)
}

/// `SELECT COUNT(*)` straight over the filter, so that an index can answer it alone.
pub async fn count<E: EntityTrait>(db: &impl ConnectionTrait, q: Select<E>) -> AppResult<i64> {
    Ok(q.select_only()
        .column_as(Expr::cust("COUNT(*)"), "n")
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}
