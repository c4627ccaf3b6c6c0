//! KOS livestream sessions in the API: scheduled, live and ended by the creator, with their
//! orders and figures. The rules are in `crate::livestreams`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{
    enums::{LivestreamStatus, Platform},
    livestream_session,
};
use sea_orm::ConnectionTrait;

use crate::{
    error::{AppError, AppResult},
    graphql::{
        collaborations::Collaboration,
        context::{loaders, state, viewer},
        creators::clamp,
        ids::{self, Kind},
        loaders::loader_error,
        scalars::{Decimal, Money, MoneyInput, Time},
    },
    livestreams::{self, CreatorLive, Reported},
    money::Money as MoneyValue,
};

/// A session with its sales, as `livestreams::reported` reads them.
pub struct LivestreamSession {
    reported: Reported,
}

impl LivestreamSession {
    /// `sessions` (of any collaborations) with their sales and growth, in a few queries.
    pub async fn all(
        db: &impl ConnectionTrait,
        sessions: Vec<livestream_session::Model>,
    ) -> AppResult<Vec<Self>> {
        Ok(livestreams::reported(db, sessions)
            .await?
            .into_iter()
            .map(|reported| Self { reported })
            .collect())
    }

    pub async fn one(db: &impl ConnectionTrait, s: livestream_session::Model) -> AppResult<Self> {
        Self::all(db, vec![s])
            .await?
            .pop()
            .ok_or_else(|| AppError::internal("a session without its report"))
    }

    fn session(&self) -> &livestream_session::Model {
        &self.reported.session
    }

    async fn collaboration_model(&self, ctx: &Context<'_>) -> AppResult<Collaboration> {
        loaders(ctx)
            .collaboration
            .load_one(self.session().collaboration_id)
            .await
            .map_err(loader_error)?
            .map(Collaboration)
            .ok_or_else(|| AppError::internal("livestream session without its collaboration"))
    }

    /// The brief's currency, which every amount of the session is in.
    fn currency(&self) -> entity::enums::CurrencyCode {
        self.session().currency
    }
}

/// A KOS's livestream for a collaboration: SCHEDULED (platform, start, planned length, the
/// products at their live prices) → LIVE → ENDED with the figures the creator reports, or
/// CANCELLED before it goes live. Orders name it by its `code`, which gives it orders, revenue,
/// commission, a conversion rate, and growth over the creator's previous ENDED session for the
/// same brand. Readable by the collaboration's parties and admins.
#[Object]
impl LivestreamSession {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::LivestreamSession, self.session().id)
    }

    /// The collaboration it is for.
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Collaboration> {
        self.collaboration_model(ctx).await
    }

    /// 1, 2, 3… within the collaboration, in the order they were scheduled.
    async fn number(&self) -> i32 {
        self.session().number
    }

    /// What orders name it by: the collaboration's tracking code, a hyphen and `number`
    /// ("K7MXR4TQ-2"). It works as a tracking link too (`/t/K7MXR4TQ-2`), leading where the
    /// collaboration's does; an order recorded with it as `trackingCode`, or as `sessionCode`,
    /// counts for this session.
    async fn code(&self, ctx: &Context<'_>) -> AppResult<String> {
        let c = self.collaboration_model(ctx).await?;
        Ok(livestreams::code(&c.0.tracking_code, self.session().number))
    }

    /// Where it is streamed.
    async fn platform(&self) -> Platform {
        self.session().platform
    }

    /// Where it stands.
    async fn status(&self) -> LivestreamStatus {
        self.session().status
    }

    /// When it is planned to start.
    async fn starts_at(&self) -> Time {
        self.session().starts_at.into()
    }

    /// How long it is planned to last, in minutes.
    async fn planned_minutes(&self) -> i32 {
        self.session().planned_minutes
    }

    /// The products shown, at their live prices.
    async fn products(&self) -> Vec<LivestreamProduct> {
        let currency = self.currency();
        livestreams::products_of(self.session())
            .into_iter()
            .map(|p| LivestreamProduct {
                name: p.name,
                price: MoneyValue::new(p.price_minor, currency).into(),
            })
            .collect()
    }

    /// When it went live; null before.
    async fn started_at(&self) -> Option<Time> {
        self.session().started_at.map(Time)
    }

    /// When it ended; null before.
    async fn ended_at(&self) -> Option<Time> {
        self.session().ended_at.map(Time)
    }

    /// Most viewers at once, as the creator reported it when ending; null before.
    async fn peak_viewers(&self) -> Option<i32> {
        self.session().peak_viewers.map(clamp)
    }

    /// Viewers over the whole session, as reported; null before it ends.
    async fn total_viewers(&self) -> Option<i32> {
        self.session().total_viewers.map(clamp)
    }

    /// How long it lasted in minutes, as reported; null before it ends.
    async fn duration_minutes(&self) -> Option<i32> {
        self.session().duration_minutes
    }

    /// Confirmed orders that named it (reversed ones do not count).
    async fn orders(&self) -> i32 {
        clamp(self.reported.sales.orders)
    }

    /// The confirmed orders' amounts, in the brief's currency.
    async fn revenue(&self) -> Money {
        MoneyValue::new(self.reported.sales.revenue_minor, self.currency()).into()
    }

    /// The creator's commission on those orders, in the brief's currency.
    async fn commission(&self) -> Money {
        MoneyValue::new(self.reported.sales.commission_minor, self.currency()).into()
    }

    /// Conversion rate, percent, 0 to 100 as a rule, 2 decimals: orders / totalViewers × 100
    /// (more orders than viewers exceeds 100). Null until ENDED, and when it had no viewers.
    async fn conversion_rate(&self) -> Option<Decimal> {
        self.reported.conversion_rate().map(Decimal)
    }

    /// Revenue's change over the creator's previous ENDED session for the same brand, percent; may
    /// be negative (a fall), 2 decimals: (revenue − previous) / previous × 100. Null for a SCHEDULED
    /// or CANCELLED session, for the first, and when the previous one sold nothing.
    async fn revenue_growth(&self) -> Option<Decimal> {
        self.reported.revenue_growth().map(Decimal)
    }

    /// Orders' change over the same previous session, percent; may be negative, as
    /// revenueGrowth.
    async fn orders_growth(&self) -> Option<Decimal> {
        self.reported.orders_growth().map(Decimal)
    }
}

/// A product shown in a livestream, at its live price.
#[derive(SimpleObject)]
pub struct LivestreamProduct {
    /// As the creator named it.
    name: String,
    /// The live price, in the brief's currency.
    price: Money,
}

/// A creator's livestream record over its ENDED sessions, as a brand judges a KOS by it.
#[derive(SimpleObject, Default)]
pub struct LivestreamStats {
    /// ENDED sessions.
    sessions: i32,
    /// Viewers over all of them, as reported.
    total_viewers: i32,
    /// Viewers per session, rounded down; null before the first.
    average_viewers: Option<i32>,
    /// The highest peak of any of them; null before the first.
    peak_viewers: Option<i32>,
    /// Confirmed orders that named one of them.
    orders: i32,
    /// Those orders' amounts, one entry per currency (by its code); empty without orders.
    revenue: Vec<Money>,
    /// Conversion rate, percent, 0 to 100 as a rule, 2 decimals: orders / totalViewers × 100;
    /// null without viewers.
    conversion_rate: Option<Decimal>,
}

impl From<CreatorLive> for LivestreamStats {
    fn from(live: CreatorLive) -> Self {
        Self {
            sessions: clamp(live.ended_sessions),
            total_viewers: clamp(live.total_viewers),
            average_viewers: live.average_viewers().map(clamp),
            peak_viewers: live.peak_viewers.map(clamp),
            orders: clamp(live.orders),
            conversion_rate: live.conversion_rate().map(Decimal),
            revenue: live.revenue.into_iter().map(Money::from).collect(),
        }
    }
}

/// A product to show in a livestream.
#[derive(InputObject)]
pub struct LivestreamProductInput {
    /// 1 to 100 characters.
    pub name: String,
    /// The live price: above 0, in the brief's currency (another is BAD_USER_INPUT on
    /// `input.products.N.price.currency`).
    pub price: MoneyInput,
}

/// The creator plans a livestream session.
#[derive(InputObject)]
pub struct ScheduleLivestreamInput {
    /// An ACTIVE Collaboration of the creator (else CONFLICT).
    pub collaboration_id: ID,
    /// Where it is streamed (TikTok Live, Shopee Live, Facebook Live…).
    pub platform: Platform,
    /// In the future and within 365 days; it may not overlap another SCHEDULED or LIVE session
    /// of the creator, of any collaboration (BAD_USER_INPUT on `input.startsAt`).
    pub starts_at: Time,
    /// 1 to 720.
    pub planned_minutes: i32,
    /// 1 to 20 products.
    pub products: Vec<LivestreamProductInput>,
}

/// The figures a livestream platform showed when the session ended.
#[derive(InputObject)]
pub struct EndLivestreamInput {
    /// The LIVE LivestreamSession.
    pub session_id: ID,
    /// Most viewers at once: 0 or more, at most totalViewers.
    pub peak_viewers: i32,
    /// Viewers over the session: 0 or more.
    pub total_viewers: i32,
    /// How long it lasted: 0 to 1,440 minutes.
    pub duration_minutes: i32,
}

#[derive(Default)]
pub struct LivestreamsMutation;

#[Object]
impl LivestreamsMutation {
    /// The creator schedules a livestream session for an ACTIVE collaboration; the brand is
    /// told. The session is numbered within the collaboration and gets its `code`.
    async fn schedule_livestream(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session.")] input: ScheduleLivestreamInput,
    ) -> AppResult<LivestreamSession> {
        let viewer = viewer(ctx).await?;
        let collaboration_id = ids::expect(
            "input.collaborationId",
            &input.collaboration_id,
            Kind::Collaboration,
        )?;
        let s = state(ctx);
        let session = livestreams::schedule(
            &s.db,
            &s.events,
            viewer,
            livestreams::ScheduleIn {
                collaboration_id,
                platform: input.platform,
                starts_at: input.starts_at.into(),
                planned_minutes: input.planned_minutes,
                products: input
                    .products
                    .into_iter()
                    .map(|p| livestreams::ProductIn {
                        name: p.name,
                        price: p.price.pair(),
                    })
                    .collect(),
            },
        )
        .await?;
        LivestreamSession::one(&s.db, session).await
    }

    /// The creator takes a SCHEDULED session live, from an hour before its start (earlier is
    /// CONFLICT), while the collaboration is ACTIVE.
    async fn start_livestream(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The SCHEDULED LivestreamSession.")] session_id: ID,
    ) -> AppResult<LivestreamSession> {
        let viewer = viewer(ctx).await?;
        let session_id = ids::expect("sessionId", &session_id, Kind::LivestreamSession)?;
        let s = state(ctx);
        let session = livestreams::start(&s.db, &s.events, viewer, session_id).await?;
        LivestreamSession::one(&s.db, session).await
    }

    /// The creator ends a LIVE session with the platform's figures; the brand is told. Again,
    /// CONFLICT.
    async fn end_livestream(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session and its figures.")] input: EndLivestreamInput,
    ) -> AppResult<LivestreamSession> {
        let viewer = viewer(ctx).await?;
        let session_id = ids::expect(
            "input.sessionId",
            &input.session_id,
            Kind::LivestreamSession,
        )?;
        let s = state(ctx);
        let session = livestreams::end(
            &s.db,
            &s.events,
            viewer,
            session_id,
            livestreams::Figures {
                peak_viewers: input.peak_viewers,
                total_viewers: input.total_viewers,
                duration_minutes: input.duration_minutes,
            },
        )
        .await?;
        LivestreamSession::one(&s.db, session).await
    }

    /// Either side calls off a SCHEDULED session; the other is told. A session that went live
    /// cannot be cancelled (CONFLICT).
    async fn cancel_livestream(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The SCHEDULED LivestreamSession.")] session_id: ID,
    ) -> AppResult<LivestreamSession> {
        let viewer = viewer(ctx).await?;
        let session_id = ids::expect("sessionId", &session_id, Kind::LivestreamSession)?;
        let s = state(ctx);
        let session = livestreams::cancel(&s.db, &s.events, viewer, session_id).await?;
        LivestreamSession::one(&s.db, session).await
    }
}
