//! `creators(filter, orderBy)`: finding creators, with keyset pagination. Filters and sort keys on
//! followers and engagement read the profile's audience columns, which `refresh_audience` derives
//! from the social accounts in the same transaction as any change to them; the livestream sort
//! keys read the columns `livestreams::refresh_creator` keeps the same way.

use chrono::{DateTime, Utc};
use entity::enums::{CreatorKind, Niche, Party, Platform};
use sea_orm::{DatabaseConnection, FromQueryResult};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    creators::audience::CreatorTier,
    db::Sql,
    error::{AppError, AppResult},
    i18n::msg,
    search,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatorOrder {
    FollowersDesc,
    EngagementRateDesc,
    RatingDesc,
    Newest,
    LivestreamRevenueDesc,
    LivestreamConversionDesc,
}

#[derive(Debug, Clone, Default)]
pub struct CreatorFilter {
    pub kinds: Vec<CreatorKind>,
    pub niches: Vec<Niche>,
    pub platforms: Vec<Platform>,
    pub tiers: Vec<CreatorTier>,
    pub min_followers: Option<i64>,
    pub max_followers: Option<i64>,
    pub min_engagement_bp: Option<i32>,
    pub country: Option<String>,
    pub search: Option<String>,
}

/// The position of a creator in a listing: its sort key and id.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct CreatorCursor {
    /// Followers, engagement (basis points, -1 for none), rating × 100 (-1 for none), the
    /// creation time in microseconds, livestream VND revenue, or livestream conversion (basis
    /// points, -1 for none), by order.
    pub k: i64,
    pub id: Uuid,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: Uuid,
    sort_key: i64,
    created_at: DateTime<Utc>,
    total: i64,
}

/// One page of creator ids in order (up to `limit`), and the total when asked.
pub async fn list(
    db: &DatabaseConnection,
    filter: &CreatorFilter,
    order: CreatorOrder,
    after: Option<CreatorCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<(Uuid, CreatorCursor)>, i64)> {
    let backend = db.get_database_backend();
    let sort = match order {
        CreatorOrder::FollowersDesc => "c.followers",
        CreatorOrder::EngagementRateDesc => "COALESCE(c.engagement_bp, -1)",
        // Unrated creators come last, at -1, in id order.
        CreatorOrder::RatingDesc => "COALESCE(c.rating, -1)",
        // Ordered by the timestamp itself below; the cursor carries it in microseconds.
        CreatorOrder::Newest => "0",
        CreatorOrder::LivestreamRevenueDesc => "c.live_revenue",
        CreatorOrder::LivestreamConversionDesc => "COALESCE(c.live_conversion_bp, -1)",
    };
    let newest = order == CreatorOrder::Newest;

    // One pass: the window counts the whole filtered list before the cursor and the limit apply,
    // so the page and its totalCount share the audience computation.
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT t.id AS id, t.sort_key AS sort_key, t.created_at AS created_at, t.total AS total \
         FROM (SELECT c.id AS id, CAST({sort} AS BIGINT) AS sort_key, c.created_at AS created_at, \
         COUNT(*) OVER () AS total FROM "
    ));
    filtered(&mut sql, filter, order == CreatorOrder::RatingDesc);
    sql.push(") t WHERE 1 = 1");
    match after {
        Some(cursor) if newest => {
            let at = DateTime::from_timestamp_micros(cursor.k).ok_or_else(bad_cursor)?;
            sql.push(" AND (t.created_at < ")
                .bind(at)
                .push(" OR (t.created_at = ")
                .bind(at)
                .push(" AND t.id < ")
                .bind(cursor.id)
                .push("))");
        }
        Some(cursor) => {
            sql.push(" AND (t.sort_key < ")
                .bind(cursor.k)
                .push(" OR (t.sort_key = ")
                .bind(cursor.k)
                .push(" AND t.id < ")
                .bind(cursor.id)
                .push("))");
        }
        None => {}
    }
    let order_by = if newest { "t.created_at" } else { "t.sort_key" };
    sql.push(&format!(" ORDER BY {order_by} DESC, t.id DESC LIMIT "))
        .bind(limit as i64);
    let rows = Row::find_by_statement(sql.statement()).all(db).await?;
    let total = match rows.first() {
        Some(row) => row.total,
        // Past the last page the window saw no row: count apart (rare).
        None if want_total => {
            let mut sql = Sql::new(backend);
            sql.push("SELECT COUNT(*) AS n FROM ");
            filtered(&mut sql, filter, false);
            #[derive(FromQueryResult)]
            struct Count {
                n: i64,
            }
            Count::find_by_statement(sql.statement())
                .one(db)
                .await?
                .map_or(0, |c| c.n)
        }
        None => 0,
    };
    Ok((
        rows.into_iter()
            .map(|r| {
                let k = if newest {
                    r.created_at.timestamp_micros()
                } else {
                    r.sort_key
                };
                (r.id, CreatorCursor { k, id: r.id })
            })
            .collect(),
        total,
    ))
}

/// `(SELECT … FROM creator_profiles cp WHERE profile filters) c WHERE audience filters`, over the
/// audience columns that `refresh_audience` keeps in step with the social accounts. With
/// `rating`, `c.rating` is the mean of the ratings brands gave the creator, × 100 (NULL unrated),
/// aggregated once over the reviews rather than per creator.
fn filtered(sql: &mut Sql, f: &CreatorFilter, rating: bool) {
    sql.push(
        "(SELECT cp.id AS id, cp.created_at AS created_at, cp.audience_followers AS followers, \
         cp.audience_engagement_bp AS engagement_bp, cp.live_revenue_vnd AS live_revenue, \
         cp.live_conversion_bp AS live_conversion_bp",
    );
    if rating {
        sql.push(
            ", rt.rating AS rating FROM creator_profiles cp LEFT JOIN (SELECT c.creator_id AS \
             creator_id, CAST(SUM(r.rating) * 100 / COUNT(*) AS BIGINT) AS rating FROM reviews r \
             JOIN collaborations c ON c.id = r.collaboration_id WHERE r.author = ",
        )
        .bind(Party::Brand.as_str())
        .push(" GROUP BY c.creator_id) rt ON rt.creator_id = cp.id WHERE ");
    } else {
        sql.push(" FROM creator_profiles cp WHERE ");
    }
    profile_filters(sql, f);
    sql.push(") c WHERE 1 = 1");
    if let Some(min) = f.min_followers {
        sql.push(" AND c.followers >= ").bind(min);
    }
    if let Some(max) = f.max_followers {
        sql.push(" AND c.followers <= ").bind(max);
    }
    if let Some(min) = f.min_engagement_bp {
        sql.push(" AND c.engagement_bp >= ").bind(i64::from(min));
    }
    if !f.tiers.is_empty() {
        sql.push(" AND (");
        for (i, tier) in f.tiers.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            let (min, max) = tier.range();
            sql.push("(c.followers >= ").bind(min);
            if let Some(max) = max {
                sql.push(" AND c.followers < ").bind(max);
            }
            sql.push(")");
        }
        sql.push(")");
    }
}

/// The filters on the profile itself, over alias `cp`. Set filters drive from their indexes
/// (`IN (SELECT …)`), and the suspended users are looked up once, not per creator.
fn profile_filters(sql: &mut Sql, f: &CreatorFilter) {
    // A range (not IS NOT NULL) so that both planners read the few suspended users by index.
    sql.push("cp.user_id NOT IN (SELECT u.id FROM users u WHERE u.suspended_at >= ")
        .bind(DateTime::<Utc>::UNIX_EPOCH)
        .push(")");
    if !f.kinds.is_empty() {
        sql.push(" AND cp.kind IN ")
            .bind_list(f.kinds.iter().map(|k| k.as_str()));
    }
    if !f.niches.is_empty() {
        sql.push(" AND cp.id IN (SELECT n.creator_id FROM creator_niches n WHERE n.niche IN ")
            .bind_list(f.niches.iter().map(|n| n.as_str()))
            .push(")");
    }
    if !f.platforms.is_empty() {
        sql.push(" AND cp.id IN (SELECT p.creator_id FROM social_accounts p WHERE p.platform IN ")
            .bind_list(f.platforms.iter().map(|p| p.as_str()))
            .push(")");
    }
    if let Some(country) = &f.country {
        sql.push(" AND cp.country = ").bind(country.clone());
    }
    if let Some(query) = f.search.as_deref().filter(|q| !search::fold(q).is_empty()) {
        sql.push(" AND cp.search_text LIKE ")
            .bind(search::like_pattern(query))
            .push(" ESCAPE '\\'");
    }
}

pub fn bad_cursor() -> AppError {
    AppError::bad_input("after", msg!("cursor-invalid"))
}
