//! KOS livestream sessions: a creator schedules one for an ACTIVE collaboration (platform, start,
//! planned length, the products shown at their live prices), takes it live, and ends it with the
//! figures the platform showed (peak and total viewers, duration). Orders name the session they
//! came from by its code, `{trackingCode}-{number}` (in `recordConversion`'s `sessionCode`, or as
//! the tracking code itself, which is how a tracking link with the session's suffix reads), so a
//! session has its orders, revenue, commission and conversion rate (orders / total viewers), and
//! growth over the creator's previous ended session for the same brand.
//!
//! One creator's sessions may not overlap: scheduling locks the creator's profile row, so two
//! racing requests are checked one after the other. States move only by conditional UPDATEs of
//! the state read, so racing transitions get one winner and a CONFLICT.
//!
//! A creator profile keeps two ranking keys for discovery, rewritten in the same transaction as
//! any change to them ([`refresh_creator`]): the confirmed VND revenue of its ended sessions and
//! their orders / viewers in basis points.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{
    collaboration, conversion, creator_profile,
    enums::{
        CollaborationStatus, ConversionStatus, CurrencyCode, LivestreamStatus, NotificationKind,
        Party, Platform, Role,
    },
    livestream_session::{self, Model as Session},
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    db::Sql,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::msg,
    insights::percent,
    money::Money,
    text,
    work::{Deal, Work, acting_on_collaboration},
};

pub const MAX_PRODUCTS: usize = 20;
pub const MAX_PRODUCT_NAME: usize = 100;
/// Longest planned session: 12 hours.
pub const MAX_PLANNED_MINUTES: i32 = 720;
/// Longest reported duration: a day.
pub const MAX_DURATION_MINUTES: i32 = 1440;
/// How far ahead a session may be scheduled.
pub const MAX_AHEAD_DAYS: i64 = 365;
pub const MAX_SESSIONS_PER_COLLABORATION: u64 = 100;
/// How early before its start a session may go live.
pub const EARLY_START_MINUTES: i64 = 60;

/// A product shown in a session, at its live price in minor units of the brief's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub name: String,
    pub price_minor: i64,
}

/// A product as the client gives it.
pub struct ProductIn {
    pub name: String,
    pub price: (Decimal, CurrencyCode),
}

/// `scheduleLivestream`'s input.
pub struct ScheduleIn {
    pub collaboration_id: Uuid,
    pub platform: Platform,
    pub starts_at: DateTime<Utc>,
    pub planned_minutes: i32,
    pub products: Vec<ProductIn>,
}

/// `endLivestream`'s figures, as the platform showed them.
pub struct Figures {
    pub peak_viewers: i32,
    pub total_viewers: i32,
    pub duration_minutes: i32,
}

/// The products of a stored session.
pub fn products_of(s: &Session) -> Vec<Product> {
    serde_json::from_str(&s.products).unwrap_or_else(|err| {
        tracing::error!(session = %s.id, error = %err, "unreadable livestream products");
        Vec::new()
    })
}

/// The session's code, which orders name it by: `{trackingCode}-{number}`.
pub fn code(tracking_code: &str, number: i32) -> String {
    format!("{tracking_code}-{number}")
}

/// The session `number` of `c` an order says it came from: NOT_FOUND when there is none, CONFLICT
/// when it never went live (SCHEDULED or CANCELLED).
pub async fn session_of_order(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    number: i32,
) -> AppResult<Uuid> {
    let s = livestream_session::Entity::find()
        .filter(livestream_session::Column::CollaborationId.eq(c.id))
        .filter(livestream_session::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("livestream session"))?;
    match s.status {
        LivestreamStatus::Live | LivestreamStatus::Ended => Ok(s.id),
        status => Err(AppError::conflict(msg!(
            "livestream-order-not-live",
            status = status.as_str()
        ))),
    }
}

/// The session and its collaboration, both locked, for one of its parties.
async fn acted_on(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    session_id: Uuid,
) -> AppResult<(collaboration::Model, Party, Session)> {
    let s = livestream_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("livestream session"))?;
    let (c, party) =
        acting_on_collaboration(db, viewer, s.collaboration_id, "livestream session").await?;
    let s = reload(db, s.id).await?;
    Ok((c, party, s))
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Session> {
    livestream_session::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("livestream session vanished in its transaction"))
}

/// Moves session `id` from `from` with `update`'s other columns; CONFLICT when another request
/// moved it first.
async fn transition(
    work: &Work<'_>,
    id: Uuid,
    from: LivestreamStatus,
    to: LivestreamStatus,
    update: sea_orm::UpdateMany<livestream_session::Entity>,
) -> AppResult<()> {
    work.set(
        update
            .col_expr(livestream_session::Column::Status, Expr::value(to.as_str()))
            .col_expr(
                livestream_session::Column::UpdatedAt,
                Expr::value(clock::now()),
            )
            .filter(livestream_session::Column::Id.eq(id))
            .filter(livestream_session::Column::Status.eq(from)),
        msg!("livestream-changed"),
    )
    .await
}

fn only_creator(party: Party) -> AppResult<()> {
    if party == Party::Creator {
        Ok(())
    } else {
        Err(AppError::forbidden(msg!("livestream-creator-only")))
    }
}

/// The products, checked: 1 to [`MAX_PRODUCTS`], each named, priced above zero in `currency`.
fn products(input: Vec<ProductIn>, currency: CurrencyCode) -> AppResult<Vec<Product>> {
    if input.is_empty() || input.len() > MAX_PRODUCTS {
        return Err(AppError::bad_input(
            "input.products",
            msg!("livestream-products-count", max = MAX_PRODUCTS),
        ));
    }
    input
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let at = format!("input.products.{i}");
            let name = text::required(&format!("{at}.name"), &p.name, MAX_PRODUCT_NAME)?;
            let (amount, given) = p.price;
            if given != currency {
                return Err(AppError::bad_input(
                    format!("{at}.price.currency"),
                    msg!("livestream-price-currency", currency = currency.as_str()),
                ));
            }
            let price = Money::parse(&format!("{at}.price.amount"), amount, given)?;
            if price.minor <= 0 {
                return Err(AppError::bad_input(
                    format!("{at}.price.amount"),
                    msg!("livestream-price-positive"),
                ));
            }
            Ok(Product {
                name,
                price_minor: price.minor,
            })
        })
        .collect()
}

/// When a session stops taking the creator's time, for overlap: a SCHEDULED one at its planned
/// end, a LIVE one at its planned end or now, whichever is later.
fn busy_until(s: &Session, now: DateTime<Utc>) -> DateTime<Utc> {
    let planned = s.starts_at + Duration::minutes(i64::from(s.planned_minutes));
    match s.status {
        LivestreamStatus::Live => planned.max(now),
        _ => planned,
    }
}

/// `scheduleLivestream`: the creator of an ACTIVE collaboration plans a session.
pub async fn schedule(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    input: ScheduleIn,
) -> AppResult<Session> {
    viewer.require(Role::Creator, msg!("action-schedule-livestreams"))?;
    let now = clock::now();
    let starts_at = input.starts_at;
    if starts_at <= now {
        return Err(AppError::bad_input(
            "input.startsAt",
            msg!("livestream-starts-in-future"),
        ));
    }
    if starts_at > now + Duration::days(MAX_AHEAD_DAYS) {
        return Err(AppError::bad_input(
            "input.startsAt",
            msg!("livestream-too-far", days = MAX_AHEAD_DAYS),
        ));
    }
    if !(1..=MAX_PLANNED_MINUTES).contains(&input.planned_minutes) {
        return Err(AppError::bad_input(
            "input.plannedMinutes",
            msg!("livestream-planned-minutes", max = MAX_PLANNED_MINUTES),
        ));
    }
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party) =
        acting_on_collaboration(work.db(), viewer, input.collaboration_id, "collaboration").await?;
    only_creator(party)?;
    if c.status != CollaborationStatus::Active {
        return Err(AppError::conflict(msg!(
            "livestream-collaboration-not-active",
            status = c.status.as_str()
        )));
    }
    let deal = Deal::of_collaboration(&c);
    let currency = work.parties(deal).await?.brief.currency;
    let products = products(input.products, currency)?;

    // The creator's sessions are checked one request at a time.
    creator_profile::Entity::find_by_id(c.creator_id)
        .lock_exclusive()
        .one(work.db())
        .await?;
    let ends_at = starts_at + Duration::minutes(i64::from(input.planned_minutes));
    let candidates = livestream_session::Entity::find()
        .filter(livestream_session::Column::CreatorId.eq(c.creator_id))
        .filter(livestream_session::Column::StartsAt.lt(ends_at))
        // A LIVE session, or a SCHEDULED one of an ACTIVE collaboration that could still reach
        // this start (none plans more than MAX_PLANNED_MINUTES): a session left SCHEDULED by a
        // collaboration that ended blocks nothing.
        .filter(
            Condition::any()
                .add(livestream_session::Column::Status.eq(LivestreamStatus::Live))
                .add(
                    Condition::all()
                        .add(livestream_session::Column::Status.eq(LivestreamStatus::Scheduled))
                        .add(
                            livestream_session::Column::StartsAt
                                .gt(starts_at - Duration::minutes(i64::from(MAX_PLANNED_MINUTES))),
                        )
                        .add(
                            livestream_session::Column::CollaborationId.in_subquery(
                                Query::select()
                                    .column(collaboration::Column::Id)
                                    .from(collaboration::Entity)
                                    .and_where(
                                        collaboration::Column::Status
                                            .eq(CollaborationStatus::Active),
                                    )
                                    .to_owned(),
                            ),
                        ),
                ),
        )
        .all(work.db())
        .await?;
    if let Some(clash) = candidates.iter().find(|s| busy_until(s, now) > starts_at) {
        return Err(AppError::bad_input(
            "input.startsAt",
            msg!(
                "livestream-overlap",
                starts = clock::format(clash.starts_at),
                ends = clock::format(busy_until(clash, now))
            ),
        ));
    }
    let taken = livestream_session::Entity::find()
        .filter(livestream_session::Column::CollaborationId.eq(c.id))
        .count(work.db())
        .await?;
    if taken >= MAX_SESSIONS_PER_COLLABORATION {
        return Err(AppError::conflict(msg!(
            "livestream-too-many",
            max = MAX_SESSIONS_PER_COLLABORATION
        )));
    }
    let number = livestream_session::Entity::find()
        .select_only()
        .column_as(livestream_session::Column::Number.max(), "n")
        .filter(livestream_session::Column::CollaborationId.eq(c.id))
        .into_tuple::<Option<i32>>()
        .one(work.db())
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    let products = serde_json::to_string(&products).map_err(AppError::internal)?;
    let s = livestream_session::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        creator_id: Set(c.creator_id),
        brand_id: Set(c.brand_id),
        number: Set(number),
        platform: Set(input.platform),
        currency: Set(currency),
        starts_at: Set(starts_at),
        planned_minutes: Set(input.planned_minutes),
        status: Set(LivestreamStatus::Scheduled),
        started_at: Set(None),
        ended_at: Set(None),
        peak_viewers: Set(None),
        total_viewers: Set(None),
        duration_minutes: Set(None),
        products: Set(products),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(work.db())
    .await?;
    let platform = s.platform.as_str();
    work.tell_about(
        deal,
        Party::Brand,
        NotificationKind::LivestreamScheduled,
        |it| {
            msg!(
                "livestream-scheduled",
                creator = it.name(Party::Creator).to_owned(),
                title = it.title().to_owned(),
                platform = platform,
                starts = clock::format(starts_at)
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(s)
}

/// `startLivestream`: the creator takes a SCHEDULED session of an ACTIVE collaboration live, from
/// [`EARLY_START_MINUTES`] before its start.
pub async fn start(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    session_id: Uuid,
) -> AppResult<Session> {
    viewer.require(Role::Creator, msg!("action-start-livestreams"))?;
    let work = Work::begin(db, bus, viewer).await?;
    let (c, party, s) = acted_on(work.db(), viewer, session_id).await?;
    only_creator(party)?;
    if s.status != LivestreamStatus::Scheduled {
        return Err(AppError::conflict(msg!(
            "livestream-not-scheduled",
            status = s.status.as_str()
        )));
    }
    if c.status != CollaborationStatus::Active {
        return Err(AppError::conflict(msg!(
            "livestream-collaboration-not-active",
            status = c.status.as_str()
        )));
    }
    let now = clock::now();
    let earliest = s.starts_at - Duration::minutes(EARLY_START_MINUTES);
    if now < earliest {
        return Err(AppError::conflict(msg!(
            "livestream-too-early",
            earliest = clock::format(earliest)
        )));
    }
    transition(
        &work,
        s.id,
        LivestreamStatus::Scheduled,
        LivestreamStatus::Live,
        livestream_session::Entity::update_many()
            .col_expr(livestream_session::Column::StartedAt, Expr::value(now)),
    )
    .await?;
    let s = reload(work.db(), s.id).await?;
    work.commit().await?;
    Ok(s)
}

/// `endLivestream`: the creator ends a LIVE session with the figures the platform showed; the
/// brand is told, and the creator's ranking keys are brought up to date.
pub async fn end(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    session_id: Uuid,
    figures: Figures,
) -> AppResult<Session> {
    viewer.require(Role::Creator, msg!("action-end-livestreams"))?;
    for (field, value) in [
        ("input.peakViewers", figures.peak_viewers),
        ("input.totalViewers", figures.total_viewers),
        ("input.durationMinutes", figures.duration_minutes),
    ] {
        if value < 0 {
            return Err(AppError::bad_input(
                field,
                msg!("livestream-figure-negative"),
            ));
        }
    }
    if figures.peak_viewers > figures.total_viewers {
        return Err(AppError::bad_input(
            "input.peakViewers",
            msg!("livestream-peak-above-total"),
        ));
    }
    if figures.duration_minutes > MAX_DURATION_MINUTES {
        return Err(AppError::bad_input(
            "input.durationMinutes",
            msg!("livestream-duration", max = MAX_DURATION_MINUTES),
        ));
    }
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, s) = acted_on(work.db(), viewer, session_id).await?;
    only_creator(party)?;
    if s.status != LivestreamStatus::Live {
        return Err(AppError::conflict(msg!(
            "livestream-not-live",
            status = s.status.as_str()
        )));
    }
    let now = clock::now();
    transition(
        &work,
        s.id,
        LivestreamStatus::Live,
        LivestreamStatus::Ended,
        livestream_session::Entity::update_many()
            .col_expr(livestream_session::Column::EndedAt, Expr::value(now))
            .col_expr(
                livestream_session::Column::PeakViewers,
                Expr::value(i64::from(figures.peak_viewers)),
            )
            .col_expr(
                livestream_session::Column::TotalViewers,
                Expr::value(i64::from(figures.total_viewers)),
            )
            .col_expr(
                livestream_session::Column::DurationMinutes,
                Expr::value(figures.duration_minutes),
            ),
    )
    .await?;
    refresh_creator(work.db(), c.creator_id).await?;
    let number = s.number;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Brand,
        NotificationKind::LivestreamEnded,
        |it| {
            msg!(
                "livestream-ended",
                creator = it.name(Party::Creator).to_owned(),
                number = number,
                title = it.title().to_owned(),
                viewers = figures.total_viewers,
                peak = figures.peak_viewers,
                minutes = figures.duration_minutes
            )
        },
    )
    .await?;
    let s = reload(work.db(), s.id).await?;
    work.commit().await?;
    Ok(s)
}

/// `cancelLivestream`: either side calls off a SCHEDULED session; the other is told.
pub async fn cancel(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    session_id: Uuid,
) -> AppResult<Session> {
    let mut work = Work::begin(db, bus, viewer).await?;
    let (c, party, s) = acted_on(work.db(), viewer, session_id).await?;
    if s.status != LivestreamStatus::Scheduled {
        return Err(AppError::conflict(msg!(
            "livestream-not-scheduled",
            status = s.status.as_str()
        )));
    }
    transition(
        &work,
        s.id,
        LivestreamStatus::Scheduled,
        LivestreamStatus::Cancelled,
        livestream_session::Entity::update_many(),
    )
    .await?;
    let starts = clock::format(s.starts_at);
    work.tell_about(
        Deal::of_collaboration(&c),
        party.other(),
        NotificationKind::LivestreamCancelled,
        |it| {
            msg!(
                "livestream-cancelled",
                who = it.name(party).to_owned(),
                title = it.title().to_owned(),
                starts = starts
            )
        },
    )
    .await?;
    let s = reload(work.db(), s.id).await?;
    work.commit().await?;
    Ok(s)
}

/// The sessions of a collaboration, in order of their start.
pub async fn of_collaboration(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Vec<Session>> {
    Ok(livestream_session::Entity::find()
        .filter(livestream_session::Column::CollaborationId.eq(collaboration_id))
        .order_by_asc(livestream_session::Column::StartsAt)
        .order_by_asc(livestream_session::Column::Id)
        .all(db)
        .await?)
}

/// What a session's orders came to: CONFIRMED conversions only, in minor units of the brief's
/// currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromQueryResult)]
pub struct Sales {
    pub orders: i64,
    pub revenue_minor: i64,
    pub commission_minor: i64,
}

/// A session with its sales and those of the creator's previous ENDED session for the same brand
/// in the same currency (the base of its growth), for a LIVE or ENDED session that has one.
#[derive(Debug, Clone)]
pub struct Reported {
    pub session: Session,
    pub sales: Sales,
    pub previous: Option<Sales>,
}

impl Reported {
    /// Orders / total viewers × 100, once ENDED with viewers.
    pub fn conversion_rate(&self) -> Option<Decimal> {
        match (self.session.status, self.session.total_viewers) {
            (LivestreamStatus::Ended, Some(viewers)) => percent(self.sales.orders, viewers),
            _ => None,
        }
    }

    /// Revenue's change over the previous session, percent; None without one, or when it sold
    /// nothing.
    pub fn revenue_growth(&self) -> Option<Decimal> {
        let previous = self.previous?.revenue_minor;
        percent(self.sales.revenue_minor - previous, previous)
    }

    /// Orders' change over the previous session, percent, as [`Self::revenue_growth`].
    pub fn orders_growth(&self) -> Option<Decimal> {
        let previous = self.previous?.orders;
        percent(self.sales.orders - previous, previous)
    }
}

/// The sales of `sessions`, by session; those without orders are absent.
async fn sales_of(db: &impl ConnectionTrait, sessions: &[Uuid]) -> AppResult<HashMap<Uuid, Sales>> {
    if sessions.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        session_id: Uuid,
        orders: i64,
        revenue_minor: i64,
        commission_minor: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT livestream_session_id AS session_id, COUNT(*) AS orders, \
         CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS revenue_minor, \
         CAST(COALESCE(SUM(commission_minor), 0) AS BIGINT) AS commission_minor \
         FROM conversions WHERE status = ",
    )
    .bind(ConversionStatus::Confirmed.as_str())
    .push(" AND livestream_session_id IN ")
    .bind_list(sessions.iter().copied())
    .push(" GROUP BY livestream_session_id");
    Ok(Row::find_by_statement(sql.statement())
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.session_id,
                Sales {
                    orders: r.orders,
                    revenue_minor: r.revenue_minor,
                    commission_minor: r.commission_minor,
                },
            )
        })
        .collect())
}

/// `sessions` with their sales and growth bases, in a few queries whatever their number.
pub async fn reported(
    db: &impl ConnectionTrait,
    sessions: Vec<Session>,
) -> AppResult<Vec<Reported>> {
    // The ENDED sessions of each (creator, brand, currency) in the list, oldest first: the bases.
    let mut pairs: Vec<(Uuid, Uuid, CurrencyCode)> = sessions
        .iter()
        .map(|s| (s.creator_id, s.brand_id, s.currency))
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut ended: Vec<Session> = Vec::new();
    for (creator_id, brand_id, currency) in &pairs {
        ended.extend(
            livestream_session::Entity::find()
                .filter(livestream_session::Column::CreatorId.eq(*creator_id))
                .filter(livestream_session::Column::BrandId.eq(*brand_id))
                .filter(livestream_session::Column::Currency.eq(*currency))
                .filter(livestream_session::Column::Status.eq(LivestreamStatus::Ended))
                .order_by_asc(livestream_session::Column::StartsAt)
                .order_by_asc(livestream_session::Column::Id)
                .all(db)
                .await?,
        );
    }
    let previous_of = |s: &Session| -> Option<Uuid> {
        if !matches!(s.status, LivestreamStatus::Live | LivestreamStatus::Ended) {
            return None;
        }
        ended
            .iter()
            .rfind(|e| {
                e.creator_id == s.creator_id
                    && e.brand_id == s.brand_id
                    && e.currency == s.currency
                    && (e.starts_at, e.id) < (s.starts_at, s.id)
            })
            .map(|e| e.id)
    };
    let previous: Vec<Option<Uuid>> = sessions.iter().map(previous_of).collect();
    let mut ids: Vec<Uuid> = sessions.iter().map(|s| s.id).collect();
    ids.extend(previous.iter().flatten().copied());
    ids.sort();
    ids.dedup();
    let sales = sales_of(db, &ids).await?;
    let of = |id: Uuid| sales.get(&id).copied().unwrap_or_default();
    Ok(sessions
        .into_iter()
        .zip(previous)
        .map(|(session, previous)| Reported {
            sales: of(session.id),
            previous: previous.map(of),
            session,
        })
        .collect())
}

/// A creator's livestream record over its ENDED sessions, as a brand judges a KOS by it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreatorLive {
    pub ended_sessions: i64,
    pub total_viewers: i64,
    pub peak_viewers: Option<i64>,
    pub orders: i64,
    /// Confirmed revenue, by currency (ascending by its code).
    pub revenue: Vec<Money>,
}

impl CreatorLive {
    /// Orders / total viewers × 100.
    pub fn conversion_rate(&self) -> Option<Decimal> {
        percent(self.orders, self.total_viewers)
    }

    /// Total viewers per ended session, rounded down.
    pub fn average_viewers(&self) -> Option<i64> {
        (self.ended_sessions > 0).then(|| self.total_viewers / self.ended_sessions)
    }
}

/// The creator's record over its ENDED sessions: three aggregate queries.
pub async fn creator_live(db: &impl ConnectionTrait, creator_id: Uuid) -> AppResult<CreatorLive> {
    #[derive(FromQueryResult)]
    struct Audience {
        sessions: i64,
        viewers: i64,
        peak: Option<i64>,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT COUNT(*) AS sessions, CAST(COALESCE(SUM(total_viewers), 0) AS BIGINT) AS viewers, \
         MAX(peak_viewers) AS peak FROM livestream_sessions WHERE creator_id = ",
    )
    .bind(creator_id)
    .push(" AND status = ")
    .bind(LivestreamStatus::Ended.as_str());
    let audience = Audience::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(Audience {
            sessions: 0,
            viewers: 0,
            peak: None,
        });
    #[derive(FromQueryResult)]
    struct Revenue {
        currency: String,
        orders: i64,
        revenue_minor: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT cv.currency AS currency, COUNT(*) AS orders, \
         CAST(SUM(cv.amount_minor) AS BIGINT) AS revenue_minor FROM conversions cv \
         JOIN livestream_sessions s ON s.id = cv.livestream_session_id WHERE s.creator_id = ",
    )
    .bind(creator_id)
    .push(" AND s.status = ")
    .bind(LivestreamStatus::Ended.as_str())
    .push(" AND cv.status = ")
    .bind(ConversionStatus::Confirmed.as_str())
    .push(" GROUP BY cv.currency ORDER BY cv.currency");
    let by_currency = Revenue::find_by_statement(sql.statement()).all(db).await?;
    Ok(CreatorLive {
        ended_sessions: audience.sessions,
        total_viewers: audience.viewers,
        peak_viewers: audience.peak,
        orders: by_currency.iter().map(|r| r.orders).sum(),
        revenue: by_currency
            .iter()
            .filter_map(|r| {
                CurrencyCode::parse(&r.currency).map(|c| Money::new(r.revenue_minor, c))
            })
            .collect(),
    })
}

/// Rewrites the creator's livestream ranking keys from its ENDED sessions: VND revenue, and
/// orders / viewers in basis points (None without viewers). Called in the transaction of every
/// change to them: a session ending, and an order of a session recorded, reversed or adjusted.
pub async fn refresh_creator(db: &impl ConnectionTrait, creator_id: Uuid) -> AppResult<()> {
    // Locked before adding up, so that two changes for one creator (on two collaborations) write
    // one after the other rather than each over the other's total.
    creator_profile::Entity::find_by_id(creator_id)
        .lock_exclusive()
        .one(db)
        .await?;
    let live = creator_live(db, creator_id).await?;
    let revenue_vnd = live
        .revenue
        .iter()
        .find(|m| m.currency == CurrencyCode::Vnd)
        .map_or(0, |m| m.minor);
    let conversion_bp = (live.total_viewers > 0).then(|| {
        // Half-up, as every rate of the API.
        (i128::from(live.orders) * 10_000 * 2 + i128::from(live.total_viewers))
            / (2 * i128::from(live.total_viewers))
    });
    creator_profile::Entity::update_many()
        .col_expr(
            creator_profile::Column::LiveRevenueVnd,
            Expr::value(revenue_vnd),
        )
        .col_expr(
            creator_profile::Column::LiveConversionBp,
            Expr::value(conversion_bp.map(|bp| i64::try_from(bp).unwrap_or(i64::MAX))),
        )
        .filter(creator_profile::Column::Id.eq(creator_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Brings the ranking keys of the creators of `conversions`' sessions up to date, each once, in
/// the order of their ids (so that two batches naming the same creators in other orders wait for
/// each other rather than deadlock).
pub async fn conversions_changed(
    db: &impl ConnectionTrait,
    conversions: &[conversion::Model],
) -> AppResult<()> {
    let sessions: Vec<Uuid> = conversions
        .iter()
        .filter_map(|c| c.livestream_session_id)
        .collect();
    if sessions.is_empty() {
        return Ok(());
    }
    let mut creators = livestream_session::Entity::find()
        .select_only()
        .column(livestream_session::Column::CreatorId)
        .filter(livestream_session::Column::Id.is_in(sessions))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    creators.sort();
    creators.dedup();
    for creator_id in creators {
        refresh_creator(db, creator_id).await?;
    }
    Ok(())
}
