use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, LedgerEntryKind};

/// One movement of money: its entries, over one or more wallets, sum to zero. Written once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transfers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: LedgerEntryKind,
    pub currency: CurrencyCode,
    pub collaboration_id: Option<Uuid>,
    pub memo: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
