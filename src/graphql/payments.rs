//! Money in the API: conversions, payouts, a collaboration's earnings and the four mutations.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{
    collaboration, conversion,
    enums::{ConversionStatus, PayoutKind, PayoutStatus},
    livestream_session, payout,
};
use sea_orm::EntityTrait;

use crate::{
    clock,
    error::{AppError, AppResult},
    graphql::{
        context::{loaders, state, viewer},
        ids::{self, Kind},
        livestreams::LivestreamSession,
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Money, MoneyInput},
        wallets::Escrow,
    },
    keyset::TimeCursor,
    money::Money as MoneyValue,
    payments::{self, AdjustmentIn, ConversionIn},
};

pub struct Conversion(pub conversion::Model);

/// An order attributed to a collaboration through its tracking code. Readable by the
/// collaboration's parties and admins.
#[Object]
impl Conversion {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Conversion, self.0.id)
    }

    /// The shop's order reference, unique in the collaboration.
    async fn order_ref(&self) -> &str {
        &self.0.order_ref
    }

    /// The order's amount, in the brief's currency.
    async fn amount(&self) -> Money {
        MoneyValue::new(self.0.amount_minor, self.0.currency).into()
    }

    /// The creator's commission on this order: amount × the terms' rate, rounded half-up to the
    /// currency's minor unit.
    async fn commission(&self) -> Money {
        MoneyValue::new(self.0.commission_minor, self.0.currency).into()
    }

    /// CONFIRMED, or REVERSED when the order was returned or cancelled.
    async fn status(&self) -> ConversionStatus {
        self.0.status
    }

    /// When the order was placed, as the shop said; the time it was recorded when not given.
    async fn occurred_at(&self) -> Time {
        self.0.occurred_at.into()
    }

    /// When it was reversed; null unless REVERSED.
    async fn reversed_at(&self) -> Option<Time> {
        self.0.reversed_at.map(Time)
    }

    /// Why it was reversed; null unless REVERSED.
    async fn reversal_reason(&self) -> Option<&str> {
        self.0.reversal_reason.as_deref()
    }

    /// The amount first recorded, where a partial refund changed it since.
    async fn original_amount(&self) -> Option<Money> {
        self.0
            .original_amount_minor
            .map(|minor| MoneyValue::new(minor, self.0.currency).into())
    }

    /// When the conversion locks: after it, it can no longer be reversed or adjusted, and its commission can be settled.
    async fn locks_at(&self) -> Time {
        self.0.locks_at.into()
    }

    /// True from locksAt on.
    async fn locked(&self) -> bool {
        payments::is_locked(&self.0, clock::now())
    }

    /// The livestream session the order named (by its code); null for an order without one.
    #[graphql(complexity = "5 + child_complexity")]
    async fn livestream_session(&self, ctx: &Context<'_>) -> AppResult<Option<LivestreamSession>> {
        let Some(id) = self.0.livestream_session_id else {
            return Ok(None);
        };
        let db = &state(ctx).db;
        match livestream_session::Entity::find_by_id(id).one(db).await? {
            Some(s) => Ok(Some(LivestreamSession::one(db, s).await?)),
            None => Ok(None),
        }
    }
}

pub struct Payout(pub payout::Model);

/// Money paid to a collaboration's creator: its fee (or kill fee), or settled commission. Readable
/// by the collaboration's parties and admins.
#[Object]
impl Payout {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Payout, self.0.id)
    }

    /// FEE or COMMISSION.
    async fn kind(&self) -> PayoutKind {
        self.0.kind
    }

    /// In the brief's currency.
    async fn amount(&self) -> Money {
        MoneyValue::new(self.0.amount_minor, self.0.currency).into()
    }

    /// PAID at once for every payout made now; PENDING only for collaborations accepted before fees
    /// were held.
    async fn status(&self) -> PayoutStatus {
        self.0.status
    }

    /// The ledger transfer's ID when paid from a wallet, or the reference given to markPayoutPaid;
    /// null while PENDING.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// When it was made.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When it was paid; null while PENDING.
    async fn paid_at(&self) -> Option<Time> {
        self.0.paid_at.map(Time)
    }
}

/// What a collaboration's creator has earned and been paid, in the brief's currency.
#[derive(SimpleObject)]
pub struct Earnings {
    /// The fee released to the creator plus any kill fee it kept.
    fee: Money,
    /// Commission on confirmed conversions.
    commission: Money,
    /// fee + commission.
    total: Money,
    /// Sum of PAID payouts.
    paid: Money,
    /// total − paid.
    outstanding: Money,
}

impl From<payments::Earnings> for Earnings {
    fn from(e: payments::Earnings) -> Self {
        let m = |minor| MoneyValue::new(minor, e.currency).into();
        Self {
            fee: m(e.fee),
            commission: m(e.commission),
            total: m(e.total),
            paid: m(e.paid),
            outstanding: m(e.outstanding),
        }
    }
}

/// `Collaboration.conversions`: newest order first.
pub async fn conversions_of(
    ctx: &Context<'_>,
    c: &collaboration::Model,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Conversion>> {
    let request = PageRequest::<TimeCursor>::new(first, after)?;
    let (rows, total) = payments::conversions(
        &state(ctx).db,
        c.id,
        request.after,
        request.fetch_limit(),
        pagination::wants_total(ctx),
    )
    .await?;
    Ok(pagination::build(
        rows,
        &request,
        total,
        |r| (r.occurred_at, r.id),
        Conversion,
    ))
}

/// `Collaboration.payouts`: oldest first.
pub async fn payouts_of(ctx: &Context<'_>, c: &collaboration::Model) -> AppResult<Vec<Payout>> {
    Ok(loaders(ctx)
        .payouts
        .load_one(c.id)
        .await
        .map_err(loader_error)?
        .unwrap_or_default()
        .into_iter()
        .map(Payout)
        .collect())
}

/// `Collaboration.earnings`.
pub async fn earnings_of(ctx: &Context<'_>, c: &collaboration::Model) -> AppResult<Earnings> {
    let l = loaders(ctx);
    let terms = l
        .offer
        .load_one(c.offer_id)
        .await
        .map_err(loader_error)?
        .ok_or_else(|| AppError::internal("collaboration without its offer"))?;
    let commission = l
        .confirmed_commission
        .load_one(c.id)
        .await
        .map_err(loader_error)?
        .unwrap_or(0);
    let payouts = l
        .payouts
        .load_one(c.id)
        .await
        .map_err(loader_error)?
        .unwrap_or_default();
    let escrow = l.escrow.load_one(c.id).await.map_err(loader_error)?;
    Ok(payments::Earnings::of(c, &terms, commission, &payouts, escrow).into())
}

/// `Collaboration.escrow`: null when no fee was held for it.
pub async fn escrow_of(ctx: &Context<'_>, c: &collaboration::Model) -> AppResult<Option<Escrow>> {
    let currency = loaders(ctx)
        .offer
        .load_one(c.offer_id)
        .await
        .map_err(loader_error)?
        .ok_or_else(|| AppError::internal("collaboration without its offer"))?
        .currency;
    Ok(loaders(ctx)
        .escrow
        .load_one(c.id)
        .await
        .map_err(loader_error)?
        .map(|e| Escrow::of(e, currency)))
}

/// An order placed with a collaboration's tracking code or link.
#[derive(InputObject)]
pub struct RecordConversionInput {
    /// The collaboration's tracking code; NOT_FOUND when unknown. A livestream session's code
    /// (`{trackingCode}-{number}`, as a tracking link with the session's suffix carries it)
    /// attributes the order to that session.
    tracking_code: String,
    /// The livestream session the order came from, by its code (`LivestreamSession.code`): one
    /// of this collaboration's LIVE or ENDED sessions (NOT_FOUND for an unknown number, CONFLICT
    /// for one that never went live; BAD_USER_INPUT for another collaboration's code or one that
    /// disagrees with trackingCode's suffix). Omitted: the order has no session, unless
    /// trackingCode names one.
    session_code: Option<String>,
    /// The shop's order reference, 1 to 100 characters, case-sensitive. The same order again with
    /// the same amount records it once; with another amount it is CONFLICT.
    order_ref: String,
    /// The order's amount: above 0, in the brief's currency, with no more decimals than it has.
    amount: MoneyInput,
    /// When the order was placed, at most 5 minutes ahead; now when omitted.
    occurred_at: Option<Time>,
}

impl RecordConversionInput {
    pub fn domain(self) -> ConversionIn {
        ConversionIn {
            tracking_code: self.tracking_code,
            order_ref: self.order_ref,
            amount: self.amount.pair(),
            occurred_at: self.occurred_at.map(Into::into),
            session_code: self.session_code,
        }
    }
}

/// A partial refund of an order, before its conversion locks.
#[derive(InputObject)]
pub struct AdjustConversionInput {
    /// The collaboration's tracking code.
    tracking_code: String,
    /// The order's reference, as recorded.
    order_ref: String,
    /// The order's new amount after a partial refund: more than zero and less than the current amount.
    amount: MoneyInput,
    /// Why, 1 to 1,000 characters; told to the creator, not stored.
    reason: String,
}

/// A returned or cancelled order, before its conversion locks.
#[derive(InputObject)]
pub struct ReverseConversionInput {
    /// The collaboration's tracking code.
    tracking_code: String,
    /// The order's reference, as recorded; NOT_FOUND when unknown.
    order_ref: String,
    /// Why, 1 to 1,000 characters; kept as reversalReason.
    reason: String,
}

#[derive(Default)]
pub struct PaymentsMutation;

#[Object]
impl PaymentsMutation {
    /// The collaboration's brand records an order on its tracking code (ACTIVE or COMPLETED
    /// collaborations). The same orderRef again with the same amount returns the conversion
    /// already recorded; with another amount it is CONFLICT.
    async fn record_conversion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order.")] input: RecordConversionInput,
    ) -> AppResult<Conversion> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        Ok(Conversion(
            payments::record_conversion(&s.db, &s.events, &s.config.money, viewer, input.domain())
                .await?,
        ))
    }

    /// The brand marks a CONFIRMED conversion REVERSED (a returned or cancelled order) before it
    /// locks (else CONFLICT); its commission no longer counts.
    async fn reverse_conversion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order.")] input: ReverseConversionInput,
    ) -> AppResult<Conversion> {
        let viewer = viewer(ctx).await?;
        Ok(Conversion(
            payments::reverse_conversion(
                &state(ctx).db,
                &state(ctx).events,
                viewer,
                &input.tracking_code,
                &input.order_ref,
                &input.reason,
            )
            .await?,
        ))
    }

    /// The brand lowers an unlocked conversion's amount after a partial refund of the order; its
    /// commission is recomputed and `originalAmount` keeps the amount first recorded.
    async fn adjust_conversion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The order and its new amount.")] input: AdjustConversionInput,
    ) -> AppResult<Conversion> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        let input = AdjustmentIn {
            tracking_code: input.tracking_code,
            order_ref: input.order_ref,
            amount: input.amount.pair(),
            reason: input.reason,
        };
        Ok(Conversion(
            payments::adjust_conversion(&s.db, &s.events, viewer, input).await?,
        ))
    }

    /// The brand pays the commission of the locked, confirmed conversions not yet settled from its
    /// wallet into the creator's: a COMMISSION payout, PAID. Null when nothing is due.
    async fn settle_commission(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Collaboration, in any status.")] collaboration_id: ID,
    ) -> AppResult<Option<Payout>> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("collaborationId", &collaboration_id, Kind::Collaboration)?;
        Ok(
            payments::settle_commission(&state(ctx).db, &state(ctx).events, viewer, id)
                .await?
                .map(Payout),
        )
    }

    /// Kept for older clients: payouts are PAID when they are made, so this is CONFLICT for them.
    async fn mark_payout_paid(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A PENDING Payout of the brand's.")] payout_id: ID,
        #[graphql(desc = "The payment reference, 1 to 200 characters.")] reference: String,
    ) -> AppResult<Payout> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("payoutId", &payout_id, Kind::Payout)?;
        let s = state(ctx);
        Ok(Payout(
            payments::mark_payout_paid(&s.db, &s.events, viewer, id, &reference).await?,
        ))
    }
}
