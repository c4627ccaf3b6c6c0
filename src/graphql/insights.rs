//! Performance, stats and reviews in the API.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{enums::Party, review};

use crate::{
    collaborations,
    error::{AppError, AppResult},
    graphql::{
        collaborations::Collaboration,
        context::{state, viewer},
        creators::clamp,
        ids::{self, Kind},
        pagination::{self, Page, PageRequest},
        scalars::{Decimal, Money},
    },
    insights::{
        Totals,
        stats::{BrandStats as BrandFigures, CreatorStats as CreatorFigures},
    },
    keyset::TimeCursor,
    reviews::{self, Subject},
};

/// Reach, engagement, sales and what they cost.
pub struct Performance(pub Totals);

#[Object]
impl Performance {
    async fn views(&self) -> i32 {
        clamp(self.0.views)
    }

    async fn likes(&self) -> i32 {
        clamp(self.0.likes)
    }

    async fn comments(&self) -> i32 {
        clamp(self.0.comments)
    }

    async fn shares(&self) -> i32 {
        clamp(self.0.shares)
    }

    async fn saves(&self) -> i32 {
        clamp(self.0.saves)
    }

    async fn engagements(&self) -> i32 {
        clamp(self.0.engagements())
    }

    /// Percent: engagements / views.
    async fn engagement_rate(&self) -> Option<Decimal> {
        self.0.engagement_rate().map(Decimal)
    }

    async fn clicks(&self) -> i32 {
        clamp(self.0.clicks)
    }

    /// Confirmed conversions.
    async fn orders(&self) -> i32 {
        clamp(self.0.orders)
    }

    async fn revenue(&self) -> Money {
        self.0.money(self.0.revenue_minor).into()
    }

    /// Percent: orders / clicks.
    async fn conversion_rate(&self) -> Option<Decimal> {
        self.0.conversion_rate().map(Decimal)
    }

    async fn commission(&self) -> Money {
        self.0.money(self.0.commission_minor).into()
    }

    /// Fees of non-cancelled collaborations plus commission.
    async fn cost(&self) -> Money {
        self.0.money(self.0.cost_minor()).into()
    }

    /// Percent: (revenue - cost) / cost.
    async fn roi(&self) -> Option<Decimal> {
        self.0.roi().map(Decimal)
    }

    async fn cost_per_engagement(&self) -> Option<Money> {
        self.0.cost_per_engagement().map(Money::from)
    }

    /// Cost per 1,000 views.
    async fn cpm(&self) -> Option<Money> {
        self.0.cpm().map(Money::from)
    }
}

#[derive(SimpleObject)]
pub struct CreatorStats {
    active_collaborations: i32,
    completed_collaborations: i32,
    average_rating: Option<Decimal>,
    review_count: i32,
    /// Percent of published deliverables published by their due time.
    on_time_rate: Option<Decimal>,
    total_orders: i32,
    /// Percent, over published deliverables with metrics.
    average_engagement_rate: Option<Decimal>,
    /// Percent: confirmed orders / tracked clicks, over all collaborations.
    conversion_rate: Option<Decimal>,
}

impl From<CreatorFigures> for CreatorStats {
    fn from(s: CreatorFigures) -> Self {
        Self {
            active_collaborations: clamp(s.active_collaborations),
            completed_collaborations: clamp(s.completed_collaborations),
            average_rating: s.average_rating.map(Decimal),
            review_count: clamp(s.review_count),
            on_time_rate: s.on_time_rate.map(Decimal),
            total_orders: clamp(s.total_orders),
            average_engagement_rate: s.average_engagement_rate.map(Decimal),
            conversion_rate: s.conversion_rate.map(Decimal),
        }
    }
}

#[derive(SimpleObject)]
pub struct BrandStats {
    open_briefs: i32,
    active_collaborations: i32,
    completed_collaborations: i32,
    average_rating: Option<Decimal>,
    review_count: i32,
}

impl From<BrandFigures> for BrandStats {
    fn from(s: BrandFigures) -> Self {
        Self {
            open_briefs: clamp(s.open_briefs),
            active_collaborations: clamp(s.active_collaborations),
            completed_collaborations: clamp(s.completed_collaborations),
            average_rating: s.average_rating.map(Decimal),
            review_count: clamp(s.review_count),
        }
    }
}

pub struct Review(pub review::Model);

#[Object]
impl Review {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Review, self.0.id)
    }

    /// Readable by the collaboration's two parties and admins only: anyone may read a creator's
    /// or brand's reviews, but not the deal behind them (null, with a NOT_FOUND error).
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Option<Collaboration>> {
        let viewer = viewer(ctx).await?;
        collaborations::find_visible(&state(ctx).db, viewer, self.0.collaboration_id)
            .await?
            .map(|c| Some(Collaboration(c)))
            .ok_or_else(|| AppError::not_found("collaboration"))
    }

    async fn author(&self) -> Party {
        self.0.author
    }

    /// 1 to 5.
    async fn rating(&self) -> i32 {
        self.0.rating
    }

    #[graphql(complexity = 10)]
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

/// The reviews a creator or brand received, as a page.
pub async fn review_page(
    ctx: &Context<'_>,
    subject: Subject,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Review>> {
    viewer(ctx).await?;
    let request = PageRequest::<TimeCursor>::new(first, after)?;
    let (rows, total) = reviews::received(
        &state(ctx).db,
        subject,
        request.after,
        request.fetch_limit(),
        pagination::wants_total(ctx),
    )
    .await?;
    Ok(pagination::build(
        rows,
        &request,
        total,
        |r| (r.created_at, r.id),
        Review,
    ))
}

#[derive(InputObject)]
pub struct ReviewPartnerInput {
    collaboration_id: ID,
    rating: i32,
    comment: Option<String>,
}

#[derive(Default)]
pub struct ReviewsMutation;

#[Object]
impl ReviewsMutation {
    /// Each party rates the other once per COMPLETED collaboration, 1 to 5.
    async fn review_partner(
        &self,
        ctx: &Context<'_>,
        input: ReviewPartnerInput,
    ) -> AppResult<Review> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect(
            "input.collaborationId",
            &input.collaboration_id,
            Kind::Collaboration,
        )?;
        Ok(Review(
            reviews::review_partner(
                &state(ctx).db,
                &state(ctx).events,
                viewer,
                id,
                input.rating,
                input.comment.as_deref(),
            )
            .await?,
        ))
    }
}
