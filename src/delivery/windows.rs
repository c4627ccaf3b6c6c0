//! Delivery against the clock: the review window a submission opens, and what the sweep does
//! when time runs out: the brand is reminded on the last business day of a window, a submission
//! nobody reviewed in time is approved by the marketplace, and both sides hear when a deliverable
//! passes its due time unpublished.
//!
//! Each sweep action is one deadline's work inside the sweep's unit of work. It re-reads what it
//! acts on under the same locks as the mutations (collaboration → deliverable → submission) and
//! answers false, changing nothing, when the deadline became moot: the brand reviewed, the
//! creator published, the collaboration ended.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    collaboration, content_submission, deliverable,
    enums::{
        CollaborationStatus, DeadlineKind, DeliverableStatus, NotificationKind, Party,
        SubmissionStatus,
    },
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{lock_deliverable, move_deliverable};
use crate::{
    calendar::{self, BusinessCalendar},
    clock,
    db::begin_write,
    deadlines,
    deals::terms::DEFAULT_REVIEW_DAYS,
    error::AppResult,
    i18n::msg,
    work::{Deal, Work},
};

/// The review window of a submission: it closes `days` business days after it opened, and the
/// brand is reminded when its last business day begins.
pub struct ReviewWindow {
    pub due_at: DateTime<Utc>,
    pub reminder_at: DateTime<Utc>,
}

impl ReviewWindow {
    pub fn new(calendar: &BusinessCalendar, opened_at: DateTime<Utc>, days: u32) -> Self {
        Self {
            due_at: calendar.add_business_days(opened_at, days),
            reminder_at: calendar.last_day_begins(opened_at, days),
        }
    }

    /// Schedules the reminder and the approval of submission `id`.
    pub async fn schedule(&self, db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
        deadlines::schedule(db, DeadlineKind::ReviewDueSoon, id, self.reminder_at).await?;
        deadlines::schedule(db, DeadlineKind::ReviewDue, id, self.due_at).await
    }
}

/// Gives the submissions made before review windows existed a window (the migration left them
/// at the far future): those still under review get a full window of the default review days
/// from now, when the rule reached them, with its deadlines; the others one from their
/// submission, for the record. Runs at every start and finds nothing once done; each row is
/// claimed by a conditional update, so instances starting together never write one twice.
pub async fn backfill_review_windows(
    db: &DatabaseConnection,
    calendar: &BusinessCalendar,
) -> AppResult<usize> {
    let placeholder = NaiveDate::from_ymd_opt(9999, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a real date")
        .and_utc();
    let old = content_submission::Entity::find()
        .filter(content_submission::Column::ReviewDueAt.gte(placeholder))
        .all(db)
        .await?;
    let days = u32::try_from(DEFAULT_REVIEW_DAYS).unwrap_or(1);
    let mut written = 0;
    for s in &old {
        let in_review = s.status == SubmissionStatus::InReview;
        let opened_at = if in_review {
            clock::now()
        } else {
            s.submitted_at
        };
        let window = ReviewWindow::new(calendar, opened_at, days);
        let txn = begin_write(db).await?;
        let claimed = content_submission::Entity::update_many()
            .col_expr(
                content_submission::Column::ReviewDueAt,
                Expr::value(window.due_at),
            )
            .filter(content_submission::Column::Id.eq(s.id))
            .filter(content_submission::Column::ReviewDueAt.gte(placeholder))
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
            if in_review {
                window.schedule(&txn, s.id).await?;
            }
            written += 1;
        }
        txn.commit().await?;
    }
    Ok(written)
}

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
    let due = s.review_due_at.with_timezone(&calendar::ZONE);
    let (time, date) = (
        due.format("%H:%M").to_string(),
        due.format("%d/%m/%Y").to_string(),
    );
    let version = s.version;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::ReviewDueSoon,
        |it| {
            msg!(
                "notice-review-due-soon",
                version = version,
                creator = it.name(Party::Creator),
                title = it.title(),
                time = time,
                date = date
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
        msg!("submission-reviewed"),
    )
    .await?;
    let deal = Deal::of_collaboration(&c);
    let version = s.version;
    for to in [Party::Creator, Party::Brand] {
        work.tell_about(deal, to, NotificationKind::ContentAutoApproved, |it| {
            msg!(
                "notice-content-auto-approved",
                version = version,
                creator = it.name(Party::Creator),
                title = it.title()
            )
        })
        .await?;
    }
    Ok(true)
}

/// Past its due time, a deliverable of an ACTIVE collaboration that is not PUBLISHED is overdue:
/// DELIVERABLE_OVERDUE to both, once. Locked as `publishDeliverable` locks it, so a publication
/// in time and this notice never both happen.
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
        .lock_exclusive()
        .one(db)
        .await?;
    let Some(c) = active else { return Ok(false) };
    let d = lock_deliverable(db, d.id).await?;
    if d.status == DeliverableStatus::Published || clock::now() <= d.due_at {
        return Ok(false);
    }
    let position = d.position + 1;
    for to in [Party::Creator, Party::Brand] {
        work.tell_about(
            Deal::of_collaboration(&c),
            to,
            NotificationKind::DeliverableOverdue,
            |it| {
                msg!(
                    "notice-deliverable-overdue",
                    position = position,
                    title = it.title()
                )
            },
        )
        .await?;
    }
    Ok(true)
}
