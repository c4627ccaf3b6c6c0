//! Delivery: the content a creator submits for each deliverable, the brand's review of it,
//! publishing, and the metrics either side reports. A collaboration's start and end are
//! `collaborations`'; the review window a submission opens, and what the sweep does when a window
//! closes or a due time passes, are `windows`'.
//!
//! Every change of state is a conditional UPDATE (`WHERE status = <expected>`) that must change
//! exactly one row, so two racing requests resolve to one winner and a CONFLICT. Each mutation
//! also locks the collaboration's row first: rows are locked in the order brief → collaboration →
//! deliverable → submission, as in `collaborations`, so that two transactions never wait on each
//! other in a cycle. Holding the collaboration's lock also means no deliverable of it changes
//! while `completeCollaboration` looks at them all.

pub mod disclosure;
mod windows;

use entity::{
    brief, collaboration, content_submission, deliverable, deliverable_metrics,
    enums::{
        CollaborationStatus, DeliverableStatus, NotificationKind, Party, ReviewDecision, Role,
        SubmissionStatus,
    },
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;
pub use windows::{
    ReviewWindow, auto_approve, backfill_review_windows, mark_overdue, remind_review,
};

use crate::{
    access,
    auth::Viewer,
    calendar::BusinessCalendar,
    clock,
    collaborations::{acting_on, require_active},
    deals::terms::{accepted_offer, review_days},
    error::{AppError, AppResult},
    events::EventBus,
    i18n::msg,
    text,
    work::{Deal, Work},
};

/// At most this many media files per submission.
pub const MAX_MEDIA: usize = 10;
/// Captions as long as the longest the platforms allow (Instagram and TikTok: 2,200).
pub const MAX_CAPTION: usize = 2_200;
pub const MAX_NOTE: usize = 4_000;
pub const MAX_FEEDBACK: usize = 4_000;
/// The reason for approving an unlabelled submission.
pub const MAX_UNLABELLED_REASON: usize = 1_000;

/// Whether the Advertising Law's duties are enforced on the collaboration's brief.
async fn enforces_advertising_law(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
) -> AppResult<bool> {
    Ok(brief::Entity::find_by_id(c.brief_id)
        .one(db)
        .await?
        .is_some_and(|b| b.enforce_advertising_law))
}

/// A deliverable and its collaboration, both locked, for a viewer who is one of its parties.
async fn deliverable_acted_on(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    deliverable_id: Uuid,
) -> AppResult<(collaboration::Model, Party, deliverable::Model)> {
    let d = deliverable::Entity::find_by_id(deliverable_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("deliverable"))?;
    let (c, party) = acting_on(db, viewer, d.collaboration_id, "deliverable").await?;
    let d = lock_deliverable(db, d.id).await?;
    Ok((c, party, d))
}

async fn lock_deliverable(db: &impl ConnectionTrait, id: Uuid) -> AppResult<deliverable::Model> {
    deliverable::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("deliverable"))
}

async fn reload_deliverable(db: &impl ConnectionTrait, id: Uuid) -> AppResult<deliverable::Model> {
    deliverable::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("deliverable vanished in its transaction"))
}

/// Moves a deliverable from one of `from` to `to`, or CONFLICT when another request moved it
/// first.
async fn move_deliverable(
    work: &Work<'_>,
    id: Uuid,
    from: &[DeliverableStatus],
    to: DeliverableStatus,
    extra: impl FnOnce(
        sea_orm::UpdateMany<deliverable::Entity>,
    ) -> sea_orm::UpdateMany<deliverable::Entity>,
) -> AppResult<()> {
    let q = deliverable::Entity::update_many()
        .col_expr(deliverable::Column::Status, Expr::value(to.as_str()))
        .filter(deliverable::Column::Id.eq(id))
        .filter(deliverable::Column::Status.is_in(from.iter().copied()));
    work.set(extra(q), msg!("changed-meanwhile", what = "deliverable"))
        .await
}

/// Validates media URLs: 1 to 10 http(s) URLs, each named by its index on error.
fn media_urls(urls: &[String]) -> AppResult<Vec<String>> {
    if urls.is_empty() || urls.len() > MAX_MEDIA {
        return Err(AppError::bad_input(
            "input.mediaUrls",
            msg!("media-urls-count", max = MAX_MEDIA),
        ));
    }
    urls.iter()
        .enumerate()
        .map(|(i, u)| text::http_url(&format!("input.mediaUrls.{i}"), u))
        .collect()
}

/// The media URLs of a stored submission.
pub fn stored_media(s: &content_submission::Model) -> Vec<String> {
    serde_json::from_str(&s.media_urls).unwrap_or_else(|err| {
        tracing::error!(error = %err, submission = %s.id, "unreadable media URLs");
        Vec::new()
    })
}

/// Content as the creator sends it for review.
pub struct ContentIn<'a> {
    pub media_urls: &'a [String],
    pub caption: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// `submitContent`: the collaboration's creator sends the next version of a deliverable's content
/// for review, while the deliverable awaits content or changes. The brand has the terms' review
/// days, in business days of `calendar`, to review it.
pub async fn submit(
    db: &DatabaseConnection,
    bus: &EventBus,
    calendar: &BusinessCalendar,
    viewer: &Viewer,
    deliverable_id: Uuid,
    content: ContentIn<'_>,
) -> AppResult<content_submission::Model> {
    viewer.require(Role::Creator, msg!("action-submit-content"))?;
    let urls = media_urls(content.media_urls)?;
    let caption = text::optional("input.caption", content.caption, MAX_CAPTION)?;
    let note = text::optional("input.note", content.note, MAX_NOTE)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, d) = deliverable_acted_on(work.db(), viewer, deliverable_id).await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!("only-creator-submits")));
    }
    require_active(&c)?;
    const OPEN: [DeliverableStatus; 2] = [
        DeliverableStatus::AwaitingContent,
        DeliverableStatus::ChangesRequested,
    ];
    if !OPEN.contains(&d.status) {
        return Err(AppError::conflict(msg!(
            "deliverable-not-awaiting-content",
            status = d.status.as_str()
        )));
    }
    move_deliverable(&work, d.id, &OPEN, DeliverableStatus::InReview, |q| q).await?;
    let version = content_submission::Entity::find()
        .select_only()
        .column_as(content_submission::Column::Version.max(), "v")
        .filter(content_submission::Column::DeliverableId.eq(d.id))
        .into_tuple::<Option<i32>>()
        .one(work.db())
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    let submitted_at = clock::now();
    let window = ReviewWindow::new(
        calendar,
        submitted_at,
        review_days(&accepted_offer(work.db(), &c).await?),
    );
    let s = content_submission::ActiveModel {
        id: Set(Uuid::new_v4()),
        deliverable_id: Set(d.id),
        version: Set(version),
        media_urls: Set(serde_json::to_string(&urls).expect("strings serialize")),
        caption: Set(caption),
        note: Set(note),
        status: Set(SubmissionStatus::InReview),
        feedback: Set(None),
        submitted_at: Set(submitted_at),
        reviewed_at: Set(None),
        review_due_at: Set(window.due_at),
        auto_approved: Set(false),
        unlabelled_reason: Set(None),
    }
    .insert(work.db())
    .await?;
    window.schedule(work.db(), s.id).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::ContentSubmitted,
        |it| {
            msg!(
                "notice-content-submitted",
                creator = it.name(Party::Creator),
                version = version,
                title = it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(s)
}

/// The brand's review of a submission.
pub struct ReviewIn<'a> {
    pub decision: ReviewDecision,
    pub feedback: Option<&'a str>,
    /// Why a submission whose caption has no advertising label is approved.
    pub unlabelled_reason: Option<&'a str>,
}

/// `reviewContent`: the brand approves the submission under review, or asks for changes while a
/// revision round is left. Approving a submission without an advertising label
/// (`disclosure::labels_in`) on a brief that enforces the Advertising Law needs a reason, which
/// the submission keeps.
pub async fn review(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    submission_id: Uuid,
    input: ReviewIn<'_>,
) -> AppResult<content_submission::Model> {
    viewer.require(Role::Brand, msg!("action-review-content"))?;
    let decision = input.decision;
    let feedback = text::optional("input.feedback", input.feedback, MAX_FEEDBACK)?;
    if decision == ReviewDecision::RequestChanges && feedback.is_none() {
        return Err(AppError::bad_input(
            "input.feedback",
            msg!("feedback-required"),
        ));
    }
    const REASON: &str = "input.unlabelledReason";
    let reason = input
        .unlabelled_reason
        .map(|r| text::required(REASON, r, MAX_UNLABELLED_REASON))
        .transpose()?;
    if reason.is_some() && decision != ReviewDecision::Approve {
        return Err(AppError::bad_input(
            REASON,
            msg!("unlabelled-reason-only-to-approve"),
        ));
    }
    let mut work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let s = content_submission::Entity::find_by_id(submission_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("submission"))?;
    let d = deliverable::Entity::find_by_id(s.deliverable_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("submission"))?;
    let (c, party) = acting_on(txn, viewer, d.collaboration_id, "submission").await?;
    if party != Party::Brand {
        return Err(AppError::forbidden(msg!("only-brand-reviews")));
    }
    require_active(&c)?;
    let d = lock_deliverable(txn, d.id).await?;
    let s = content_submission::Entity::find_by_id(s.id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("submission"))?;
    if s.status != SubmissionStatus::InReview || d.status != DeliverableStatus::InReview {
        return Err(AppError::conflict(msg!(
            "submission-not-in-review",
            status = s.status.as_str()
        )));
    }
    let now = clock::now();
    if now >= s.review_due_at {
        return Err(AppError::conflict(msg!(
            "review-window-closed",
            at = clock::format(s.review_due_at)
        )));
    }
    let labels = disclosure::labels_in(s.caption.as_deref().unwrap_or_default());
    if !labels.is_empty() && reason.is_some() {
        return Err(AppError::bad_input(
            REASON,
            msg!("caption-labelled", labels = labels.join(", ")),
        ));
    }
    if decision == ReviewDecision::Approve
        && labels.is_empty()
        && reason.is_none()
        && enforces_advertising_law(txn, &c).await?
    {
        return Err(AppError::bad_input(REASON, msg!("caption-unlabelled")));
    }
    let (submission_status, kind) = match decision {
        ReviewDecision::Approve => {
            move_deliverable(
                &work,
                d.id,
                &[DeliverableStatus::InReview],
                DeliverableStatus::Approved,
                |q| q,
            )
            .await?;
            (
                SubmissionStatus::Approved,
                NotificationKind::ContentApproved,
            )
        }
        ReviewDecision::RequestChanges => {
            let rounds = accepted_offer(work.db(), &c).await?.revision_rounds;
            if d.revisions_used >= rounds {
                return Err(AppError::conflict(msg!(
                    "no-revision-round-left",
                    rounds = rounds
                )));
            }
            // The round is counted by the same conditional UPDATE that checks one is left.
            move_deliverable(
                &work,
                d.id,
                &[DeliverableStatus::InReview],
                DeliverableStatus::ChangesRequested,
                |q| {
                    q.col_expr(
                        deliverable::Column::RevisionsUsed,
                        Expr::col(deliverable::Column::RevisionsUsed).add(1),
                    )
                    .filter(deliverable::Column::RevisionsUsed.lt(rounds))
                },
            )
            .await?;
            (
                SubmissionStatus::ChangesRequested,
                NotificationKind::ChangesRequested,
            )
        }
    };
    work.set(
        content_submission::Entity::update_many()
            .col_expr(
                content_submission::Column::Status,
                Expr::value(submission_status.as_str()),
            )
            .col_expr(content_submission::Column::Feedback, Expr::value(feedback))
            .col_expr(content_submission::Column::ReviewedAt, Expr::value(now))
            .col_expr(
                content_submission::Column::UnlabelledReason,
                Expr::value(reason),
            )
            .filter(content_submission::Column::Id.eq(s.id))
            .filter(content_submission::Column::Status.eq(SubmissionStatus::InReview)),
        msg!("submission-reviewed-meanwhile"),
    )
    .await?;
    let version = s.version;
    work.tell_about(Deal::of_collaboration(&c), Party::Creator, kind, |it| {
        let brand = it.name(Party::Brand);
        match decision {
            ReviewDecision::Approve => msg!(
                "notice-content-approved",
                brand = brand,
                version = version,
                title = it.title()
            ),
            ReviewDecision::RequestChanges => msg!(
                "notice-changes-requested",
                brand = brand,
                version = version,
                title = it.title()
            ),
        }
    })
    .await?;
    let s = content_submission::Entity::find_by_id(s.id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("submission vanished in its transaction"))?;
    work.commit().await?;
    Ok(s)
}

/// `publishDeliverable`: the creator puts approved content live at `liveUrl`.
pub async fn publish(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    deliverable_id: Uuid,
    live_url: &str,
) -> AppResult<deliverable::Model> {
    viewer.require(Role::Creator, msg!("action-publish-content"))?;
    let live_url = text::http_url("liveUrl", live_url)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, d) = deliverable_acted_on(work.db(), viewer, deliverable_id).await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!("only-creator-publishes")));
    }
    require_active(&c)?;
    if d.status != DeliverableStatus::Approved {
        return Err(AppError::conflict(msg!(
            "deliverable-not-approved",
            status = d.status.as_str()
        )));
    }
    if d.product_use_attested_at.is_none() && enforces_advertising_law(work.db(), &c).await? {
        return Err(AppError::conflict(msg!("product-use-not-attested")));
    }
    let now = clock::now();
    move_deliverable(
        &work,
        d.id,
        &[DeliverableStatus::Approved],
        DeliverableStatus::Published,
        |q| {
            q.col_expr(deliverable::Column::LiveUrl, Expr::value(live_url))
                .col_expr(deliverable::Column::PublishedAt, Expr::value(now))
        },
    )
    .await?;
    crate::samples::fulfil_if_live(&work, &c).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::DeliverablePublished,
        |it| {
            msg!(
                "notice-deliverable-published",
                creator = it.name(Party::Creator),
                title = it.title()
            )
        },
    )
    .await?;
    let d = reload_deliverable(work.db(), d.id).await?;
    work.commit().await?;
    Ok(d)
}

/// `attestProductUse`: the collaboration's creator attests having used the product it promotes,
/// before the deliverable is published. The first attestation is kept (time and user); attesting
/// again changes nothing.
pub async fn attest_product_use(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    deliverable_id: Uuid,
) -> AppResult<deliverable::Model> {
    viewer.require(Role::Creator, msg!("action-attest-product-use"))?;
    let work = Work::begin(db, bus, viewer).await?;
    let (c, party, d) = deliverable_acted_on(work.db(), viewer, deliverable_id).await?;
    if party != Party::Creator {
        return Err(AppError::forbidden(msg!("only-creator-attests")));
    }
    require_active(&c)?;
    if d.product_use_attested_at.is_some() {
        work.commit().await?;
        return Ok(d);
    }
    if d.status == DeliverableStatus::Published {
        return Err(AppError::conflict(msg!("attest-after-publishing")));
    }
    work.set(
        deliverable::Entity::update_many()
            .col_expr(
                deliverable::Column::ProductUseAttestedAt,
                Expr::value(clock::now()),
            )
            .col_expr(
                deliverable::Column::ProductUseAttestedBy,
                Expr::value(viewer.user_id),
            )
            .filter(deliverable::Column::Id.eq(d.id))
            .filter(deliverable::Column::ProductUseAttestedAt.is_null()),
        msg!("changed-meanwhile", what = "deliverable"),
    )
    .await?;
    let d = reload_deliverable(work.db(), d.id).await?;
    work.commit().await?;
    Ok(d)
}

/// Counts of a metrics report, as given.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
}

impl Counts {
    fn validate(&self) -> AppResult<()> {
        for (field, value) in [
            ("input.views", self.views),
            ("input.likes", self.likes),
            ("input.comments", self.comments),
            ("input.shares", self.shares),
            ("input.saves", self.saves),
        ] {
            if value < 0 {
                return Err(AppError::bad_input(field, msg!("zero-or-more")));
            }
        }
        Ok(())
    }
}

/// `reportMetrics`: either side reports a published deliverable's counts; the latest report
/// replaces the previous one.
pub async fn report_metrics(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    deliverable_id: Uuid,
    counts: Counts,
) -> AppResult<deliverable::Model> {
    counts.validate()?;
    let work = Work::begin(db, bus, viewer).await?;
    let (c, party, d) = deliverable_acted_on(work.db(), viewer, deliverable_id).await?;
    // Content stays live after the collaboration completes, and its numbers keep growing.
    if c.status == CollaborationStatus::Cancelled {
        return Err(AppError::conflict(msg!(
            "collaboration-is",
            status = CollaborationStatus::Cancelled.as_str()
        )));
    }
    if d.status != DeliverableStatus::Published {
        return Err(AppError::conflict(msg!(
            "deliverable-not-published",
            status = d.status.as_str()
        )));
    }
    let row = deliverable_metrics::ActiveModel {
        deliverable_id: Set(d.id),
        views: Set(counts.views),
        likes: Set(counts.likes),
        comments: Set(counts.comments),
        shares: Set(counts.shares),
        saves: Set(counts.saves),
        reported_by: Set(party),
        reported_at: Set(clock::now()),
    };
    deliverable_metrics::Entity::insert(row)
        .on_conflict(
            OnConflict::column(deliverable_metrics::Column::DeliverableId)
                .update_columns([
                    deliverable_metrics::Column::Views,
                    deliverable_metrics::Column::Likes,
                    deliverable_metrics::Column::Comments,
                    deliverable_metrics::Column::Shares,
                    deliverable_metrics::Column::Saves,
                    deliverable_metrics::Column::ReportedBy,
                    deliverable_metrics::Column::ReportedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(work.db())
        .await?;
    work.commit().await?;
    Ok(d)
}

/// Engagement rate in percent with 2 decimals, rounded half-up: (likes + comments + shares +
/// saves) / views × 100; None when there are no views. Exact: integer arithmetic throughout.
pub fn engagement_rate(m: &deliverable_metrics::Model) -> Option<Decimal> {
    let views = i128::from(m.views);
    if views <= 0 {
        return None;
    }
    let engagements =
        i128::from(m.likes) + i128::from(m.comments) + i128::from(m.shares) + i128::from(m.saves);
    // Hundredths of a percent, rounded half-up.
    let bp = (2 * engagements * 10_000 + views) / (2 * views);
    Some(Decimal::from_i128_with_scale(bp, 2))
}

/// A deliverable's submissions, oldest first.
pub async fn submissions_of(
    db: &impl ConnectionTrait,
    deliverable_id: Uuid,
) -> AppResult<Vec<content_submission::Model>> {
    Ok(content_submission::Entity::find()
        .filter(content_submission::Column::DeliverableId.eq(deliverable_id))
        .order_by_asc(content_submission::Column::Version)
        .all(db)
        .await?)
}

/// A submission, if the viewer may read its collaboration (`access::submission`).
pub async fn find_visible_submission(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<content_submission::Model>> {
    access::find::<content_submission::Entity>(db, id, access::submission(viewer)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(views: i64, likes: i64, comments: i64, shares: i64, saves: i64) -> Decimal {
        engagement_rate(&deliverable_metrics::Model {
            deliverable_id: Uuid::nil(),
            views,
            likes,
            comments,
            shares,
            saves,
            reported_by: Party::Creator,
            reported_at: clock::now(),
        })
        .unwrap_or(Decimal::NEGATIVE_ONE)
    }

    #[test]
    fn engagement_rate_is_exact_and_rounded_half_up() {
        assert_eq!(metrics(0, 5, 0, 0, 0), Decimal::NEGATIVE_ONE);
        assert_eq!(metrics(1000, 50, 20, 5, 5).to_string(), "8.00");
        // 1/3 = 33.333...% → 33.33; 2/3 = 66.666...% → 66.67.
        assert_eq!(metrics(3, 1, 0, 0, 0).to_string(), "33.33");
        assert_eq!(metrics(3, 2, 0, 0, 0).to_string(), "66.67");
        // Exactly half a hundredth rounds up: 1/20,000 = 0.005% → 0.01; just under half does not.
        assert_eq!(metrics(20_000, 1, 0, 0, 0).to_string(), "0.01");
        assert_eq!(metrics(20_001, 1, 0, 0, 0).to_string(), "0.00");
        assert_eq!(metrics(200, 1, 0, 0, 0).to_string(), "0.50");
        // Likes may exceed views: platforms count views differently.
        assert_eq!(metrics(10, 25, 0, 0, 0).to_string(), "250.00");
        assert_eq!(
            metrics(i64::from(i32::MAX), i64::from(i32::MAX), 0, 0, 0).to_string(),
            "100.00"
        );
    }
}
