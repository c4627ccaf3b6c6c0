use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, LedgerEntryKind, WalletBalance};

/// One side of a transfer: a signed amount into one balance of one wallet, with that wallet's
/// balances after the whole transfer. Written once, never changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub transfer_id: Uuid,
    pub wallet_id: Uuid,
    pub kind: LedgerEntryKind,
    pub balance: WalletBalance,
    pub amount_minor: i64,
    pub currency: CurrencyCode,
    pub available_after_minor: i64,
    pub held_after_minor: i64,
    pub collaboration_id: Option<Uuid>,
    pub memo: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
