//! What the sweep does to delivery when time runs out: the brand is reminded on the last business
//! day of a review window, a submission nobody reviewed in time is approved by the marketplace,
//! and both sides hear when a deliverable passes its due time unpublished.
//!
//! Each function is one deadline's action inside the sweep's unit of work. It re-reads what it
//! acts on under the same locks as the mutations (collaboration → deliverable → submission) and
//! answers false, changing nothing, when the deadline became moot: the brand reviewed, the
//! creator published, the collaboration ended.

use entity::{
    collaboration, content_submission, deliverable,
    enums::{CollaborationStatus, DeliverableStatus, NotificationKind, Party, SubmissionStatus},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use uuid::Uuid;

use super::{lock_deliverable, move_deliverable};
use crate::{
    calendar, clock,
    error::AppResult,
    work::{Deal, Work},
};

/// The submission, its deliverable and its ACTIVE collaboration, locked collaboration →
/// deliverable → submission; None when any is gone or the collaboration ended.
async fn in_active_collaboration(
    work: &Work<'_>,
    submission_id: Uuid,
) -> AppResult<
    Option<(
        collaboration::Model,
        deliverable::Model,
        content_submission::Model,
    )>,
> {
    let db = work.db();
    let Some(s) = content_submission::Entity::find_by_id(submission_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(d) = deliverable::Entity::find_by_id(s.deliverable_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(c) = collaboration::Entity::find_by_id(d.collaboration_id)
        .lock_exclusive()
        .one(db)
        .await?
        .filter(|c| c.status == CollaborationStatus::Active)
    else {
        return Ok(None);
    };
    let d = lock_deliverable(db, d.id).await?;
    let s = content_submission::Entity::find_by_id(s.id)
        .lock_exclusive()
        .one(db)
        .await?;
    Ok(s.map(|s| (c, d, s)))
}

/// REVIEW_DUE_SOON to the brand, on the last business day of a window it has not reviewed in.
/// A reminder the sweep comes to after the window closed (an outage) is skipped.
pub async fn remind_review(work: &mut Work<'_>, submission_id: Uuid) -> AppResult<bool> {
    let Some((c, _, s)) = in_active_collaboration(work, submission_id).await? else {
        return Ok(false);
    };
    if s.status != SubmissionStatus::InReview || clock::now() >= s.review_due_at {
        return Ok(false);
    }
    let due = s
        .review_due_at
        .with_timezone(&calendar::ZONE)
        .format("%H:%M on %d/%m/%Y");
    let version = s.version;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::ReviewDueSoon,
        |it| {
            format!(
                "Review version {version} of {}'s content for “{}” by {due} (Vietnam time), or it is approved automatically",
                it.name(Party::Creator),
                it.title()
            )
        },
    )
    .await?;
    Ok(true)
}

/// At the end of its window, a submission still under review is approved by the marketplace:
/// the deliverable APPROVED as a brand's approval would make it, the submission `autoApproved`,
/// CONTENT_AUTO_APPROVED to both.
pub async fn auto_approve(work: &mut Work<'_>, submission_id: Uuid) -> AppResult<bool> {
    let Some((c, d, s)) = in_active_collaboration(work, submission_id).await? else {
        return Ok(false);
    };
    let now = clock::now();
    if s.status != SubmissionStatus::InReview
        || d.status != DeliverableStatus::InReview
        || now < s.review_due_at
    {
        return Ok(false);
    }
    move_deliverable(
        work,
        d.id,
        &[DeliverableStatus::InReview],
        DeliverableStatus::Approved,
        |q| q,
    )
    .await?;
    work.set(
        content_submission::Entity::update_many()
            .col_expr(
                content_submission::Column::Status,
                Expr::value(SubmissionStatus::Approved.as_str()),
            )
            .col_expr(content_submission::Column::ReviewedAt, Expr::value(now))
            .col_expr(content_submission::Column::AutoApproved, Expr::value(true))
            .filter(content_submission::Column::Id.eq(s.id))
            .filter(content_submission::Column::Status.eq(SubmissionStatus::InReview)),
        "the submission was reviewed meanwhile",
    )
    .await?;
    let deal = Deal::of_collaboration(&c);
    let version = s.version;
    for to in [Party::Creator, Party::Brand] {
        work.tell_about(deal, to, NotificationKind::ContentAutoApproved, |it| {
            format!(
                "Version {version} of {}'s content for “{}” was not reviewed in time and is approved",
                it.name(Party::Creator),
                it.title()
            )
        })
        .await?;
    }
    Ok(true)
}

/// At its due time, a deliverable of an ACTIVE collaboration that is not PUBLISHED is overdue:
/// DELIVERABLE_OVERDUE to both, once.
pub async fn mark_overdue(work: &mut Work<'_>, deliverable_id: Uuid) -> AppResult<bool> {
    let db = work.db();
    let Some(d) = deliverable::Entity::find_by_id(deliverable_id)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let active = collaboration::Entity::find_by_id(d.collaboration_id)
        .filter(collaboration::Column::Status.eq(CollaborationStatus::Active))
        .one(db)
        .await?;
    let Some(c) = active else { return Ok(false) };
    if d.status == DeliverableStatus::Published || clock::now() < d.due_at {
        return Ok(false);
    }
    let position = d.position + 1;
    for to in [Party::Creator, Party::Brand] {
        work.tell_about(
            Deal::of_collaboration(&c),
            to,
            NotificationKind::DeliverableOverdue,
            |it| {
                format!(
                    "Deliverable {position} of “{}” passed its due time unpublished",
                    it.title()
                )
            },
        )
        .await?;
    }
    Ok(true)
}
