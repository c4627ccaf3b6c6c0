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
    i18n::msg,
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

/// A brand's call for creators: what content it wants, how it pays, and who may apply. A DRAFT is
/// its brand's and admins' only; once published, a PUBLIC brief is readable by any signed-in user
/// and an INVITE_ONLY one by its brand, the creators invited to it and admins.
#[Object]
impl Brief {
    /// Opaque global ID; works with `node(id:)` and `brief(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Brief, self.0.id)
    }

    /// The brand that runs it.
    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Brand> {
        brand_by_id(ctx, self.0.brand_id)
            .await?
            .ok_or_else(|| AppError::internal("brief without its brand"))
    }

    /// 1 to 200 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What the brand wants, 1 to 5,000 characters.
    #[graphql(complexity = 20)]
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// What the campaign is for.
    async fn objective(&self) -> CampaignObjective {
        self.0.objective
    }

    /// The product promoted, up to 200 characters; null when not given.
    async fn product_name(&self) -> Option<&str> {
        self.0.product_name.as_deref()
    }

    /// Where the tracking link sends shoppers.
    async fn product_url(&self) -> Option<&str> {
        self.0.product_url.as_deref()
    }

    /// Whether the Advertising Law's duties are enforced on its collaborations: approving a
    /// submission whose caption has no advertising label needs a reason (reviewContent's
    /// unlabelledReason), and a deliverable is published only after the creator attests having
    /// used the product (attestProductUse). Every submission's label check is shown either way.
    async fn enforce_advertising_law(&self) -> bool {
        self.0.enforce_advertising_law
    }

    /// The product's certificates and licences, for creators to read before attesting.
    async fn product_documents(&self) -> Vec<ProductDocument> {
        briefs::product_documents(&self.0)
            .into_iter()
            .map(|d| ProductDocument {
                title: d.title,
                url: d.url,
            })
            .collect()
    }

    /// The platforms that the deliverables use.
    async fn platforms(&self, ctx: &Context<'_>) -> AppResult<Vec<Platform>> {
        Ok(briefs::platforms(&self.lines(ctx).await?))
    }

    /// The content asked for: at most 20 lines, each a quantity of one type on one platform.
    async fn deliverables(&self, ctx: &Context<'_>) -> AppResult<Vec<DeliverableSpec>> {
        Ok(self
            .lines(ctx)
            .await?
            .into_iter()
            .map(DeliverableSpec::from)
            .collect())
    }

    /// How creators are paid; each deal's terms may differ.
    async fn compensation(&self) -> Compensation {
        Compensation {
            model: self.0.compensation_model,
            fee_min: self.0.fee_min_minor.map(|m| self.money(m)),
            fee_max: self.0.fee_max_minor.map(|m| self.money(m)),
            commission_rate: self.0.commission_rate_bp.map(|bp| Decimal(money::rate(bp))),
            gift_product: self.0.gift_product,
        }
    }

    /// The most the brand spends on fees. Its currency is the brief's: every amount of the brief,
    /// its offers, conversions and payouts is in it.
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

    /// How many creators the brand wants, 0 to 10,000 (at least 1 to publish).
    async fn slots(&self) -> i32 {
        self.0.slots
    }

    /// Slots taken by accepted offers; never more than slots.
    async fn filled_slots(&self) -> i32 {
        self.0.filled_slots
    }

    /// What a creator must meet to apply.
    async fn requirements(&self) -> Requirements {
        let r = briefs::requirements_of(&self.0);
        Requirements {
            creator_kinds: r.creator_kinds,
            niches: r.niches,
            min_followers: r.min_followers.map(super::creators::clamp),
            max_followers: r.max_followers.map(super::creators::clamp),
            min_engagement_rate: r.min_engagement_bp.map(|bp| Decimal(money::rate(bp))),
            countries: r.countries,
            min_sample_fulfilment_rate: r
                .min_sample_fulfilment_bp
                .map(|bp| Decimal(money::rate(bp))),
        }
    }

    /// PUBLIC (listed in discovery) or INVITE_ONLY.
    async fn visibility(&self) -> BriefVisibility {
        self.0.visibility
    }

    /// Where the brief is in its life.
    async fn status(&self) -> BriefStatus {
        self.0.status
    }

    /// Applications close at this time; null for no deadline.
    async fn application_deadline(&self) -> Option<Time> {
        self.0.application_deadline.map(Time)
    }

    /// When the brand wants the content by; each deal's terms set its own dueAt. Null when not
    /// given.
    async fn content_due_at(&self) -> Option<Time> {
        self.0.content_due_at.map(Time)
    }

    /// When the brief was created.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When publishBrief made it OPEN; null while a DRAFT.
    async fn published_at(&self) -> Option<Time> {
        self.0.published_at.map(Time)
    }

    /// The owner sees all; a creator sees only its own.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only proposals in this status.")] status: Option<ProposalStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Proposal>> {
        proposal_page(ctx, ListScope::Brief, Some(&self.0), status, first, after).await
    }

    /// The owner sees all; a creator sees only its own.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn collaborations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Collaboration>> {
        collaboration_page(ctx, ListScope::Brief, Some(&self.0), None, first, after).await
    }

    /// Owner and admins only: for others it is null, with a FORBIDDEN error.
    #[graphql(complexity = 20)]
    async fn performance(&self, ctx: &Context<'_>) -> AppResult<Option<PerformanceObject>> {
        let viewer = viewer(ctx).await?;
        if !(viewer.owns_brand(self.0.brand_id) || viewer.is_admin()) {
            return Err(AppError::forbidden(msg!("brief-performance-forbidden")));
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

/// Content asked for or agreed: `quantity` pieces of one type on one platform.
#[derive(SimpleObject)]
pub struct DeliverableSpec {
    /// The kind of content.
    #[graphql(name = "type")]
    deliverable_type: DeliverableType,
    /// Where it is published.
    platform: Platform,
    /// How many pieces, 1 to 20.
    quantity: i32,
    /// Instructions, up to 1,000 characters; null when none.
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

/// How a brief pays. Consistent when FIXED_FEE has a fee range and no commission, COMMISSION a rate
/// and no fee, HYBRID both, and GIFTING neither with giftProduct true.
#[derive(SimpleObject)]
pub struct Compensation {
    /// The compensation model.
    model: CompensationModel,
    /// Lowest fee offered; null without a fee.
    fee_min: Option<Money>,
    /// Highest fee offered; null without a fee.
    fee_max: Option<Money>,
    /// Commission on each attributed order, percent, 0 to 100 (above 0, 2 decimals); null without
    /// commission.
    commission_rate: Option<Decimal>,
    /// Whether the creator gets the product as a gift.
    gift_product: bool,
}

/// What a creator must meet to apply to a brief (invitations are not checked). An empty list or a
/// null asks nothing.
#[derive(SimpleObject)]
pub struct Requirements {
    /// The kinds allowed; empty for any.
    creator_kinds: Vec<CreatorKind>,
    /// The creator must share one of these; empty for any.
    niches: Vec<Niche>,
    /// Followers on the brief's platforms, summed, at least this; null for no minimum.
    min_followers: Option<i32>,
    /// Followers on the brief's platforms, summed, at most this; null for no maximum.
    max_followers: Option<i32>,
    /// Followers-weighted engagement rate on the brief's platforms at least this, percent, 0 to
    /// 100; null for no minimum.
    min_engagement_rate: Option<Decimal>,
    /// ISO 3166-1 alpha-2 codes; the creator's country must be one of them. Empty for any.
    countries: Vec<String>,
    /// The creator's sampleFulfilmentRate (CreatorStats) at least this, percent, 0 to 100; a
    /// creator with no sample settled yet does not meet it. Null for no minimum.
    min_sample_fulfilment_rate: Option<Decimal>,
}

/// A requirement of a brief that a creator fails.
#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "eligibility::IneligibilityReason")]
pub enum IneligibilityReason {
    /// Its kind is not one of creatorKinds.
    Kind,
    /// It shares no niche with the brief's niches.
    Niche,
    /// It has no social account on one of the brief's platforms.
    Platform,
    /// Its followers on the brief's platforms, summed, are below minFollowers.
    FollowersBelowMin,
    /// Its followers on the brief's platforms, summed, are above maxFollowers.
    FollowersAboveMax,
    /// Its engagement rate on the brief's platforms is below minEngagementRate, or unknown.
    EngagementBelowMin,
    /// Its country is not one of countries, or not given.
    Country,
    /// Its sampleFulfilmentRate is below minSampleFulfilmentRate, or it has no sample settled.
    SampleFulfilmentBelowMin,
}

/// Whether the viewing creator meets a brief's requirements.
#[derive(SimpleObject)]
pub struct Eligibility {
    /// True when every requirement holds.
    eligible: bool,
    /// Each requirement that fails; empty when eligible.
    reasons: Vec<IneligibilityReason>,
}

/// Content to ask for or to agree: `quantity` pieces of one type on one platform.
#[derive(InputObject, Clone)]
pub struct DeliverableSpecInput {
    /// The kind of content.
    #[graphql(name = "type")]
    deliverable_type: DeliverableType,
    /// Where it is published.
    platform: Platform,
    /// How many pieces, 1 to 20; 1 when omitted.
    #[graphql(default = 1)]
    quantity: i32,
    /// Instructions, up to 1,000 characters.
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

/// How a brief pays. Its consistency (see Compensation) is checked when publishing and on every
/// update of an OPEN brief: BAD_USER_INPUT naming the field.
#[derive(InputObject, Clone)]
pub struct CompensationInput {
    /// The compensation model.
    model: CompensationModel,
    /// Lowest fee, in the budget's currency; with feeMax for FIXED_FEE and HYBRID, absent
    /// otherwise.
    fee_min: Option<MoneyInput>,
    /// Highest fee, in the budget's currency; at least feeMin.
    fee_max: Option<MoneyInput>,
    /// Commission on each attributed order, percent, 0 to 100 (above 0, at most 2 decimals); for
    /// COMMISSION and HYBRID only.
    commission_rate: Option<Decimal>,
    /// Whether the product is a gift; must be true for GIFTING. False when omitted.
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

/// What a creator must meet to apply; an omitted field asks nothing.
#[derive(InputObject, Clone, Default)]
pub struct RequirementsInput {
    /// The kinds allowed; [] for any.
    #[graphql(default)]
    creator_kinds: Vec<CreatorKind>,
    /// The creator must share one of these; [] for any.
    #[graphql(default)]
    niches: Vec<Niche>,
    /// 0 or more; null for no minimum.
    min_followers: Option<i32>,
    /// Not below minFollowers; null for no maximum.
    max_followers: Option<i32>,
    /// Engagement rate at least this, percent, 0 to 100, at most 2 decimals; null for no minimum.
    min_engagement_rate: Option<Decimal>,
    /// ISO 3166-1 alpha-2 codes, e.g. "VN"; [] for any.
    #[graphql(default)]
    countries: Vec<String>,
    /// Sample fulfilment rate (CreatorStats.sampleFulfilmentRate) at least this, percent, 0 to
    /// 100, at most 2 decimals; null for no minimum.
    min_sample_fulfilment_rate: Option<Decimal>,
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
            min_sample_fulfilment_rate: r.min_sample_fulfilment_rate.map(|d| d.0),
        }
    }
}

/// A new brief. It starts as a DRAFT of the signed-in brand, whatever the input says.
#[derive(InputObject)]
pub struct CreateBriefInput {
    /// 1 to 200 characters.
    title: String,
    /// What the brand wants, 1 to 5,000 characters.
    description: String,
    /// What the campaign is for.
    objective: CampaignObjective,
    /// The product promoted, up to 200 characters.
    product_name: Option<String>,
    /// An http(s) URL where the tracking link sends shoppers.
    product_url: Option<String>,
    /// The content asked for: at most 20 lines; at least one to publish.
    deliverables: Vec<DeliverableSpecInput>,
    /// How creators are paid.
    compensation: CompensationInput,
    /// The most to spend on fees; its currency becomes the brief's, for every amount of it.
    /// Positive to publish.
    budget: MoneyInput,
    /// How many creators, 0 to 10,000; at least 1 to publish.
    slots: i32,
    /// What creators must meet to apply; nothing when omitted.
    requirements: Option<RequirementsInput>,
    /// PUBLIC when omitted.
    #[graphql(default_with = "BriefVisibility::Public")]
    visibility: BriefVisibility,
    /// When applications close; in the future to publish. Null for none.
    application_deadline: Option<Time>,
    /// When the content is due; in the future to publish. Null for none.
    content_due_at: Option<Time>,
    /// Enforce the Advertising Law's duties on its collaborations (see Brief); false when
    /// omitted.
    #[graphql(default)]
    enforce_advertising_law: bool,
    /// The product's certificates and licences, at most 10; none when omitted.
    #[graphql(default)]
    product_documents: Vec<ProductDocumentInput>,
}

/// One of the product's documents: a certificate, a licence, a test report.
#[derive(InputObject)]
pub struct ProductDocumentInput {
    /// What it is, 1 to 200 characters: "Giấy công bố mỹ phẩm".
    title: String,
    /// An http(s) URL where it can be read.
    url: String,
}

impl From<ProductDocumentInput> for briefs::ProductDocument {
    fn from(d: ProductDocumentInput) -> Self {
        Self {
            title: d.title,
            url: d.url,
        }
    }
}

/// One of the product's documents, for creators to read before attesting having used it.
#[derive(SimpleObject)]
pub struct ProductDocument {
    /// What it is.
    title: String,
    /// An http(s) URL where it can be read.
    url: String,
}

/// Changes to a DRAFT or OPEN brief: an absent field stays as it is. While OPEN, slots may not go
/// below filledSlots nor budget below committedBudget, and the currency may not change (CONFLICT).
#[derive(InputObject)]
pub struct UpdateBriefInput {
    /// 1 to 200 characters.
    title: Option<String>,
    /// 1 to 5,000 characters.
    description: Option<String>,
    /// What the campaign is for.
    objective: Option<CampaignObjective>,
    /// Up to 200 characters; null clears it.
    product_name: MaybeUndefined<String>,
    /// An http(s) URL; null clears it.
    product_url: MaybeUndefined<String>,
    /// Replaces every line: at most 20.
    deliverables: Option<Vec<DeliverableSpecInput>>,
    /// Replaces the compensation.
    compensation: Option<CompensationInput>,
    /// The most to spend on fees. Changing a DRAFT's currency needs its fees restated in the new
    /// one.
    budget: Option<MoneyInput>,
    /// 0 to 10,000.
    slots: Option<i32>,
    /// Replaces the requirements.
    requirements: Option<RequirementsInput>,
    /// PUBLIC or INVITE_ONLY.
    visibility: Option<BriefVisibility>,
    /// When applications close; null clears it. Re-checked to be in the future when changed on an
    /// OPEN brief.
    application_deadline: MaybeUndefined<Time>,
    /// When the content is due; null clears it. Re-checked to be in the future when changed on an
    /// OPEN brief.
    content_due_at: MaybeUndefined<Time>,
    /// Enforce the Advertising Law's duties on its collaborations, from the next review or
    /// publishing on.
    enforce_advertising_law: Option<bool>,
    /// Replaces every document: at most 10.
    product_documents: Option<Vec<ProductDocumentInput>>,
}

/// `Some(None)` for null (clear), `Some(Some(v))` for a value, None when absent.
fn patch<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

/// Narrows `briefs`: every field given must hold; a list matches any of its values.
#[derive(InputObject, Default)]
pub struct BriefFilter {
    /// Briefs whose requirements name one of these niches.
    niches: Option<Vec<Niche>>,
    /// Briefs with a deliverable on one of these platforms.
    platforms: Option<Vec<Platform>>,
    /// Briefs with one of these objectives.
    objectives: Option<Vec<CampaignObjective>>,
    /// Briefs paying by one of these models.
    compensation_models: Option<Vec<CompensationModel>>,
    /// Briefs open to one of these kinds (asking no kind, or one of these).
    creator_kinds: Option<Vec<CreatorKind>>,
    /// Case- and diacritics-insensitive, over title, description and product name: "son moi" finds
    /// "Son môi". Up to 200 characters.
    search: Option<String>,
    /// For a creator: only briefs whose requirements it meets. Ignored for other viewers.
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
    /// A brief the viewer may see (see Brief); null otherwise.
    async fn brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Brief ID.")] id: ID,
    ) -> AppResult<Option<Brief>> {
        let viewer = viewer(ctx).await?;
        let Some((Kind::Brief, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(briefs::find_visible(&state(ctx).db, viewer, uuid)
            .await?
            .map(Brief))
    }

    /// Discovery: OPEN, PUBLIC briefs before their application deadline, of brands not suspended;
    /// newest first unless `orderBy` says otherwise.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn briefs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for; every discoverable brief when omitted.")]
        filter: Option<BriefFilter>,
        #[graphql(
            default_with = "newest()",
            desc = "Sort order: NEWEST when omitted or null. A cursor works only with the order that made it."
        )]
        order_by: Option<BriefOrder>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
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
    /// Makes a DRAFT brief of the signed-in brand (FORBIDDEN for other roles). A draft may be saved
    /// incomplete; publishBrief checks it.
    async fn create_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The brief.")] input: CreateBriefInput,
    ) -> AppResult<Brief> {
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
            enforce_advertising_law: Some(input.enforce_advertising_law),
            product_documents: Some(
                input
                    .product_documents
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            ),
        };
        Ok(Brief(
            briefs::create(&state(ctx).db, &state(ctx).events, viewer, fields).await?,
        ))
    }

    /// The brief's brand changes a DRAFT or OPEN brief (CONFLICT in other states).
    async fn update_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Brief to change.")] id: ID,
        #[graphql(desc = "The fields to change.")] input: UpdateBriefInput,
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
            enforce_advertising_law: input.enforce_advertising_law,
            product_documents: input
                .product_documents
                .map(|d| d.into_iter().map(Into::into).collect()),
        };
        let brief = briefs::update(&state(ctx).db, &state(ctx).events, viewer, id, fields).await?;
        // The deliverables may have changed under a cached read earlier in this operation.
        loaders(ctx).brief_deliverables.clear::<uuid::Uuid>();
        Ok(Brief(brief))
    }

    /// The brief's brand makes a DRAFT OPEN. Needs at least one deliverable, slots ≥ 1, a positive
    /// budget, consistent compensation and deadlines in the future (else BAD_USER_INPUT naming the
    /// field).
    async fn publish_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The DRAFT Brief.")] id: ID,
    ) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        Ok(Brief(
            briefs::publish(&state(ctx).db, &state(ctx).events, viewer, id).await?,
        ))
    }

    /// The brief's brand stops new applications and invitations on an OPEN brief; running
    /// negotiations and collaborations go on.
    async fn close_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The OPEN Brief.")] id: ID,
    ) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        Ok(Brief(
            briefs::close(&state(ctx).db, &state(ctx).events, viewer, id).await?,
        ))
    }

    /// The brief's brand calls off a DRAFT, OPEN or CLOSED brief; CONFLICT while a collaboration is
    /// ACTIVE. Open proposals become DECLINED.
    async fn cancel_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Brief to cancel.")] id: ID,
        #[graphql(
            desc = "Why, 1 to 1,000 characters; the creators whose proposals are declined are told it."
        )]
        reason: String,
    ) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        let s = state(ctx);
        Ok(Brief(
            deals::cancel_brief(&s.db, &s.events, viewer, id, &reason).await?,
        ))
    }

    /// The brief's brand finishes a CLOSED brief; CONFLICT while a collaboration is ACTIVE. Open
    /// proposals become DECLINED.
    async fn complete_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The CLOSED Brief.")] id: ID,
    ) -> AppResult<Brief> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Brief)?;
        let s = state(ctx);
        Ok(Brief(
            deals::complete_brief(&s.db, &s.events, viewer, id).await?,
        ))
    }
}
