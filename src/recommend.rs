//! Recommendations: creators ranked for a brief (`recommendedCreators`), and the OPEN PUBLIC briefs
//! ranked for a creator (`recommendedBriefs`). Only eligible pairs are ranked, by the same
//! `eligibility::check` that answers `Brief.eligibility`.
//!
//! The score, 0 to 100, is the sum of five parts (docs/rules.md, "Recommendations"):
//!
//! | part | weight | full marks at | nothing known yet |
//! |---|---|---|---|
//! | niche overlap | 30 | every niche the brief asks | 15 when the brief asks none |
//! | engagement rate on the brief's platforms | 30 | twice the brief's minimum, or twice 3% | 0 |
//! | past conversion rate (confirmed orders / clicks) | 15 | 4% | 7.5 |
//! | on-time rate of published deliverables | 15 | 100% | 7.5 |
//! | rating received | 10 | 5 stars | 5 |
//!
//! Below full marks each part is linear. A creator with no history gets half marks on the three
//! history parts, so that newcomers are not buried under anyone with one mediocre collaboration.
//! For `recommendedCreators` the rating is the creator's (from brands); for `recommendedBriefs` it
//! is the brand's (from creators): that is what tells the creator something about the brief.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{
    brief, creator_niche, creator_profile,
    enums::{CollaborationStatus, ConversionStatus, DeliverableStatus, Party, Platform, Role},
    proposal, social_account, user,
};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    briefs::{self, discovery},
    creators::{
        self,
        discovery::{CreatorFilter, CreatorOrder},
        eligibility::{self, CreatorFacts, Requirements},
    },
    db::Sql,
    error::{AppError, AppResult},
    i18n::msg,
    insights::round,
};

pub const NICHE_WEIGHT: i64 = 30;
pub const ENGAGEMENT_WEIGHT: i64 = 30;
pub const CONVERSION_WEIGHT: i64 = 15;
pub const ON_TIME_WEIGHT: i64 = 15;
pub const RATING_WEIGHT: i64 = 10;
/// The engagement rate a brief that asks none is measured against, in basis points (3%).
pub const BASELINE_ENGAGEMENT_BP: i64 = 300;
/// The conversion rate that earns full marks, in basis points (4%: twice a typical 2%).
pub const FULL_CONVERSION_BP: i64 = 400;

/// Creators ranked by engagement that the database prefilters per round, and the most rounds:
/// the pool is the top of the engagement ranking, then scored whole.
const CANDIDATES_PER_ROUND: u64 = 300;
const ROUNDS: usize = 3;
/// Creators with the most completed collaborations that are always considered as well, whatever
/// their engagement: a proven record can outweigh a few points of engagement.
const PROVEN_CANDIDATES: i64 = 200;

/// One ranked item.
#[derive(Debug, Clone)]
pub struct Ranked<T> {
    pub item: T,
    /// 0 to 100, 2 decimals.
    pub score: Decimal,
    pub reasons: Vec<String>,
}

/// A creator's record across their collaborations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    pub clicks: i64,
    pub orders: i64,
    pub published: i64,
    pub on_time: i64,
    /// Product samples settled, and those fulfilled (content live by the post-by deadline).
    pub samples_settled: i64,
    pub samples_fulfilled: i64,
}

/// Ratings received: how many, and their sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rating {
    pub count: i64,
    pub total: i64,
}

/// Whose rating the rating part reads, for its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    Creator,
    Brand,
}

/// The score of one (brief, creator) pair and the reasons that raised it.
pub fn score(
    requirements: &Requirements,
    platforms: &[Platform],
    creator: &CreatorFacts,
    record: Record,
    rating: Rating,
    rated: Rated,
) -> (Decimal, Vec<String>) {
    let d = Decimal::from;
    let mut reasons = Vec::new();
    let half = |weight: i64| d(weight) / d(2);

    let niche = if requirements.niches.is_empty() {
        half(NICHE_WEIGHT)
    } else {
        let matched: Vec<&str> = requirements
            .niches
            .iter()
            .filter(|n| creator.niches.contains(n))
            .map(|n| n.as_str())
            .collect();
        if !matched.is_empty() {
            reasons.push(format!("niche match: {}", matched.join(", ")));
        }
        d(NICHE_WEIGHT) * d(matched.len() as i64) / d(requirements.niches.len() as i64)
    };

    let audience = creator.audience_on(platforms);
    let asked = requirements.min_engagement_bp.map(i64::from);
    let reference = asked.filter(|bp| *bp > 0).unwrap_or(BASELINE_ENGAGEMENT_BP);
    let engagement = match audience.engagement_bp() {
        Some(bp) => {
            if bp >= reference {
                let word = if asked.is_some() { "asked" } else { "typical" };
                reasons.push(format!(
                    "engagement {}% vs {}% {word}",
                    percent_words(bp),
                    percent_words(reference)
                ));
            }
            d(ENGAGEMENT_WEIGHT) * d(bp.min(2 * reference)) / d(2 * reference)
        }
        None => Decimal::ZERO,
    };

    let conversion = if record.clicks > 0 {
        let full = d(record.clicks) * d(FULL_CONVERSION_BP) / d(10_000);
        let part = d(CONVERSION_WEIGHT) * (d(record.orders) / full).min(Decimal::ONE);
        if record.orders * 10_000 >= record.clicks * (FULL_CONVERSION_BP / 2) {
            let bp = round(d(record.orders) * d(10_000) / d(record.clicks), 0);
            reasons.push(format!(
                "conversion {}% over {} clicks",
                percent_words(bp.try_into().unwrap_or(i64::MAX)),
                record.clicks
            ));
        }
        part
    } else {
        half(CONVERSION_WEIGHT)
    };

    // Promises kept: deliverables published by their due time, and samples whose content went
    // live by their post-by deadline.
    let kept = record.on_time + record.samples_fulfilled;
    let promised = record.published + record.samples_settled;
    let on_time = if promised > 0 {
        if kept * 5 >= promised * 4 {
            reasons.push(if record.samples_settled > 0 {
                format!(
                    "on time: {} of {} deliverables, {} of {} samples",
                    record.on_time,
                    record.published,
                    record.samples_fulfilled,
                    record.samples_settled
                )
            } else {
                format!(
                    "on time: {} of {} deliverables",
                    record.on_time, record.published
                )
            });
        }
        d(ON_TIME_WEIGHT) * d(kept) / d(promised)
    } else {
        half(ON_TIME_WEIGHT)
    };

    let rating_part = if rating.count > 0 {
        let mean = d(rating.total) / d(rating.count);
        if mean >= d(4) {
            let whose = match rated {
                Rated::Creator => "rated",
                Rated::Brand => "brand rated",
            };
            reasons.push(format!(
                "{whose} {} from {} review{}",
                round(mean, 1),
                rating.count,
                if rating.count == 1 { "" } else { "s" }
            ));
        }
        d(RATING_WEIGHT) * mean / d(5)
    } else {
        half(RATING_WEIGHT)
    };

    (
        round(niche + engagement + conversion + on_time + rating_part, 2),
        reasons,
    )
}

/// Basis points in plain words: 620 → "6.2", 300 → "3".
fn percent_words(bp: i64) -> String {
    Decimal::new(bp, 2).normalize().to_string()
}

/// `recommendedCreators`: for the brief's owner (and admins), eligible creators without a
/// proposal on the brief yet, best first.
pub async fn creators_for(
    db: &DatabaseConnection,
    viewer: &Viewer,
    brief_id: Uuid,
    first: usize,
) -> AppResult<Vec<Ranked<creator_profile::Model>>> {
    if viewer.role == Role::Creator {
        return Err(AppError::forbidden(msg!("recommended-creators-forbidden")));
    }
    let b = briefs::find_visible(db, viewer, brief_id)
        .await?
        .ok_or_else(|| AppError::not_found("brief"))?;
    if !(viewer.owns_brand(b.brand_id) || viewer.is_admin()) {
        return Err(AppError::forbidden(msg!("recommended-creators-forbidden")));
    }
    let requirements = briefs::requirements_of(&b);
    let platforms = briefs::platforms(&briefs::deliverables_of(db, b.id).await?);
    let taken: HashSet<Uuid> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::CreatorId)
        .filter(proposal::Column::BriefId.eq(b.id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    // The database narrows by what it can index without ever leaving out an eligible creator:
    // followers on all accounts are at least those on the brief's platforms, and a creator
    // with every platform has any of them.
    let filter = CreatorFilter {
        kinds: requirements.creator_kinds.clone(),
        niches: requirements.niches.clone(),
        platforms: platforms.clone(),
        min_followers: requirements.min_followers,
        country: match requirements.countries.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        ..Default::default()
    };
    let mut eligible: Vec<(creator_profile::Model, CreatorFacts)> = Vec::new();
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut judge = |batch: Vec<(creator_profile::Model, CreatorFacts)>, eligible: &mut Vec<_>| {
        for (profile, facts) in batch {
            if seen.insert(profile.id)
                && !taken.contains(&profile.id)
                && eligibility::check(&facts, &requirements, &platforms).is_empty()
            {
                eligible.push((profile, facts));
            }
        }
    };
    judge(
        facts_of(db, &proven_creators(db).await?).await?,
        &mut eligible,
    );
    let mut after = None;
    for _ in 0..ROUNDS {
        let (page, _) = creators::discovery::list(
            db,
            &filter,
            CreatorOrder::EngagementRateDesc,
            after,
            CANDIDATES_PER_ROUND,
            false,
        )
        .await?;
        after = page.last().map(|(_, cursor)| *cursor);
        let ids: Vec<Uuid> = page.into_iter().map(|(id, _)| id).collect();
        let full = ids.len() as u64 == CANDIDATES_PER_ROUND;
        judge(facts_of(db, &ids).await?, &mut eligible);
        // Another round only when exact eligibility (per platform) left too few.
        if !full || eligible.len() >= first {
            break;
        }
    }

    let ids: Vec<Uuid> = eligible.iter().map(|(p, _)| p.id).collect();
    let records = records_of(db, &ids).await?;
    let ratings = ratings_of(db, Party::Brand, &ids).await?;
    let mut ranked: Vec<Ranked<creator_profile::Model>> = eligible
        .into_iter()
        .map(|(profile, facts)| {
            let (score, reasons) = score(
                &requirements,
                &platforms,
                &facts,
                records.get(&profile.id).copied().unwrap_or_default(),
                ratings.get(&profile.id).copied().unwrap_or_default(),
                Rated::Creator,
            );
            Ranked {
                item: profile,
                score,
                reasons,
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.cmp(&a.score).then(b.item.id.cmp(&a.item.id)));
    ranked.truncate(first);
    Ok(ranked)
}

/// `recommendedBriefs`: for a creator, the discoverable briefs they are eligible for, with a free
/// slot and no proposal of theirs yet, best first.
pub async fn briefs_for(
    db: &DatabaseConnection,
    viewer: &Viewer,
    first: usize,
) -> AppResult<Vec<Ranked<brief::Model>>> {
    let profile = creators::own_profile(db, viewer, msg!("action-see-recommended-briefs")).await?;
    let facts = creators::facts(db, &profile).await?;
    let applied: HashSet<Uuid> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::BriefId)
        .filter(proposal::Column::CreatorId.eq(profile.id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let candidates: Vec<_> = discovery::eligible_candidates(db, discovery::discoverable(), &facts)
        .await?
        .into_iter()
        .filter(|c| c.has_free_slot && !applied.contains(&c.id))
        .collect();
    let record = records_of(db, &[profile.id])
        .await?
        .remove(&profile.id)
        .unwrap_or_default();

    // Score without the brand's rating first; only briefs within the rating's weight of the
    // `first`-th best can still make the list, so only their brands' ratings are read.
    let unrated = Rating::default();
    let mut partial: Vec<(Decimal, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (s, _) = score(
                &c.requirements,
                &c.platforms,
                &facts,
                record,
                unrated,
                Rated::Brand,
            );
            // Without ratings the part is the half weight: take it back out.
            (s - Decimal::from(RATING_WEIGHT) / Decimal::TWO, i)
        })
        .collect();
    partial.sort_by_key(|p| std::cmp::Reverse(p.0));
    let Some(&(bar, _)) = partial.get(first.saturating_sub(1)).or(partial.last()) else {
        return Ok(Vec::new());
    };
    let bar = bar - Decimal::from(RATING_WEIGHT);
    let contenders: Vec<usize> = partial
        .iter()
        .take_while(|(s, _)| *s >= bar)
        .map(|(_, i)| *i)
        .collect();
    let brands: Vec<Uuid> = contenders
        .iter()
        .map(|&i| candidates[i].brand_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let ratings = ratings_of(db, Party::Creator, &brands).await?;

    let mut ranked: Vec<(Decimal, Vec<String>, usize)> = contenders
        .into_iter()
        .map(|i| {
            let c = &candidates[i];
            let (s, reasons) = score(
                &c.requirements,
                &c.platforms,
                &facts,
                record,
                ratings.get(&c.brand_id).copied().unwrap_or_default(),
                Rated::Brand,
            );
            (s, reasons, i)
        })
        .collect();
    // Best score first; among equals the newest brief.
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| {
            let (x, y) = (&candidates[a.2], &candidates[b.2]);
            (y.published_at, y.id).cmp(&(x.published_at, x.id))
        })
    });
    ranked.truncate(first);
    let ids: Vec<Uuid> = ranked.iter().map(|(_, _, i)| candidates[*i].id).collect();
    let mut rows: HashMap<Uuid, brief::Model> = brief::Entity::find()
        .filter(brief::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(score, reasons, i)| {
            rows.remove(&candidates[i].id).map(|item| Ranked {
                item,
                score,
                reasons,
            })
        })
        .collect())
}

/// The creators with the most completed collaborations.
async fn proven_creators(db: &impl ConnectionTrait) -> AppResult<Vec<Uuid>> {
    #[derive(FromQueryResult)]
    struct Row {
        creator_id: Uuid,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT c.creator_id AS creator_id FROM collaborations c WHERE c.status = ")
        .bind(CollaborationStatus::Completed.as_str())
        .push(" GROUP BY c.creator_id ORDER BY COUNT(*) DESC, c.creator_id LIMIT ")
        .bind(PROVEN_CANDIDATES);
    Ok(Row::find_by_statement(sql.statement())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.creator_id)
        .collect())
}

/// The profiles of `ids` whose users are not suspended, with what eligibility needs of them,
/// in four queries (and one for the suspended), whatever the count.
async fn facts_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<(creator_profile::Model, CreatorFacts)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let profiles = creator_profile::Entity::find()
        .filter(creator_profile::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let suspended: HashSet<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(profiles.iter().map(|p| p.user_id)))
        .filter(user::Column::SuspendedAt.is_not_null())
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut niches: HashMap<Uuid, Vec<_>> = HashMap::new();
    for n in creator_niche::Entity::find()
        .filter(creator_niche::Column::CreatorId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        niches.entry(n.creator_id).or_default().push(n.niche);
    }
    let mut accounts: HashMap<Uuid, Vec<_>> = HashMap::new();
    for a in social_account::Entity::find()
        .filter(social_account::Column::CreatorId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        accounts.entry(a.creator_id).or_default().push((
            a.platform,
            a.followers,
            a.engagement_rate_bp,
        ));
    }
    let fulfilment = crate::creators::samples::fulfilment_bp_of(db, ids).await?;
    Ok(profiles
        .into_iter()
        .filter(|p| !suspended.contains(&p.user_id))
        .map(|p| {
            let facts = CreatorFacts {
                kind: p.kind,
                niches: niches.remove(&p.id).unwrap_or_default(),
                country: p.country.clone(),
                accounts: accounts.remove(&p.id).unwrap_or_default(),
                sample_fulfilment_bp: fulfilment.get(&p.id).copied(),
            };
            (p, facts)
        })
        .collect())
}

/// Clicks, confirmed orders and published deliverables (on time or not) per creator of `ids`,
/// over all their collaborations, in three grouped queries.
async fn records_of(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<HashMap<Uuid, Record>> {
    let mut records: HashMap<Uuid, Record> = HashMap::new();
    if ids.is_empty() {
        return Ok(records);
    }
    let backend = db.get_database_backend();
    #[derive(FromQueryResult)]
    struct Sum {
        creator_id: Uuid,
        n: i64,
    }
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT c.creator_id AS creator_id, CAST(COALESCE(SUM(c.clicks), 0) AS BIGINT) AS n \
         FROM collaborations c WHERE c.creator_id IN ",
    )
    .bind_list(ids.iter().copied())
    .push(" GROUP BY c.creator_id");
    for row in Sum::find_by_statement(sql.statement()).all(db).await? {
        records.entry(row.creator_id).or_default().clicks = row.n;
    }
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT c.creator_id AS creator_id, CAST(COUNT(*) AS BIGINT) AS n FROM conversions v \
         JOIN collaborations c ON c.id = v.collaboration_id WHERE v.status = ",
    )
    .bind(ConversionStatus::Confirmed.as_str())
    .push(" AND c.creator_id IN ")
    .bind_list(ids.iter().copied())
    .push(" GROUP BY c.creator_id");
    for row in Sum::find_by_statement(sql.statement()).all(db).await? {
        records.entry(row.creator_id).or_default().orders = row.n;
    }
    // Times are compared here rather than in SQL, where SQLite would compare their text.
    #[derive(FromQueryResult)]
    struct Published {
        creator_id: Uuid,
        due_at: DateTime<Utc>,
        published_at: Option<DateTime<Utc>>,
    }
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT c.creator_id AS creator_id, d.due_at AS due_at, d.published_at AS published_at \
         FROM deliverables d JOIN collaborations c ON c.id = d.collaboration_id WHERE d.status = ",
    )
    .bind(DeliverableStatus::Published.as_str())
    .push(" AND c.creator_id IN ")
    .bind_list(ids.iter().copied());
    for row in Published::find_by_statement(sql.statement())
        .all(db)
        .await?
    {
        let record = records.entry(row.creator_id).or_default();
        record.published += 1;
        if row.published_at.is_some_and(|at| at <= row.due_at) {
            record.on_time += 1;
        }
    }
    for (creator, (fulfilled, settled)) in crate::creators::samples::settled_of(db, ids).await? {
        let record = records.entry(creator).or_default();
        record.samples_fulfilled = fulfilled;
        record.samples_settled = settled;
    }
    Ok(records)
}

/// The ratings that reviews by `author` gave the other side, per creator (author BRAND) or per
/// brand (author CREATOR) of `ids`.
async fn ratings_of(
    db: &impl ConnectionTrait,
    author: Party,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Rating>> {
    let mut ratings = HashMap::new();
    let column = match author {
        Party::Brand => "c.creator_id",
        Party::Creator => "c.brand_id",
    };
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        n: i64,
        total: i64,
    }
    // Chunks keep the list of bound ids well under either database's parameter limit.
    for chunk in ids.chunks(500) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(&format!(
            "SELECT {column} AS id, CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(SUM(r.rating) AS BIGINT) AS total FROM reviews r \
             JOIN collaborations c ON c.id = r.collaboration_id WHERE r.author = "
        ))
        .bind(author.as_str())
        .push(&format!(" AND {column} IN "))
        .bind_list(chunk.iter().copied())
        .push(&format!(" GROUP BY {column}"));
        for row in Row::find_by_statement(sql.statement()).all(db).await? {
            ratings.insert(
                row.id,
                Rating {
                    count: row.n,
                    total: row.total,
                },
            );
        }
    }
    Ok(ratings)
}

#[cfg(test)]
mod tests {
    use entity::enums::{CreatorKind, Niche};

    use super::*;

    fn creator(niches: &[Niche], accounts: &[(Platform, i64, Option<i32>)]) -> CreatorFacts {
        CreatorFacts {
            kind: CreatorKind::Koc,
            niches: niches.to_vec(),
            country: Some("VN".into()),
            accounts: accounts.to_vec(),
            sample_fulfilment_bp: None,
        }
    }

    fn asks(niches: &[Niche], min_engagement_bp: Option<i32>) -> Requirements {
        Requirements {
            niches: niches.to_vec(),
            min_engagement_bp,
            ..Default::default()
        }
    }

    #[test]
    fn a_newcomer_gets_half_marks_for_history() {
        // Niche 1 of 2 → 15; 4.5% vs 3% asked → 30 × 450/600 = 22.5; history 7.5 + 7.5 + 5.
        let (s, reasons) = score(
            &asks(&[Niche::Beauty, Niche::Food], Some(300)),
            &[Platform::Tiktok],
            &creator(&[Niche::Beauty], &[(Platform::Tiktok, 10_000, Some(450))]),
            Record::default(),
            Rating::default(),
            Rated::Creator,
        );
        assert_eq!(s.to_string(), "57.50");
        assert_eq!(
            reasons,
            vec!["niche match: BEAUTY", "engagement 4.5% vs 3% asked"]
        );
    }

    #[test]
    fn a_perfect_record_scores_100() {
        let (s, reasons) = score(
            &asks(&[Niche::Beauty], None),
            &[],
            &creator(&[Niche::Beauty], &[(Platform::Tiktok, 10_000, Some(620))]),
            Record {
                clicks: 1_000,
                orders: 41,
                published: 4,
                on_time: 4,
                ..Default::default()
            },
            Rating {
                count: 2,
                total: 10,
            },
            Rated::Creator,
        );
        assert_eq!(s.to_string(), "100.00");
        assert_eq!(
            reasons,
            vec![
                "niche match: BEAUTY",
                "engagement 6.2% vs 3% typical",
                "conversion 4.1% over 1000 clicks",
                "on time: 4 of 4 deliverables",
                "rated 5.0 from 2 reviews",
            ]
        );
    }

    #[test]
    fn weak_parts_score_low_and_give_no_reason() {
        // Engagement only on Instagram, the brief wants TikTok: no rate there → 0.
        // No niche asked → 15. 1 order in 200 clicks: 15 × 0.005/0.04 = 1.875.
        // 1 of 2 on time → 7.5. Rating 3 → 6. Total 30.375 → 30.38.
        let (s, reasons) = score(
            &asks(&[], None),
            &[Platform::Tiktok],
            &creator(
                &[Niche::Food],
                &[
                    (Platform::Tiktok, 5_000, None),
                    (Platform::Instagram, 5_000, Some(900)),
                ],
            ),
            Record {
                clicks: 200,
                orders: 1,
                published: 2,
                on_time: 1,
                ..Default::default()
            },
            Rating { count: 1, total: 3 },
            Rated::Brand,
        );
        assert_eq!(s.to_string(), "30.38");
        assert!(reasons.is_empty(), "{reasons:?}");
    }

    #[test]
    fn a_brand_rating_reads_as_the_brands() {
        let (_, reasons) = score(
            &asks(&[], None),
            &[],
            &creator(&[], &[]),
            Record::default(),
            Rating {
                count: 3,
                total: 13,
            },
            Rated::Brand,
        );
        assert_eq!(reasons, vec!["brand rated 4.3 from 3 reviews"]);
    }
}
