//! Briefs in the API: the brief, its lifecycle mutations and discovery.

use super::scalars::Time;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use entity::{
    brief, brief_deliverable,
    enums::{
        BriefStatus, BriefVisibility, CampaignObjective, CompensationModel, CreatorKind,
        DeliverableType, Niche, Platform, ProposalStatus,
    },
};

use crate::{
    briefs::{
        self, BriefFields, CompensationIn, DeliverableSpec as Spec, RequirementsIn,
        discovery::{self, BriefCursor, RankCursor},
    },
    creators::{
        self as creator_rules,
        eligibility::{self, CreatorFacts},
    },
    deals::{self, ListScope},
    error::{AppError, AppResult},
    graphql::{
        brands::{Brand, brand_by_id},
        collaborations::{Collaboration, collaboration_page},
        context::{loaders, state, viewer},
        deals::{Proposal, proposal_page},
        ids::{self, Kind},
        inputs,
        insights::Performance as PerformanceObject,
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Decimal, Money, MoneyInput},
    },
    insights::{self, Scope},
    money, search,
};

pub struct Brief(pub brief::Model);

impl Brief {
    async fn lines(&self, ctx: &Context<'_>) -> AppResult<Vec<brief_deliverable::Model>> {
        Ok(loaders(ctx)
            .brief_deliverables
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default())
    }

    fn money(&self, minor: i64) -> Money {
        briefs::money(minor, &self.0).into()
    }
}

#[Object]
impl Brief {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Brief, self.0.id)
    }

    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Brand> {
        brand_by_id(ctx, self.0.brand_id)
            .await?
            .ok_or_else(|| AppError::internal("brief without its brand"))
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    #[graphql(complexity = 20)]
    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn objective(&self) -> CampaignObjective {
        self.0.objective
    }

    async fn product_name(&self) -> Option<&str> {
        self.0.product_name.as_deref()
    }

    /// Where the tracking link sends shoppers.
    async fn product_url(&self) -> Option<&str> {
        self.0.product_url.as_deref()
    }

    /// The platforms that the deliverables use.
    async fn platforms(&self, ctx: &Context<'_>) -> AppResult<Vec<Platform>> {
        Ok(briefs::platforms(&self.lines(ctx).await?))
    }

    async fn deliverables(&self, ctx: &Context<'_>) -> AppResult<Vec<DeliverableSpec>> {
        Ok(self
            .lines(ctx)
            .await?
            .into_iter()
            .map(DeliverableSpec::from)
            .collect())
    }

    async fn compensation(&self) -> Compensation {
        Compensation {
            model: self.0.compensation_model,
            fee_min: self.0.fee_min_minor.map(|m| self.money(m)),
            fee_max: self.0.fee_max_minor.map(|m| self.money(m)),
            commission_rate: self.0.commission_rate_bp.map(|bp| Decimal(money::rate(bp))),
            gift_product: self.0.gift_product,
        }
    }

    async fn budget(&self) -> Money {
        self.money(self.0.budget_minor)
    }

    /// Sum of the fees in accepted offers; null unless the viewer owns the brief.
    async fn committed_budget(&self, ctx: &Context<'_>) -> AppResult<Option<Money>> {
        let viewer = viewer(ctx).await?;
        Ok(viewer
            .owns_brand(self.0.brand_id)
            .then(|| self.money(self.0.committed_minor)))
    }

    async fn slots(&self) -> i32 {
        self.0.slots
    }

    async fn filled_slots(&self) -> i32 {
        self.0.filled_slots
    }

    async fn requirements(&self) -> Requirements {
        let r = briefs::requirements_of(&self.0);
        Requirements {
            creator_kinds: r.creator_kinds,
            niches: r.niches,
            min_followers: r.min_followers.map(super::creators::clamp),
            max_followers: r.max_followers.map(super::creators::clamp),
            min_engagement_rate: r.min_engagement_bp.map(|bp| Decimal(money::rate(bp))),
            countries: r.countries,
        }
    }

    async fn visibility(&self) -> BriefVisibility {
        self.0.visibility
    }

    async fn status(&self) -> BriefStatus {
        self.0.status
    }

    async fn application_deadline(&self) -> Option<Time> {
        self.0.application_deadline.map(Time)
    }

    async fn content_due_at(&self) -> Option<Time> {
        self.0.content_due_at.map(Time)
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    async fn published_at(&self) -> Option<Time> {
        self.0.published_at.map(Time)
    }

    /// The owner sees all; a creator sees only its own.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        status: Option<ProposalStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Proposal>> {
        proposal_page(ctx, ListScope::Brief, Some(&self.0), status, first, after).await
    }

    /// The owner sees all; a creator sees only its own.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn collaborations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Collaboration>> {
        collaboration_page(ctx, ListScope::Brief, Some(&self.0), None, first, after).await
    }

    /// Owner and admins only: for others it is null, with a FORBIDDEN error.
    #[graphql(complexity = 20)]
    async fn performance(&self, ctx: &Context<'_>) -> AppResult<Option<PerformanceObject>> {
        let viewer = viewer(ctx).await?;
        if !(viewer.owns_brand(self.0.brand_id) || viewer.is_admin()) {
            return Err(AppError::forbidden(
                "only the brief's brand and admins see its performance",
            ));
        }
        let totals = insights::totals(&state(ctx).db, &self.0, Scope::Brief(self.0.id)).await?;
        Ok(Some(PerformanceObject(totals)))
    }

    /// Whether the viewing creator meets the requirements; null for other viewers.
    async fn eligibility(&self, ctx: &Context<'_>) -> AppResult<Option<Eligibility>> {
        let Some(facts) = viewer_facts(ctx).await? else {
            return Ok(None);
        };
        let platforms = briefs::platforms(&self.lines(ctx).await?);
        let reasons = eligibility::check(facts, &briefs::requirements_of(&self.0), &platforms);
        Ok(Some(Eligibility {
            eligible: reasons.is_empty(),
            reasons: reasons.into_iter().map(Into::into).collect(),
        }))
    }
}

/// A brief by id through the request's loader, like `creator_by_id` and `brand_by_id`, for a
/// parent the viewer may already read (a proposal, a collaboration, a notification).
pub async fn brief_by_id(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<Brief>> {
    Ok(loaders(ctx)
        .brief
        .load_one(id)
        .await
        .map_err(loader_error)?
        .map(Brief))
}

/// Loads, one query per relation, what a page's briefs will ask for, so that the node resolvers
/// find it in the request's loader caches whatever the page size.
pub async fn prefetch(ctx: &Context<'_>, briefs: &[brief::Model]) -> AppResult<()> {
    if briefs.is_empty() {
        return Ok(());
    }
    let wants = |f: &str| pagination::nodes_select(ctx, &[f]);
    let l = loaders(ctx);
    if wants("brand") {
        l.brand
            .load_many(briefs.iter().map(|b| b.brand_id))
            .await
            .map_err(loader_error)?;
    }
    if ["deliverables", "platforms", "eligibility"]
        .iter()
        .any(|f| wants(f))
    {
        l.brief_deliverables
            .load_many(briefs.iter().map(|b| b.id))
            .await
            .map_err(loader_error)?;
    }
    Ok(())
}

/// The viewing creator's facts, read once per request; None for other viewers.
pub async fn viewer_facts<'a>(ctx: &Context<'a>) -> AppResult<Option<&'a CreatorFacts>> {
    let viewer = viewer(ctx).await?;
    let Some(creator_id) = viewer.creator_id else {
        return Ok(None);
    };
    let db = &state(ctx).db;
    let facts = loaders(ctx)
        .viewer_facts
        .get_or_try_init(|| async {
            let profile = loaders(ctx)
                .creator_profile
                .load_one(creator_id)
                .await
                .map_err(loader_error)?
                .ok_or_else(|| AppError::not_found("creator profile"))?;
            creator_rules::facts(db, &profile).await.map(Some)
        })
        .await?;
    Ok(facts.as_ref())
}

#[derive(SimpleObject)]
pub struct DeliverableSpec {
    #[graphql(name = "type")]
    deliverable_type: DeliverableType,
    platform: Platform,
    quantity: i32,
    notes: Option<String>,
}

impl From<brief_deliverable::Model> for DeliverableSpec {
    fn from(d: brief_deliverable::Model) -> Self {
        Self {
            deliverable_type: d.deliverable_type,
            platform: d.platform,
            quantity: d.quantity,
            notes: d.notes,
        }
    }
}

impl From<Spec> for DeliverableSpec {
    fn from(d: Spec) -> Self {
        Self {
            deliverable_type: d.deliverable_type,
            platform: d.platform,
            quantity: d.quantity,
            notes: d.notes,
        }
    }
}

#[derive(SimpleObject)]
pub struct Compensation {
    model: CompensationModel,
    fee_min: Option<Money>,
    fee_max: Option<Money>,
    /// Percent of each attributed order.
    commission_rate: Option<Decimal>,
    gift_product: bool,
}

#[derive(SimpleObject)]
pub struct Requirements {
    creator_kinds: Vec<CreatorKind>,
    niches: Vec<Niche>,
    min_followers: Option<i32>,
    max_followers: Option<i32>,
    /// Percent.
    min_engagement_rate: Option<Decimal>,
    countries: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "eligibility::IneligibilityReason")]
pub enum IneligibilityReason {
    Kind,
    Niche,
    Platform,
    FollowersBelowMin,
    FollowersAboveMax,
    EngagementBelowMin,
    Country,
}

#[derive(SimpleObject)]
pub struct Eligibility {
    eligible: bool,
    reasons: Vec<IneligibilityReason>,
}

#[derive(InputObject, Clone)]
pub struct DeliverableSpecInput {
    #[graphql(name = "type")]
    deliverable_type: DeliverableType,
    platform: Platform,
    #[graphql(default = 1)]
    quantity: i32,
    notes: Option<String>,
}

impl From<DeliverableSpecInput> for Spec {
    fn from(d: DeliverableSpecInput) -> Self {
        Self {
            deliverable_type: d.deliverable_type,
            platform: d.platform,
            quantity: d.quantity,
            notes: d.notes,
        }
    }
}

#[derive(InputObject, Clone)]
pub struct CompensationInput {
    model: CompensationModel,
    fee_min: Option<MoneyInput>,
    fee_max: Option<MoneyInput>,
    commission_rate: Option<Decimal>,
    #[graphql(default = false)]
    gift_product: bool,
}

impl From<CompensationInput> for CompensationIn {
    fn from(c: CompensationInput) -> Self {
        Self {
            model: c.model,
            fee_min: c.fee_min.map(MoneyInput::pair),
            fee_max: c.fee_max.map(MoneyInput::pair),
            commission_rate: c.commission_rate.map(|d| d.0),
            gift_product: c.gift_product,
        }
    }
}

#[derive(InputObject, Clone, Default)]
pub struct RequirementsInput {
    #[graphql(default)]
    creator_kinds: Vec<CreatorKind>,
    #[graphql(default)]
    niches: Vec<Niche>,
    min_followers: Option<i32>,
    max_followers: Option<i32>,
    min_engagement_rate: Option<Decimal>,
    #[graphql(default)]
    countries: Vec<String>,
}

impl From<RequirementsInput> for RequirementsIn {
    fn from(r: RequirementsInput) -> Self {
        Self {
            creator_kinds: r.creator_kinds,
            niches: r.niches,
            min_followers: r.min_followers,
            max_followers: r.max_followers,
            min_engagement_rate: r.min_engagement_rate.map(|d| d.0),
            countries: r.countries,
        }
    }
}

#[derive(InputObject)]
pub struct CreateBriefInput {
    title: String,
    description: String,
    objective: CampaignObjective,
    product_name: Option<String>,
    product_url: Option<String>,
    deliverables: Vec<DeliverableSpecInput>,
    compensation: CompensationInput,
    budget: MoneyInput,
    slots: i32,
    requirements: Option<RequirementsInput>,
    #[graphql(default_with = "BriefVisibility::Public")]
    visibility: BriefVisibility,
    application_deadline: Option<Time>,
    content_due_at: Option<Time>,
}

#[derive(InputObject)]
pub struct UpdateBriefInput {
    title: Option<String>,
    description: Option<String>,
    objective: Option<CampaignObjective>,
    product_name: MaybeUndefined<String>,
    product_url: MaybeUndefined<String>,
    deliverables: Option<Vec<DeliverableSpecInput>>,
    compensation: Option<CompensationInput>,
    budget: Option<MoneyInput>,
    slots: Option<i32>,
    requirements: Option<RequirementsInput>,
    visibility: Option<BriefVisibility>,
    application_deadline: MaybeUndefined<Time>,
    content_due_at: MaybeUndefined<Time>,
}

/// `Some(None)` for null (clear), `Some(Some(v))` for a value, None when absent.
fn patch<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[derive(InputObject, Default)]
pub struct BriefFilter {
    niches: Option<Vec<Niche>>,
    platforms: Option<Vec<Platform>>,
    objectives: Option<Vec<CampaignObjective>>,
    compensation_models: Option<Vec<CompensationModel>>,
    creator_kinds: Option<Vec<CreatorKind>>,
    /// Case- and diacritics-insensitive: "son moi" finds "Son môi".
    search: Option<String>,
    /// For a creator: only briefs whose requirements it meets.
    eligible_only: Option<bool>,
}

/// How `briefs` is ordered.
#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "discovery::BriefOrder")]
pub enum BriefOrder {
    /// Newest published first.
    Newest,
    /// Soonest application deadline first; briefs without one last.
    DeadlineSoon,
    /// Largest budget first (within one currency; briefs in other currencies after).
    BudgetDesc,
}

/// The default order of `briefs`.
fn newest() -> Option<BriefOrder> {
    Some(BriefOrder::Newest)
}

#[derive(Default)]
pub struct BriefsQuery;

#[Object]
impl BriefsQuery {
    async fn brief(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Brief>> {
        let viewer = viewer(ctx).await?;
        let Some((Kind::Brief, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(briefs::find_visible(&state(ctx).db, viewer, uuid)
            .await?
            .map(Brief))
    }

    /// OPEN, PUBLIC briefs, newest first unless `orderBy` says otherwise.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn briefs(
        &self,
        ctx: &Context<'_>,
        filter: Option<BriefFilter>,
        #[graphql(default_with = "newest()")] order_by: Option<BriefOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Brief>> {
        viewer(ctx).await?;
        let order = discovery::BriefOrder::from(order_by.unwrap_or(BriefOrder::Newest));
        let f = filter.unwrap_or_default();
        let eligible_for = if f.eligible_only == Some(true) {
            viewer_facts(ctx).await?.cloned()
        } else {
            None
        };
        let filter = discovery::BriefFilter {
            niches: inputs::distinct(f.niches),
            platforms: inputs::distinct(f.platforms),
            objectives: inputs::distinct(f.objectives),
            compensation_models: inputs::distinct(f.compensation_models),
            creator_kinds: inputs::distinct(f.creator_kinds),
            search: search::query("filter.search", f.search)?,
            eligible_for,
        };
        if order != discovery::BriefOrder::Newest {
            let request = PageRequest::<RankCursor>::new(first, after)?;
            let (ranked, total) = discovery::discover_ranked(
                &state(ctx).db,
                &filter,
                order,
                request.after,
                request.fetch_limit(),
            )
            .await?;
            let rows: Vec<brief::Model> = ranked.iter().map(|(b, _)| b.clone()).collect();
            prefetch(ctx, &rows).await?;
            return Ok(pagination::build(
                ranked,
                &request,
                total,
                |(_, rank)| *rank,
                |(b, _)| Brief(b),
            ));
        }
        let request = PageRequest::<BriefCursor>::new(first, after)?;
        let (rows, total) = discovery::discover(
            &state(ctx).db,
            &filter,
            request.after,
            request.fetch_limit(),
            pagination::wants_total(ctx),
        )
        .await?;
        prefetch(ctx, &rows).await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |b| (b.published_at.unwrap_or(b.created_at), b.id),
            Brief,
        ))
    }
}

#[derive(Default)]
pub struct BriefsMutation;

#[Object]
impl BriefsMutation {
    /// Makes a DRAFT brief of the signed-in brand.
    async fn create_brief(&self, ctx: &Context<'_>, input: CreateBriefInput) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let fields = BriefFields {
            title: Some(input.title),
            description: Some(input.description),
            objective: Some(input.objective),
            product_name: Some(input.product_name),
            product_url: Some(input.product_url),
            deliverables: Some(input.deliverables.into_iter().map(Spec::from).collect()),
            compensation: Some(input.compensation.into()),
            budget: Some(input.budget.pair()),
            slots: Some(input.slots),
            requirements: Some(input.requirements.unwrap_or_default().into()),
            visibility: Some(input.visibility),
            application_deadline: Some(input.application_deadline.map(Into::into)),
            content_due_at: Some(input.content_due_at.map(Into::into)),
        };
        Ok(Brief(
            briefs::create(&state(ctx).db, &state(ctx).events, viewer, fields).await?,
        ))
    }

    /// Works on DRAFT and OPEN briefs.
    async fn update_brief(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateBriefInput,
    ) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        let fields = BriefFields {
            title: input.title,
            description: input.description,
            objective: input.objective,
            product_name: patch(input.product_name),
            product_url: patch(input.product_url),
            deliverables: input
                .deliverables
                .map(|d| d.into_iter().map(Spec::from).collect()),
            compensation: input.compensation.map(Into::into),
            budget: input.budget.map(MoneyInput::pair),
            slots: input.slots,
            requirements: input.requirements.map(Into::into),
            visibility: input.visibility,
            application_deadline: patch(input.application_deadline).map(|t| t.map(Into::into)),
            content_due_at: patch(input.content_due_at).map(|t| t.map(Into::into)),
        };
        let brief = briefs::update(&state(ctx).db, &state(ctx).events, viewer, id, fields).await?;
        // The deliverables may have changed under a cached read earlier in this operation.
        loaders(ctx).brief_deliverables.clear::<uuid::Uuid>();
        Ok(Brief(brief))
    }

    async fn publish_brief(&self, ctx: &Context<'_>, id: ID) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        Ok(Brief(
            briefs::publish(&state(ctx).db, &state(ctx).events, viewer, id).await?,
        ))
    }

    async fn close_brief(&self, ctx: &Context<'_>, id: ID) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        Ok(Brief(
            briefs::close(&state(ctx).db, &state(ctx).events, viewer, id).await?,
        ))
    }

    async fn cancel_brief(&self, ctx: &Context<'_>, id: ID, reason: String) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        let s = state(ctx);
        Ok(Brief(
            deals::cancel_brief(&s.db, &s.events, viewer, id, &reason).await?,
        ))
    }

    async fn complete_brief(&self, ctx: &Context<'_>, id: ID) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        let s = state(ctx);
        Ok(Brief(
            deals::complete_brief(&s.db, &s.events, viewer, id).await?,
        ))
    }
}
