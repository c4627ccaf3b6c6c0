//! A collaboration's fee, held by the marketplace from the moment the offer is accepted until
//! the collaboration ends (SPEC.md, "Money held and paid"):
//!
//! - `acceptOffer` holds it ([`hold`]): the brand's available → its held (HOLD);
//! - `completeCollaboration` releases it ([`release`]): the brand's held → the creator's
//!   available (RELEASE), and a FEE payout, PAID at once;
//! - `cancelCollaboration` gives it back ([`unwind`]): the brand's held → its available (REFUND),
//!   less the kill fee the creator keeps when the brand cancels after content was submitted
//!   (KILL_FEE, paid like a release).
//!
//! What happened to a collaboration's fee is read back from its ledger entries ([`Escrow`]), so
//! there is one record of it, the ledger.

use std::collections::HashMap;

use entity::{
    collaboration,
    enums::{CurrencyCode, LedgerEntryKind, PayoutKind, PayoutStatus, WalletBalance},
    ledger_entry, payout,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    clock,
    error::AppResult,
    ledger::{self, Account, Transfer},
    money::{Money, percent_of},
};

/// What became of a collaboration's fee, in minor units: `held` when the offer was accepted,
/// and how much of it was released, refunded or kept as a kill fee since.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Escrow {
    pub held: i64,
    pub released: i64,
    pub refunded: i64,
    pub kill_fee: i64,
}

impl Escrow {
    /// Still held.
    pub fn remaining(&self) -> i64 {
        self.held - self.released - self.refunded - self.kill_fee
    }
}

/// The escrow of each collaboration in `ids` that had a fee held, in one GROUP BY over the
/// brands' HELD entries.
pub async fn of_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<HashMap<Uuid, Escrow>> {
    let rows: Vec<(Option<Uuid>, LedgerEntryKind, i64)> = ledger_entry::Entity::find()
        .select_only()
        .column(ledger_entry::Column::CollaborationId)
        .column(ledger_entry::Column::Kind)
        // PostgreSQL's SUM of a bigint is numeric.
        .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "total")
        .filter(ledger_entry::Column::CollaborationId.is_in(ids.iter().copied()))
        .filter(ledger_entry::Column::Balance.eq(WalletBalance::Held))
        .group_by(ledger_entry::Column::CollaborationId)
        .group_by(ledger_entry::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    let mut escrows: HashMap<Uuid, Escrow> = HashMap::new();
    for (id, kind, total) in rows {
        let Some(id) = id else { continue };
        let e = escrows.entry(id).or_default();
        match kind {
            LedgerEntryKind::Hold => e.held += total,
            LedgerEntryKind::Release => e.released -= total,
            LedgerEntryKind::Refund => e.refunded -= total,
            LedgerEntryKind::KillFee => e.kill_fee -= total,
            _ => {}
        }
    }
    Ok(escrows)
}

/// The escrow of one collaboration; None when no fee was held for it.
pub async fn of(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<Escrow>> {
    Ok(of_many(db, &[id]).await?.remove(&id))
}

/// `acceptOffer` of terms with a fee: the fee moves from the brand's available balance to its
/// held one. INSUFFICIENT_FUNDS when the brand has less available.
pub async fn hold(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    fee: i64,
    currency: CurrencyCode,
) -> AppResult<()> {
    let brand = Account::brand(c.brand_id);
    ledger::post(
        db,
        Transfer::new(LedgerEntryKind::Hold, currency)
            .on(c.id)
            .memo(format!("fee held for collaboration {}", c.tracking_code))
            .moving(
                fee,
                (brand, WalletBalance::Available),
                (brand, WalletBalance::Held),
            ),
    )
    .await?;
    Ok(())
}

/// `completeCollaboration`: what is still held goes to the creator, recorded as a FEE payout,
/// PAID, its reference the transfer's id. None when nothing was held (terms without a fee).
pub async fn release(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    currency: CurrencyCode,
) -> AppResult<Option<payout::Model>> {
    let Some(left) = of(db, c.id)
        .await?
        .map(|e| e.remaining())
        .filter(|left| *left > 0)
    else {
        return Ok(None);
    };
    let memo = format!("fee for collaboration {}", c.tracking_code);
    pay_creator(db, c, LedgerEntryKind::Release, left, currency, memo)
        .await
        .map(Some)
}

/// `cancelCollaboration`: what is still held goes back to the brand, except the kill fee
/// (`kill_fee_bp` of it, rounded half-up) when the brand cancels after content was submitted.
/// Returns the kill fee paid (0 for none).
pub async fn unwind(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    currency: CurrencyCode,
    kill_fee_bp: Option<i32>,
) -> AppResult<i64> {
    let Some(left) = of(db, c.id)
        .await?
        .map(|e| e.remaining())
        .filter(|left| *left > 0)
    else {
        return Ok(0);
    };
    let kill_fee = kill_fee_bp.map_or(0, |bp| percent_of(left, bp)).min(left);
    if kill_fee > 0 {
        let memo = format!(
            "kill fee of {} for collaboration {}",
            Money::new(kill_fee, currency),
            c.tracking_code
        );
        pay_creator(db, c, LedgerEntryKind::KillFee, kill_fee, currency, memo).await?;
    }
    let refund = left - kill_fee;
    if refund > 0 {
        let brand = Account::brand(c.brand_id);
        ledger::post(
            db,
            Transfer::new(LedgerEntryKind::Refund, currency)
                .on(c.id)
                .memo(format!(
                    "fee refunded for collaboration {}",
                    c.tracking_code
                ))
                .moving(
                    refund,
                    (brand, WalletBalance::Held),
                    (brand, WalletBalance::Available),
                ),
        )
        .await?;
    }
    Ok(kill_fee)
}

/// Moves `amount` of the brand's held balance into the creator's wallet, and records it as the
/// creator's FEE payout, PAID.
async fn pay_creator(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    kind: LedgerEntryKind,
    amount: i64,
    currency: CurrencyCode,
    memo: String,
) -> AppResult<payout::Model> {
    let posted = ledger::post(
        db,
        Transfer::new(kind, currency).on(c.id).memo(memo).moving(
            amount,
            (Account::brand(c.brand_id), WalletBalance::Held),
            (Account::creator(c.creator_id), WalletBalance::Available),
        ),
    )
    .await?;
    paid_payout(db, c, PayoutKind::Fee, amount, currency, posted.transfer.id).await
}

/// A payout of money that has already moved: PAID, its reference the ledger transfer's id.
pub(crate) async fn paid_payout(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
    kind: PayoutKind,
    amount: i64,
    currency: CurrencyCode,
    transfer_id: Uuid,
) -> AppResult<payout::Model> {
    let now = clock::now();
    Ok(payout::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        kind: Set(kind),
        amount_minor: Set(amount),
        currency: Set(currency),
        status: Set(PayoutStatus::Paid),
        reference: Set(Some(transfer_id.to_string())),
        created_at: Set(now),
        paid_at: Set(Some(now)),
    }
    .insert(db)
    .await?)
}
