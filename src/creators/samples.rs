//! A creator's record with product samples (`crate::samples`): how many of those settled went
//! live by their post-by deadline. Read by the stats, eligibility and recommendations.

use std::collections::HashMap;

use entity::{enums::SampleStatus, sample};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::error::AppResult;

/// A creator's sample fulfilment rate, percent with 2 decimals: of its samples settled (FULFILLED
/// or OVERDUE), the share FULFILLED; null when none is settled.
pub async fn fulfilment_rate(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
) -> AppResult<Option<Decimal>> {
    Ok(fulfilment_bp(db, creator_id)
        .await?
        .map(|bp| Decimal::new(bp, 2)))
}

/// The same rate in basis points (hundredths of a percent, rounded half-up), as eligibility
/// compares it with a brief's minimum.
pub async fn fulfilment_bp(db: &impl ConnectionTrait, creator_id: Uuid) -> AppResult<Option<i64>> {
    Ok(fulfilment_bp_of(db, &[creator_id])
        .await?
        .remove(&creator_id))
}

/// The rate in basis points of each of `creators` with a settled sample.
pub async fn fulfilment_bp_of(
    db: &impl ConnectionTrait,
    creators: &[Uuid],
) -> AppResult<HashMap<Uuid, i64>> {
    Ok(settled_of(db, creators)
        .await?
        .into_iter()
        // Hundredths of a percent, rounded half-up, as every rate of the stats.
        .map(|(creator, (fulfilled, settled))| {
            (creator, (2 * fulfilled * 10_000 + settled) / (2 * settled))
        })
        .collect())
}

/// `(fulfilled, settled)` samples of each of `creators` with a settled one, in one grouped query.
pub async fn settled_of(
    db: &impl ConnectionTrait,
    creators: &[Uuid],
) -> AppResult<HashMap<Uuid, (i64, i64)>> {
    let rows: Vec<(Uuid, SampleStatus, i64)> = sample::Entity::find()
        .select_only()
        .column(sample::Column::CreatorId)
        .column(sample::Column::Status)
        .column_as(sample::Column::Id.count(), "n")
        .filter(sample::Column::CreatorId.is_in(creators.iter().copied()))
        .filter(sample::Column::Status.is_in([SampleStatus::Fulfilled, SampleStatus::Overdue]))
        .group_by(sample::Column::CreatorId)
        .group_by(sample::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for (creator, status, n) in rows {
        let (fulfilled, settled) = counts.entry(creator).or_default();
        *settled += n;
        if status == SampleStatus::Fulfilled {
            *fulfilled += n;
        }
    }
    Ok(counts)
}
