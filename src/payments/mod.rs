//! Money of a collaboration: conversions (orders on its tracking code), the commission they earn,
//! payouts, and the earnings they add up to; the fee held for it (`escrow`); and the wallets'
//! way in and out of the marketplace, fundings (`funding`) and withdrawals (`withdrawals`).
//! Every movement of money is a transfer in the `ledger`.
//!
//! Every amount is an integer of minor units in the brief's currency. Commission is fixed per
//! conversion when it is recorded: amount × the accepted offer's rate, rounded half-up to the
//! minor unit in integer arithmetic. A conversion locks `COMMISSION_LOCK` after it is recorded:
//! until then the brand may reverse it or lower its amount (a partial refund); after, its
//! commission is settled from the brand's wallet into the creator's.
//!
//! Every change locks the collaboration's row first (lock order brief → collaboration →
//! conversions and payouts, as in `deals`), so the money operations of one collaboration happen
//! one at a time; the unique index on (collaboration, order reference) and conditional UPDATEs
//! stand behind that.

pub mod escrow;
pub mod funding;
pub mod methods;
pub mod withdrawals;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::{
    collaboration, conversion,
    enums::{
        CollaborationStatus, ConversionStatus, CurrencyCode, LedgerEntryKind, NotificationKind,
        Party, PayoutKind, PayoutStatus, Role, WalletBalance,
    },
    offer, payout,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TryInsertResult, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    config::MoneyRules,
    deals::terms::accepted_offer,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    keyset::{self, Direction, TimeCursor},
    ledger::{self, Account, Transfer},
    livestreams,
    money::Money,
    text,
    tracking::{self, could_be_code, normalize_code},
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
    crate::money::percent_of(amount_minor, rate_bp)
}

/// A conversion as the brand reports it.
#[derive(Debug, Clone)]
pub struct ConversionIn {
    pub tracking_code: String,
    pub order_ref: String,
    pub amount: (Decimal, CurrencyCode),
    pub occurred_at: Option<DateTime<Utc>>,
    /// The livestream session's code (`{trackingCode}-{number}`), when the order names one.
    pub session_code: Option<String>,
}

/// FORBIDDEN unless the viewer is a brand user.
pub(crate) fn require_brand(viewer: &Viewer, action: Msg) -> AppResult<Uuid> {
    viewer.require(Role::Brand, action)?;
    viewer
        .brand_id
        .ok_or_else(|| AppError::forbidden(msg!("no-brand")))
}

/// The collaboration with `code`, locked, if it is the brand's; NOT_FOUND otherwise.
async fn lock_by_code(
    db: &impl ConnectionTrait,
    brand_id: Uuid,
    code: &str,
) -> AppResult<collaboration::Model> {
    // A session's code ("K7MXR4TQ-2") names its collaboration's.
    let code = normalize_code(code);
    let (code, _) = tracking::split_code(&code);
    if !could_be_code(code) {
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

/// Locks the collaborations of `codes` at once, in the order of their IDs, so that two batches
/// naming the same collaborations in other orders wait for each other instead of deadlocking.
/// Whose they are is checked after, order by order (`lock_by_code`).
async fn lock_codes<'a>(
    db: &impl ConnectionTrait,
    codes: impl Iterator<Item = &'a str>,
) -> AppResult<()> {
    let mut codes: Vec<String> = codes
        .map(|code| tracking::split_code(&normalize_code(code)).0.to_owned())
        .filter(|c| could_be_code(c))
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Ok(());
    }
    collaboration::Entity::find()
        .select_only()
        .column(collaboration::Column::Id)
        .filter(collaboration::Column::TrackingCode.is_in(codes))
        .order_by_asc(collaboration::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    Ok(())
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

/// `completeCollaboration` pays the creator the terms' fee: the held fee is released
/// (`escrow::release`). A collaboration accepted before fees were held (nothing in escrow) owes it
/// the way it did then, as a PENDING payout the brand marks paid.
pub async fn pay_fee(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    fee: i64,
    currency: CurrencyCode,
) -> AppResult<()> {
    if escrow::release(db, c, currency).await?.is_some() || fee <= 0 {
        return Ok(());
    }
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

/// The same order again: the existing conversion when the amount is the same, else CONFLICT.
fn same_order(
    existing: conversion::Model,
    amount_minor: i64,
    at: &str,
) -> AppResult<conversion::Model> {
    if existing.amount_minor == amount_minor {
        Ok(existing)
    } else {
        Err(AppError::conflict_on(
            format!("{at}.orderRef"),
            msg!("order-recorded-with-another-amount"),
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

/// The livestream session an order names, by its tracking code's suffix ("K7MXR4TQ-2") or its
/// `sessionCode`; both given must agree. BAD_USER_INPUT on `sessionCode` when it is not a session
/// code of the order's collaboration.
async fn session_of(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    input: &ConversionIn,
    at: &str,
) -> AppResult<Option<Uuid>> {
    let code = normalize_code(&input.tracking_code);
    let mut number = tracking::split_code(&code).1;
    if let Some(raw) = &input.session_code {
        let session = normalize_code(raw);
        match tracking::split_code(&session) {
            (base, Some(n)) if base == c.tracking_code && number.is_none_or(|m| m == n) => {
                number = Some(n);
            }
            _ => {
                return Err(AppError::bad_input(
                    format!("{at}.sessionCode"),
                    msg!("livestream-session-code", code = c.tracking_code.clone()),
                ));
            }
        }
    }
    match number {
        Some(n) => Ok(Some(livestreams::session_of_order(db, c, n).await?)),
        None => Ok(None),
    }
}

/// `recordConversion`: the collaboration's brand reports an order on its tracking code, while the
/// collaboration is ACTIVE or COMPLETED. Recording an order again with the same amount returns
/// the conversion recorded first (and tells nobody again); with another amount it is CONFLICT.
pub async fn record_conversion(
    db: &DatabaseConnection,
    bus: &EventBus,
    rules: &MoneyRules,
    viewer: &Viewer,
    input: ConversionIn,
) -> AppResult<conversion::Model> {
    require_brand(viewer, msg!("action-record-conversions"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let saved = record_in(&mut work, rules, input, "input").await?;
    livestreams::conversions_changed(work.db(), std::slice::from_ref(&saved)).await?;
    work.commit().await?;
    Ok(saved)
}

/// `recordConversions`: each order as [`record_conversion`] records it, in one transaction: all
/// of them, or none and the first error, naming its input (`inputs.3.amount.amount`).
pub async fn record_conversions(
    db: &DatabaseConnection,
    bus: &EventBus,
    rules: &MoneyRules,
    viewer: &Viewer,
    inputs: Vec<ConversionIn>,
) -> AppResult<Vec<conversion::Model>> {
    require_brand(viewer, msg!("action-record-conversions"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    lock_codes(work.db(), inputs.iter().map(|i| i.tracking_code.as_str())).await?;
    let mut saved = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.into_iter().enumerate() {
        let at = format!("inputs.{i}");
        saved.push(
            record_in(&mut work, rules, input, &at)
                .await
                .map_err(|e| e.within(&at))?,
        );
    }
    livestreams::conversions_changed(work.db(), &saved).await?;
    work.commit().await?;
    Ok(saved)
}

/// Records one order inside `work`; `at` is where its input is (`input`, `inputs.3`), for the
/// errors' fields.
async fn record_in(
    work: &mut Work<'_>,
    rules: &MoneyRules,
    input: ConversionIn,
    at: &str,
) -> AppResult<conversion::Model> {
    let brand_id = require_brand(work.viewer, msg!("action-record-conversions"))?;
    let order_ref = text::required(&format!("{at}.orderRef"), &input.order_ref, MAX_ORDER_REF)?;
    let now = clock::now();
    let occurred_at = match input.occurred_at {
        None => now,
        Some(when) if when > now + Duration::minutes(CLOCK_SKEW_MINUTES) => {
            return Err(AppError::bad_input(
                format!("{at}.occurredAt"),
                msg!("must-not-be-future"),
            ));
        }
        Some(when) => when.trunc_subsecs(6),
    };

    let txn = work.db();
    let c = lock_by_code(txn, brand_id, &input.tracking_code).await?;
    let session_id = session_of(txn, &c, &input, at).await?;
    let deal = Deal::of_collaboration(&c);
    let b = work.parties(deal).await?.brief.clone();
    let txn = work.db();
    let (amount, currency) = input.amount;
    if currency != b.currency {
        return Err(AppError::bad_input(
            format!("{at}.amount.currency"),
            msg!("brief-currency", currency = b.currency.as_str()),
        ));
    }
    let amount = Money::parse(&format!("{at}.amount.amount"), amount, currency)?;
    if amount.minor <= 0 {
        return Err(AppError::bad_input(
            format!("{at}.amount.amount"),
            msg!("must-be-positive"),
        ));
    }
    // A retry of a recorded order gets the same answer, whatever happened to the deal since.
    if let Some(existing) = find_order(txn, c.id, &order_ref).await? {
        return same_order(existing, amount.minor, at);
    }
    if !matches!(
        c.status,
        CollaborationStatus::Active | CollaborationStatus::Completed
    ) {
        return Err(AppError::conflict(msg!(
            "collaboration-takes-no-conversions",
            status = c.status.as_str()
        )));
    }

    let commission_minor = commission(amount.minor, rate_of(txn, &c).await?);
    let row = conversion::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        order_ref: Set(order_ref.clone()),
        amount_minor: Set(amount.minor),
        original_amount_minor: Set(None),
        commission_minor: Set(commission_minor),
        currency: Set(currency),
        status: Set(ConversionStatus::Confirmed),
        occurred_at: Set(occurred_at),
        reversed_at: Set(None),
        reversal_reason: Set(None),
        payout_id: Set(None),
        livestream_session_id: Set(session_id),
        created_at: Set(now),
        locks_at: Set(now + rules.commission_lock),
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
        return same_order(saved, amount.minor, at);
    }

    work.tell_about(
        deal,
        Party::Creator,
        NotificationKind::ConversionRecorded,
        |it| {
            let brand = it.name(Party::Brand);
            let (title, amount) = (it.title(), Money::new(amount.minor, currency));
            // A fixed-fee deal earns nothing per order: no "0 VND commission".
            if commission_minor == 0 {
                msg!(
                    "notice-conversion-recorded",
                    brand = brand,
                    order = order_ref,
                    amount = amount,
                    title = title
                )
            } else {
                msg!(
                    "notice-conversion-recorded-with-commission",
                    brand = brand,
                    order = order_ref,
                    amount = amount,
                    title = title,
                    commission = Money::new(commission_minor, currency)
                )
            }
        },
    )
    .await?;
    Ok(saved)
}

/// A conversion of the brand's collaboration `c` that may still change: CONFIRMED and not yet
/// locked. NOT_FOUND for an unknown order; CONFLICT otherwise.
async fn changeable(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    order_ref: &str,
) -> AppResult<conversion::Model> {
    let existing = find_order(db, c.id, order_ref)
        .await?
        .ok_or_else(|| AppError::not_found("conversion"))?;
    if existing.status != ConversionStatus::Confirmed {
        return Err(AppError::conflict(msg!("conversion-reversed-already")));
    }
    if is_locked(&existing, clock::now()) {
        return Err(AppError::conflict(msg!(
            "conversion-locked",
            at = clock::format(existing.locks_at)
        )));
    }
    Ok(existing)
}

/// Whether the conversion is locked at `now`: no longer reversible or adjustable, settleable.
pub fn is_locked(c: &conversion::Model, now: DateTime<Utc>) -> bool {
    c.locks_at <= now
}

/// `reverseConversion`: the brand marks a CONFIRMED conversion REVERSED (a returned or cancelled
/// order) before it locks; its commission stops counting and the creator is told. CONFLICT when
/// already reversed or locked.
pub async fn reverse_conversion(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    tracking_code: &str,
    order_ref: &str,
    reason: &str,
) -> AppResult<conversion::Model> {
    let brand_id = require_brand(viewer, msg!("action-reverse-conversions"))?;
    let order_ref = text::required("input.orderRef", order_ref, MAX_ORDER_REF)?;
    let reason = text::required("input.reason", reason, MAX_REVERSAL_REASON)?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let c = lock_by_code(work.db(), brand_id, tracking_code).await?;
    let existing = changeable(work.db(), &c, &order_ref).await?;
    work.set(
        conversion::Entity::update_many()
            .col_expr(
                conversion::Column::Status,
                Expr::value(ConversionStatus::Reversed.as_str()),
            )
            .col_expr(conversion::Column::ReversedAt, Expr::value(clock::now()))
            .col_expr(
                conversion::Column::ReversalReason,
                Expr::value(reason.clone()),
            )
            .filter(conversion::Column::Id.eq(existing.id))
            .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed)),
        msg!("conversion-reversed-already"),
    )
    .await?;
    let saved = reload_conversion(work.db(), existing.id).await?;
    livestreams::conversions_changed(work.db(), std::slice::from_ref(&saved)).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Creator,
        NotificationKind::ConversionReversed,
        |it| {
            msg!(
                "notice-conversion-reversed",
                brand = it.name(Party::Brand),
                order = order_ref,
                title = it.title(),
                reason = reason,
                commission = Money::new(saved.commission_minor, saved.currency)
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(saved)
}

/// A partial refund, as the brand reports it.
#[derive(Debug, Clone)]
pub struct AdjustmentIn {
    pub tracking_code: String,
    pub order_ref: String,
    pub amount: (Decimal, CurrencyCode),
    pub reason: String,
}

/// `adjustConversion`: the brand lowers a CONFIRMED, unlocked conversion's amount after a partial
/// refund: more than zero and less than the current amount. The commission is recomputed at the
/// terms' rate (half-up); `original_amount_minor` keeps the amount first recorded. The creator is
/// told.
pub async fn adjust_conversion(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    input: AdjustmentIn,
) -> AppResult<conversion::Model> {
    let brand_id = require_brand(viewer, msg!("action-adjust-conversions"))?;
    let order_ref = text::required("input.orderRef", &input.order_ref, MAX_ORDER_REF)?;
    let reason = text::required("input.reason", &input.reason, MAX_REVERSAL_REASON)?;
    let (amount, currency) = input.amount;
    let amount = Money::parse("input.amount.amount", amount, currency)?;
    if amount.minor <= 0 {
        return Err(AppError::bad_input(
            "input.amount.amount",
            msg!("adjustment-positive"),
        ));
    }
    let mut work = Work::begin(db, bus, viewer).await?;
    let c = lock_by_code(work.db(), brand_id, &input.tracking_code).await?;
    let existing = changeable(work.db(), &c, &order_ref).await?;
    if currency != existing.currency {
        return Err(AppError::bad_input(
            "input.amount.currency",
            msg!("order-currency", currency = existing.currency.as_str()),
        ));
    }
    if amount.minor >= existing.amount_minor {
        return Err(AppError::bad_input(
            "input.amount.amount",
            msg!(
                "below-order-amount",
                amount = Money::new(existing.amount_minor, currency)
            ),
        ));
    }
    let commission_minor = commission(amount.minor, rate_of(work.db(), &c).await?);
    work.set(
        conversion::Entity::update_many()
            .col_expr(conversion::Column::AmountMinor, Expr::value(amount.minor))
            .col_expr(
                conversion::Column::CommissionMinor,
                Expr::value(commission_minor),
            )
            .col_expr(
                conversion::Column::OriginalAmountMinor,
                Expr::value(
                    existing
                        .original_amount_minor
                        .unwrap_or(existing.amount_minor),
                ),
            )
            .filter(conversion::Column::Id.eq(existing.id))
            .filter(conversion::Column::AmountMinor.eq(existing.amount_minor))
            .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed)),
        msg!("changed-meanwhile", what = "conversion"),
    )
    .await?;
    let saved = reload_conversion(work.db(), existing.id).await?;
    livestreams::conversions_changed(work.db(), std::slice::from_ref(&saved)).await?;
    work.tell_about(
        Deal::of_collaboration(&c),
        Party::Creator,
        NotificationKind::ConversionAdjusted,
        |it| {
            msg!(
                "notice-conversion-adjusted",
                brand = it.name(Party::Brand),
                order = order_ref,
                title = it.title(),
                from = Money::new(existing.amount_minor, currency),
                to = Money::new(amount.minor, currency),
                reason = reason,
                commission = Money::new(commission_minor, currency)
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(saved)
}

async fn reload_conversion(db: &impl ConnectionTrait, id: Uuid) -> AppResult<conversion::Model> {
    conversion::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("a conversion vanished in its transaction"))
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

/// `settleCommission`: the brand pays the commission of the collaboration's locked, CONFIRMED
/// conversions that no settlement covered yet, from its available balance into the creator's
/// wallet (COMMISSION), recorded as a COMMISSION payout, PAID. None when nothing is due;
/// INSUFFICIENT_FUNDS when the brand has less available than is due. The collaboration's row lock
/// makes two settlements run one after the other, so each conversion is paid once.
pub async fn settle_commission(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
) -> AppResult<Option<payout::Model>> {
    let brand_id = require_brand(viewer, msg!("action-settle-commission"))?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let c = lock_by_id(work.db(), brand_id, collaboration_id).await?;
    let now = clock::now();
    // What this settlement covers: summed, then stamped with its payout, under the row lock.
    let due_rows = Condition::all()
        .add(conversion::Column::CollaborationId.eq(c.id))
        .add(conversion::Column::Status.eq(ConversionStatus::Confirmed))
        .add(conversion::Column::PayoutId.is_null())
        .add(conversion::Column::LocksAt.lte(now));
    let due = sum(
        work.db(),
        conversion::Entity::find().filter(due_rows.clone()),
        "commission_minor",
    )
    .await?;
    if due <= 0 {
        return Ok(None);
    }
    let deal = Deal::of_collaboration(&c);
    let currency = work.parties(deal).await?.brief.currency;
    let posted = ledger::post(
        work.db(),
        Transfer::new(LedgerEntryKind::Commission, currency)
            .on(c.id)
            .memo(format!("commission for collaboration {}", c.tracking_code))
            .moving(
                due,
                (Account::brand(c.brand_id), WalletBalance::Available),
                (Account::creator(c.creator_id), WalletBalance::Available),
            ),
    )
    .await?;
    let p = escrow::paid_payout(
        work.db(),
        &c,
        PayoutKind::Commission,
        due,
        currency,
        posted.transfer.id,
    )
    .await?;
    conversion::Entity::update_many()
        .col_expr(conversion::Column::PayoutId, Expr::value(p.id))
        .filter(due_rows)
        .exec(work.db())
        .await?;
    work.tell_about(
        deal,
        Party::Creator,
        NotificationKind::CommissionSettled,
        |it| {
            msg!(
                "notice-commission-settled",
                brand = it.name(Party::Brand),
                amount = Money::new(due, currency),
                title = it.title()
            )
        },
    )
    .await?;
    work.commit().await?;
    Ok(Some(p))
}

/// `markPayoutPaid`, kept for older clients: payouts are PAID when they are made now, so a payout
/// is CONFLICT. Only a fee owed by a collaboration accepted before fees were held is PENDING; the
/// brand records its payment reference here.
pub async fn mark_payout_paid(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    payout_id: Uuid,
    reference: &str,
) -> AppResult<payout::Model> {
    let brand_id = require_brand(viewer, msg!("action-mark-payouts-paid"))?;
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
        msg!("payout-paid-already"),
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
            msg!(
                "notice-payout-paid",
                brand = it.name(Party::Brand),
                amount = Money::new(p.amount_minor, p.currency),
                title = it.title(),
                reference = reference
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
    /// The fee released from escrow plus any kill fee; for a collaboration accepted before fees
    /// were held, the terms' fee once COMPLETED.
    pub fee: i64,
    /// Commission on CONFIRMED conversions.
    pub commission: i64,
    pub total: i64,
    /// Sum of PAID payouts, fee and commission alike.
    pub paid: i64,
    /// `total − paid`.
    pub outstanding: i64,
}

impl Earnings {
    pub fn of(
        c: &collaboration::Model,
        terms: &offer::Model,
        confirmed_commission: i64,
        payouts: &[payout::Model],
        escrow: Option<escrow::Escrow>,
    ) -> Self {
        let fee = match escrow {
            Some(e) => e.released + e.kill_fee,
            None if c.status == CollaborationStatus::Completed => terms.fee_minor.unwrap_or(0),
            None => 0,
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
