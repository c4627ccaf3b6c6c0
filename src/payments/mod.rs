//! Money of a collaboration: conversions (orders on its tracking code), the commission they earn,
//! payouts, and the earnings they add up to.
//!
//! Every amount is an integer of minor units in the brief's currency. Commission is fixed per
//! conversion when it is recorded: amount × the accepted offer's rate, rounded half-up to the
//! minor unit in integer arithmetic.
//!
//! Every change locks the collaboration's row first (lock order brief → collaboration →
//! conversions and payouts, as in `deals`), so the money operations of one collaboration happen
//! one at a time; the unique index on (collaboration, order reference) and conditional UPDATEs
//! stand behind that.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::{
    collaboration, conversion,
    enums::{
        CollaborationStatus, ConversionStatus, CurrencyCode, NotificationKind, Party, PayoutKind,
        PayoutStatus, Role,
    },
    offer, payout,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TryInsertResult, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    deals::terms::accepted_offer,
    error::{AppError, AppResult},
    events::EventBus,
    keyset::{self, Direction, TimeCursor},
    money::Money,
    text,
    tracking::{could_be_code, normalize_code},
    work::{Deal, Work},
};

/// Longest order reference (the column's length).
pub const MAX_ORDER_REF: usize = 100;
/// Longest reversal reason.
pub const MAX_REVERSAL_REASON: usize = 1_000;
/// Longest payment reference (the column's length).
pub const MAX_PAYMENT_REFERENCE: usize = 200;
/// How far in the future an order's time may be, for clocks that disagree a little.
const CLOCK_SKEW_MINUTES: i64 = 5;

/// `amount × rate_bp / 10,000`, rounded half-up to the minor unit, exactly.
pub fn commission(amount_minor: i64, rate_bp: i32) -> i64 {
    let product = i128::from(amount_minor) * i128::from(rate_bp);
    let rounded = (product + 5_000).div_euclid(10_000);
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// A conversion as the brand reports it.
#[derive(Debug, Clone)]
pub struct ConversionIn {
    pub tracking_code: String,
    pub order_ref: String,
    pub amount: (Decimal, CurrencyCode),
    pub occurred_at: Option<DateTime<Utc>>,
}

/// FORBIDDEN unless the viewer is a brand user.
fn require_brand(viewer: &Viewer, action: &'static str) -> AppResult<Uuid> {
    viewer.require(Role::Brand, action)?;
    viewer
        .brand_id
        .ok_or_else(|| AppError::forbidden("this user has no brand"))
}

/// The collaboration with `code`, locked, if it is the brand's; NOT_FOUND otherwise.
async fn lock_by_code(
    db: &impl ConnectionTrait,
    brand_id: Uuid,
    code: &str,
) -> AppResult<collaboration::Model> {
    let code = normalize_code(code);
    if !could_be_code(&code) {
        return Err(AppError::not_found("collaboration"));
    }
    collaboration::Entity::find()
        .filter(collaboration::Column::TrackingCode.eq(code))
        .lock_exclusive()
        .one(db)
        .await?
        .filter(|c| c.brand_id == brand_id)
        .ok_or_else(|| AppError::not_found("collaboration"))
}

/// The collaboration `id`, locked, if it is the brand's; NOT_FOUND otherwise.
async fn lock_by_id(
    db: &impl ConnectionTrait,
    brand_id: Uuid,
    id: Uuid,
) -> AppResult<collaboration::Model> {
    collaboration::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .filter(|c| c.brand_id == brand_id)
        .ok_or_else(|| AppError::not_found("collaboration"))
}

/// The commission rate of the collaboration's accepted offer, in basis points; zero without one.
async fn rate_of(db: &impl ConnectionTrait, c: &collaboration::Model) -> AppResult<i32> {
    Ok(accepted_offer(db, c).await?.commission_rate_bp.unwrap_or(0))
}

/// A fee payout of `fee` for collaboration `c`, PENDING until the brand pays it: what
/// `completeCollaboration` owes the creator under fixed-fee terms.
pub async fn owe_fee(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    fee: i64,
    currency: CurrencyCode,
) -> AppResult<()> {
    sea_orm::ActiveModelTrait::insert(
        payout::ActiveModel {
            id: Set(Uuid::new_v4()),
            collaboration_id: Set(c.id),
            kind: Set(PayoutKind::Fee),
            amount_minor: Set(fee),
            currency: Set(currency),
            status: Set(PayoutStatus::Pending),
            reference: Set(None),
            created_at: Set(clock::now()),
            paid_at: Set(None),
        },
        db,
    )
    .await?;
    Ok(())
}

fn show(minor: i64, currency: CurrencyCode) -> String {
    format!(
        "{} {}",
        Money::new(minor, currency).amount(),
        currency.as_str()
    )
}

/// The same order again: the existing conversion when the amount is the same, else CONFLICT.
fn same_order(existing: conversion::Model, amount_minor: i64) -> AppResult<conversion::Model> {
    if existing.amount_minor == amount_minor {
        Ok(existing)
    } else {
        Err(AppError::conflict_on(
            "input.orderRef",
            "this order was already recorded with another amount",
        ))
    }
}

async fn find_order(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
    order_ref: &str,
) -> AppResult<Option<conversion::Model>> {
    Ok(conversion::Entity::find()
        .filter(conversion::Column::CollaborationId.eq(collaboration_id))
        .filter(conversion::Column::OrderRef.eq(order_ref))
        .one(db)
        .await?)
}

/// `recordConversion`: the collaboration's brand reports an order on its tracking code, while the
/// collaboration is ACTIVE or COMPLETED. Recording an order again with the same amount returns
/// the conversion recorded first (and tells nobody again); with another amount it is CONFLICT.
pub async fn record_conversion(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    input: ConversionIn,
) -> AppResult<conversion::Model> {
    let brand_id = require_brand(viewer, "record conversions")?;
    let order_ref = text::required("input.orderRef", &input.order_ref, MAX_ORDER_REF)?;
    let now = clock::now();
    let occurred_at = match input.occurred_at {
        None => now,
        Some(at) if at > now + Duration::minutes(CLOCK_SKEW_MINUTES) => {
            return Err(AppError::bad_input(
                "input.occurredAt",
                "must not be in the future",
            ));
        }
        Some(at) => at.trunc_subsecs(6),
    };

    let mut work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let c = lock_by_code(txn, brand_id, &input.tracking_code).await?;
    let deal = Deal::of_collaboration(&c);
    let b = work.parties(deal).await?.brief.clone();
    let txn = work.db();
    let (amount, currency) = input.amount;
    if currency != b.currency {
        return Err(AppError::bad_input(
            "input.amount.currency",
            format!("must be the brief's currency, {}", b.currency.as_str()),
        ));
    }
    let amount = Money::parse("input.amount.amount", amount, currency)?;
    if amount.minor <= 0 {
        return Err(AppError::bad_input(
            "input.amount.amount",
            "must be positive",
        ));
    }
    // A retry of a recorded order gets the same answer, whatever happened to the deal since.
    if let Some(existing) = find_order(txn, c.id, &order_ref).await? {
        return same_order(existing, amount.minor);
    }
    if !matches!(
        c.status,
        CollaborationStatus::Active | CollaborationStatus::Completed
    ) {
        return Err(AppError::conflict(format!(
            "a {} collaboration takes no conversions",
            c.status.as_str()
        )));
    }

    let commission_minor = commission(amount.minor, rate_of(txn, &c).await?);
    let row = conversion::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        order_ref: Set(order_ref.clone()),
        amount_minor: Set(amount.minor),
        commission_minor: Set(commission_minor),
        currency: Set(currency),
        status: Set(ConversionStatus::Confirmed),
        occurred_at: Set(occurred_at),
        reversed_at: Set(None),
        reversal_reason: Set(None),
        payout_id: Set(None),
        created_at: Set(now),
    };
    // The row lock already orders writers; the unique index settles anything that gets past it
    // without aborting the transaction (which a failed INSERT would do on PostgreSQL).
    let inserted = conversion::Entity::insert(row)
        .on_conflict_do_nothing_on([
            conversion::Column::CollaborationId,
            conversion::Column::OrderRef,
        ])
        .exec_without_returning(txn)
        .await?;
    let fresh = matches!(inserted, TryInsertResult::Inserted(1));
    let saved = find_order(txn, c.id, &order_ref)
        .await?
        .ok_or_else(|| AppError::internal("a conversion neither inserted nor found"))?;
    if !fresh {
        return same_order(saved, amount.minor);
    }

    work.tell_about(
        deal,
        Party::Creator,
        NotificationKind::ConversionRecorded,
        |it| {
            let order = format!(
                "{} recorded order {order_ref} of {} on “{}”",
                it.name(Party::Brand),
                show(amount.minor, currency),
                it.title()
            );
            // A fixed-fee deal earns nothing per order: no "0 VND commission".
            if commission_minor == 0 {
                order
            } else {
                format!("{order}: {} commission", show(commission_minor, currency))
            }
        },
    )
    .await?;
    work.commit().await?;
    Ok(saved)
}

/// `reverseConversion`: the brand marks a CONFIRMED conversion REVERSED (a returned or cancelled
/// order). Its commission stops counting; if a commission payout already covered it, the next
/// settlement is smaller by it (see `settle_commission`). CONFLICT when already reversed.
pub async fn reverse_conversion(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    tracking_code: &str,
    order_ref: &str,
    reason: &str,
) -> AppResult<conversion::Model> {
    let brand_id = require_brand(viewer, "reverse conversions")?;
    let order_ref = text::required("input.orderRef", order_ref, MAX_ORDER_REF)?;
    let reason = text::required("input.reason", reason, MAX_REVERSAL_REASON)?;
    let work = Work::begin(db, bus, viewer).await?;
    let c = lock_by_code(work.db(), brand_id, tracking_code).await?;
    let existing = find_order(work.db(), c.id, &order_ref)
        .await?
        .ok_or_else(|| AppError::not_found("conversion"))?;
    work.set(
        conversion::Entity::update_many()
            .col_expr(
                conversion::Column::Status,
                Expr::value(ConversionStatus::Reversed.as_str()),
            )
            .col_expr(conversion::Column::ReversedAt, Expr::value(clock::now()))
            .col_expr(conversion::Column::ReversalReason, Expr::value(reason))
            .filter(conversion::Column::Id.eq(existing.id))
            .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed)),
        "the conversion is already reversed",
    )
    .await?;
    let saved = conversion::Entity::find_by_id(existing.id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a reversed conversion vanished"))?;
    work.commit().await?;
    Ok(saved)
}

/// `SUM(column)` over `q` as a BIGINT (PostgreSQL's SUM of bigint is numeric), zero for no rows.
async fn sum<E: EntityTrait>(
    db: &impl ConnectionTrait,
    q: sea_orm::Select<E>,
    column: &str,
) -> AppResult<i64> {
    Ok(q.select_only()
        .column_as(
            Expr::cust(format!("CAST(COALESCE(SUM({column}), 0) AS BIGINT)")),
            "total",
        )
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// Commission of a collaboration's CONFIRMED conversions.
pub async fn confirmed_commission(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<i64> {
    sum(
        db,
        conversion::Entity::find()
            .filter(conversion::Column::CollaborationId.eq(collaboration_id))
            .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed)),
        "commission_minor",
    )
    .await
}

/// `settleCommission`: the brand turns the confirmed commission that no commission payout covers
/// yet into a PENDING COMMISSION payout, and marks the conversions it settles. Due = confirmed
/// commission − every commission payout so far (so a settled conversion reversed later is taken
/// off the next payout). None when that is zero or less.
pub async fn settle_commission(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
) -> AppResult<Option<payout::Model>> {
    let brand_id = require_brand(viewer, "settle commission")?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let c = lock_by_id(work.db(), brand_id, collaboration_id).await?;
    let confirmed = confirmed_commission(work.db(), c.id).await?;
    let settled = sum(
        work.db(),
        payout::Entity::find()
            .filter(payout::Column::CollaborationId.eq(c.id))
            .filter(payout::Column::Kind.eq(PayoutKind::Commission)),
        "amount_minor",
    )
    .await?;
    let due = confirmed - settled;
    if due <= 0 {
        return Ok(None);
    }
    let currency = work
        .parties(Deal::of_collaboration(&c))
        .await?
        .brief
        .currency;
    let txn = work.db();
    let p = payout::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        kind: Set(PayoutKind::Commission),
        amount_minor: Set(due),
        currency: Set(currency),
        status: Set(PayoutStatus::Pending),
        reference: Set(None),
        created_at: Set(clock::now()),
        paid_at: Set(None),
    };
    let p = sea_orm::ActiveModelTrait::insert(p, txn).await?;
    conversion::Entity::update_many()
        .col_expr(conversion::Column::PayoutId, Expr::value(p.id))
        .filter(conversion::Column::CollaborationId.eq(c.id))
        .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed))
        .filter(conversion::Column::PayoutId.is_null())
        .exec(txn)
        .await?;
    work.commit().await?;
    Ok(Some(p))
}

/// `markPayoutPaid`: the brand records that it paid a PENDING payout, with its payment reference.
/// CONFLICT when it is already PAID.
pub async fn mark_payout_paid(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    payout_id: Uuid,
    reference: &str,
) -> AppResult<payout::Model> {
    let brand_id = require_brand(viewer, "mark payouts paid")?;
    let reference = text::required("reference", reference, MAX_PAYMENT_REFERENCE)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let found = payout::Entity::find_by_id(payout_id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::not_found("payout"))?;
    let c = lock_by_id(work.db(), brand_id, found.collaboration_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::not_found("payout"),
            e => e,
        })?;
    work.set(
        payout::Entity::update_many()
            .col_expr(
                payout::Column::Status,
                Expr::value(PayoutStatus::Paid.as_str()),
            )
            .col_expr(payout::Column::Reference, Expr::value(reference.clone()))
            .col_expr(payout::Column::PaidAt, Expr::value(clock::now()))
            .filter(payout::Column::Id.eq(found.id))
            .filter(payout::Column::Status.eq(PayoutStatus::Pending)),
        "the payout is already paid",
    )
    .await?;
    let p = payout::Entity::find_by_id(found.id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a paid payout vanished"))?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Creator,
        NotificationKind::PayoutPaid,
        |it| {
            format!(
                "{} paid {} for “{}” (reference {reference})",
                it.name(Party::Brand),
                show(p.amount_minor, p.currency),
                it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(p)
}

/// A page of a collaboration's conversions, newest order first.
pub async fn conversions(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
    cursor: Option<TimeCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<conversion::Model>, i64)> {
    let q =
        conversion::Entity::find().filter(conversion::Column::CollaborationId.eq(collaboration_id));
    keyset::fetch(
        db,
        q,
        conversion::Column::OccurredAt,
        conversion::Column::Id,
        Direction::NewestFirst,
        keyset::Window {
            after: cursor,
            limit,
            count: want_total,
        },
    )
    .await
}

/// A collaboration's payouts, oldest first.
pub async fn payouts(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Vec<payout::Model>> {
    Ok(payout::Entity::find()
        .filter(payout::Column::CollaborationId.eq(collaboration_id))
        .order_by_asc(payout::Column::CreatedAt)
        .order_by_asc(payout::Column::Id)
        .all(db)
        .await?)
}

/// What a collaboration's creator has earned and been paid, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Earnings {
    pub currency: CurrencyCode,
    /// The terms' fee once COMPLETED; zero before (and for a cancelled collaboration).
    pub fee: i64,
    /// Commission on CONFIRMED conversions.
    pub commission: i64,
    pub total: i64,
    /// Sum of PAID payouts, fee and commission alike.
    pub paid: i64,
    /// `total − paid`; negative when reversals came after the commission was paid out.
    pub outstanding: i64,
}

impl Earnings {
    pub fn of(
        c: &collaboration::Model,
        terms: &offer::Model,
        confirmed_commission: i64,
        payouts: &[payout::Model],
    ) -> Self {
        let fee = if c.status == CollaborationStatus::Completed {
            terms.fee_minor.unwrap_or(0)
        } else {
            0
        };
        let paid = payouts
            .iter()
            .filter(|p| p.status == PayoutStatus::Paid)
            .map(|p| p.amount_minor)
            .sum::<i64>();
        let total = fee + confirmed_commission;
        Self {
            currency: terms.currency,
            fee,
            commission: confirmed_commission,
            total,
            paid,
            outstanding: total - paid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::commission;

    #[test]
    fn commission_rounds_half_up_to_the_minor_unit() {
        // 12.5% of 1,004 đồng = 125.5 → 126.
        assert_eq!(commission(1_004, 1_250), 126);
        // 7.5% of USD 10.10 = 0.7575 → 0.76.
        assert_eq!(commission(1_010, 750), 76);
        assert_eq!(commission(1_000, 1_250), 125);
        assert_eq!(commission(15, 1_250), 2);
        assert_eq!(commission(3, 1_250), 0);
        assert_eq!(commission(4, 1_250), 1);
        assert_eq!(commission(123, 0), 0);
        assert_eq!(
            commission(1_000_000_000_000_000, 10_000),
            1_000_000_000_000_000
        );
    }
}
