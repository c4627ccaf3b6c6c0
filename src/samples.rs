//! Product samples (a KOC is sent the product first, tries it, then reviews it): the brand ships
//! one for a collaboration whose terms give the product, the creator confirms receipt, and from
//! receipt the creator has [`POST_BY_DAYS`] to publish every deliverable, once extended by
//! [`EXTENSION_DAYS`] on request. A sample whose content is not live by then is OVERDUE, found
//! by the sweep, and both sides are told; one whose content went live in time is FULFILLED.
//!
//! Every mutation locks the collaboration first (as delivery does), then the sample; states move
//! only by conditional UPDATEs of the state read, so racing requests get one winner and a
//! CONFLICT.

use chrono::{DateTime, Duration, Utc};
use entity::{
    collaboration,
    enums::{DeadlineKind, DeliverableStatus, NotificationKind, Party, Role, SampleStatus},
    sample,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    collaborations::{acting_on, deliverables_of, require_active},
    deadlines,
    deals::terms::accepted_offer,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::msg,
    text,
    work::{Deal, Work},
};

/// Days from receipt to the post-by deadline.
pub const POST_BY_DAYS: i64 = 14;
/// Days the one extension adds.
pub const EXTENSION_DAYS: i64 = 7;
pub const MAX_CARRIER: usize = 100;
pub const MAX_TRACKING_NUMBER: usize = 100;

/// A collaboration's sample, if one was shipped.
pub async fn of_collaboration(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Option<sample::Model>> {
    Ok(sample::Entity::find()
        .filter(sample::Column::CollaborationId.eq(collaboration_id))
        .one(db)
        .await?)
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> AppResult<sample::Model> {
    sample::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("sample vanished in its transaction"))
}

/// The sample and its collaboration, both locked, for one of its parties (NOT_FOUND otherwise).
async fn acted_on(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    sample_id: Uuid,
) -> AppResult<(collaboration::Model, Party, sample::Model)> {
    let s = sample::Entity::find_by_id(sample_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("sample"))?;
    let (c, party) = acting_on(db, viewer, s.collaboration_id, "sample").await?;
    let s = sample::Entity::find_by_id(s.id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("sample"))?;
    Ok((c, party, s))
}

/// `shipSample`: the brand sends the product for an ACTIVE collaboration whose terms give it.
pub async fn ship(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
    carrier: &str,
    tracking_number: &str,
) -> AppResult<sample::Model> {
    viewer.require(Role::Brand, msg!("action-ship-samples"))?;
    let carrier = text::required("input.carrier", carrier, MAX_CARRIER)?;
    let tracking_number =
        text::required("input.trackingNumber", tracking_number, MAX_TRACKING_NUMBER)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party) = acting_on(work.db(), viewer, collaboration_id, "collaboration").await?;
    if party != Party::Brand {
        return Err(AppError::forbidden(msg!("only-brand-ships")));
    }
    require_active(&c)?;
    if !accepted_offer(work.db(), &c).await?.gift_product {
        return Err(AppError::conflict(msg!("no-sample-in-terms")));
    }
    if of_collaboration(work.db(), c.id).await?.is_some() {
        return Err(AppError::conflict(msg!("sample-shipped-already")));
    }
    let s = sample::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        creator_id: Set(c.creator_id),
        status: Set(SampleStatus::Shipped),
        carrier: Set(carrier.clone()),
        tracking_number: Set(tracking_number.clone()),
        shipped_at: Set(clock::now()),
        received_at: Set(None),
        post_by: Set(None),
        extended_at: Set(None),
        settled_at: Set(None),
    }
    .insert(work.db())
    .await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Creator,
        NotificationKind::SampleShipped,
        |it| {
            msg!(
                "notice-sample-shipped",
                brand = it.name(Party::Brand),
                title = it.title(),
                carrier = carrier,
                tracking_number = tracking_number
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(s)
}

/// `confirmSampleReceipt`: the creator has the SHIPPED sample; its post-by deadline is
/// [`POST_BY_DAYS`] from now.
pub async fn confirm_receipt(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    sample_id: Uuid,
) -> AppResult<sample::Model> {
    viewer.require(Role::Creator, msg!("action-confirm-receiving-samples"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, s) = acted_on(work.db(), viewer, sample_id).await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!("only-creator-confirms-receipt")));
    }
    require_active(&c)?;
    if s.status != SampleStatus::Shipped {
        return Err(AppError::conflict(msg!(
            "sample-not-shipped",
            status = s.status.as_str()
        )));
    }
    let now = clock::now();
    let post_by = now + Duration::days(POST_BY_DAYS);
    work.set(
        sample::Entity::update_many()
            .col_expr(
                sample::Column::Status,
                Expr::value(SampleStatus::Received.as_str()),
            )
            .col_expr(sample::Column::ReceivedAt, Expr::value(now))
            .col_expr(sample::Column::PostBy, Expr::value(post_by))
            .filter(sample::Column::Id.eq(s.id))
            .filter(sample::Column::Status.eq(SampleStatus::Shipped)),
        msg!("changed-meanwhile", what = "sample"),
    )
    .await?;
    deadlines::schedule(
        work.db(),
        DeadlineKind::SamplePostBy,
        s.id,
        deadlines::just_after(post_by),
    )
    .await?;
    // Content already all live (shipped late, after publishing) fulfils it at once.
    fulfil_if_live(&work, &c).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::SampleReceived,
        |it| {
            msg!(
                "notice-sample-received",
                creator = it.name(Party::Creator),
                title = it.title(),
                post_by = clock::format(post_by)
            )
        },
    )
    .await?;
    let s = reload(work.db(), s.id).await?;
    work.commit().await?;
    Ok(s)
}

/// `extendSamplePostBy`: the creator's one extension of a RECEIVED sample's post-by deadline, by
/// [`EXTENSION_DAYS`], asked before the deadline passes.
pub async fn extend(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    sample_id: Uuid,
) -> AppResult<sample::Model> {
    viewer.require(Role::Creator, msg!("action-extend-samples-deadlines"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, s) = acted_on(work.db(), viewer, sample_id).await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!("only-creator-extends")));
    }
    require_active(&c)?;
    if s.status != SampleStatus::Received {
        return Err(AppError::conflict(msg!(
            "sample-not-received",
            status = s.status.as_str()
        )));
    }
    if s.extended_at.is_some() {
        return Err(AppError::conflict(msg!("sample-extended-already")));
    }
    let post_by = s
        .post_by
        .ok_or_else(|| AppError::internal("a received sample without its post-by deadline"))?;
    let now = clock::now();
    if now > post_by {
        return Err(AppError::conflict(msg!(
            "post-by-passed",
            at = clock::format(post_by)
        )));
    }
    let extended = post_by + Duration::days(EXTENSION_DAYS);
    work.set(
        sample::Entity::update_many()
            .col_expr(sample::Column::PostBy, Expr::value(extended))
            .col_expr(sample::Column::ExtendedAt, Expr::value(now))
            .filter(sample::Column::Id.eq(s.id))
            .filter(sample::Column::Status.eq(SampleStatus::Received))
            .filter(sample::Column::ExtendedAt.is_null()),
        msg!("changed-meanwhile", what = "sample"),
    )
    .await?;
    // The first deadline stays, and is moot when it comes.
    deadlines::schedule(
        work.db(),
        DeadlineKind::SampleExtendedPostBy,
        s.id,
        deadlines::just_after(extended),
    )
    .await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::SamplePostByExtended,
        |it| {
            msg!(
                "notice-sample-post-by-extended",
                creator = it.name(Party::Creator),
                title = it.title(),
                post_by = clock::format(extended)
            )
        },
    )
    .await?;
    let s = reload(work.db(), s.id).await?;
    work.commit().await?;
    Ok(s)
}

/// Whether every deliverable of the collaboration was published by `by`.
async fn live_by(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
    by: DateTime<Utc>,
) -> AppResult<bool> {
    Ok(deliverables_of(db, collaboration_id)
        .await?
        .iter()
        .all(|d| {
            d.status == DeliverableStatus::Published && d.published_at.is_some_and(|at| at <= by)
        }))
}

/// After a deliverable of `c` was published, or its sample received (in the same transaction,
/// under the collaboration's lock): a RECEIVED sample whose content is all live by its post-by
/// deadline is FULFILLED.
pub async fn fulfil_if_live(work: &Work<'_>, c: &collaboration::Model) -> AppResult<()> {
    let Some(s) = of_collaboration(work.db(), c.id).await? else {
        return Ok(());
    };
    let Some(post_by) = s.post_by else {
        return Ok(());
    };
    if s.status == SampleStatus::Received && live_by(work.db(), c.id, post_by).await? {
        settle(work, s.id, SampleStatus::Fulfilled).await?;
    }
    Ok(())
}

/// Moves a RECEIVED sample to `to` (FULFILLED or OVERDUE), settled now.
async fn settle(work: &Work<'_>, id: Uuid, to: SampleStatus) -> AppResult<()> {
    work.set(
        sample::Entity::update_many()
            .col_expr(sample::Column::Status, Expr::value(to.as_str()))
            .col_expr(sample::Column::SettledAt, Expr::value(clock::now()))
            .filter(sample::Column::Id.eq(id))
            .filter(sample::Column::Status.eq(SampleStatus::Received)),
        msg!("sample-changed"),
    )
    .await
}

/// The sweep, just after a sample's post-by deadline: a RECEIVED sample whose deadline passed is
/// settled: FULFILLED when every deliverable was published by it (published, say, just before a
/// completion), else OVERDUE, and both sides are told. Moot when it was settled or extended past
/// now, or its collaboration was cancelled.
pub async fn mark_overdue(work: &mut Work<'_>, sample_id: Uuid) -> AppResult<bool> {
    let db = work.db();
    let Some(s) = sample::Entity::find_by_id(sample_id).one(db).await? else {
        return Ok(false);
    };
    let Some(c) = collaboration::Entity::find_by_id(s.collaboration_id)
        .lock_exclusive()
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if c.status == entity::enums::CollaborationStatus::Cancelled {
        return Ok(false);
    }
    let Some(s) = sample::Entity::find_by_id(s.id)
        .lock_exclusive()
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let now = clock::now();
    let Some(post_by) = s.post_by.filter(|by| now > *by) else {
        return Ok(false);
    };
    if s.status != SampleStatus::Received {
        return Ok(false);
    }
    if live_by(db, c.id, post_by).await? {
        settle(work, s.id, SampleStatus::Fulfilled).await?;
        return Ok(true);
    }
    settle(work, s.id, SampleStatus::Overdue).await?;
    for to in [Party::Creator, Party::Brand] {
        work.tell_about(
            Deal::of_collaboration(&c),
            to,
            NotificationKind::SampleOverdue,
            |it| msg!("notice-sample-overdue", title = it.title()),
        )
        .await?;
    }
    Ok(true)
}
