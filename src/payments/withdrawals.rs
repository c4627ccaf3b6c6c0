//! A creator's way out of the marketplace: payout methods (at most 5), and withdrawals to them.
//!
//! A withdrawal takes the money out of the creator's wallet when it is requested (WITHDRAWAL,
//! into the marketplace's bank account), so the same money cannot be withdrawn twice, however
//! many requests race. An admin then sends it and marks it PAID, or records that the transfer
//! failed: FAILED, and the money comes back (WITHDRAWAL_RETURNED).

use entity::{
    creator_profile,
    enums::{
        CurrencyCode, LedgerEntryKind, NotificationKind, PayoutMethodKind, Role, WalletBalance,
        WithdrawalStatus,
    },
    payout_method, withdrawal,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    clock,
    config::MoneyRules,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    keyset::{self, Direction},
    ledger::{self, Account, Transfer},
    money::Money,
    payments::methods::{self, MethodIn},
    text,
    work::Work,
};

/// Payout methods a creator may have at once.
pub const MAX_PAYOUT_METHODS: u64 = 5;
/// Longest payment reference of a paid withdrawal.
pub const MAX_WITHDRAWAL_REFERENCE: usize = 200;
/// Longest failure reason.
pub const MAX_FAILURE_REASON: usize = 1_000;

fn require_creator(viewer: &Viewer, action: Msg) -> AppResult<Uuid> {
    viewer.require(Role::Creator, action)?;
    viewer
        .creator_id
        .ok_or_else(|| AppError::forbidden(msg!("no-creator-profile")))
}

/// Locks the creator's profile row: the order in which one creator's methods and withdrawals
/// change, so that the caps hold under concurrency.
async fn lock_creator(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
) -> AppResult<creator_profile::Model> {
    creator_profile::Entity::find_by_id(creator_id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::forbidden(msg!("no-creator-profile")))
}

/// The creator's payout methods in use, oldest first, for the creator's own mutations.
async fn methods_of(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
) -> AppResult<Vec<payout_method::Model>> {
    Ok(in_use(creator_id).all(db).await?)
}

/// The creator's payout methods not removed, oldest first.
fn in_use(creator_id: Uuid) -> sea_orm::Select<payout_method::Entity> {
    payout_method::Entity::find()
        .filter(payout_method::Column::CreatorId.eq(creator_id))
        .filter(payout_method::Column::RemovedAt.is_null())
        .order_by_asc(payout_method::Column::CreatedAt)
        .order_by_asc(payout_method::Column::Id)
}

/// The creator's payout methods in use that the viewer may read (`access::payout_method`).
pub async fn visible_methods(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    creator_id: Uuid,
) -> AppResult<Vec<payout_method::Model>> {
    Ok(in_use(creator_id)
        .filter(access::payout_method(viewer))
        .all(db)
        .await?)
}

/// `addPayoutMethod`: the creator adds a bank account or a MoMo or ZaloPay wallet. CONFLICT for a
/// sixth one, or for one it already has.
pub async fn add_method(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    input: MethodIn,
) -> AppResult<payout_method::Model> {
    let creator_id = require_creator(viewer, msg!("action-add-payout-methods"))?;
    let m = methods::check(&input)?;
    let work = Work::begin(db, bus, viewer).await?;
    lock_creator(work.db(), creator_id).await?;
    let existing = methods_of(work.db(), creator_id).await?;
    if existing.len() as u64 >= MAX_PAYOUT_METHODS {
        return Err(AppError::conflict(msg!(
            "payout-methods-too-many",
            max = MAX_PAYOUT_METHODS
        )));
    }
    if existing.iter().any(|e| {
        e.kind == m.kind && e.bank_code == m.bank_code && e.account_number == m.account_number
    }) {
        return Err(AppError::conflict_on(
            "input.accountNumber",
            msg!("payout-method-exists"),
        ));
    }
    let saved = payout_method::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(creator_id),
        kind: Set(m.kind),
        bank_code: Set(m.bank_code),
        account_number: Set(m.account_number),
        account_name: Set(m.account_name),
        created_at: Set(clock::now()),
        removed_at: Set(None),
    }
    .insert(work.db())
    .await?;
    work.commit().await?;
    Ok(saved)
}

/// `removePayoutMethod`: the creator stops using one of its methods. The row stays, for the
/// withdrawals that went to it. CONFLICT while a withdrawal to it waits to be paid.
pub async fn remove_method(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    method_id: Uuid,
) -> AppResult<bool> {
    let creator_id = require_creator(viewer, msg!("action-remove-payout-methods"))?;
    let work = Work::begin(db, bus, viewer).await?;
    lock_creator(work.db(), creator_id).await?;
    let m = own_method(work.db(), creator_id, method_id).await?;
    let waiting = withdrawal::Entity::find()
        .filter(withdrawal::Column::MethodId.eq(m.id))
        .filter(withdrawal::Column::Status.eq(WithdrawalStatus::Requested))
        .count(work.db())
        .await?;
    if waiting > 0 {
        return Err(AppError::conflict(msg!("payout-method-in-use")));
    }
    work.set(
        payout_method::Entity::update_many()
            .col_expr(payout_method::Column::RemovedAt, Expr::value(clock::now()))
            .filter(payout_method::Column::Id.eq(m.id))
            .filter(payout_method::Column::RemovedAt.is_null()),
        msg!("payout-method-removed"),
    )
    .await?;
    work.commit().await?;
    Ok(true)
}

/// One of the creator's methods in use; NOT_FOUND for anyone else's, or a removed one.
async fn own_method(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
    method_id: Uuid,
) -> AppResult<payout_method::Model> {
    payout_method::Entity::find_by_id(method_id)
        .filter(payout_method::Column::CreatorId.eq(creator_id))
        .filter(payout_method::Column::RemovedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("payout method"))
}

/// `requestWithdrawal`: the creator moves `amount` (at least `MIN_WITHDRAWAL`, at most its
/// available balance) out of its wallet to one of its methods.
pub async fn request(
    db: &DatabaseConnection,
    bus: &EventBus,
    rules: &MoneyRules,
    viewer: &Viewer,
    amount: (Decimal, CurrencyCode),
    method_id: Uuid,
) -> AppResult<withdrawal::Model> {
    let creator_id = require_creator(viewer, msg!("action-withdraw-money"))?;
    let (amount, currency) = amount;
    let amount = Money::parse("amount.amount", amount, currency)?;
    let least = rules.min_withdrawal(currency).max(1);
    if amount.minor < least {
        return Err(AppError::bad_input(
            "amount.amount",
            msg!("withdrawal-minimum", least = Money::new(least, currency)),
        ));
    }
    let work = Work::begin(db, bus, viewer).await?;
    lock_creator(work.db(), creator_id).await?;
    if ledger::find_wallet(work.db(), Account::creator(creator_id), currency)
        .await?
        .is_none()
    {
        return Err(AppError::bad_input(
            "amount.currency",
            msg!("never-paid-in", currency = currency.as_str()),
        ));
    }
    let m = own_method(work.db(), creator_id, method_id).await?;
    let now = clock::now();
    let id = Uuid::new_v4();
    ledger::post(
        work.db(),
        Transfer::new(LedgerEntryKind::Withdrawal, currency)
            .memo(format!("withdrawal to {}", describe(&m)))
            .moving(
                amount.minor,
                (Account::creator(creator_id), WalletBalance::Available),
                (Account::bank(), WalletBalance::Available),
            ),
    )
    .await?;
    let w = withdrawal::ActiveModel {
        id: Set(id),
        creator_id: Set(creator_id),
        method_id: Set(m.id),
        amount_minor: Set(amount.minor),
        currency: Set(currency),
        status: Set(WithdrawalStatus::Requested),
        reference: Set(None),
        failure_reason: Set(None),
        requested_at: Set(now),
        paid_at: Set(None),
        failed_at: Set(None),
    }
    .insert(work.db())
    .await?;
    work.commit().await?;
    Ok(w)
}

/// "VCB ••••6789", "MOMO ••••4567": a method as a memo names it.
fn describe(m: &payout_method::Model) -> String {
    let via = match m.kind {
        PayoutMethodKind::BankTransfer => m.bank_code.as_deref().unwrap_or("bank"),
        kind => kind.as_str(),
    };
    format!("{via} {}", methods::mask(&m.account_number))
}

/// `markWithdrawalPaid`: an admin sent the money; `reference` is the payment's.
pub async fn mark_paid(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    withdrawal_id: Uuid,
    reference: &str,
) -> AppResult<withdrawal::Model> {
    viewer.require(Role::Admin, msg!("action-mark-withdrawals-paid"))?;
    let reference = text::required("reference", reference, MAX_WITHDRAWAL_REFERENCE)?;
    let work = Work::begin(db, bus, viewer).await?;
    let w = lock_requested(work.db(), withdrawal_id).await?;
    let now = clock::now();
    work.set(
        withdrawal::Entity::update_many()
            .col_expr(
                withdrawal::Column::Status,
                Expr::value(WithdrawalStatus::Paid.as_str()),
            )
            .col_expr(
                withdrawal::Column::Reference,
                Expr::value(reference.clone()),
            )
            .col_expr(withdrawal::Column::PaidAt, Expr::value(now))
            .filter(withdrawal::Column::Id.eq(w.id))
            .filter(withdrawal::Column::Status.eq(WithdrawalStatus::Requested)),
        msg!("changed-meanwhile", what = "withdrawal"),
    )
    .await?;
    let message = msg!(
        "notice-withdrawal-paid",
        amount = Money::new(w.amount_minor, w.currency),
        reference = reference
    );
    finish(
        work,
        w.id,
        w.creator_id,
        NotificationKind::WithdrawalPaid,
        message,
    )
    .await
}

/// `failWithdrawal`: an admin records that the transfer failed; the money goes back into the
/// creator's wallet (WITHDRAWAL_RETURNED).
pub async fn fail(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    withdrawal_id: Uuid,
    reason: &str,
) -> AppResult<withdrawal::Model> {
    viewer.require(Role::Admin, msg!("action-fail-withdrawals"))?;
    let reason = text::required("reason", reason, MAX_FAILURE_REASON)?;
    let work = Work::begin(db, bus, viewer).await?;
    let w = lock_requested(work.db(), withdrawal_id).await?;
    work.set(
        withdrawal::Entity::update_many()
            .col_expr(
                withdrawal::Column::Status,
                Expr::value(WithdrawalStatus::Failed.as_str()),
            )
            .col_expr(
                withdrawal::Column::FailureReason,
                Expr::value(reason.clone()),
            )
            .col_expr(withdrawal::Column::FailedAt, Expr::value(clock::now()))
            .filter(withdrawal::Column::Id.eq(w.id))
            .filter(withdrawal::Column::Status.eq(WithdrawalStatus::Requested)),
        msg!("changed-meanwhile", what = "withdrawal"),
    )
    .await?;
    ledger::post(
        work.db(),
        Transfer::new(LedgerEntryKind::WithdrawalReturned, w.currency)
            .memo(format!("withdrawal failed: {reason}"))
            .moving(
                w.amount_minor,
                (Account::bank(), WalletBalance::Available),
                (Account::creator(w.creator_id), WalletBalance::Available),
            ),
    )
    .await?;
    let message = msg!(
        "notice-withdrawal-failed",
        amount = Money::new(w.amount_minor, w.currency),
        reason = reason
    );
    finish(
        work,
        w.id,
        w.creator_id,
        NotificationKind::WithdrawalFailed,
        message,
    )
    .await
}

/// The withdrawal, locked; NOT_FOUND when there is none, CONFLICT unless it is REQUESTED.
async fn lock_requested(db: &impl ConnectionTrait, id: Uuid) -> AppResult<withdrawal::Model> {
    let w = withdrawal::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("withdrawal"))?;
    if w.status != WithdrawalStatus::Requested {
        return Err(AppError::conflict(msg!(
            "withdrawal-already",
            status = w.status.as_str()
        )));
    }
    Ok(w)
}

/// Tells the creator, commits, and answers the withdrawal as it now is.
async fn finish(
    mut work: Work<'_>,
    id: Uuid,
    creator_id: Uuid,
    kind: NotificationKind,
    message: Msg,
) -> AppResult<withdrawal::Model> {
    let creator = creator_profile::Entity::find_by_id(creator_id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a withdrawal without its creator"))?;
    work.tell(creator.user_id, kind, message).await?;
    let saved = withdrawal::Entity::find_by_id(id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a withdrawal vanished in its transaction"))?;
    work.commit().await?;
    Ok(saved)
}

/// A page of the withdrawals the viewer may see, newest first, of one status if asked.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    status: Option<WithdrawalStatus>,
    window: keyset::Window,
) -> AppResult<(Vec<withdrawal::Model>, i64)> {
    let mut q = withdrawal::Entity::find().filter(access::withdrawal(viewer));
    if let Some(status) = status {
        q = q.filter(withdrawal::Column::Status.eq(status));
    }
    keyset::fetch(
        db,
        q,
        withdrawal::Column::RequestedAt,
        withdrawal::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}
