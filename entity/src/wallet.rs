use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, WalletOwner};

/// The money of one owner in one currency: two balances, each the sum of the wallet's ledger
/// entries on it. The database refuses to take a brand's or creator's balance below zero, and the
/// marketplace's bank account above it (it never sends out more than it received).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "wallets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_kind: WalletOwner,
    /// The brand's or creator profile's id; the nil UUID for the marketplace.
    pub owner_id: Uuid,
    pub currency: CurrencyCode,
    pub available_minor: i64,
    pub held_minor: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
