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
    i18n::msg,
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

/// A negotiation between a brand and a creator about one brief: an application or an invitation,
/// its offers and its messages. Readable by its brand, its creator and admins.
#[Object]
impl Proposal {
    /// Opaque global ID; works with `node(id:)` and `proposal(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Proposal, self.0.id)
    }

    /// The brief it is about.
    async fn brief(&self, ctx: &Context<'_>) -> AppResult<Brief> {
        brief_by_id(ctx, self.0.brief_id)
            .await?
            .ok_or_else(|| AppError::internal("proposal without its brief"))
    }

    /// The creator it is with.
    async fn creator(&self, ctx: &Context<'_>) -> AppResult<CreatorProfile> {
        creator_by_id(ctx, self.0.creator_id)
            .await?
            .ok_or_else(|| AppError::internal("proposal without its creator"))
    }

    /// APPLICATION (the creator applied) or INVITATION (the brand invited).
    async fn origin(&self) -> ProposalOrigin {
        self.0.origin
    }

    /// Where the negotiation stands.
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

    /// The collaboration its accepted offer started; null until then.
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
        #[graphql(
            desc = "Page size forwards: 20 when omitted, at most 100 (more is BAD_USER_INPUT)."
        )]
        first: Option<i32>,
        #[graphql(desc = "Page forwards after this `endCursor`.")] after: Option<String>,
        #[graphql(
            desc = "Page size backwards: the newest messages (before `before`), at most 100."
        )]
        last: Option<i32>,
        #[graphql(desc = "Page backwards before this `startCursor`.")] before: Option<String>,
    ) -> AppResult<Page<Message>> {
        let backward = last.is_some() || before.is_some();
        if backward && (first.is_some() || after.is_some()) {
            return Err(AppError::bad_input(
                if last.is_some() { "last" } else { "before" },
                msg!("page-both-ways"),
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

    /// When the application or invitation was made.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// Last activity: an offer, a message or a change of status.
    async fn updated_at(&self) -> Time {
        self.0.updated_at.into()
    }
}

pub struct Offer(pub offer::Model);

/// One side's proposed terms in a negotiation. Readable by the proposal's parties and admins.
#[Object]
impl Offer {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Offer, self.0.id)
    }

    /// The negotiation it belongs to.
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

    /// The side that made it.
    async fn author(&self) -> Party {
        self.0.author
    }

    /// What it proposes.
    async fn terms(&self, ctx: &Context<'_>) -> AppResult<Terms> {
        terms_of(ctx, &self.0).await
    }

    /// A note with the offer, up to 4,000 characters; null when none.
    #[graphql(complexity = 20)]
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// OPEN until it is answered, superseded or expired.
    async fn status(&self) -> OfferStatus {
        self.0.status
    }

    /// When the offer lapses if the other side has not answered; null for no expiry.
    async fn expires_at(&self) -> Option<Time> {
        self.0.expires_at.map(Time)
    }

    /// When it was made.
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

/// What a deal is on: pay, content, due time and rights. All money is in the brief's currency.
#[Object]
impl Terms {
    /// How the creator is paid.
    async fn compensation_model(&self) -> CompensationModel {
        self.0.model
    }

    /// The fixed fee; null for COMMISSION and GIFTING.
    async fn fee(&self) -> Option<Money> {
        self.0.fee().map(Money::from)
    }

    /// Commission on each attributed order, percent, 0 to 100 (above 0); null without commission.
    async fn commission_rate(&self) -> Option<Decimal> {
        self.0.commission_rate_bp.map(|bp| Decimal(money::rate(bp)))
    }

    /// Whether the creator gets the product as a gift.
    async fn gift_product(&self) -> bool {
        self.0.gift_product
    }

    /// The content agreed; a collaboration gets one deliverable per unit of quantity.
    async fn deliverables(&self) -> Vec<DeliverableSpec> {
        self.0
            .deliverables
            .iter()
            .cloned()
            .map(DeliverableSpec::from)
            .collect()
    }

    /// When every deliverable is due.
    async fn due_at(&self) -> Time {
        self.0.due_at.into()
    }

    /// How many times the brand may request changes to one deliverable, 0 to 5.
    async fn revision_rounds(&self) -> i32 {
        self.0.revision_rounds
    }

    /// How long the brand may reuse the content, 0 to 3,650 days; 0 for none.
    async fn usage_rights_days(&self) -> i32 {
        self.0.usage_rights_days
    }

    /// Kill fee, percent, 0 to 100: the share of the fee the creator keeps if the brand cancels
    /// after content was first submitted.
    async fn kill_fee_percent(&self) -> Decimal {
        Decimal(money::rate(self.0.kill_fee_bp))
    }

    /// Business days the brand has to review each submission before it is approved automatically; 1 to 10.
    async fn review_days(&self) -> i32 {
        self.0.review_days
    }
}

pub struct Message(pub message::Model);

/// A chat message on a proposal. Readable by the proposal's parties and admins.
#[Object]
impl Message {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Message, self.0.id)
    }

    /// The side that wrote it.
    async fn author(&self) -> Party {
        self.0.author
    }

    /// 1 to 4,000 characters.
    #[graphql(complexity = 20)]
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// When it was sent.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

/// Proposed terms: consistent as for briefs (see Compensation), every amount in the brief's
/// currency. Errors name the path, e.g. `input.terms.fee.currency`.
#[derive(InputObject)]
pub struct TermsInput {
    /// How the creator is paid.
    compensation_model: CompensationModel,
    /// The fixed fee, positive, in the brief's currency; for FIXED_FEE and HYBRID only.
    fee: Option<MoneyInput>,
    /// Commission on each attributed order, percent, 0 to 100 (above 0, at most 2 decimals); for
    /// COMMISSION and HYBRID only.
    commission_rate: Option<Decimal>,
    /// Must be true for GIFTING; false when omitted.
    #[graphql(default = false)]
    gift_product: bool,
    /// 1 to 20 lines, each of quantity 1 to 20.
    deliverables: Vec<DeliverableSpecInput>,
    /// When every deliverable is due; in the future.
    due_at: Time,
    /// How many change requests per deliverable, 0 to 5; 2 when omitted.
    #[graphql(default = 2)]
    revision_rounds: i32,
    /// How long the brand may reuse the content, 0 to 3,650 days; 0 when omitted.
    #[graphql(default = 0)]
    usage_rights_days: i32,
    /// Kill fee, percent, 0 to 100, at most 2 decimals; 0 when omitted.
    #[graphql(default_with = "Decimal(rust_decimal::Decimal::ZERO)")]
    kill_fee_percent: Decimal,
    /// Business days the brand has for each review, 1 to 10; 3 when omitted.
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

/// A creator's application to a brief.
#[derive(InputObject)]
pub struct ApplyToBriefInput {
    /// An OPEN, PUBLIC Brief before its application deadline and with a free slot (else CONFLICT),
    /// whose requirements the creator meets (else BAD_USER_INPUT with `extensions.reasons`).
    brief_id: ID,
    /// Why the brand should pick the creator, 1 to 4,000 characters.
    pitch: String,
    /// Terms to propose at once, as offer 1; none when omitted.
    proposed_terms: Option<TermsInput>,
    /// When the proposed terms' offer lapses: after now, at most 30 days ahead. Only with
    /// proposedTerms.
    expires_at: Option<Time>,
}

/// A brand's invitation of a creator to one of its OPEN briefs, with offer 1. Eligibility is not
/// checked.
#[derive(InputObject)]
pub struct InviteCreatorInput {
    /// The brand's OPEN Brief, of any visibility.
    brief_id: ID,
    /// The CreatorProfile to invite.
    creator_id: ID,
    /// Up to 4,000 characters; the proposal's pitch and offer 1's message.
    message: Option<String>,
    /// Offer 1's terms.
    terms: TermsInput,
    /// When offer 1 lapses: after now, at most 30 days ahead; null for no expiry.
    expires_at: Option<Time>,
}

/// A counter-offer by the side whose turn it is.
#[derive(InputObject)]
pub struct MakeOfferInput {
    /// An APPLIED, INVITED or NEGOTIATING Proposal.
    proposal_id: ID,
    /// The new terms; the open offer becomes SUPERSEDED.
    terms: TermsInput,
    /// A note with the offer, up to 4,000 characters.
    message: Option<String>,
    /// When the offer lapses: after now, at most 30 days ahead; null for no expiry.
    expires_at: Option<Time>,
}

/// A chat message on a proposal.
#[derive(InputObject)]
pub struct SendMessageInput {
    /// A Proposal the viewer is a party to, in any status.
    proposal_id: ID,
    /// 1 to 4,000 characters, trimmed.
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
    async fn proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Proposal ID.")] id: ID,
    ) -> AppResult<Option<Proposal>> {
        let viewer = viewer(ctx).await?;
        let Some((Kind::Proposal, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(deals::find_visible(&state(ctx).db, viewer, uuid)
            .await?
            .map(Proposal))
    }

    /// The viewer's proposals: a creator's own, or those on a brand's briefs (none for admins);
    /// newest activity first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn my_proposals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only proposals in this status.")] status: Option<ProposalStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Proposal>> {
        proposal_page(ctx, ListScope::Mine, None, status, first, after).await
    }
}

#[derive(Default)]
pub struct DealsMutation;

#[Object]
impl DealsMutation {
    /// A creator applies to an OPEN, PUBLIC brief: status APPLIED, the brand's turn; proposed terms
    /// become offer 1. One proposal per brief and creator (else CONFLICT).
    async fn apply_to_brief(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application.")] input: ApplyToBriefInput,
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

    /// The brief's brand invites a creator to an OPEN brief, with offer 1: status INVITED, the
    /// creator's turn. One proposal per brief and creator (else CONFLICT).
    async fn invite_creator(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation.")] input: InviteCreatorInput,
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

    /// The side whose turn it is counters: the open offer becomes SUPERSEDED, the turn passes and
    /// the status becomes NEGOTIATING. Out of turn, or once the open offer expired: CONFLICT.
    async fn make_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer.")] input: MakeOfferInput,
    ) -> AppResult<Offer> {
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

    /// The side that did not make the OPEN offer accepts it. In one transaction the terms' fee, if
    /// any, moves from the brand's available balance to held and the collaboration starts. CONFLICT
    /// when the offer is not OPEN or has expired, the brief has no free slot or budget left, or the
    /// brand's available balance is short (`extensions.reason` INSUFFICIENT_FUNDS).
    async fn accept_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal's OPEN Offer.")] offer_id: ID,
    ) -> AppResult<Collaboration> {
        let viewer = viewer(ctx).await?;
        let offer_id = ids::expect("offerId", &offer_id, Kind::Offer)?;
        let s = state(ctx);
        Ok(Collaboration(
            collaborations::start(&s.db, &s.events, viewer, offer_id).await?,
        ))
    }

    /// Either side ends an APPLIED, INVITED or NEGOTIATING proposal; its open offer becomes
    /// DECLINED.
    async fn decline_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Proposal to decline.")] proposal_id: ID,
        #[graphql(desc = "Why, up to 1,000 characters.")] reason: Option<String>,
    ) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("proposalId", &proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::decline(&s.db, &s.events, viewer, proposal_id, reason.as_deref()).await?,
        ))
    }

    /// The side that started an APPLIED, INVITED or NEGOTIATING proposal takes it back (the other
    /// side gets FORBIDDEN and may decline); its open offer becomes WITHDRAWN.
    async fn withdraw_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Proposal to withdraw.")] proposal_id: ID,
    ) -> AppResult<Proposal> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("proposalId", &proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Proposal(
            deals::withdraw(&s.db, &s.events, viewer, proposal_id).await?,
        ))
    }

    /// Either side posts a chat message on a proposal, whatever its status; it reaches the other
    /// side's messageReceived subscriptions.
    async fn send_message(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The message.")] input: SendMessageInput,
    ) -> AppResult<Message> {
        let viewer = viewer(ctx).await?;
        let proposal_id = ids::expect("input.proposalId", &input.proposal_id, Kind::Proposal)?;
        let s = state(ctx);
        Ok(Message(
            deals::send_message(&s.db, &s.events, viewer, proposal_id, &input.body).await?,
        ))
    }
}
