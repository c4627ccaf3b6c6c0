//! Money in the API: conversions, payouts, a collaboration's earnings and the four mutations.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{
    collaboration, conversion,
    enums::{ConversionStatus, PayoutKind, PayoutStatus},
    payout,
};

use crate::{
    clock,
    error::{AppError, AppResult},
    graphql::{
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Money, MoneyInput},
        wallets::Escrow,
    },
    keyset::TimeCursor,
    money::Money as MoneyValue,
    payments::{self, AdjustmentIn, ConversionIn},
};

/// An order attributed to a collaboration through its tracking code.
pub struct Conversion(pub conversion::Model);

#[Object]
impl Conversion {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Conversion, self.0.id)
    }

    /// The shop's order reference.
    async fn order_ref(&self) -> &str {
        &self.0.order_ref
    }

    async fn amount(&self) -> Money {
        MoneyValue::new(self.0.amount_minor, self.0.currency).into()
    }

    /// The creator's commission on this order: amount × the terms' rate, rounded half-up to the
    /// currency's minor unit.
    async fn commission(&self) -> Money {
        MoneyValue::new(self.0.commission_minor, self.0.currency).into()
    }

    async fn status(&self) -> ConversionStatus {
        self.0.status
    }

    async fn occurred_at(&self) -> Time {
        self.0.occurred_at.into()
    }

    async fn reversed_at(&self) -> Option<Time> {
        self.0.reversed_at.map(Time)
    }

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

    async fn locked(&self) -> bool {
        payments::is_locked(&self.0, clock::now())
    }
}

/// Money owed to a collaboration's creator: its fee, or settled commission.
pub struct Payout(pub payout::Model);

#[Object]
impl Payout {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Payout, self.0.id)
    }

    async fn kind(&self) -> PayoutKind {
        self.0.kind
    }

    async fn amount(&self) -> Money {
        MoneyValue::new(self.0.amount_minor, self.0.currency).into()
    }

    async fn status(&self) -> PayoutStatus {
        self.0.status
    }

    /// The brand's payment reference, once paid.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

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

#[derive(InputObject)]
pub struct RecordConversionInput {
    tracking_code: String,
    /// The shop's order reference; recording the same order twice records it once.
    order_ref: String,
    amount: MoneyInput,
    occurred_at: Option<Time>,
}

impl RecordConversionInput {
    pub fn domain(self) -> ConversionIn {
        ConversionIn {
            tracking_code: self.tracking_code,
            order_ref: self.order_ref,
            amount: self.amount.pair(),
            occurred_at: self.occurred_at.map(Into::into),
        }
    }
}

#[derive(InputObject)]
pub struct AdjustConversionInput {
    tracking_code: String,
    order_ref: String,
    /// The order's new amount after a partial refund: more than zero and less than the current amount.
    amount: MoneyInput,
    reason: String,
}

#[derive(InputObject)]
pub struct ReverseConversionInput {
    tracking_code: String,
    order_ref: String,
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
        input: RecordConversionInput,
    ) -> AppResult<Conversion> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        Ok(Conversion(
            payments::record_conversion(&s.db, &s.events, &s.config.money, viewer, input.domain())
                .await?,
        ))
    }

    /// The brand marks a conversion REVERSED (a returned or cancelled order); its commission no
    /// longer counts.
    async fn reverse_conversion(
        &self,
        ctx: &Context<'_>,
        input: ReverseConversionInput,
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
        input: AdjustConversionInput,
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
        collaboration_id: ID,
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
        payout_id: ID,
        reference: String,
    ) -> AppResult<Payout> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("payoutId", &payout_id, Kind::Payout)?;
        let s = state(ctx);
        Ok(Payout(
            payments::mark_payout_paid(&s.db, &s.events, viewer, id, &reference).await?,
        ))
    }
}
