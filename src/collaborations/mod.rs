//! Collaborations: the work an accepted offer becomes, from its start to its end.
//!
//! - `acceptOffer` starts one ([`start`]): in one unit of work the offer and proposal become
//!   ACCEPTED (`deals`), the brief's budget takes a slot and the fee (`briefs::budget`), the
//!   collaboration is made with one deliverable per unit of quantity and its tracking code, and
//!   the fee moves from the brand's available balance to its held one (`payments::escrow`).
//! - Who may read it and everything under it: its two parties and admins (`access`).
//! - It ends COMPLETED ([`complete`]: every deliverable PUBLISHED; the held fee is paid to the
//!   creator, `payments::pay_fee`), also by itself once the creator asked
//!   ([`request_completion`], then [`auto_complete`] from the sweep, through the same steps), or
//!   CANCELLED ([`cancel`], before every deliverable is PUBLISHED: the slot and fee go back to
//!   the brief, the held fee to the brand, less the kill fee the creator keeps when the brand
//!   cancels after content was submitted).
//!
//! Rows are locked in the order brief → proposal → offer (as `deals` does) and brief →
//! collaboration → deliverable → submission (as `delivery` does), so that two transactions never
//! wait on each other in a cycle.

use entity::{
    brief, collaboration, content_submission, deliverable,
    enums::{CollaborationStatus, DeadlineKind, DeliverableStatus, NotificationKind, Party, Role},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    briefs::budget,
    calendar::{self, BusinessCalendar},
    clock, deadlines,
    deals::{
        self, ListScope, scoped,
        terms::{accepted_offer, review_days},
    },
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    keyset::{self, Direction},
    payments::{self, escrow},
    text,
    work::{Deal, Parties, Work, acting_party},
};

pub const CODE_LENGTH: usize = 8;
pub const MAX_REASON: usize = deals::MAX_REASON;

/// A collaboration the viewer may read (`access::collaboration`).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<collaboration::Model>> {
    access::find::<collaboration::Entity>(db, id, access::collaboration(viewer)).await
}

/// The collaboration the viewer acts on: kept in `work`, which `livestreams` reaches too.
pub use crate::work::acting_on_collaboration as acting_on;

/// CONFLICT unless the collaboration is ACTIVE.
pub fn require_active(c: &collaboration::Model) -> AppResult<()> {
    if c.status == CollaborationStatus::Active {
        Ok(())
    } else {
        Err(AppError::conflict(msg!(
            "collaboration-is",
            status = c.status.as_str()
        )))
    }
}

/// `acceptOffer`: the side that did not write the OPEN offer accepts it, and the collaboration
/// starts.
pub async fn start(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    offer_id: Uuid,
) -> AppResult<collaboration::Model> {
    let mut work = Work::begin(db, bus, viewer).await?;
    let accepted = deals::accept(&work, offer_id).await?;
    let (b, p, o) = (&accepted.brief, &accepted.proposal, &accepted.offer);
    budget::reserve(work.db(), b.id, o.fee_minor.unwrap_or(0)).await?;
    deals::conclude(&work, &accepted).await?;

    let code = new_tracking_code(work.db()).await?;
    let c = collaboration::ActiveModel {
        id: Set(Uuid::new_v4()),
        proposal_id: Set(p.id),
        offer_id: Set(o.id),
        brief_id: Set(p.brief_id),
        brand_id: Set(p.brand_id),
        creator_id: Set(p.creator_id),
        status: Set(CollaborationStatus::Active),
        tracking_code: Set(code),
        clicks: Set(0),
        started_at: Set(clock::now()),
        completed_at: Set(None),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        completion_requested_at: Set(None),
        auto_completes_at: Set(None),
    }
    .insert(work.db())
    .await?;
    let lines = deals::offer_lines(work.db(), o.id).await?;
    let units = lines
        .iter()
        .flat_map(|line| std::iter::repeat_n(line, usize::try_from(line.quantity).unwrap_or(0)));
    let rows: Vec<deliverable::ActiveModel> = units
        .enumerate()
        .map(|(i, line)| deliverable::ActiveModel {
            id: Set(Uuid::new_v4()),
            collaboration_id: Set(c.id),
            position: Set(i as i32),
            deliverable_type: Set(line.deliverable_type),
            platform: Set(line.platform),
            notes: Set(line.notes.clone()),
            due_at: Set(o.due_at),
            status: Set(DeliverableStatus::AwaitingContent),
            revisions_used: Set(0),
            live_url: Set(None),
            published_at: Set(None),
            product_use_attested_at: Set(None),
            product_use_attested_by: Set(None),
        })
        .collect();
    let ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|d| d.id.try_as_ref().copied())
        .collect();
    if !rows.is_empty() {
        deliverable::Entity::insert_many(rows)
            .exec(work.db())
            .await?;
    }
    let overdue_from = deadlines::just_after(o.due_at);
    deadlines::schedule_all(work.db(), DeadlineKind::DeliverableDue, ids, overdue_from).await?;
    if let Some(fee) = o.fee_minor.filter(|f| *f > 0) {
        escrow::hold(work.db(), &c, fee, o.currency).await?;
    }
    let party = accepted.party;
    work.tell_about(
        Deal::of_proposal(p).with_collaboration(c.id),
        o.author,
        NotificationKind::OfferAccepted,
        |it| {
            msg!(
                "notice-offer-accepted",
                name = it.name(party),
                title = it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(c)
}

/// `completeCollaboration`: the brand ends an ACTIVE collaboration whose deliverables are all
/// PUBLISHED; the held fee, if the terms carry one, is paid into the creator's wallet.
pub async fn complete(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
) -> AppResult<collaboration::Model> {
    viewer.require(Role::Brand, msg!("action-complete-collaborations"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party) = acting_on(work.db(), viewer, collaboration_id, "collaboration").await?;
    if party != Party::Brand {
        return Err(AppError::forbidden(msg!("only-brand-completes")));
    }
    require_active(&c)?;
    require_all_published(work.db(), &c).await?;
    finish(&mut work, &c, |it| {
        msg!(
            "notice-collaboration-completed",
            brand = it.name(Party::Brand),
            title = it.title()
        )
    })
    .await?;
    let c = reload(work.db(), c.id).await?;
    work.commit().await?;
    Ok(c)
}

/// CONFLICT unless every deliverable of `c` is PUBLISHED.
async fn require_all_published(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
) -> AppResult<()> {
    let waiting = deliverables_of(db, c.id)
        .await?
        .iter()
        .filter(|d| d.status != DeliverableStatus::Published)
        .count();
    if waiting > 0 {
        return Err(AppError::conflict(msg!(
            "deliverables-not-published",
            waiting = waiting
        )));
    }
    Ok(())
}

/// Completes an ACTIVE collaboration whose deliverables are all PUBLISHED, its row locked: it
/// becomes COMPLETED, the held fee is paid to the creator, and the creator hears `text`. What
/// `completeCollaboration` and the completion that comes by itself share.
async fn finish(
    work: &mut Work<'_>,
    c: &collaboration::Model,
    text: impl FnOnce(&Parties) -> Msg,
) -> AppResult<()> {
    work.set(
        collaboration::Entity::update_many()
            .col_expr(
                collaboration::Column::Status,
                Expr::value(CollaborationStatus::Completed.as_str()),
            )
            .col_expr(
                collaboration::Column::CompletedAt,
                Expr::value(clock::now()),
            )
            .filter(collaboration::Column::Id.eq(c.id))
            .filter(collaboration::Column::Status.eq(CollaborationStatus::Active)),
        msg!("changed-meanwhile", what = "collaboration"),
    )
    .await?;
    let terms = accepted_offer(work.db(), c).await?;
    let deal = Deal::of_collaboration(c);
    let currency = work.parties(deal).await?.brief.currency;
    payments::pay_fee(work.db(), c, terms.fee_minor.unwrap_or(0), currency).await?;
    work.tell_about(
        deal,
        Party::Creator,
        NotificationKind::CollaborationCompleted,
        text,
    )
    .await
}

/// `requestCompletion`: the creator of an ACTIVE collaboration whose deliverables are all
/// PUBLISHED asks to complete it. The brand then has the terms' review days, in business days of
/// `calendar`, to complete it; after that it completes by itself ([`auto_complete`]).
pub async fn request_completion(
    db: &DatabaseConnection,
    bus: &EventBus,
    calendar: &BusinessCalendar,
    viewer: &Viewer,
    collaboration_id: Uuid,
) -> AppResult<collaboration::Model> {
    viewer.require(Role::Creator, msg!("action-request-completion"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party) = acting_on(work.db(), viewer, collaboration_id, "collaboration").await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!(
            "only-creator-requests-completion"
        )));
    }
    require_active(&c)?;
    if let Some(at) = c.completion_requested_at {
        return Err(AppError::conflict(msg!(
            "completion-already-requested",
            at = clock::format(at)
        )));
    }
    require_all_published(work.db(), &c).await?;
    let review_days = review_days(&accepted_offer(work.db(), &c).await?);
    let now = clock::now();
    let completes_at = calendar.add_business_days(now, review_days);
    work.set(
        collaboration::Entity::update_many()
            .col_expr(
                collaboration::Column::CompletionRequestedAt,
                Expr::value(now),
            )
            .col_expr(
                collaboration::Column::AutoCompletesAt,
                Expr::value(completes_at),
            )
            .filter(collaboration::Column::Id.eq(c.id))
            .filter(collaboration::Column::Status.eq(CollaborationStatus::Active))
            .filter(collaboration::Column::CompletionRequestedAt.is_null()),
        msg!("changed-meanwhile", what = "collaboration"),
    )
    .await?;
    deadlines::schedule(work.db(), DeadlineKind::AutoComplete, c.id, completes_at).await?;
    let due = completes_at
        .with_timezone(&calendar::ZONE)
        .format("%d/%m/%Y")
        .to_string();
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::CompletionRequested,
        |it| {
            msg!(
                "notice-completion-requested",
                creator = it.name(Party::Creator),
                title = it.title(),
                due = due
            )
        },
    )
    .await?;
    let c = reload(work.db(), c.id).await?;
    work.commit().await?;
    Ok(c)
}

/// The sweep, at a collaboration's `auto_completes_at`: if the brand has not completed it, it
/// completes exactly as `completeCollaboration` would, the held fee paid to the creator, and
/// both sides hear of it. False when it ended meanwhile.
pub async fn auto_complete(work: &mut Work<'_>, collaboration_id: Uuid) -> AppResult<bool> {
    let Some(c) = collaboration::Entity::find_by_id(collaboration_id)
        .lock_exclusive()
        .one(work.db())
        .await?
    else {
        return Ok(false);
    };
    let due = c.auto_completes_at.is_some_and(|at| at <= clock::now());
    if c.status != CollaborationStatus::Active || !due {
        return Ok(false);
    }
    // Nothing unpublishes a deliverable, so this holds since the request; checked all the same.
    require_all_published(work.db(), &c).await?;
    let text = |it: &Parties| {
        msg!(
            "notice-collaboration-auto-completed",
            title = it.title(),
            brand = it.name(Party::Brand)
        )
    };
    finish(work, &c, text).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::CollaborationCompleted,
        text,
    )
    .await?;
    Ok(true)
}

/// `cancelCollaboration`: either side ends an ACTIVE collaboration that still has a deliverable to
/// publish; its slot and fee go back to the brief, and the held fee to the brand (less the kill
/// fee, when the brand cancels after content was submitted).
pub async fn cancel(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
    reason: &str,
) -> AppResult<collaboration::Model> {
    let reason = text::required("reason", reason, MAX_REASON)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let c = collaboration::Entity::find_by_id(collaboration_id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::not_found("collaboration"))?;
    acting_party(viewer, c.brand_id, c.creator_id, "collaboration")?;
    // Lock order: brief, then collaboration.
    brief::Entity::find_by_id(c.brief_id)
        .lock_exclusive()
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("collaboration without its brief"))?;
    let (c, party) = acting_on(work.db(), viewer, c.id, "collaboration").await?;
    require_active(&c)?;
    let deliverables = deliverables_of(work.db(), c.id).await?;
    if deliverables
        .iter()
        .all(|d| d.status == DeliverableStatus::Published)
    {
        return Err(AppError::conflict(msg!("cancel-all-published")));
    }
    work.set(
        collaboration::Entity::update_many()
            .col_expr(
                collaboration::Column::Status,
                Expr::value(CollaborationStatus::Cancelled.as_str()),
            )
            .col_expr(
                collaboration::Column::CancelledAt,
                Expr::value(clock::now()),
            )
            .col_expr(
                collaboration::Column::CancelReason,
                Expr::value(reason.as_str()),
            )
            .filter(collaboration::Column::Id.eq(c.id))
            .filter(collaboration::Column::Status.eq(CollaborationStatus::Active)),
        msg!("changed-meanwhile", what = "collaboration"),
    )
    .await?;
    let terms = accepted_offer(work.db(), &c).await?;
    budget::release(work.db(), c.brief_id, terms.fee_minor.unwrap_or(0)).await?;
    // The creator keeps the kill fee when the brand walks away from work already submitted.
    let submitted = party == Party::Brand && any_submitted(work.db(), &deliverables).await?;
    escrow::unwind(
        work.db(),
        &c,
        terms.currency,
        submitted.then_some(terms.kill_fee_bp),
    )
    .await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        party.other(),
        NotificationKind::CollaborationCancelled,
        |it| {
            msg!(
                "notice-collaboration-cancelled",
                name = it.name(party),
                title = it.title(),
                reason = reason
            )
        },
    )
    .await?;
    let c = reload(work.db(), c.id).await?;
    work.commit().await?;
    Ok(c)
}

/// Whether content was submitted for any of `deliverables`.
async fn any_submitted(
    db: &impl ConnectionTrait,
    deliverables: &[deliverable::Model],
) -> AppResult<bool> {
    Ok(content_submission::Entity::find()
        .filter(content_submission::Column::DeliverableId.is_in(deliverables.iter().map(|d| d.id)))
        .one(db)
        .await?
        .is_some())
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> AppResult<collaboration::Model> {
    collaboration::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("collaboration vanished in its transaction"))
}

/// A tracking code no collaboration has, of letters and digits no one mistakes for others. 25^8 ≈ 1.5 × 10^11 codes make a clash rare; the unique
/// index settles the last race.
pub async fn new_tracking_code(db: &impl ConnectionTrait) -> AppResult<String> {
    for _ in 0..8 {
        let code = text::unambiguous_code(CODE_LENGTH);
        let taken = collaboration::Entity::find()
            .filter(collaboration::Column::TrackingCode.eq(code.as_str()))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(code);
        }
    }
    Err(AppError::internal("no free tracking code after 8 tries"))
}

/// A page of collaborations, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    scope: ListScope,
    brief: Option<&brief::Model>,
    status: Option<CollaborationStatus>,
    window: keyset::Window,
) -> AppResult<(Vec<collaboration::Model>, i64)> {
    let Some(mut q) = scoped::<collaboration::Entity>(
        viewer,
        scope,
        brief,
        [
            collaboration::Column::BrandId,
            collaboration::Column::CreatorId,
            collaboration::Column::BriefId,
        ],
    ) else {
        return Ok((Vec::new(), 0));
    };
    q = q.filter(access::collaboration(viewer));
    if let Some(status) = status {
        q = q.filter(collaboration::Column::Status.eq(status));
    }
    keyset::fetch(
        db,
        q,
        collaboration::Column::StartedAt,
        collaboration::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}

pub async fn deliverables_of(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Vec<deliverable::Model>> {
    Ok(deliverable::Entity::find()
        .filter(deliverable::Column::CollaborationId.eq(collaboration_id))
        .order_by_asc(deliverable::Column::Position)
        .all(db)
        .await?)
}
