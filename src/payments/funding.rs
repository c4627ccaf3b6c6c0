//! Fundings: how a brand's money gets into its wallet. The brand asks (`requestFunding`) and gets
//! a reference to write in its bank transfer's memo; when the transfer arrives an admin confirms
//! it (`confirmFunding`) with the bank's transaction id, and the amount moves from the
//! marketplace's bank account into the brand's available balance (FUNDING).
//!
//! A reference is "MKT" and 6 characters of an alphabet without look-alikes (no 0/O, 1/I/L, ...),
//! so a person can type it into a banking app from a screen without a mistake. Confirmation is
//! idempotent on the bank's transaction id: the same id again returns the funding unchanged, an id
//! already used for another funding is CONFLICT (a unique index stands behind that check).

use chrono::{DateTime, Duration, Utc};
use entity::{
    brand,
    enums::{CurrencyCode, FundingStatus, LedgerEntryKind, NotificationKind, Role, WalletBalance},
    funding,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, TryInsertResult, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    clock,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::msg,
    keyset::{self, Direction},
    ledger::{self, Account, Transfer},
    money::Money,
    text,
    work::Work,
};

/// How long a brand has to make the transfer.
pub const FUNDING_EXPIRES_DAYS: i64 = 7;
/// PENDING fundings a brand may have at once; more waits until one is paid or expires.
pub const MAX_PENDING_FUNDINGS: u64 = 20;
/// Longest bank transaction id (the column's length).
pub const MAX_BANK_TRANSACTION_ID: usize = 100;
const REFERENCE_PREFIX: &str = "MKT";
const REFERENCE_CODE_LENGTH: usize = 6;

/// The status a funding has at `now`: a PENDING one past its expiry is EXPIRED.
pub fn status_at(f: &funding::Model, now: DateTime<Utc>) -> FundingStatus {
    match f.status {
        FundingStatus::Pending if f.expires_at <= now => FundingStatus::Expired,
        status => status,
    }
}

/// `requestFunding`: the brand asks to add `amount` (> 0) to its wallet in that currency.
pub async fn request(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    amount: (Decimal, CurrencyCode),
) -> AppResult<funding::Model> {
    let brand_id = super::require_brand(viewer, msg!("action-fund-a-wallet"))?;
    let (amount, currency) = amount;
    let amount = Money::parse("amount.amount", amount, currency)?;
    if amount.minor <= 0 {
        return Err(AppError::bad_input(
            "amount.amount",
            msg!("must-be-positive"),
        ));
    }
    let work = Work::begin(db, bus, viewer).await?;
    // The brand's row orders its requests, so the cap holds under concurrency.
    brand::Entity::find_by_id(brand_id)
        .lock_exclusive()
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::forbidden(msg!("no-brand")))?;
    let now = clock::now();
    let pending = funding::Entity::find()
        .filter(funding::Column::BrandId.eq(brand_id))
        .filter(funding::Column::Status.eq(FundingStatus::Pending))
        .filter(funding::Column::ExpiresAt.gt(now))
        .count(work.db())
        .await?;
    if pending >= MAX_PENDING_FUNDINGS {
        return Err(AppError::conflict(msg!(
            "fundings-pending",
            pending = pending
        )));
    }
    let id = Uuid::new_v4();
    insert_with_new_reference(work.db(), |reference| funding::ActiveModel {
        id: Set(id),
        brand_id: Set(brand_id),
        amount_minor: Set(amount.minor),
        currency: Set(currency),
        reference: Set(reference),
        status: Set(FundingStatus::Pending),
        bank_transaction_id: Set(None),
        transfer_id: Set(None),
        created_at: Set(now),
        confirmed_at: Set(None),
        expires_at: Set(now + Duration::days(FUNDING_EXPIRES_DAYS)),
    })
    .await?;
    let f = funding::Entity::find_by_id(id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a funding neither inserted nor found"))?;
    work.commit().await?;
    Ok(f)
}

/// Inserts the row `make` builds around a reference no funding has: 25^6 ≈ 2.4 × 10^8 of them.
/// A reference taken meanwhile makes the INSERT do nothing (no error, which would abort the
/// transaction on PostgreSQL), and another is drawn.
async fn insert_with_new_reference(
    db: &impl ConnectionTrait,
    make: impl Fn(String) -> funding::ActiveModel,
) -> AppResult<()> {
    for _ in 0..8 {
        let reference = format!(
            "{REFERENCE_PREFIX}{}",
            text::unambiguous_code(REFERENCE_CODE_LENGTH)
        );
        let inserted = funding::Entity::insert(make(reference))
            .on_conflict_do_nothing_on([funding::Column::Reference])
            .exec_without_returning(db)
            .await?;
        if matches!(inserted, TryInsertResult::Inserted(1)) {
            return Ok(());
        }
    }
    Err(AppError::internal(
        "no free funding reference after 8 tries",
    ))
}

/// `confirmFunding`: an admin records that the transfer with this funding's reference arrived as
/// the bank's transaction `bank_transaction_id`, and the brand's available balance grows by it.
pub async fn confirm(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    funding_id: Uuid,
    bank_transaction_id: &str,
) -> AppResult<funding::Model> {
    viewer.require(Role::Admin, msg!("action-confirm-fundings"))?;
    let bank_id = text::required(
        "bankTransactionId",
        bank_transaction_id,
        MAX_BANK_TRANSACTION_ID,
    )?;
    let mut work = Work::begin(db, bus, viewer).await?;
    let f = funding::Entity::find_by_id(funding_id)
        .lock_exclusive()
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::not_found("funding"))?;
    let now = clock::now();
    match (status_at(&f, now), f.bank_transaction_id.as_deref()) {
        // A retry of the confirmation: the same answer, nothing moves again.
        (FundingStatus::Confirmed, Some(id)) if id == bank_id => return Ok(f),
        (FundingStatus::Confirmed, _) => {
            return Err(AppError::conflict_on(
                "bankTransactionId",
                msg!("funding-confirmed-with-another"),
            ));
        }
        (FundingStatus::Expired, _) => {
            return Err(AppError::conflict(msg!("funding-expired")));
        }
        (FundingStatus::Pending, _) => {}
    }
    let used = funding::Entity::find()
        .filter(funding::Column::BankTransactionId.eq(bank_id.as_str()))
        .one(work.db())
        .await?;
    if used.is_some() {
        return Err(AppError::conflict_on(
            "bankTransactionId",
            msg!("bank-transaction-used"),
        ));
    }
    let posted = ledger::post(
        work.db(),
        Transfer::new(LedgerEntryKind::Funding, f.currency)
            .memo(format!("bank transfer {} ({bank_id})", f.reference))
            .moving(
                f.amount_minor,
                (Account::bank(), WalletBalance::Available),
                (Account::brand(f.brand_id), WalletBalance::Available),
            ),
    )
    .await?;
    work.set(
        funding::Entity::update_many()
            .col_expr(
                funding::Column::Status,
                Expr::value(FundingStatus::Confirmed.as_str()),
            )
            .col_expr(
                funding::Column::BankTransactionId,
                Expr::value(bank_id.clone()),
            )
            .col_expr(funding::Column::ConfirmedAt, Expr::value(now))
            .col_expr(funding::Column::TransferId, Expr::value(posted.transfer.id))
            .filter(funding::Column::Id.eq(f.id))
            .filter(funding::Column::Status.eq(FundingStatus::Pending)),
        msg!("changed-meanwhile", what = "funding"),
    )
    .await?;
    let saved = funding::Entity::find_by_id(f.id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a funding vanished in its transaction"))?;
    let owner = brand::Entity::find_by_id(f.brand_id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::internal("a funding without its brand"))?;
    work.tell(
        owner.user_id,
        NotificationKind::FundsReceived,
        msg!(
            "notice-funds-received",
            amount = Money::new(f.amount_minor, f.currency),
            reference = f.reference.as_str()
        ),
    )
    .await?;
    work.commit().await?;
    Ok(saved)
}

/// A page of the fundings the viewer may see, newest first, of one status if asked.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    status: Option<FundingStatus>,
    window: keyset::Window,
) -> AppResult<(Vec<funding::Model>, i64)> {
    let now = clock::now();
    let mut q = funding::Entity::find().filter(access::funding(viewer));
    q = match status {
        None => q,
        Some(FundingStatus::Confirmed) => {
            q.filter(funding::Column::Status.eq(FundingStatus::Confirmed))
        }
        Some(FundingStatus::Pending) => q
            .filter(funding::Column::Status.eq(FundingStatus::Pending))
            .filter(funding::Column::ExpiresAt.gt(now)),
        Some(FundingStatus::Expired) => q.filter(
            Condition::any()
                .add(funding::Column::Status.eq(FundingStatus::Expired))
                .add(
                    Condition::all()
                        .add(funding::Column::Status.eq(FundingStatus::Pending))
                        .add(funding::Column::ExpiresAt.lte(now)),
                ),
        ),
    };
    keyset::fetch(
        db,
        q,
        funding::Column::CreatedAt,
        funding::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}
