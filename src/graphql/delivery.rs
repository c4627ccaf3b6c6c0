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
    delivery::{self, ContentIn, Counts},
    error::{AppError, AppResult},
    graphql::{
        collaborations::{Collaboration, Deliverable},
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        scalars::Decimal,
    },
};

/// One version of a deliverable's content, sent for the brand's review.
pub struct ContentSubmission(pub content_submission::Model);

#[Object]
impl ContentSubmission {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::ContentSubmission, self.0.id)
    }

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

    async fn media_urls(&self) -> Vec<String> {
        delivery::stored_media(&self.0)
    }

    #[graphql(complexity = 10)]
    async fn caption(&self) -> Option<&str> {
        self.0.caption.as_deref()
    }

    /// The creator's note to the brand.
    #[graphql(complexity = 20)]
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    async fn status(&self) -> SubmissionStatus {
        self.0.status
    }

    /// The brand's feedback with its review.
    #[graphql(complexity = 20)]
    async fn feedback(&self) -> Option<&str> {
        self.0.feedback.as_deref()
    }

    async fn submitted_at(&self) -> Time {
        self.0.submitted_at.into()
    }

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
}

/// The latest metrics reported for a published deliverable.
pub struct DeliverableMetrics(pub deliverable_metrics::Model);

#[Object]
impl DeliverableMetrics {
    async fn views(&self) -> i64 {
        self.0.views
    }

    async fn likes(&self) -> i64 {
        self.0.likes
    }

    async fn comments(&self) -> i64 {
        self.0.comments
    }

    async fn shares(&self) -> i64 {
        self.0.shares
    }

    async fn saves(&self) -> i64 {
        self.0.saves
    }

    /// Percent: (likes + comments + shares + saves) / views.
    async fn engagement_rate(&self) -> Option<Decimal> {
        delivery::engagement_rate(&self.0).map(Decimal)
    }

    async fn reported_by(&self) -> Party {
        self.0.reported_by
    }

    async fn reported_at(&self) -> Time {
        self.0.reported_at.into()
    }
}

#[derive(InputObject)]
pub struct SubmitContentInput {
    pub deliverable_id: ID,
    pub media_urls: Vec<String>,
    pub caption: Option<String>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct ReviewContentInput {
    pub submission_id: ID,
    pub decision: ReviewDecision,
    pub feedback: Option<String>,
}

#[derive(InputObject)]
pub struct ReportMetricsInput {
    pub deliverable_id: ID,
    pub views: i32,
    pub likes: i32,
    pub comments: i32,
    pub shares: i32,
    pub saves: i32,
}

#[derive(Default)]
pub struct DeliveryMutation;

#[Object]
impl DeliveryMutation {
    async fn submit_content(
        &self,
        ctx: &Context<'_>,
        input: SubmitContentInput,
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

    async fn review_content(
        &self,
        ctx: &Context<'_>,
        input: ReviewContentInput,
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
                input.decision,
                input.feedback.as_deref(),
            )
            .await?,
        ))
    }

    async fn publish_deliverable(
        &self,
        ctx: &Context<'_>,
        deliverable_id: ID,
        live_url: String,
    ) -> AppResult<Deliverable> {
        let viewer = viewer(ctx).await?;
        let deliverable_id = ids::expect("deliverableId", &deliverable_id, Kind::Deliverable)?;
        let s = state(ctx);
        Ok(Deliverable(
            delivery::publish(&s.db, &s.events, viewer, deliverable_id, &live_url).await?,
        ))
    }

    async fn report_metrics(
        &self,
        ctx: &Context<'_>,
        input: ReportMetricsInput,
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

    async fn complete_collaboration(&self, ctx: &Context<'_>, id: ID) -> AppResult<Collaboration> {
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
        collaboration_id: ID,
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

    async fn cancel_collaboration(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
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
