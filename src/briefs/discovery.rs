//! Listing briefs: discovery of OPEN PUBLIC briefs (newest published first, or by deadline or
//! budget), and a brand's own list. Keyset pagination on (published_at or created_at, id), or on
//! a brief's rank in the other orders.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{
    brand, brief, brief_deliverable,
    enums::{
        BriefStatus, BriefVisibility, CampaignObjective, CompensationModel, CreatorKind,
        CurrencyCode, Niche, Platform,
    },
    user,
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
    sea_query::{Expr, ExprTrait, LikeExpr},
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    briefs::{RequirementColumns, requirements_from},
    clock,
    creators::eligibility::{self, CreatorFacts, Requirements},
    error::AppResult,
    keyset::{self, Direction},
    search,
};

#[derive(Debug, Clone, Default)]
pub struct BriefFilter {
    pub niches: Vec<Niche>,
    pub platforms: Vec<Platform>,
    pub objectives: Vec<CampaignObjective>,
    pub compensation_models: Vec<CompensationModel>,
    pub creator_kinds: Vec<CreatorKind>,
    pub search: Option<String>,
    /// Only briefs whose requirements these facts meet.
    pub eligible_for: Option<CreatorFacts>,
}

pub type BriefCursor = (DateTime<Utc>, Uuid);

/// `',' || column || ','` contains `,value,`: membership in a comma-joined list. The pattern is
/// bound through the query builder, never as a `?` inside custom SQL (which only SQLite reads as a
/// placeholder; PostgreSQL's are `$n`).
fn list_contains(column: &str, value: &str) -> Condition {
    Condition::all()
        .add(Expr::cust(format!("(',' || briefs.{column} || ',')")).like(format!("%,{value},%")))
}

fn apply_filter(mut q: Select<brief::Entity>, f: &BriefFilter) -> Select<brief::Entity> {
    if !f.niches.is_empty() {
        let mut any = Condition::any();
        for n in &f.niches {
            any = any.add(list_contains("req_niches", n.as_str()));
        }
        q = q.filter(any);
    }
    if !f.platforms.is_empty() {
        q = q.filter(
            brief::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(brief_deliverable::Column::BriefId)
                    .from(brief_deliverable::Entity)
                    .and_where(
                        brief_deliverable::Column::Platform.is_in(f.platforms.iter().copied()),
                    )
                    .to_owned(),
            ),
        );
    }
    if !f.objectives.is_empty() {
        q = q.filter(brief::Column::Objective.is_in(f.objectives.iter().copied()));
    }
    if !f.compensation_models.is_empty() {
        q = q.filter(brief::Column::CompensationModel.is_in(f.compensation_models.iter().copied()));
    }
    if !f.creator_kinds.is_empty() {
        // Briefs open to any of these kinds: no kind required, or one of them required.
        let mut any = Condition::any().add(brief::Column::ReqCreatorKinds.eq(""));
        for k in &f.creator_kinds {
            any = any.add(list_contains("req_creator_kinds", k.as_str()));
        }
        q = q.filter(any);
    }
    if let Some(query) = f.search.as_deref().filter(|q| !search::fold(q).is_empty()) {
        q = q.filter(
            brief::Column::SearchText.like(LikeExpr::new(search::like_pattern(query)).escape('\\')),
        );
    }
    q
}

/// OPEN, PUBLIC, before the application deadline, of a brand that is not suspended.
pub fn discoverable() -> Select<brief::Entity> {
    let now = clock::now();
    brief::Entity::find()
        .filter(brief::Column::Status.eq(BriefStatus::Open))
        .filter(brief::Column::Visibility.eq(BriefVisibility::Public))
        .filter(
            Condition::any()
                .add(brief::Column::ApplicationDeadline.is_null())
                .add(brief::Column::ApplicationDeadline.gt(now)),
        )
        // The (few) suspended brands are looked up once, not per brief.
        .filter(
            brief::Column::BrandId.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column((brand::Entity, brand::Column::Id))
                    .from(brand::Entity)
                    .inner_join(
                        user::Entity,
                        Expr::col((user::Entity, user::Column::Id))
                            .equals((brand::Entity, brand::Column::UserId)),
                    )
                    // A range (not IS NOT NULL) so that both planners use the index.
                    .and_where(
                        Expr::col((user::Entity, user::Column::SuspendedAt))
                            .gte(DateTime::<Utc>::UNIX_EPOCH),
                    )
                    .to_owned(),
            ),
        )
}

/// A page of discoverable briefs, and the total when asked.
pub async fn discover(
    db: &DatabaseConnection,
    filter: &BriefFilter,
    cursor: Option<BriefCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<brief::Model>, i64)> {
    let base = apply_filter(discoverable(), filter);
    let Some(facts) = &filter.eligible_for else {
        let total = if want_total {
            keyset::count(db, base.clone()).await?
        } else {
            0
        };
        let rows = keyset::page(
            base,
            brief::Column::PublishedAt,
            brief::Column::Id,
            Direction::NewestFirst,
            cursor,
            limit,
        )
        .all(db)
        .await?;
        return Ok((rows, total));
    };

    let eligible: Vec<(DateTime<Utc>, Uuid)> = eligible_candidates(db, base, facts)
        .await?
        .into_iter()
        .map(|c| (c.published_at, c.id))
        .collect();
    let total = eligible.len() as i64;
    let page: Vec<Uuid> = eligible
        .into_iter()
        .filter(|key| cursor.is_none_or(|c| *key < c))
        .take(limit as usize)
        .map(|(_, id)| id)
        .collect();
    let mut rows = brief::Entity::find()
        .filter(brief::Column::Id.is_in(page.iter().copied()))
        .all(db)
        .await?;
    rows.sort_by_key(|b| std::cmp::Reverse((b.published_at, b.id)));
    Ok((rows, total))
}

/// How `briefs` may be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefOrder {
    /// Newest published first.
    Newest,
    /// Soonest application deadline first; briefs without one last.
    DeadlineSoon,
    /// Largest budget first, VND briefs (the market's currency) before those in other currencies.
    BudgetDesc,
}

/// Where a brief stands in a list ordered by [`BriefOrder::DeadlineSoon`] or
/// [`BriefOrder::BudgetDesc`]: the lists run in ascending order of this, the id breaking ties.
pub type RankCursor = (i64, i64, Uuid);

/// A brief's rank in `order` (see [`RankCursor`]).
pub fn rank(
    order: BriefOrder,
    id: Uuid,
    deadline: Option<DateTime<Utc>>,
    currency: CurrencyCode,
    budget_minor: i64,
) -> RankCursor {
    match order {
        BriefOrder::DeadlineSoon => match deadline {
            Some(at) => (0, at.timestamp_micros(), id),
            None => (1, 0, id),
        },
        BriefOrder::BudgetDesc => (i64::from(currency != CurrencyCode::Vnd), -budget_minor, id),
        // NEWEST pages in SQL (`discover`); this rank is only a fallback of the same order.
        BriefOrder::Newest => (0, 0, id),
    }
}

/// A page of discoverable briefs in a ranked order (deadline or budget), with each one's rank,
/// and the total when asked. The discoverable set is ranked on its light columns in Rust, as
/// eligibility is, then the page's rows are read.
pub async fn discover_ranked(
    db: &DatabaseConnection,
    filter: &BriefFilter,
    order: BriefOrder,
    after: Option<RankCursor>,
    limit: u64,
) -> AppResult<(Vec<(brief::Model, RankCursor)>, i64)> {
    let base = apply_filter(discoverable(), filter);
    let eligible: Option<HashSet<Uuid>> = match &filter.eligible_for {
        Some(facts) => Some(
            eligible_candidates(db, base.clone(), facts)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect(),
        ),
        None => None,
    };
    let mut ranks: Vec<RankCursor> = base
        .select_only()
        .columns([
            brief::Column::Id,
            brief::Column::ApplicationDeadline,
            brief::Column::Currency,
            brief::Column::BudgetMinor,
        ])
        .into_tuple::<(Uuid, Option<DateTime<Utc>>, CurrencyCode, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter(|(id, ..)| eligible.as_ref().is_none_or(|e| e.contains(id)))
        .map(|(id, deadline, currency, budget)| rank(order, id, deadline, currency, budget))
        .collect();
    ranks.sort_unstable();
    let total = ranks.len() as i64;
    let page: Vec<RankCursor> = ranks
        .into_iter()
        .filter(|r| after.is_none_or(|a| *r > a))
        .take(limit as usize)
        .collect();
    let mut rows: HashMap<Uuid, brief::Model> = brief::Entity::find()
        .filter(brief::Column::Id.is_in(page.iter().map(|r| r.2)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    Ok((
        page.into_iter()
            .filter_map(|r| rows.remove(&r.2).map(|b| (b, r)))
            .collect(),
        total,
    ))
}

/// A discoverable brief that a creator's facts make eligible, with what ranking it needs.
pub struct EligibleBrief {
    pub id: Uuid,
    pub brand_id: Uuid,
    pub published_at: DateTime<Utc>,
    pub has_free_slot: bool,
    pub requirements: Requirements,
    pub platforms: Vec<Platform>,
}

/// The briefs of `base` whose requirements `facts` meet, newest published first. Eligibility is
/// one Rust function (the same that answers `Brief.eligibility`); the discoverable set is small
/// enough to judge its light columns here.
pub async fn eligible_candidates(
    db: &DatabaseConnection,
    base: Select<brief::Entity>,
    facts: &CreatorFacts,
) -> AppResult<Vec<EligibleBrief>> {
    #[derive(FromQueryResult)]
    struct Candidate {
        id: Uuid,
        brand_id: Uuid,
        published_at: Option<DateTime<Utc>>,
        slots: i32,
        filled_slots: i32,
        req_creator_kinds: String,
        req_niches: String,
        req_min_followers: Option<i64>,
        req_max_followers: Option<i64>,
        req_min_engagement_bp: Option<i32>,
        req_countries: String,
        req_min_sample_fulfilment_bp: Option<i32>,
    }
    let base = could_be_eligible(base, facts);
    let candidates: Vec<Candidate> = base
        .clone()
        .select_only()
        .columns([
            brief::Column::Id,
            brief::Column::BrandId,
            brief::Column::PublishedAt,
            brief::Column::Slots,
            brief::Column::FilledSlots,
            brief::Column::ReqCreatorKinds,
            brief::Column::ReqNiches,
            brief::Column::ReqMinFollowers,
            brief::Column::ReqMaxFollowers,
            brief::Column::ReqMinEngagementBp,
            brief::Column::ReqCountries,
            brief::Column::ReqMinSampleFulfilmentBp,
        ])
        .order_by_desc(brief::Column::PublishedAt)
        .order_by_desc(brief::Column::Id)
        .into_model()
        .all(db)
        .await?;
    let platforms: Vec<(Uuid, Platform)> = brief_deliverable::Entity::find()
        .select_only()
        .columns([
            brief_deliverable::Column::BriefId,
            brief_deliverable::Column::Platform,
        ])
        .filter(
            brief_deliverable::Column::BriefId
                .in_subquery(base.select_only().column(brief::Column::Id).into_query()),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut by_brief: HashMap<Uuid, Vec<Platform>> = HashMap::new();
    for (id, p) in platforms {
        let list = by_brief.entry(id).or_default();
        if !list.contains(&p) {
            list.push(p);
        }
    }
    Ok(candidates
        .into_iter()
        .filter_map(|c| {
            let requirements = requirements_from(&RequirementColumns {
                creator_kinds: &c.req_creator_kinds,
                niches: &c.req_niches,
                min_followers: c.req_min_followers,
                max_followers: c.req_max_followers,
                min_engagement_bp: c.req_min_engagement_bp,
                countries: &c.req_countries,
                min_sample_fulfilment_bp: c.req_min_sample_fulfilment_bp,
            });
            let platforms = by_brief.remove(&c.id).unwrap_or_default();
            eligibility::check(facts, &requirements, &platforms)
                .is_empty()
                .then(|| EligibleBrief {
                    id: c.id,
                    brand_id: c.brand_id,
                    published_at: c.published_at.unwrap_or_default(),
                    has_free_slot: c.filled_slots < c.slots,
                    requirements,
                    platforms,
                })
        })
        .collect())
}

/// `base` without the briefs that `facts` certainly fail, as far as SQL can tell from the
/// brief's columns: a required kind, niche or country the creator lacks, a minimum of followers
/// above all of theirs, or a deliverable on a platform they have no account on. Never leaves out
/// an eligible brief; `eligibility::check` still decides.
fn could_be_eligible(base: Select<brief::Entity>, facts: &CreatorFacts) -> Select<brief::Entity> {
    let listed = |column: &str, values: Vec<&str>| {
        values.into_iter().fold(
            Condition::any().add(Expr::cust(format!("briefs.{column}")).eq("")),
            |any, value| any.add(list_contains(column, value)),
        )
    };
    let followers: i64 = facts.accounts.iter().map(|(_, f, _)| *f).sum();
    let mut platforms: Vec<Platform> = facts.accounts.iter().map(|(p, _, _)| *p).collect();
    platforms.dedup();
    let mut elsewhere = sea_orm::sea_query::Query::select();
    elsewhere
        .column(brief_deliverable::Column::BriefId)
        .from(brief_deliverable::Entity);
    if !platforms.is_empty() {
        elsewhere.and_where(brief_deliverable::Column::Platform.is_not_in(platforms));
    }
    base.filter(listed("req_creator_kinds", vec![facts.kind.as_str()]))
        .filter(listed(
            "req_niches",
            facts.niches.iter().map(|n| n.as_str()).collect(),
        ))
        .filter(listed(
            "req_countries",
            facts.country.as_deref().into_iter().collect(),
        ))
        .filter(
            Condition::any()
                .add(brief::Column::ReqMinFollowers.is_null())
                .add(brief::Column::ReqMinFollowers.lte(followers)),
        )
        .filter(brief::Column::Id.not_in_subquery(elsewhere.to_owned()))
}

/// A brand's briefs that the viewer may read (`access::brief`): all of them for its own user and
/// admins, the published PUBLIC ones and those the viewer has a proposal on for everyone else.
/// Newest first.
pub async fn of_brand(
    db: &DatabaseConnection,
    viewer: &Viewer,
    brand_id: Uuid,
    status: Option<BriefStatus>,
    cursor: Option<BriefCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<brief::Model>, i64)> {
    let mut q = brief::Entity::find()
        .filter(brief::Column::BrandId.eq(brand_id))
        .filter(access::brief(viewer));
    if let Some(status) = status {
        q = q.filter(brief::Column::Status.eq(status));
    }
    keyset::fetch(
        db,
        q,
        brief::Column::CreatedAt,
        brief::Column::Id,
        Direction::NewestFirst,
        keyset::Window {
            after: cursor,
            limit,
            count: want_total,
        },
    )
    .await
}
