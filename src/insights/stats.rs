//! Creator and brand stats, from collaborations, deliverables, conversions and reviews.

use chrono::{DateTime, Utc};
use entity::{
    brief,
    enums::{BriefStatus, CollaborationStatus, ConversionStatus, DeliverableStatus, Party},
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    db::Sql,
    error::AppResult,
    insights::{percent, round},
    keyset,
};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreatorStats {
    pub active_collaborations: i64,
    pub completed_collaborations: i64,
    pub average_rating: Option<Decimal>,
    pub review_count: i64,
    /// Percent of published deliverables published by their due time.
    pub on_time_rate: Option<Decimal>,
    pub total_orders: i64,
    /// Mean of the engagement rates of published deliverables with metrics (and views).
    pub average_engagement_rate: Option<Decimal>,
    /// Confirmed orders / tracked clicks, over all collaborations.
    pub conversion_rate: Option<Decimal>,
    /// Samples fulfilled over samples settled (`creators::samples::fulfilment_rate`).
    pub sample_fulfilment_rate: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BrandStats {
    pub open_briefs: i64,
    pub active_collaborations: i64,
    pub completed_collaborations: i64,
    pub average_rating: Option<Decimal>,
    pub review_count: i64,
}

/// Which side's collaborations: `c.creator_id` or `c.brand_id`.
#[derive(Clone, Copy)]
enum Side {
    Creator(Uuid),
    Brand(Uuid),
}

impl Side {
    fn filter(self, sql: &mut Sql) {
        match self {
            Self::Creator(id) => sql.push(" c.creator_id = ").bind(id),
            Self::Brand(id) => sql.push(" c.brand_id = ").bind(id),
        };
    }

    /// The party whose reviews rate this side.
    fn reviewer(self) -> Party {
        match self {
            Self::Creator(_) => Party::Brand,
            Self::Brand(_) => Party::Creator,
        }
    }
}

#[derive(FromQueryResult)]
struct Counts {
    active: i64,
    completed: i64,
    clicks: i64,
}

#[derive(FromQueryResult)]
struct Ratings {
    n: i64,
    total: i64,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(FromQueryResult)]
struct Published {
    due_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    views: Option<i64>,
    engagements: Option<i64>,
}

async fn counts(db: &impl ConnectionTrait, side: Side) -> AppResult<Counts> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT CAST(COALESCE(SUM(CASE WHEN c.status = ")
        .bind(CollaborationStatus::Active.as_str())
        .push(
            " THEN 1 ELSE 0 END), 0) AS BIGINT) AS active, CAST(COALESCE(SUM(CASE WHEN c.status = ",
        )
        .bind(CollaborationStatus::Completed.as_str())
        .push(
            " THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed, \
               CAST(COALESCE(SUM(c.clicks), 0) AS BIGINT) AS clicks FROM collaborations c WHERE",
        );
    side.filter(&mut sql);
    Ok(Counts::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(Counts {
            active: 0,
            completed: 0,
            clicks: 0,
        }))
}

/// Reviews of this side: how many, and the mean rating with 2 decimals.
async fn ratings(db: &impl ConnectionTrait, side: Side) -> AppResult<(i64, Option<Decimal>)> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(r.rating), 0) AS BIGINT) AS total \
         FROM reviews r JOIN collaborations c ON c.id = r.collaboration_id WHERE r.author = ",
    )
    .bind(side.reviewer().as_str())
    .push(" AND");
    side.filter(&mut sql);
    let r = Ratings::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(Ratings { n: 0, total: 0 });
    let mean = (r.n > 0).then(|| round(Decimal::from(r.total) / Decimal::from(r.n), 2));
    Ok((r.n, mean))
}

pub async fn creator(db: &impl ConnectionTrait, creator_id: Uuid) -> AppResult<CreatorStats> {
    let side = Side::Creator(creator_id);
    let backend = db.get_database_backend();
    let counts = counts(db, side).await?;
    let (review_count, average_rating) = ratings(db, side).await?;

    let mut sql = Sql::new(backend);
    sql.push("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM conversions v JOIN collaborations c ON c.id = v.collaboration_id WHERE v.status = ")
        .bind(ConversionStatus::Confirmed.as_str())
        .push(" AND");
    side.filter(&mut sql);
    let orders = Count::find_by_statement(sql.statement())
        .one(db)
        .await?
        .map_or(0, |c| c.n);

    // A creator has few published deliverables: their times and engagement are read whole.
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT d.due_at AS due_at, d.published_at AS published_at, m.views AS views, \
         m.likes + m.comments + m.shares + m.saves AS engagements \
         FROM deliverables d JOIN collaborations c ON c.id = d.collaboration_id \
         LEFT JOIN deliverable_metrics m ON m.deliverable_id = d.id WHERE d.status = ",
    )
    .bind(DeliverableStatus::Published.as_str())
    .push(" AND");
    side.filter(&mut sql);
    let published = Published::find_by_statement(sql.statement())
        .all(db)
        .await?;
    let on_time = published
        .iter()
        .filter(|p| p.published_at.is_some_and(|at| at <= p.due_at))
        .count();
    let rates: Vec<Decimal> = published
        .iter()
        .filter_map(|p| match (p.views, p.engagements) {
            (Some(views), Some(engagements)) if views > 0 => {
                Some(Decimal::from(engagements) * Decimal::from(100) / Decimal::from(views))
            }
            _ => None,
        })
        .collect();
    let average_engagement_rate = (!rates.is_empty()).then(|| {
        round(
            rates.iter().sum::<Decimal>() / Decimal::from(rates.len() as i64),
            2,
        )
    });

    Ok(CreatorStats {
        active_collaborations: counts.active,
        completed_collaborations: counts.completed,
        average_rating,
        review_count,
        on_time_rate: percent(on_time as i64, published.len() as i64),
        total_orders: orders,
        average_engagement_rate,
        conversion_rate: percent(orders, counts.clicks),
        sample_fulfilment_rate: crate::creators::samples::fulfilment_rate(db, creator_id).await?,
    })
}

/// A brand's stats as `viewer` sees them: `open_briefs` counts only the OPEN briefs the viewer
/// may read (`access::brief`: an INVITE_ONLY brief only for its brand, its invited
/// creators and admins).
pub async fn brand(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    brand_id: Uuid,
) -> AppResult<BrandStats> {
    let side = Side::Brand(brand_id);
    let counts = counts(db, side).await?;
    let (review_count, average_rating) = ratings(db, side).await?;
    let open = brief::Entity::find()
        .filter(brief::Column::BrandId.eq(brand_id))
        .filter(brief::Column::Status.eq(BriefStatus::Open))
        .filter(access::brief(viewer));
    let open_briefs = keyset::count(db, open).await?;
    Ok(BrandStats {
        open_briefs,
        active_collaborations: counts.active,
        completed_collaborations: counts.completed,
        average_rating,
        review_count,
    })
}
