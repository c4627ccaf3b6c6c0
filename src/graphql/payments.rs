//! Money in the API: conversions, payouts, a collaboration's earnings and the four mutations.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{
    collaboration, conversion,
    enums::{ConversionStatus, PayoutKind, PayoutStatus},
    payout,
};

use crate::{
    error::{AppError, AppResult},
    graphql::{
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Money, MoneyInput},
    },
    keyset::TimeCursor,
    money::Money as MoneyValue,
    payments::{self, ConversionIn},
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

    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    async fn reversed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reversed_at
    }

    async fn reversal_reason(&self) -> Option<&str> {
        self.0.reversal_reason.as_deref()
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

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.paid_at
    }
}

/// What a collaboration's creator has earned and been paid, in the brief's currency.
#[derive(SimpleObject)]
pub struct Earnings {
    /// The terms' fee once the collaboration is COMPLETED; zero before.
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
    Ok(payments::Earnings::of(c, &terms, commission, &payouts).into())
}

#[derive(InputObject)]
pub struct RecordConversionInput {
    tracking_code: String,
    /// The shop's order reference; recording the same order twice records it once.
    order_ref: String,
    amount: MoneyInput,
    occurred_at: Option<DateTime<Utc>>,
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
        let input = ConversionIn {
            tracking_code: input.tracking_code,
            order_ref: input.order_ref,
            amount: input.amount.pair(),
            occurred_at: input.occurred_at,
        };
        Ok(Conversion(
            payments::record_conversion(&s.db, &s.events, viewer, input).await?,
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

    /// The brand makes a PENDING COMMISSION payout of the confirmed commission that no commission
    /// payout covers yet; null when that is zero or less.
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

    /// The brand records that it paid a PENDING payout, with its payment reference.
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
