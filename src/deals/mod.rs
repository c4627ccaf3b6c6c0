//! Deals: proposals (an application or an invitation), the offers the two sides trade and their
//! messages, up to the acceptance that `collaborations::start` turns into a collaboration.
//!
//! The invariants hold under any interleaving because the database guarantees them, never an
//! in-process lock (production runs several instances):
//! - one proposal per (brief, creator): a unique index;
//! - at most one OPEN offer per proposal: a partial unique index, and every change of turn is a
//!   conditional UPDATE on the proposal's `turn`;
//! - an offer is accepted once: `UPDATE offers ... WHERE status = 'OPEN'` must change one row,
//!   and collaborations are unique per proposal and per offer;
//! - `filled_slots <= slots` and `committed <= budget`: `briefs::budget::reserve`, one
//!   conditional UPDATE of the brief that adds the slot and the fee only where both still fit
//!   (and CHECK constraints behind it).
//!
//! An offer may carry `expires_at`: from then on it cannot be accepted or countered, whether or not
//! the sweep has come by; the sweep ([`expire`]) then stores EXPIRED on it and its proposal.
//!
//! Rows are locked in one order, brief → proposal → offer (the sweep takes proposal → offer), so
//! that two transactions never wait on each other in a cycle. On SQLite every writing transaction
//! starts with `BEGIN IMMEDIATE`.

pub mod terms;

use chrono::{DateTime, Utc};
use entity::{
    brief, creator_profile,
    enums::{
        BriefStatus, BriefVisibility, DeadlineKind, NotificationKind, OfferStatus, Party,
        ProposalOrigin, ProposalStatus, Role,
    },
    message, offer, offer_deliverable, proposal,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    briefs, clock,
    creators::{self, eligibility},
    deadlines,
    error::{AppError, AppResult},
    events::{Event, EventBus},
    i18n::{Msg, msg},
    keyset::{self, Direction},
    text,
    work::{Deal, Work, acting_party},
};
pub use terms::{Terms, TermsIn};

pub const MAX_PITCH: usize = 4_000;
pub const MAX_MESSAGE: usize = 4_000;
pub const MAX_REASON: usize = 1_000;

const OPEN_STATUSES: [ProposalStatus; 3] = [
    ProposalStatus::Applied,
    ProposalStatus::Invited,
    ProposalStatus::Negotiating,
];

/// A proposal the viewer may read (`access::proposal`).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<proposal::Model>> {
    access::find::<proposal::Entity>(db, id, access::proposal(viewer)).await
}

/// The proposal the viewer acts on, locked until the transaction ends, and the viewer's side.
/// NOT_FOUND for third parties; FORBIDDEN for admins, who may read but not negotiate.
async fn acting_on(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    noun: &'static str,
) -> AppResult<(proposal::Model, Party)> {
    let p = proposal::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(noun))?;
    let party = acting_party(viewer, p.brand_id, p.creator_id, noun)?;
    Ok((p, party))
}

fn require_open(p: &proposal::Model) -> AppResult<()> {
    if p.status.is_open() {
        Ok(())
    } else {
        Err(AppError::conflict(msg!(
            "proposal-is",
            status = p.status.as_str()
        )))
    }
}

async fn insert_offer(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    version: i32,
    author: Party,
    terms: &Terms,
    message: Option<String>,
) -> AppResult<offer::Model> {
    let o = offer::ActiveModel {
        id: Set(Uuid::new_v4()),
        proposal_id: Set(proposal_id),
        version: Set(version),
        author: Set(author),
        status: Set(OfferStatus::Open),
        compensation_model: Set(terms.model),
        currency: Set(terms.currency),
        fee_minor: Set(terms.fee_minor),
        commission_rate_bp: Set(terms.commission_rate_bp),
        kill_fee_bp: Set(terms.kill_fee_bp),
        gift_product: Set(terms.gift_product),
        due_at: Set(terms.due_at),
        revision_rounds: Set(terms.revision_rounds),
        usage_rights_days: Set(terms.usage_rights_days),
        message: Set(message),
        review_days: Set(terms.review_days),
        expires_at: Set(terms.expires_at),
        created_at: Set(clock::now()),
    }
    .insert(db)
    .await?;
    if let Some(at) = terms.expires_at {
        deadlines::schedule(db, DeadlineKind::OfferExpires, o.id, at).await?;
    }
    offer_deliverable::Entity::insert_many(terms.deliverables.iter().enumerate().map(|(i, d)| {
        offer_deliverable::ActiveModel {
            offer_id: Set(o.id),
            position: Set(i as i32),
            deliverable_type: Set(d.deliverable_type),
            platform: Set(d.platform),
            quantity: Set(d.quantity),
            notes: Set(d.notes.clone()),
        }
    }))
    .exec(db)
    .await?;
    Ok(o)
}

pub async fn offer_lines(
    db: &impl ConnectionTrait,
    offer_id: Uuid,
) -> AppResult<Vec<offer_deliverable::Model>> {
    Ok(offer_deliverable::Entity::find()
        .filter(offer_deliverable::Column::OfferId.eq(offer_id))
        .order_by_asc(offer_deliverable::Column::Position)
        .all(db)
        .await?)
}

fn new_proposal(
    b: &brief::Model,
    creator_id: Uuid,
    origin: ProposalOrigin,
    pitch: Option<String>,
) -> proposal::ActiveModel {
    let now = clock::now();
    let (status, turn) = match origin {
        // The brand answers an application, with or without proposed terms.
        ProposalOrigin::Application => (ProposalStatus::Applied, Party::Brand),
        // The creator answers the invitation's offer.
        ProposalOrigin::Invitation => (ProposalStatus::Invited, Party::Creator),
    };
    proposal::ActiveModel {
        id: Set(Uuid::new_v4()),
        brief_id: Set(b.id),
        creator_id: Set(creator_id),
        brand_id: Set(b.brand_id),
        origin: Set(origin),
        status: Set(status),
        turn: Set(Some(turn)),
        pitch: Set(pitch),
        close_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

async fn has_proposal(
    db: &impl ConnectionTrait,
    brief_id: Uuid,
    creator_id: Uuid,
) -> AppResult<bool> {
    Ok(proposal::Entity::find()
        .filter(proposal::Column::BriefId.eq(brief_id))
        .filter(proposal::Column::CreatorId.eq(creator_id))
        .one(db)
        .await?
        .is_some())
}

/// `applyToBrief`: a creator applies to an OPEN, PUBLIC brief before its deadline, with a free
/// slot, when it meets the requirements. Proposed terms become offer 1, lapsing at `expires_at`.
pub async fn apply(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    brief_id: Uuid,
    pitch: &str,
    proposed: Option<TermsIn>,
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<proposal::Model> {
    viewer.require(Role::Creator, msg!("action-apply-to-briefs"))?;
    if proposed.is_none() && expires_at.is_some() {
        return Err(AppError::bad_input(
            "input.expiresAt",
            msg!("expiry-without-terms"),
        ));
    }
    let creator_id = viewer
        .creator_id
        .ok_or_else(|| AppError::not_found("creator profile"))?;
    let pitch = text::required("input.pitch", pitch, MAX_PITCH)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let b = briefs::find_visible(txn, viewer, brief_id)
        .await?
        .ok_or_else(|| AppError::not_found("brief"))?;
    if has_proposal(txn, b.id, creator_id).await? {
        return Err(AppError::conflict_on(
            "input.briefId",
            msg!("already-applied"),
        ));
    }
    if b.status != BriefStatus::Open {
        return Err(AppError::conflict(msg!(
            "brief-takes-no-applications",
            status = b.status.as_str()
        )));
    }
    if b.visibility != BriefVisibility::Public {
        return Err(AppError::conflict(msg!("brief-invitation-only")));
    }
    if b.application_deadline.is_some_and(|at| at <= clock::now()) {
        return Err(AppError::conflict(msg!("application-deadline-passed")));
    }
    if b.filled_slots >= b.slots {
        return Err(AppError::conflict(msg!("brief-full")));
    }
    let profile = creator_profile::Entity::find_by_id(creator_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("creator profile"))?;
    let facts = creators::facts(txn, &profile).await?;
    let platforms = briefs::platforms(&briefs::deliverables_of(txn, b.id).await?);
    let reasons = eligibility::check(&facts, &briefs::requirements_of(&b), &platforms);
    if !reasons.is_empty() {
        return Err(AppError::NotEligible {
            field: "input.briefId".into(),
            reasons: reasons.iter().map(|r| r.as_str()).collect(),
        });
    }
    let terms = proposed
        .map(|t| {
            let t = TermsIn { expires_at, ..t };
            terms::validate(&t, &b, "input.proposedTerms")
        })
        .transpose()?;

    let p = new_proposal(&b, creator_id, ProposalOrigin::Application, Some(pitch))
        .insert(txn)
        .await?;
    if let Some(terms) = &terms {
        insert_offer(txn, p.id, 1, Party::Creator, terms, None).await?;
    }
    work.tell_about(
        Deal::of_proposal(&p),
        Party::Brand,
        NotificationKind::ApplicationReceived,
        |it| {
            msg!(
                "notice-application-received",
                creator = it.name(Party::Creator),
                title = it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(p)
}

/// `inviteCreator`: the brief's brand invites a creator to an OPEN brief of any visibility, with
/// offer 1. Eligibility is not enforced: the brand chose the creator.
pub async fn invite(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    brief_id: Uuid,
    creator_id: Uuid,
    message: Option<&str>,
    terms: TermsIn,
) -> AppResult<proposal::Model> {
    viewer.require(Role::Brand, msg!("action-invite-creators"))?;
    let message = text::optional("input.message", message, MAX_PITCH)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let b = brief::Entity::find_by_id(brief_id)
        .one(txn)
        .await?
        .filter(|b| viewer.owns_brand(b.brand_id))
        .ok_or_else(|| AppError::not_found("brief"))?;
    if b.status != BriefStatus::Open {
        return Err(AppError::conflict(msg!(
            "brief-takes-no-invitations",
            status = b.status.as_str()
        )));
    }
    creator_profile::Entity::find_by_id(creator_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("creator"))?;
    if has_proposal(txn, b.id, creator_id).await? {
        return Err(AppError::conflict_on(
            "input.creatorId",
            msg!("creator-already-proposed"),
        ));
    }
    let terms = terms::validate(&terms, &b, "input.terms")?;
    let p = new_proposal(&b, creator_id, ProposalOrigin::Invitation, message.clone())
        .insert(txn)
        .await?;
    insert_offer(txn, p.id, 1, Party::Brand, &terms, message).await?;
    work.tell_about(
        Deal::of_proposal(&p),
        Party::Creator,
        NotificationKind::InvitationReceived,
        |it| {
            msg!(
                "notice-invitation-received",
                brand = it.name(Party::Brand),
                title = it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(p)
}

/// Passes the turn from `party` to the other side, or CONFLICT when it is not (any longer)
/// `party`'s turn. The conditional UPDATE is what lets only one of two racing offers through.
async fn take_turn(
    work: &Work<'_>,
    p: &proposal::Model,
    party: Party,
    status: ProposalStatus,
    turn: Option<Party>,
    close_reason: Option<String>,
) -> AppResult<()> {
    let mut q = proposal::Entity::update_many()
        .col_expr(proposal::Column::Status, Expr::value(status.as_str()))
        .col_expr(proposal::Column::Turn, Expr::value(turn.map(Party::as_str)))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(clock::now()))
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::Status.is_in(OPEN_STATUSES));
    if let Some(reason) = close_reason {
        q = q.col_expr(proposal::Column::CloseReason, Expr::value(reason));
    }
    if status == ProposalStatus::Negotiating || status == ProposalStatus::Accepted {
        q = q.filter(proposal::Column::Turn.eq(party));
    }
    work.set(q, msg!("changed-meanwhile", what = "proposal"))
        .await
}

/// Moves the proposal's OPEN offer, if any, to `status`.
async fn close_open_offer(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    status: OfferStatus,
) -> AppResult<()> {
    offer::Entity::update_many()
        .col_expr(offer::Column::Status, Expr::value(status.as_str()))
        .filter(offer::Column::ProposalId.eq(proposal_id))
        .filter(offer::Column::Status.eq(OfferStatus::Open))
        .exec(db)
        .await?;
    Ok(())
}

/// `makeOffer`: the side whose turn it is puts new terms on the table; the open offer is
/// superseded and the turn passes.
pub async fn make_offer(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    proposal_id: Uuid,
    terms: TermsIn,
    message: Option<&str>,
) -> AppResult<offer::Model> {
    let message = text::optional("input.message", message, MAX_MESSAGE)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (p, party) = acting_on(work.db(), viewer, proposal_id, "proposal").await?;
    require_open(&p)?;
    if p.turn != Some(party) {
        return Err(AppError::conflict(msg!(
            "their-turn",
            party = party.other().as_str().to_lowercase()
        )));
    }
    if let Some(open) = current_offer(work.db(), p.id).await? {
        require_unexpired(&open)?;
    }
    let deal = Deal::of_proposal(&p);
    let b = work.parties(deal).await?.brief.clone();
    let terms = terms::validate(&terms, &b, "input.terms")?;
    take_turn(
        &work,
        &p,
        party,
        ProposalStatus::Negotiating,
        Some(party.other()),
        None,
    )
    .await?;
    close_open_offer(work.db(), p.id, OfferStatus::Superseded).await?;
    let version = offer::Entity::find()
        .select_only()
        .column_as(offer::Column::Version.max(), "v")
        .filter(offer::Column::ProposalId.eq(p.id))
        .into_tuple::<Option<i32>>()
        .one(work.db())
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    let o = insert_offer(work.db(), p.id, version, party, &terms, message).await?;
    work.tell_about(deal, party.other(), NotificationKind::OfferReceived, |it| {
        msg!(
            "notice-offer-received",
            name = it.name(party),
            title = it.title()
        )
    })
    .await?;
    work.commit().await?;
    Ok(o)
}

/// An offer being accepted, with its proposal and brief locked: what `collaborations::start`
/// makes the collaboration from.
pub struct Acceptance {
    pub brief: brief::Model,
    pub proposal: proposal::Model,
    pub offer: offer::Model,
    /// The side accepting (the one that did not write the offer).
    pub party: Party,
}

/// The first half of `acceptOffer`: the side that did not write the OPEN offer accepts it. Locks
/// brief → proposal → offer, and moves the offer to ACCEPTED (CONFLICT for the loser of a race).
/// [`conclude`] then closes the proposal, once the brief's budget has taken the slot.
pub async fn accept(work: &Work<'_>, offer_id: Uuid) -> AppResult<Acceptance> {
    let db = work.db();
    let viewer = work.viewer;
    let o = offer::Entity::find_by_id(offer_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("offer"))?;
    let p = proposal::Entity::find_by_id(o.proposal_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("offer"))?;
    let party = acting_party(viewer, p.brand_id, p.creator_id, "offer")?;
    // Lock order: brief, then proposal, then offer.
    let b = brief::Entity::find_by_id(p.brief_id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("proposal without its brief"))?;
    let (p, _) = acting_on(db, viewer, p.id, "offer").await?;
    if o.author == party {
        return Err(AppError::conflict(msg!("own-offer")));
    }
    let o = offer::Entity::find_by_id(offer_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("offer"))?;
    if o.status != OfferStatus::Open {
        return Err(AppError::conflict(msg!(
            "offer-is",
            status = o.status.as_str()
        )));
    }
    require_unexpired(&o)?;
    work.set(
        offer::Entity::update_many()
            .col_expr(
                offer::Column::Status,
                Expr::value(OfferStatus::Accepted.as_str()),
            )
            .filter(offer::Column::Id.eq(o.id))
            .filter(offer::Column::Status.eq(OfferStatus::Open)),
        msg!("offer-no-longer-open"),
    )
    .await?;
    Ok(Acceptance {
        brief: b,
        proposal: p,
        offer: o,
        party,
    })
}

/// The second half of `acceptOffer`: the proposal becomes ACCEPTED and the negotiation ends.
pub async fn conclude(work: &Work<'_>, a: &Acceptance) -> AppResult<()> {
    take_turn(
        work,
        &a.proposal,
        a.party,
        ProposalStatus::Accepted,
        None,
        None,
    )
    .await
}

/// `declineProposal`: either side, while it is open. The open offer becomes DECLINED.
pub async fn decline(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    proposal_id: Uuid,
    reason: Option<&str>,
) -> AppResult<proposal::Model> {
    let reason = text::optional("reason", reason, MAX_REASON)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (p, party) = acting_on(work.db(), viewer, proposal_id, "proposal").await?;
    require_open(&p)?;
    close_open_offer(work.db(), p.id, OfferStatus::Declined).await?;
    take_turn(&work, &p, party, ProposalStatus::Declined, None, reason).await?;
    work.tell_about(
        Deal::of_proposal(&p),
        party.other(),
        NotificationKind::ProposalDeclined,
        |it| {
            msg!(
                "notice-proposal-declined",
                name = it.name(party),
                title = it.title()
            )
        },
    )
    .await?;
    let p = reload(work.db(), p.id).await?;
    work.commit().await?;
    Ok(p)
}

/// `withdrawProposal`: the side that started it (the creator for an application, the brand for
/// an invitation), while it is open. The open offer becomes WITHDRAWN.
pub async fn withdraw(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    proposal_id: Uuid,
) -> AppResult<proposal::Model> {
    let mut work = Work::begin(db, bus, viewer).await?;
    let (p, party) = acting_on(work.db(), viewer, proposal_id, "proposal").await?;
    let starter = match p.origin {
        ProposalOrigin::Application => Party::Creator,
        ProposalOrigin::Invitation => Party::Brand,
    };
    if party != starter {
        return Err(AppError::forbidden(msg!(
            "withdraw-only-starter",
            party = starter.as_str().to_lowercase()
        )));
    }
    require_open(&p)?;
    close_open_offer(work.db(), p.id, OfferStatus::Withdrawn).await?;
    take_turn(&work, &p, party, ProposalStatus::Withdrawn, None, None).await?;
    work.tell_about(
        Deal::of_proposal(&p),
        party.other(),
        NotificationKind::ProposalWithdrawn,
        |it| {
            msg!(
                "notice-proposal-withdrawn",
                name = it.name(party),
                title = it.title()
            )
        },
    )
    .await?;
    let p = reload(work.db(), p.id).await?;
    work.commit().await?;
    Ok(p)
}

/// CONFLICT once an offer's `expires_at` has come, whether or not the sweep expired it yet.
fn require_unexpired(o: &offer::Model) -> AppResult<()> {
    match o.expires_at {
        Some(at) if at <= clock::now() => Err(AppError::conflict(msg!(
            "offer-expired-at",
            at = clock::format(at)
        ))),
        _ => Ok(()),
    }
}

/// The sweep, at an offer's `expires_at`: the offer, if still OPEN, becomes EXPIRED and its
/// proposal EXPIRED, and both sides hear of it. False when it was answered in time.
pub async fn expire(work: &mut Work<'_>, offer_id: Uuid) -> AppResult<bool> {
    let Some(o) = offer::Entity::find_by_id(offer_id).one(work.db()).await? else {
        return Ok(false);
    };
    // Lock order: proposal, then offer.
    let Some(p) = proposal::Entity::find_by_id(o.proposal_id)
        .lock_exclusive()
        .one(work.db())
        .await?
    else {
        return Ok(false);
    };
    let now = clock::now();
    let expired = offer::Entity::update_many()
        .col_expr(
            offer::Column::Status,
            Expr::value(OfferStatus::Expired.as_str()),
        )
        .filter(offer::Column::Id.eq(o.id))
        .filter(offer::Column::Status.eq(OfferStatus::Open))
        .filter(offer::Column::ExpiresAt.lte(now))
        .exec(work.db())
        .await?;
    if expired.rows_affected == 0 {
        return Ok(false);
    }
    work.set(
        proposal::Entity::update_many()
            .col_expr(
                proposal::Column::Status,
                Expr::value(ProposalStatus::Expired.as_str()),
            )
            .col_expr(proposal::Column::Turn, Expr::value(Option::<String>::None))
            .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
            .filter(proposal::Column::Id.eq(p.id))
            .filter(proposal::Column::Status.is_in(OPEN_STATUSES)),
        msg!("open-offer-closed-proposal"),
    )
    .await?;
    let deal = Deal::of_proposal(&p);
    let version = o.version;
    for to in [Party::Brand, Party::Creator] {
        work.tell_about(deal, to, NotificationKind::OfferExpired, |it| {
            msg!(
                "notice-offer-expired",
                version = version,
                title = it.title()
            )
        })
        .await?;
    }
    Ok(true)
}

/// A proposal's OPEN offer, if any.
pub async fn current_offer(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> AppResult<Option<offer::Model>> {
    Ok(offer::Entity::find()
        .filter(offer::Column::ProposalId.eq(proposal_id))
        .filter(offer::Column::Status.eq(OfferStatus::Open))
        .one(db)
        .await?)
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> AppResult<proposal::Model> {
    proposal::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("proposal"))
}

/// `sendMessage`: either side, whatever the proposal's status.
pub async fn send_message(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    proposal_id: Uuid,
    body: &str,
) -> AppResult<message::Model> {
    let body = text::required("input.body", body, MAX_MESSAGE)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (p, party) = acting_on(work.db(), viewer, proposal_id, "proposal").await?;
    let now = clock::now();
    let m = message::ActiveModel {
        id: Set(Uuid::new_v4()),
        proposal_id: Set(p.id),
        author: Set(party),
        body: Set(body),
        created_at: Set(now),
    }
    .insert(work.db())
    .await?;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .exec(work.db())
        .await?;
    work.tell_about(
        Deal::of_proposal(&p),
        party.other(),
        NotificationKind::MessageReceived,
        |it| {
            msg!(
                "notice-message-received",
                name = it.name(party),
                title = it.title()
            )
        },
    )
    .await?;
    work.raise(Event::Message {
        proposal: p.id,
        id: m.id,
    });
    work.commit().await?;
    Ok(m)
}

/// Which proposals or collaborations a list shows.
pub enum ListScope {
    /// The viewer's own: a creator's, or those on a brand's briefs.
    Mine,
    /// One brief's: all for its owner and admins, a creator's own for a creator.
    Brief,
}

/// The rows of `E` a list in `scope` shows the viewer, by `E`'s brand, creator and brief columns;
/// None when the viewer may see none.
pub(crate) fn scoped<E: EntityTrait>(
    viewer: &Viewer,
    scope: ListScope,
    b: Option<&brief::Model>,
    [brand_column, creator_column, brief_column]: [E::Column; 3],
) -> Option<Select<E>> {
    let q = E::find();
    match scope {
        ListScope::Mine => match (viewer.brand_id, viewer.creator_id) {
            (Some(brand), _) => Some(q.filter(brand_column.eq(brand))),
            (_, Some(creator)) => Some(q.filter(creator_column.eq(creator))),
            _ => None,
        },
        ListScope::Brief => {
            let b = b?;
            let q = q.filter(brief_column.eq(b.id));
            if viewer.owns_brand(b.brand_id) || viewer.is_admin() {
                Some(q)
            } else {
                viewer.creator_id.map(|c| q.filter(creator_column.eq(c)))
            }
        }
    }
}

/// A page of proposals, newest activity first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    scope: ListScope,
    brief: Option<&brief::Model>,
    status: Option<ProposalStatus>,
    window: keyset::Window,
) -> AppResult<(Vec<proposal::Model>, i64)> {
    let Some(mut q) = scoped::<proposal::Entity>(
        viewer,
        scope,
        brief,
        [
            proposal::Column::BrandId,
            proposal::Column::CreatorId,
            proposal::Column::BriefId,
        ],
    ) else {
        return Ok((Vec::new(), 0));
    };
    q = q.filter(access::proposal(viewer));
    if let Some(status) = status {
        q = q.filter(proposal::Column::Status.eq(status));
    }
    keyset::fetch(
        db,
        q,
        proposal::Column::UpdatedAt,
        proposal::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}

/// A page of a proposal's messages, oldest first or (to page back from the newest) newest first.
pub async fn messages(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    direction: Direction,
    window: keyset::Window,
) -> AppResult<(Vec<message::Model>, i64)> {
    let q = message::Entity::find().filter(message::Column::ProposalId.eq(proposal_id));
    keyset::fetch(
        db,
        q,
        message::Column::CreatedAt,
        message::Column::Id,
        direction,
        window,
    )
    .await
}

/// `cancelBrief`: the brief's own rules (`briefs::cancel`), then its open proposals become
/// DECLINED, each creator told, in one unit of work.
pub async fn cancel_brief(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
    reason: &str,
) -> AppResult<brief::Model> {
    let reason = text::required("reason", reason, briefs::MAX_REASON)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let cancelled = briefs::cancel(&work, id, &reason).await?;
    let why = msg!("brief-cancelled-because", reason = reason);
    decline_all_open(&mut work, &cancelled, why).await?;
    work.commit().await?;
    Ok(cancelled)
}

/// `completeBrief`: the brief's own rules (`briefs::complete`), then the negotiations still open
/// on it, which can no longer lead anywhere, are declined.
pub async fn complete_brief(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<brief::Model> {
    let mut work = Work::begin(db, bus, viewer).await?;
    let completed = briefs::complete(&work, id).await?;
    decline_all_open(&mut work, &completed, msg!("campaign-completed")).await?;
    work.commit().await?;
    Ok(completed)
}

/// Declines every open proposal of a brief that is ending (cancelled or completed), telling
/// each creator. Runs inside the brief's unit of work, which holds the brief's row lock. The
/// proposals keep the reason in English; each creator reads it in its own language.
async fn decline_all_open(work: &mut Work<'_>, b: &brief::Model, reason: Msg) -> AppResult<()> {
    let stored = reason.english();
    let open = proposal::Entity::find()
        .filter(proposal::Column::BriefId.eq(b.id))
        .filter(proposal::Column::Status.is_in(OPEN_STATUSES))
        .lock_exclusive()
        .all(work.db())
        .await?;
    for p in open {
        close_open_offer(work.db(), p.id, OfferStatus::Declined).await?;
        proposal::Entity::update_many()
            .col_expr(
                proposal::Column::Status,
                Expr::value(ProposalStatus::Declined.as_str()),
            )
            .col_expr(proposal::Column::Turn, Expr::value(Option::<String>::None))
            .col_expr(proposal::Column::CloseReason, Expr::value(stored.as_str()))
            .col_expr(proposal::Column::UpdatedAt, Expr::value(clock::now()))
            .filter(proposal::Column::Id.eq(p.id))
            .exec(work.db())
            .await?;
        let text = msg!(
            "notice-brief-ended",
            title = b.title.as_str(),
            reason = reason.clone()
        );
        work.tell_about(
            Deal::of_proposal(&p),
            Party::Creator,
            NotificationKind::ProposalDeclined,
            |_| text,
        )
        .await?;
    }
    Ok(())
}
