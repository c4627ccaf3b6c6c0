//! Delivery in the API: content submissions and their review, publishing, metrics, and the end of
//! a collaboration. The rules are in `crate::delivery`.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object};
use entity::{
    content_submission, deliverable_metrics,
    enums::{Party, ReviewDecision, SubmissionStatus},
};

use crate::{
    collaborations,
    delivery::{self, ContentIn, Counts, ReviewIn},
    error::{AppError, AppResult},
    graphql::{
        collaborations::{Collaboration, Deliverable},
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        scalars::Decimal,
    },
};

pub struct ContentSubmission(pub content_submission::Model);

/// One version of a deliverable's content, sent for the brand's review. Readable by the
/// collaboration's parties and admins.
#[Object]
impl ContentSubmission {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::ContentSubmission, self.0.id)
    }

    /// The deliverable it is for.
    async fn deliverable(&self, ctx: &Context<'_>) -> AppResult<Deliverable> {
        loaders(ctx)
            .deliverable
            .load_one(self.0.deliverable_id)
            .await
            .map_err(loader_error)?
            .map(Deliverable)
            .ok_or_else(|| AppError::internal("submission without its deliverable"))
    }

    /// 1 for a deliverable's first submission, then 2, 3, ...
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// 1 to 10 http(s) URLs of the content.
    async fn media_urls(&self) -> Vec<String> {
        delivery::stored_media(&self.0)
    }

    /// The caption to publish with it, up to 2,200 characters; null when none.
    #[graphql(complexity = 10)]
    async fn caption(&self) -> Option<&str> {
        self.0.caption.as_deref()
    }

    /// The creator's note to the brand, up to 4,000 characters; null when none.
    #[graphql(complexity = 20)]
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The brand's verdict so far.
    async fn status(&self) -> SubmissionStatus {
        self.0.status
    }

    /// The brand's feedback with its review, up to 4,000 characters; null when none.
    #[graphql(complexity = 20)]
    async fn feedback(&self) -> Option<&str> {
        self.0.feedback.as_deref()
    }

    /// When it was sent.
    async fn submitted_at(&self) -> Time {
        self.0.submitted_at.into()
    }

    /// When the brand (or, when autoApproved, the marketplace) reviewed it; null while IN_REVIEW.
    async fn reviewed_at(&self) -> Option<Time> {
        self.0.reviewed_at.map(Time)
    }

    /// End of the review window: submittedAt plus the terms' reviewDays business days.
    async fn review_due_at(&self) -> Time {
        self.0.review_due_at.into()
    }

    /// True when nobody reviewed it in time and the marketplace approved it.
    async fn auto_approved(&self) -> bool {
        self.0.auto_approved
    }

    /// The advertising-disclosure check of its caption (the Advertising Law: paid content is
    /// labelled as advertising).
    #[graphql(complexity = 10)]
    async fn ad_disclosure(&self) -> AdDisclosure {
        AdDisclosure {
            labels: delivery::disclosure::labels_in(self.0.caption.as_deref().unwrap_or_default()),
            unlabelled_reason: self.0.unlabelled_reason.clone(),
        }
    }
}

pub struct AdDisclosure {
    labels: Vec<&'static str>,
    unlabelled_reason: Option<String>,
}

/// What the advertising-disclosure check found in a submission's caption: a label such as
/// "quảng cáo", "#quangcao", "được tài trợ", "hợp tác cùng", "#ad" or "#sponsored", matched as
/// whole words without regard to case or diacritics ("#adidas" is not "#ad").
#[Object]
impl AdDisclosure {
    /// True when the caption holds at least one label.
    async fn labelled(&self) -> bool {
        !self.labels.is_empty()
    }

    /// The labels found, as the marketplace lists them ("#quảngcáo" for "#QuangCao"); empty when
    /// none.
    async fn labels(&self) -> &[&'static str] {
        &self.labels
    }

    /// Why the brand approved it unlabelled, as it gave it with reviewContent; null otherwise.
    async fn unlabelled_reason(&self) -> Option<&str> {
        self.unlabelled_reason.as_deref()
    }
}

pub struct DeliverableMetrics(pub deliverable_metrics::Model);

/// The latest metrics reported for a published deliverable; a report replaces the previous one.
/// Counts as the platform shows them: platforms count views differently, so likes may exceed views.
#[Object]
impl DeliverableMetrics {
    /// Views, 0 or more.
    async fn views(&self) -> i64 {
        self.0.views
    }

    /// Likes, 0 or more.
    async fn likes(&self) -> i64 {
        self.0.likes
    }

    /// Comments, 0 or more.
    async fn comments(&self) -> i64 {
        self.0.comments
    }

    /// Shares, 0 or more.
    async fn shares(&self) -> i64 {
        self.0.shares
    }

    /// Saves, 0 or more.
    async fn saves(&self) -> i64 {
        self.0.saves
    }

    /// Engagement rate, percent, 0 to 100 as a rule: (likes + comments + shares + saves) / views ×
    /// 100, 2 decimals. May exceed 100 where the platform counts fewer views than interactions;
    /// null when views are 0.
    async fn engagement_rate(&self) -> Option<Decimal> {
        delivery::engagement_rate(&self.0).map(Decimal)
    }

    /// The side that reported them.
    async fn reported_by(&self) -> Party {
        self.0.reported_by
    }

    /// When they were reported.
    async fn reported_at(&self) -> Time {
        self.0.reported_at.into()
    }
}

/// A new version of a deliverable's content.
#[derive(InputObject)]
pub struct SubmitContentInput {
    /// An AWAITING_CONTENT or CHANGES_REQUESTED Deliverable of the creator's ACTIVE collaboration
    /// (else CONFLICT).
    pub deliverable_id: ID,
    /// 1 to 10 absolute http(s) URLs; errors name the index (`input.mediaUrls.1`).
    pub media_urls: Vec<String>,
    /// The caption to publish with it, up to 2,200 characters; empty for none.
    pub caption: Option<String>,
    /// To the brand, up to 4,000 characters; empty for none.
    pub note: Option<String>,
}

/// The brand's review of a submission.
#[derive(InputObject)]
pub struct ReviewContentInput {
    /// The IN_REVIEW ContentSubmission; before its reviewDueAt (else CONFLICT).
    pub submission_id: ID,
    /// APPROVE or REQUEST_CHANGES.
    pub decision: ReviewDecision,
    /// Up to 4,000 characters; required with REQUEST_CHANGES.
    pub feedback: Option<String>,
    /// Why a submission whose caption has no advertising label (adDisclosure.labelled false) is
    /// approved: 1 to 1,000 characters, kept on the submission. Required to APPROVE one on a brief
    /// with enforceAdvertisingLaw; BAD_USER_INPUT with REQUEST_CHANGES or a labelled submission.
    pub unlabelled_reason: Option<String>,
}

/// A published deliverable's counts, as the platform shows them; they replace the previous report.
#[derive(InputObject)]
pub struct ReportMetricsInput {
    /// A PUBLISHED Deliverable of an ACTIVE or COMPLETED collaboration.
    pub deliverable_id: ID,
    /// Views, 0 or more.
    pub views: i32,
    /// Likes, 0 or more.
    pub likes: i32,
    /// Comments, 0 or more.
    pub comments: i32,
    /// Shares, 0 or more.
    pub shares: i32,
    /// Saves, 0 or more.
    pub saves: i32,
}

#[derive(Default)]
pub struct DeliveryMutation;

#[Object]
impl DeliveryMutation {
    /// The creator sends a new version of a deliverable's content: it is IN_REVIEW, with a review
    /// window of the terms' reviewDays business days.
    async fn submit_content(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The content.")] input: SubmitContentInput,
    ) -> AppResult<ContentSubmission> {
        let viewer = viewer(ctx).await?;
        let deliverable_id = ids::expect(
            "input.deliverableId",
            &input.deliverable_id,
            Kind::Deliverable,
        )?;
        let s = state(ctx);
        Ok(ContentSubmission(
            delivery::submit(
                &s.db,
                &s.events,
                &s.config.deadlines.calendar,
                viewer,
                deliverable_id,
                ContentIn {
                    media_urls: &input.media_urls,
                    caption: input.caption.as_deref(),
                    note: input.note.as_deref(),
                },
            )
            .await?,
        ))
    }

    /// The brand reviews the submission under review. APPROVE approves it and its deliverable;
    /// REQUEST_CHANGES needs feedback and a revision round left (else CONFLICT). From reviewDueAt
    /// on, CONFLICT.
    async fn review_content(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review.")] input: ReviewContentInput,
    ) -> AppResult<ContentSubmission> {
        let viewer = viewer(ctx).await?;
        let submission_id = ids::expect(
            "input.submissionId",
            &input.submission_id,
            Kind::ContentSubmission,
        )?;
        let s = state(ctx);
        Ok(ContentSubmission(
            delivery::review(
                &s.db,
                &s.events,
                viewer,
                submission_id,
                ReviewIn {
                    decision: input.decision,
                    feedback: input.feedback.as_deref(),
                    unlabelled_reason: input.unlabelled_reason.as_deref(),
                },
            )
            .await?,
        ))
    }

    /// The creator publishes an APPROVED deliverable; on time when publishedAt ≤ dueAt. On a brief
    /// with enforceAdvertisingLaw, CONFLICT until the creator has attested (attestProductUse).
    async fn publish_deliverable(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The APPROVED Deliverable.")] deliverable_id: ID,
        #[graphql(desc = "The published content's http(s) URL.")] live_url: String,
    ) -> AppResult<Deliverable> {
        let viewer = viewer(ctx).await?;
        let deliverable_id = ids::expect("deliverableId", &deliverable_id, Kind::Deliverable)?;
        let s = state(ctx);
        Ok(Deliverable(
            delivery::publish(&s.db, &s.events, viewer, deliverable_id, &live_url).await?,
        ))
    }

    /// The collaboration's creator attests having used the product, as the Advertising Law
    /// requires before promoting it (on a brief with enforceAdvertisingLaw, publishDeliverable is
    /// CONFLICT until then). Before the deliverable is PUBLISHED; the first attestation is kept,
    /// a second changes nothing. Another creator's deliverable is NOT_FOUND, the brand's
    /// FORBIDDEN.
    async fn attest_product_use(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Deliverable of the creator's ACTIVE collaboration.")]
        deliverable_id: ID,
    ) -> AppResult<Deliverable> {
        let viewer = viewer(ctx).await?;
        let deliverable_id = ids::expect("deliverableId", &deliverable_id, Kind::Deliverable)?;
        let s = state(ctx);
        Ok(Deliverable(
            delivery::attest_product_use(&s.db, &s.events, viewer, deliverable_id).await?,
        ))
    }

    /// Either side reports a PUBLISHED deliverable's counts; the latest report replaces the
    /// previous one.
    async fn report_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The counts.")] input: ReportMetricsInput,
    ) -> AppResult<Deliverable> {
        let viewer = viewer(ctx).await?;
        let deliverable_id = ids::expect(
            "input.deliverableId",
            &input.deliverable_id,
            Kind::Deliverable,
        )?;
        let counts = Counts {
            views: input.views.into(),
            likes: input.likes.into(),
            comments: input.comments.into(),
            shares: input.shares.into(),
            saves: input.saves.into(),
        };
        Ok(Deliverable(
            delivery::report_metrics(
                &state(ctx).db,
                &state(ctx).events,
                viewer,
                deliverable_id,
                counts,
            )
            .await?,
        ))
    }

    /// The brand completes an ACTIVE collaboration whose deliverables are all PUBLISHED: the held
    /// fee is released to the creator, recorded as a FEE payout, PAID.
    async fn complete_collaboration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Collaboration to complete.")] id: ID,
    ) -> AppResult<Collaboration> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Collaboration)?;
        let s = state(ctx);
        Ok(Collaboration(
            collaborations::complete(&s.db, &s.events, viewer, id).await?,
        ))
    }

    /// The creator, once every deliverable is PUBLISHED: the brand then has the terms' reviewDays business days to complete, or it completes by itself.
    async fn request_completion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ACTIVE Collaboration.")] collaboration_id: ID,
    ) -> AppResult<Collaboration> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("collaborationId", &collaboration_id, Kind::Collaboration)?;
        let s = state(ctx);
        Ok(Collaboration(
            collaborations::request_completion(
                &s.db,
                &s.events,
                &s.config.deadlines.calendar,
                viewer,
                id,
            )
            .await?,
        ))
    }

    /// Either side cancels an ACTIVE collaboration while a deliverable is unpublished (CONFLICT
    /// once all are PUBLISHED). The slot and fee go back to the brief's budget and the held fee to
    /// the brand, less the terms' killFeePercent when the brand cancels after content was
    /// submitted.
    async fn cancel_collaboration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Collaboration to cancel.")] id: ID,
        #[graphql(desc = "Why, 1 to 1,000 characters; the other side is told.")] reason: String,
    ) -> AppResult<Collaboration> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::Collaboration)?;
        let s = state(ctx);
        let c = collaborations::cancel(&s.db, &s.events, viewer, id, &reason).await?;
        // Its tracking link answers 410 from now on, on this instance at once.
        s.tracker.forget(&c.tracking_code);
        Ok(Collaboration(c))
    }
}
