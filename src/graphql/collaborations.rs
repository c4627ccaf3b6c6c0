//! Collaborations in the API: the deal, its deliverables, and the lists of them.

use super::scalars::Time;
use async_graphql::{Context, ID, Object, SimpleObject};
use entity::{
    collaboration, deliverable,
    enums::{CollaborationStatus, DeliverableStatus, DeliverableType, Platform},
};

use crate::{
    clock, collaborations,
    deals::ListScope,
    error::{AppError, AppResult},
    graphql::{
        brands::{Brand, brand_by_id},
        briefs::{Brief, brief_by_id},
        context::{loaders, state, viewer},
        creators::{CreatorProfile, creator_by_id},
        deals::{Proposal, Terms, terms_of},
        delivery::{ContentSubmission, DeliverableMetrics},
        ids::{self, Kind},
        insights::{Performance, Review},
        livestreams::LivestreamSession,
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        payments::{self, Conversion, Earnings, Payout},
        samples::Sample,
        wallets::Escrow,
    },
    insights::{self, Scope},
    keyset::TimeCursor,
    reviews,
};

pub struct Collaboration(pub collaboration::Model);

/// The deal once an offer is accepted: the agreed terms, one deliverable per promised piece of
/// content, the tracking link and the money. Readable by its brand, its creator and admins.
#[Object]
impl Collaboration {
    /// Opaque global ID; works with `node(id:)` and `collaboration(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Collaboration, self.0.id)
    }

    /// The negotiation that led to it.
    async fn proposal(&self, ctx: &Context<'_>) -> AppResult<Proposal> {
        loaders(ctx)
            .proposal
            .load_one(self.0.proposal_id)
            .await
            .map_err(loader_error)?
            .map(Proposal)
            .ok_or_else(|| AppError::internal("collaboration without its proposal"))
    }

    /// The brief it is for.
    async fn brief(&self, ctx: &Context<'_>) -> AppResult<Brief> {
        brief_by_id(ctx, self.0.brief_id)
            .await?
            .ok_or_else(|| AppError::internal("collaboration without its brief"))
    }

    /// The brand that pays.
    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Brand> {
        brand_by_id(ctx, self.0.brand_id)
            .await?
            .ok_or_else(|| AppError::internal("collaboration without its brand"))
    }

    /// The creator who delivers.
    async fn creator(&self, ctx: &Context<'_>) -> AppResult<CreatorProfile> {
        creator_by_id(ctx, self.0.creator_id)
            .await?
            .ok_or_else(|| AppError::internal("collaboration without its creator"))
    }

    /// The accepted offer's terms.
    async fn terms(&self, ctx: &Context<'_>) -> AppResult<Terms> {
        let offer = loaders(ctx)
            .offer
            .load_one(self.0.offer_id)
            .await
            .map_err(loader_error)?
            .ok_or_else(|| AppError::internal("collaboration without its offer"))?;
        terms_of(ctx, &offer).await
    }

    /// Where the collaboration stands.
    async fn status(&self) -> CollaborationStatus {
        self.0.status
    }

    /// Unique affiliate code: the discount code shoppers type and the key of the tracking link.
    async fn tracking_code(&self) -> &str {
        &self.0.tracking_code
    }

    /// Absolute URL that counts a click and redirects to the brief's productUrl.
    async fn tracking_url(&self, ctx: &Context<'_>) -> String {
        let base = state(ctx).config.public_url.trim_end_matches('/');
        format!("{base}/t/{}", self.0.tracking_code)
    }

    /// One per unit of quantity of the terms' deliverables, in the order of the offer's lines.
    async fn deliverables(&self, ctx: &Context<'_>) -> AppResult<Vec<Deliverable>> {
        Ok(loaders(ctx)
            .deliverables
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default()
            .into_iter()
            .map(Deliverable)
            .collect())
    }

    /// Orders recorded on the tracking code, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn conversions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Conversion>> {
        payments::conversions_of(ctx, &self.0, first, after).await
    }

    /// What was paid to the creator (the fee, any kill fee, settled commission), oldest first.
    async fn payouts(&self, ctx: &Context<'_>) -> AppResult<Vec<Payout>> {
        payments::payouts_of(ctx, &self.0).await
    }

    /// What the creator earned and was paid, in the brief's currency.
    async fn earnings(&self, ctx: &Context<'_>) -> AppResult<Earnings> {
        payments::earnings_of(ctx, &self.0).await
    }

    /// Null when the terms carry no fee.
    async fn escrow(&self, ctx: &Context<'_>) -> AppResult<Option<Escrow>> {
        payments::escrow_of(ctx, &self.0).await
    }

    /// Reach, engagement, sales and cost of this collaboration, whatever its status.
    #[graphql(complexity = 20)]
    async fn performance(&self, ctx: &Context<'_>) -> AppResult<Performance> {
        let Brief(brief) = brief_by_id(ctx, self.0.brief_id)
            .await?
            .ok_or_else(|| AppError::internal("collaboration without its brief"))?;
        let totals =
            insights::totals(&state(ctx).db, &brief, Scope::Collaboration(self.0.id)).await?;
        Ok(Performance(totals))
    }

    /// The two sides' reviews, once given.
    async fn reviews(&self, ctx: &Context<'_>) -> AppResult<Vec<Review>> {
        Ok(reviews::of_collaboration(&state(ctx).db, self.0.id)
            .await?
            .into_iter()
            .map(Review)
            .collect())
    }

    /// When the offer was accepted.
    async fn started_at(&self) -> Time {
        self.0.started_at.into()
    }

    /// When it completed; null until then.
    async fn completed_at(&self) -> Option<Time> {
        self.0.completed_at.map(Time)
    }

    /// When it was cancelled; null unless CANCELLED.
    async fn cancelled_at(&self) -> Option<Time> {
        self.0.cancelled_at.map(Time)
    }

    /// When the creator asked to complete it (requestCompletion); null until then.
    async fn completion_requested_at(&self) -> Option<Time> {
        self.0.completion_requested_at.map(Time)
    }

    /// When the collaboration completes by itself unless the brand completes it first.
    async fn auto_completes_at(&self) -> Option<Time> {
        self.0.auto_completes_at.map(Time)
    }

    /// The product sample, once the brand shipped it (shipSample); null before, and always for
    /// terms without giftProduct.
    async fn sample(&self, ctx: &Context<'_>) -> AppResult<Option<Sample>> {
        Ok(crate::samples::of_collaboration(&state(ctx).db, self.0.id)
            .await?
            .map(Sample))
    }

    /// Its livestream sessions (a KOS's), in order of their start, with their orders and figures;
    /// at most 100.
    #[graphql(complexity = "100 * child_complexity")]
    async fn livestream_sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<LivestreamSession>> {
        let db = &state(ctx).db;
        LivestreamSession::all(
            db,
            crate::livestreams::of_collaboration(db, self.0.id).await?,
        )
        .await
    }
}

pub struct Deliverable(pub deliverable::Model);

/// One promised piece of content of a collaboration. Readable by the collaboration's parties and
/// admins.
#[Object]
impl Deliverable {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Deliverable, self.0.id)
    }

    /// The collaboration it belongs to.
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Collaboration> {
        loaders(ctx)
            .collaboration
            .load_one(self.0.collaboration_id)
            .await
            .map_err(loader_error)?
            .map(Collaboration)
            .ok_or_else(|| AppError::internal("deliverable without its collaboration"))
    }

    /// The kind of content.
    #[graphql(name = "type")]
    async fn deliverable_type(&self) -> DeliverableType {
        self.0.deliverable_type
    }

    /// Where it is published.
    async fn platform(&self) -> Platform {
        self.0.platform
    }

    /// The instructions from the terms; null when none.
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }

    /// When it must be published by; publishing at dueAt is on time.
    async fn due_at(&self) -> Time {
        self.0.due_at.into()
    }

    /// Where the content stands.
    async fn status(&self) -> DeliverableStatus {
        self.0.status
    }

    /// Past dueAt and not yet published.
    async fn overdue(&self) -> bool {
        self.0.status != DeliverableStatus::Published && self.0.due_at < clock::now()
    }

    /// Oldest first.
    async fn submissions(&self, ctx: &Context<'_>) -> AppResult<Vec<ContentSubmission>> {
        Ok(loaders(ctx)
            .submissions
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default()
            .into_iter()
            .map(ContentSubmission)
            .collect())
    }

    /// Change requests used so far; the brand may make up to the terms' revisionRounds.
    async fn revisions_used(&self) -> i32 {
        self.0.revisions_used
    }

    /// The published content's http(s) URL; null until PUBLISHED.
    async fn live_url(&self) -> Option<&str> {
        self.0.live_url.as_deref()
    }

    /// When it was published; null until then.
    async fn published_at(&self) -> Option<Time> {
        self.0.published_at.map(Time)
    }

    /// The latest report, once the deliverable is published and someone reported.
    async fn metrics(&self, ctx: &Context<'_>) -> AppResult<Option<DeliverableMetrics>> {
        Ok(loaders(ctx)
            .metrics
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .map(DeliverableMetrics))
    }

    /// The creator's attestation of having used the product (attestProductUse); null until it
    /// attests.
    async fn product_use_attestation(&self) -> Option<ProductUseAttestation> {
        Some(ProductUseAttestation {
            attested_at: self.0.product_use_attested_at?.into(),
            attested_by: ids::encode(Kind::User, self.0.product_use_attested_by?),
        })
    }
}

/// A creator's word, kept with its time and user, that it used the product it promotes (the
/// Advertising Law forbids promoting a product the influencer has not used).
#[derive(SimpleObject)]
pub struct ProductUseAttestation {
    /// When it attested.
    attested_at: Time,
    /// The User ID of who attested: the collaboration's creator.
    attested_by: ID,
}

/// A brief's or the viewer's collaborations as a page.
pub async fn collaboration_page(
    ctx: &Context<'_>,
    scope: ListScope,
    brief: Option<&entity::brief::Model>,
    status: Option<CollaborationStatus>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Collaboration>> {
    let viewer = viewer(ctx).await?;
    let request = PageRequest::<TimeCursor>::new(first, after)?;
    let (rows, total) = collaborations::list(
        &state(ctx).db,
        viewer,
        scope,
        brief,
        status,
        request.window(ctx),
    )
    .await?;
    Ok(pagination::build(
        rows,
        &request,
        total,
        |c| (c.started_at, c.id),
        Collaboration,
    ))
}

#[derive(Default)]
pub struct CollaborationsQuery;

#[Object]
impl CollaborationsQuery {
    /// A collaboration of the viewer's (or any, for admins); null otherwise.
    async fn collaboration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Collaboration ID.")] id: ID,
    ) -> AppResult<Option<Collaboration>> {
        let viewer = viewer(ctx).await?;
        let Some((Kind::Collaboration, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(collaborations::find_visible(&state(ctx).db, viewer, uuid)
            .await?
            .map(Collaboration))
    }

    /// The viewer's collaborations: a creator's own, or those of a brand's briefs; newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn my_collaborations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those in this status.")] status: Option<CollaborationStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Collaboration>> {
        collaboration_page(ctx, ListScope::Mine, None, status, first, after).await
    }
}
