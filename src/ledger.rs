//! The double-entry ledger: wallets, and the balanced transfers that are the only way their
//! balances change (`docs/ledger.md` says which rules of TigerBeetle and of Stripe's and Modern
//! Treasury's ledgers this follows).
//!
//! - A wallet is one owner's money in one currency, with an `available` and a `held` balance. The
//!   marketplace's bank account is a wallet too, the other side of every funding and withdrawal:
//!   its available balance is minus what the marketplace holds for everyone.
//! - A [`Transfer`] is a set of legs, each a signed amount into one balance of one wallet, that
//!   sum to zero; [`post`] refuses any other. Posting writes the transfer and one entry per leg,
//!   never changed afterwards, and moves each wallet's balances by its legs in one conditional
//!   UPDATE, so a wallet's balances are always the sum of its entries.
//! - No brand's or creator's balance goes below zero: the UPDATE's `WHERE` refuses it
//!   ([`AppError::InsufficientFunds`], nothing written), and a CHECK constraint stands behind it.
//!   The bank account's balance never goes above zero: the marketplace sends out no more than it
//!   received.
//! - Wallets are updated in one order (by id, the bank account last), so two transfers never wait
//!   on each other in a cycle. On PostgreSQL the UPDATE locks the wallet's row until the transaction ends; on
//!   SQLite every write transaction runs alone.

use std::collections::BTreeMap;

use entity::{
    enums::{CurrencyCode, LedgerEntryKind, WalletBalance, WalletOwner},
    ledger_entry, ledger_transfer, wallet,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    clock,
    error::{AppError, AppResult},
    i18n::msg,
    keyset::{self, Direction},
    money::Money,
};

/// Whose wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Account {
    pub owner: WalletOwner,
    pub id: Uuid,
}

impl Account {
    pub fn brand(id: Uuid) -> Self {
        Self {
            owner: WalletOwner::Brand,
            id,
        }
    }

    pub fn creator(id: Uuid) -> Self {
        Self {
            owner: WalletOwner::Creator,
            id,
        }
    }

    /// The marketplace's bank account.
    pub fn bank() -> Self {
        Self {
            owner: WalletOwner::Marketplace,
            id: Uuid::nil(),
        }
    }

    /// Whose wallet, as the catalogue's texts select on it.
    fn owner_word(self) -> &'static str {
        match self.owner {
            WalletOwner::Brand => "brand",
            WalletOwner::Creator => "creator",
            WalletOwner::Marketplace => "marketplace",
        }
    }
}

/// One balance of one account's wallet.
pub type Side = (Account, WalletBalance);

/// A balanced movement of money, before it is posted.
#[derive(Debug, Clone)]
pub struct Transfer {
    kind: LedgerEntryKind,
    currency: CurrencyCode,
    collaboration_id: Option<Uuid>,
    memo: Option<String>,
    legs: Vec<(Side, i64)>,
}

impl Transfer {
    pub fn new(kind: LedgerEntryKind, currency: CurrencyCode) -> Self {
        Self {
            kind,
            currency,
            collaboration_id: None,
            memo: None,
            legs: Vec::new(),
        }
    }

    /// The collaboration the money is for.
    pub fn on(mut self, collaboration_id: Uuid) -> Self {
        self.collaboration_id = Some(collaboration_id);
        self
    }

    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = Some(memo.into());
        self
    }

    /// Moves `amount` (> 0) out of `from` and into `to`: two legs.
    pub fn moving(mut self, amount: i64, from: Side, to: Side) -> Self {
        self.legs.push((from, -amount));
        self.legs.push((to, amount));
        self
    }
}

/// A posted transfer and its entries.
#[derive(Debug, Clone)]
pub struct Posted {
    pub transfer: ledger_transfer::Model,
    pub entries: Vec<ledger_entry::Model>,
}

/// Posts `t` in the caller's transaction: INSUFFICIENT_FUNDS when a brand's or creator's balance
/// would go below zero (nothing is written then, and the caller's transaction must not commit
/// what it did before either, which returning the error with `?` ensures).
pub async fn post(db: &impl ConnectionTrait, t: Transfer) -> AppResult<Posted> {
    if t.legs.is_empty() || t.legs.iter().any(|(_, amount)| *amount == 0) {
        return Err(AppError::internal(format!(
            "a {} transfer with an empty or zero leg",
            t.kind.as_str()
        )));
    }
    let sum = t
        .legs
        .iter()
        .try_fold(0i64, |sum, (_, amount)| sum.checked_add(*amount));
    if sum != Some(0) {
        return Err(AppError::internal(format!(
            "an unbalanced {} transfer: {:?}",
            t.kind.as_str(),
            t.legs
        )));
    }

    // Each account's net movement on each balance.
    let mut nets: BTreeMap<Account, (i64, i64)> = BTreeMap::new();
    for ((account, balance), amount) in &t.legs {
        let net = nets.entry(*account).or_default();
        match balance {
            WalletBalance::Available => net.0 += amount,
            WalletBalance::Held => net.1 += amount,
        }
    }
    let mut wallets = Vec::with_capacity(nets.len());
    for (account, net) in nets {
        wallets.push((wallet_of(db, account, t.currency).await?, account, net));
    }
    // One order for every transfer: the brands' and creators' wallets by id, the bank account
    // last (so a short wallet, not the bank account, is what refuses a transfer).
    wallets.sort_by_key(|(w, account, _)| (account.owner == WalletOwner::Marketplace, w.id));
    let mut after = BTreeMap::new();
    for (w, account, (available, held)) in wallets {
        let floor = if account.owner == WalletOwner::Marketplace {
            Expr::col(wallet::Column::AvailableMinor)
                .add(available)
                .lte(0)
        } else {
            Expr::col(wallet::Column::AvailableMinor)
                .add(available)
                .gte(0)
        };
        let moved = wallet::Entity::update_many()
            .col_expr(
                wallet::Column::AvailableMinor,
                Expr::col(wallet::Column::AvailableMinor).add(available),
            )
            .col_expr(
                wallet::Column::HeldMinor,
                Expr::col(wallet::Column::HeldMinor).add(held),
            )
            .filter(wallet::Column::Id.eq(w.id))
            .filter(floor)
            .filter(Expr::col(wallet::Column::HeldMinor).add(held).gte(0))
            .exec(db)
            .await?;
        let now = reload(db, w.id).await?;
        if moved.rows_affected != 1 {
            if account.owner == WalletOwner::Marketplace {
                return Err(AppError::internal(format!(
                    "a {} transfer would take the bank account above zero",
                    t.kind.as_str()
                )));
            }
            let (short, balance) = if now.available_minor + available < 0 {
                (-available, now.available_minor)
            } else {
                (-held, now.held_minor)
            };
            return Err(AppError::InsufficientFunds(msg!(
                "not-enough-money",
                owner = account.owner_word(),
                needed = Money::new(short, t.currency),
                balance = Money::new(balance, t.currency)
            )));
        }
        after.insert(account, now);
    }

    let created_at = clock::now();
    let transfer = ledger_transfer::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(t.kind),
        currency: Set(t.currency),
        collaboration_id: Set(t.collaboration_id),
        memo: Set(t.memo.clone()),
        created_at: Set(created_at),
    };
    let transfer = transfer.insert(db).await?;
    let entries: Vec<ledger_entry::Model> = t
        .legs
        .iter()
        .map(|((account, balance), amount)| {
            let w = &after[account];
            ledger_entry::Model {
                id: Uuid::new_v4(),
                transfer_id: transfer.id,
                wallet_id: w.id,
                kind: t.kind,
                balance: *balance,
                amount_minor: *amount,
                currency: t.currency,
                available_after_minor: w.available_minor,
                held_after_minor: w.held_minor,
                collaboration_id: t.collaboration_id,
                memo: t.memo.clone(),
                created_at,
            }
        })
        .collect();
    ledger_entry::Entity::insert_many(entries.iter().cloned().map(ledger_entry::ActiveModel::from))
        .exec(db)
        .await?;
    Ok(Posted { transfer, entries })
}

/// The wallet of `account` in `currency`, made (empty) if it has none yet. Two transactions making
/// the same wallet at once make one: the second's INSERT does nothing.
pub async fn wallet_of(
    db: &impl ConnectionTrait,
    account: Account,
    currency: CurrencyCode,
) -> AppResult<wallet::Model> {
    if let Some(w) = find_wallet(db, account, currency).await? {
        return Ok(w);
    }
    let fresh = wallet::ActiveModel {
        id: Set(Uuid::new_v4()),
        owner_kind: Set(account.owner),
        owner_id: Set(account.id),
        currency: Set(currency),
        available_minor: Set(0),
        held_minor: Set(0),
        created_at: Set(clock::now()),
    };
    wallet::Entity::insert(fresh)
        .on_conflict_do_nothing_on([
            wallet::Column::OwnerKind,
            wallet::Column::OwnerId,
            wallet::Column::Currency,
        ])
        .exec_without_returning(db)
        .await?;
    find_wallet(db, account, currency)
        .await?
        .ok_or_else(|| AppError::internal("a wallet neither inserted nor found"))
}

/// The wallet of `account` in `currency`, if money ever moved into it.
pub async fn find_wallet(
    db: &impl ConnectionTrait,
    account: Account,
    currency: CurrencyCode,
) -> AppResult<Option<wallet::Model>> {
    Ok(wallet::Entity::find()
        .filter(wallet::Column::OwnerKind.eq(account.owner))
        .filter(wallet::Column::OwnerId.eq(account.id))
        .filter(wallet::Column::Currency.eq(currency))
        .one(db)
        .await?)
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> AppResult<wallet::Model> {
    wallet::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("a wallet vanished in its transaction"))
}

/// An account's wallets that the viewer may read (`access::wallet`), by currency.
pub async fn wallets(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    account: Account,
) -> AppResult<Vec<wallet::Model>> {
    Ok(wallet::Entity::find()
        .filter(access::wallet(viewer))
        .filter(wallet::Column::OwnerKind.eq(account.owner))
        .filter(wallet::Column::OwnerId.eq(account.id))
        .order_by_asc(wallet::Column::Currency)
        .all(db)
        .await?)
}

/// A page of a wallet's entries that the viewer may read (`access::ledger_entry`), newest first.
pub async fn entries(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    wallet_id: Uuid,
    window: keyset::Window,
) -> AppResult<(Vec<ledger_entry::Model>, i64)> {
    keyset::fetch(
        db,
        ledger_entry::Entity::find()
            .filter(access::ledger_entry(viewer))
            .filter(ledger_entry::Column::WalletId.eq(wallet_id)),
        ledger_entry::Column::CreatedAt,
        ledger_entry::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}

/// What is wrong with the ledger, in words; empty when every transfer sums to zero and every
/// wallet's balances equal the sums of its entries. For tests and operators: it reads every row.
pub async fn audit(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    let mut problems = Vec::new();
    let entries = ledger_entry::Entity::find().all(db).await?;
    let mut transfers: BTreeMap<Uuid, i64> = BTreeMap::new();
    let mut sums: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
    for e in &entries {
        *transfers.entry(e.transfer_id).or_default() += e.amount_minor;
        let sum = sums.entry(e.wallet_id).or_default();
        match e.balance {
            WalletBalance::Available => sum.0 += e.amount_minor,
            WalletBalance::Held => sum.1 += e.amount_minor,
        }
    }
    for (id, sum) in transfers {
        if sum != 0 {
            problems.push(format!("transfer {id} sums to {sum}"));
        }
    }
    for w in wallet::Entity::find().all(db).await? {
        let (available, held) = sums.get(&w.id).copied().unwrap_or_default();
        if (available, held) != (w.available_minor, w.held_minor) {
            problems.push(format!(
                "wallet {} holds ({}, {}) but its entries sum to ({available}, {held})",
                w.id, w.available_minor, w.held_minor
            ));
        }
    }
    Ok(problems)
}
