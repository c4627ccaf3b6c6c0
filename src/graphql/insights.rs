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
        livestreams::LivestreamStats,
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

pub struct Performance(pub Totals);

/// Reach, engagement, sales and what they cost, for a collaboration or summed over a brief's
/// non-cancelled collaborations. Metrics count the latest report of each PUBLISHED deliverable;
/// orders, revenue and commission count CONFIRMED conversions. Money is in the brief's currency; a
/// ratio whose denominator is zero is null.
#[Object]
impl Performance {
    /// Views, summed.
    async fn views(&self) -> i32 {
        clamp(self.0.views)
    }

    /// Likes, summed.
    async fn likes(&self) -> i32 {
        clamp(self.0.likes)
    }

    /// Comments, summed.
    async fn comments(&self) -> i32 {
        clamp(self.0.comments)
    }

    /// Shares, summed.
    async fn shares(&self) -> i32 {
        clamp(self.0.shares)
    }

    /// Saves, summed.
    async fn saves(&self) -> i32 {
        clamp(self.0.saves)
    }

    /// likes + comments + shares + saves.
    async fn engagements(&self) -> i32 {
        clamp(self.0.engagements())
    }

    /// Engagement rate, percent, 0 to 100 as a rule: engagements / views × 100, 2 decimals. May
    /// exceed 100 where platforms count fewer views than interactions; null without views.
    async fn engagement_rate(&self) -> Option<Decimal> {
        self.0.engagement_rate().map(Decimal)
    }

    /// Clicks on the tracking link (stored about once a second).
    async fn clicks(&self) -> i32 {
        clamp(self.0.clicks)
    }

    /// Confirmed conversions.
    async fn orders(&self) -> i32 {
        clamp(self.0.orders)
    }

    /// The confirmed orders' amounts, summed.
    async fn revenue(&self) -> Money {
        self.0.money(self.0.revenue_minor).into()
    }

    /// Conversion rate, percent, 0 to 100 as a rule: orders / clicks × 100, 2 decimals. May exceed
    /// 100, since an order placed with the code alone has no click; null without clicks.
    async fn conversion_rate(&self) -> Option<Decimal> {
        self.0.conversion_rate().map(Decimal)
    }

    /// Commission on the confirmed orders.
    async fn commission(&self) -> Money {
        self.0.money(self.0.commission_minor).into()
    }

    /// Fees of non-cancelled collaborations plus commission.
    async fn cost(&self) -> Money {
        self.0.money(self.0.cost_minor()).into()
    }

    /// Return on investment, percent; may be negative: (revenue − cost) / cost × 100, 2 decimals,
    /// from -100 up (above 100 once revenue passes twice the cost). Null when cost is zero.
    async fn roi(&self) -> Option<Decimal> {
        self.0.roi().map(Decimal)
    }

    /// cost / engagements; null without engagements.
    async fn cost_per_engagement(&self) -> Option<Money> {
        self.0.cost_per_engagement().map(Money::from)
    }

    /// Cost per 1,000 views; null without views.
    async fn cpm(&self) -> Option<Money> {
        self.0.cpm().map(Money::from)
    }
}

/// A creator's track record, computed from its collaborations, deliverables, conversions and
/// reviews.
#[derive(SimpleObject)]
pub struct CreatorStats {
    /// Collaborations now ACTIVE.
    active_collaborations: i32,
    /// Collaborations COMPLETED.
    completed_collaborations: i32,
    /// Mean rating from brands, 1 to 5, 2 decimals; null without reviews.
    average_rating: Option<Decimal>,
    /// Reviews received from brands.
    review_count: i32,
    /// On-time rate, percent, 0 to 100: the share of PUBLISHED deliverables published by their
    /// dueAt; null before the first.
    on_time_rate: Option<Decimal>,
    /// Confirmed orders over all collaborations.
    total_orders: i32,
    /// Mean engagement rate of published deliverables with views, percent, 0 to 100 as a rule (one
    /// deliverable's may exceed 100); null without any.
    average_engagement_rate: Option<Decimal>,
    /// Conversion rate, percent, 0 to 100 as a rule: confirmed orders / tracked clicks × 100 over
    /// all collaborations. May exceed 100, since an order placed with the code alone has no click;
    /// null without clicks.
    conversion_rate: Option<Decimal>,
    /// Sample fulfilment rate, percent, 0 to 100: of the product samples the creator received
    /// whose post-by deadline was met or passed, the share whose content all went live by it
    /// (FULFILLED over FULFILLED and OVERDUE); null before the first.
    sample_fulfilment_rate: Option<Decimal>,
    /// Its livestream record (a KOS's) over its ENDED sessions.
    livestreams: LivestreamStats,
}

impl CreatorStats {
    pub fn of(s: CreatorFigures, live: LivestreamStats) -> Self {
        Self {
            livestreams: live,
            active_collaborations: clamp(s.active_collaborations),
            completed_collaborations: clamp(s.completed_collaborations),
            average_rating: s.average_rating.map(Decimal),
            review_count: clamp(s.review_count),
            on_time_rate: s.on_time_rate.map(Decimal),
            total_orders: clamp(s.total_orders),
            average_engagement_rate: s.average_engagement_rate.map(Decimal),
            conversion_rate: s.conversion_rate.map(Decimal),
            sample_fulfilment_rate: s.sample_fulfilment_rate.map(Decimal),
        }
    }
}

/// A brand's track record, computed from its briefs, collaborations and reviews.
#[derive(SimpleObject)]
pub struct BrandStats {
    /// OPEN briefs the viewer may read.
    open_briefs: i32,
    /// Collaborations now ACTIVE.
    active_collaborations: i32,
    /// Collaborations COMPLETED.
    completed_collaborations: i32,
    /// Mean rating from creators, 1 to 5, 2 decimals; null without reviews.
    average_rating: Option<Decimal>,
    /// Reviews received from creators.
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

/// What one side said of the other after a COMPLETED collaboration. Public on the profiles; the
/// collaboration behind it is not.
#[Object]
impl Review {
    /// Opaque global ID; works with `node(id:)`.
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

    /// The side that wrote it.
    async fn author(&self) -> Party {
        self.0.author
    }

    /// 1 to 5.
    async fn rating(&self) -> i32 {
        self.0.rating
    }

    /// Up to 2,000 characters; null when none.
    #[graphql(complexity = 10)]
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }

    /// When it was written.
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

/// A review of the other side of a COMPLETED collaboration.
#[derive(InputObject)]
pub struct ReviewPartnerInput {
    /// A COMPLETED Collaboration the viewer is a party to; each side reviews once (else CONFLICT).
    collaboration_id: ID,
    /// 1 to 5 (else BAD_USER_INPUT).
    rating: i32,
    /// Up to 2,000 characters.
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
        #[graphql(desc = "The review.")] input: ReviewPartnerInput,
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
