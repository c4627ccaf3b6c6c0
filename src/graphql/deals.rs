//! Negotiation in the API: proposals, offers, terms and messages.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{
    enums::{CompensationModel, OfferStatus, Party, ProposalOrigin, ProposalStatus},
    message, offer, proposal,
};

use crate::{
    collaborations,
    deals::{self, ListScope, Terms as TermsValue, TermsIn},
    error::{AppError, AppResult},
    graphql::{
        briefs::{Brief, DeliverableSpec, DeliverableSpecInput, brief_by_id},
        collaborations::Collaboration,
        context::{loaders, state, viewer},
        creators::{CreatorProfile, creator_by_id},
        ids::{self, Kind},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Decimal, Money, MoneyInput},
    },
    keyset::{Direction, TimeCursor},
    money,
};

pub struct Proposal(pub proposal::Model);

impl Proposal {
    async fn all_offers(&self, ctx: &Context<'_>) -> AppResult<Vec<offer::Model>> {
        Ok(loaders(ctx)
            .offers
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default())
    }
}

#[Object]
impl Proposal {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Proposal, self.0.id)
    }

    async fn brief(&self, ctx: &Context<'_>) -> AppResult<Brief> {
        brief_by_id(ctx, self.0.brief_id)
            .await?
            .ok_or_else(|| AppError::internal("proposal without its brief"))
    }

    async fn creator(&self, ctx: &Context<'_>) -> AppResult<CreatorProfile> {
        creator_by_id(ctx, self.0.creator_id)
            .await?
            .ok_or_else(|| AppError::internal("proposal without its creator"))
    }

    async fn origin(&self) -> ProposalOrigin {
        self.0.origin
    }

    async fn status(&self) -> ProposalStatus {
        self.0.status
    }

    /// The application's pitch or the invitation's message.
    #[graphql(complexity = 20)]
    async fn pitch(&self) -> Option<&str> {
        self.0.pitch.as_deref()
    }

    /// Oldest first.
    async fn offers(&self, ctx: &Context<'_>) -> AppResult<Vec<Offer>> {
        Ok(self.all_offers(ctx).await?.into_iter().map(Offer).collect())
    }

    /// The one OPEN offer, if any.
    async fn current_offer(&self, ctx: &Context<'_>) -> AppResult<Option<Offer>> {
        Ok(self
            .all_offers(ctx)
            .await?
            .into_iter()
            .find(|o| o.status == OfferStatus::Open)
            .map(Offer))
    }

    /// The party that may now make an offer or accept the current one; null once closed.
    async fn turn(&self) -> Option<Party> {
        self.0.turn
    }

    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Option<Collaboration>> {
        Ok(loaders(ctx)
            .collaboration_of_proposal
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .map(Collaboration))
    }

    /// Oldest first; `last` and `before` page backwards from the newest, as a chat screen does
    /// (Relay). One direction at a time: `first`/`after` with `last`/`before` is BAD_USER_INPUT.
    #[graphql(complexity = "pagination::complexity(first.or(last), child_complexity)")]
    async fn messages(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> AppResult<Page<Message>> {
        let backward = last.is_some() || before.is_some();
        if backward && (first.is_some() || after.is_some()) {
            return Err(AppError::bad_input(
                if last.is_some() { "last" } else { "before" },
                "page forwards (first, after) or backwards (last, before), not both",
            ));
        }
        let request = if backward {
            PageRequest::<TimeCursor>::backward(last, before)?
        } else {
            PageRequest::<TimeCursor>::new(first, after)?
        };
        let direction = if backward {
            Direction::NewestFirst
        } else {
            Direction::OldestFirst
        };
        let (rows, total) =
            deals::messages(&state(ctx).db, self.0.id, direction, request.window(ctx)).await?;
        let key = |m: &message::Model| (m.created_at, m.id);
        Ok(if backward {
            pagination::build_backward(rows, &request, total, key, Message)
        } else {
            pagination::build(rows, &request, total, key, Message)
        })
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// Last activity: an offer, a message or a change of status.
    async fn updated_at(&self) -> Time {
        self.0.updated_at.into()
    }
}

pub struct Offer(pub offer::Model);

#[Object]
impl Offer {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Offer, self.0.id)
    }

    async fn proposal(&self, ctx: &Context<'_>) -> AppResult<Proposal> {
        loaders(ctx)
            .proposal
            .load_one(self.0.proposal_id)
            .await
            .map_err(loader_error)?
            .map(Proposal)
            .ok_or_else(|| AppError::internal("offer without its proposal"))
    }

    /// 1 for the first offer of a proposal, then 2, 3, ...
    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn author(&self) -> Party {
        self.0.author
    }

    async fn terms(&self, ctx: &Context<'_>) -> AppResult<Terms> {
        terms_of(ctx, &self.0).await
    }

    #[graphql(complexity = 20)]
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    async fn status(&self) -> OfferStatus {
        self.0.status
    }

    /// When the offer lapses if the other side has not answered; null for no expiry.
    async fn expires_at(&self) -> Option<Time> {
        self.0.expires_at.map(Time)
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

/// The terms an offer carries, its deliverables included.
pub async fn terms_of(ctx: &Context<'_>, o: &offer::Model) -> AppResult<Terms> {
    let lines = loaders(ctx)
        .offer_lines
        .load_one(o.id)
        .await
        .map_err(loader_error)?
        .unwrap_or_default();
    Ok(Terms(TermsValue::of(o, &lines)))
}

pub struct Terms(pub TermsValue);

#[Object]
impl Terms {
    async fn compensation_model(&self) -> CompensationModel {
        self.0.model
    }

    async fn fee(&self) -> Option<Money> {
        self.0.fee().map(Money::from)
    }

    /// Percent of each attributed order.
    async fn commission_rate(&self) -> Option<Decimal> {
        self.0.commission_rate_bp.map(|bp| Decimal(money::rate(bp)))
    }

    async fn gift_product(&self) -> bool {
        self.0.gift_product
    }

    async fn deliverables(&self) -> Vec<DeliverableSpec> {
        self.0
            .deliverables
            .iter()
            .cloned()
            .map(DeliverableSpec::from)
            .collect()
    }

    async fn due_at(&self) -> Time {
        self.0.due_at.into()
    }

    /// How many times the brand may request changes to one deliverable.
    async fn revision_rounds(&self) -> i32 {
        self.0.revision_rounds
    }

    /// How long the brand may reuse the content; 0 for none.
    async fn usage_rights_days(&self) -> i32 {
        self.0.usage_rights_days
    }

    /// Percent of the fee the creator keeps if the brand cancels after content was first submitted; 0 to 100.
    async fn kill_fee_percent(&self) -> Decimal {
        Decimal(money::rate(self.0.kill_fee_bp))
    }

    /// Business days the brand has to review each submission before it is approved automatically; 1 to 10.
    async fn review_days(&self) -> i32 {
        self.0.review_days
    }
}

pub struct Message(pub message::Model);

#[Object]
impl Message {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Message, self.0.id)
    }

    async fn author(&self) -> Party {
        self.0.author
    }

    #[graphql(complexity = 20)]
    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

#[derive(InputObject)]
pub struct TermsInput {
    compensation_model: CompensationModel,
    fee: Option<MoneyInput>,
    commission_rate: Option<Decimal>,
    #[graphql(default = false)]
    gift_product: bool,
    deliverables: Vec<DeliverableSpecInput>,
    due_at: Time,
    #[graphql(default = 2)]
    revision_rounds: i32,
    #[graphql(default = 0)]
    usage_rights_days: i32,
    #[graphql(default_with = "Decimal(rust_decimal::Decimal::ZERO)")]
    kill_fee_percent: Decimal,
    #[graphql(default = 3)]
    review_days: i32,
}

impl TermsInput {
    /// The terms, for an offer that lapses at `expires_at`.
    fn expiring(self, expires_at: Option<DateTime<Utc>>) -> TermsIn {
        TermsIn {
            model: self.compensation_model,
            fee: self.fee.map(MoneyInput::pair),
            commission_rate: self.commission_rate.map(|d| d.0),
            gift_product: self.gift_product,
            deliverables: self.deliverables.into_iter().map(Into::into).collect(),
            due_at: self.due_at.into(),
            revision_rounds: self.revision_rounds,
            usage_rights_days: self.usage_rights_days,
            kill_fee_percent: self.kill_fee_percent.0,
            review_days: self.review_days,
            expires_at,
        }
    }
}

#[derive(InputObject)]
pub struct ApplyToBriefInput {
    brief_id: ID,
    pitch: String,
    proposed_terms: Option<TermsInput>,
    /// For the proposed terms' offer.
    expires_at: Option<Time>,
}

#[derive(InputObject)]
pub struct InviteCreatorInput {
    brief_id: ID,
    creator_id: ID,
    message: Option<String>,
    terms: TermsInput,
    expires_at: Option<Time>,
}

#[derive(InputObject)]
pub struct MakeOfferInput {
    proposal_id: ID,
    terms: TermsInput,
    message: Option<String>,
    expires_at: Option<Time>,
}

#[derive(InputObject)]
pub struct SendMessageInput {
    proposal_id: ID,
    body: String,
}

/// A brief's or the viewer's proposals as a page.
pub async fn proposal_page(
    ctx: &Context<'_>,
    scope: ListScope,
    brief: Option<&entity::brief::Model>,
    status: Option<ProposalStatus>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Proposal>> {
    let viewer = viewer(ctx).await?;
    let request = PageRequest::<TimeCursor>::new(first, after)?;
    let (rows, total) = deals::list(
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
        |p| (p.updated_at, p.id),
        Proposal,
    ))
}

#[derive(Default)]
pub struct DealsQuery;

#[Object]
impl DealsQuery {
    /// A proposal of the viewer's (or any, for admins); null otherwise.
    async fn proposal(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Proposal>> {
        let viewer = viewer(ctx).await?;
        let Some((Kind::Proposal, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(deals::find_visible(&state(ctx).db, viewer, uuid)
            .await?
            .map(Proposal))
    }

    /// The viewer's proposals: a creator's own, or those on a brand's briefs; newest activity first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn my_proposals(
        &self,
        ctx: &Context<'_>,
        status: Option<ProposalStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Proposal>> {
        proposal_page(ctx, ListScope::Mine, None, status, first, after).await
    }
}

#[derive(Default)]
pub struct DealsMutation;

#[Object]
impl DealsMutation {
    /// A creator applies to an OPEN, PUBLIC brief; proposed terms become offer 1.
    async fn apply_to_brief(
        &self,
        ctx: &Context<'_>,
        input: ApplyToBriefInput,
    ) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let brief_id = ids::expect("input.briefId", &input.brief_id, Kind::Brief)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::apply(
                &s.db,
                &s.events,
                viewer,
                brief_id,
                &input.pitch,
                input.proposed_terms.map(|t| t.expiring(None)),
                input.expires_at.map(Into::into),
            )
            .await?,
        ))
    }

    /// The brief's brand invites a creator, with offer 1.
    async fn invite_creator(
        &self,
        ctx: &Context<'_>,
        input: InviteCreatorInput,
    ) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let brief_id = ids::expect("input.briefId", &input.brief_id, Kind::Brief)?;
        let creator_id = ids::expect("input.creatorId", &input.creator_id, Kind::CreatorProfile)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::invite(
                &s.db,
                &s.events,
                viewer,
                brief_id,
                creator_id,
                input.message.as_deref(),
                input.terms.expiring(input.expires_at.map(Into::into)),
            )
            .await?,
        ))
    }

    /// The side whose turn it is counters; the open offer is superseded.
    async fn make_offer(&self, ctx: &Context<'_>, input: MakeOfferInput) -> AppResult<Offer> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("input.proposalId", &input.proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Offer(
            deals::make_offer(
                &s.db,
                &s.events,
                viewer,
                proposal_id,
                input.terms.expiring(input.expires_at.map(Into::into)),
                input.message.as_deref(),
            )
            .await?,
        ))
    }

    /// The side that did not write the OPEN offer accepts it; the collaboration starts.
    async fn accept_offer(&self, ctx: &Context<'_>, offer_id: ID) -> AppResult<Collaboration> {
        let viewer = viewer(ctx).await?;
        let offer_id = ids::expect("offerId", &offer_id, Kind::Offer)?;
        let s = state(ctx);
        Ok(Collaboration(
            collaborations::start(&s.db, &s.events, viewer, offer_id).await?,
        ))
    }

    /// Either side ends an open proposal.
    async fn decline_proposal(
        &self,
        ctx: &Context<'_>,
        proposal_id: ID,
        reason: Option<String>,
    ) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("proposalId", &proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::decline(&s.db, &s.events, viewer, proposal_id, reason.as_deref()).await?,
        ))
    }

    /// The side that started an open proposal takes it back.
    async fn withdraw_proposal(&self, ctx: &Context<'_>, proposal_id: ID) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("proposalId", &proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::withdraw(&s.db, &s.events, viewer, proposal_id).await?,
        ))
    }

    /// 1 to 4,000 characters, from either side, whatever the proposal's status.
    async fn send_message(&self, ctx: &Context<'_>, input: SendMessageInput) -> AppResult<Message> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("input.proposalId", &input.proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Message(
            deals::send_message(&s.db, &s.events, viewer, proposal_id, &input.body).await?,
        ))
    }
}
