use sea_orm::entity::prelude::*;

use crate::enums::PayoutMethodKind;

/// Where a creator's withdrawals go. Kept after removal (`removed_at`), for the withdrawals that
/// went to it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payout_methods")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub creator_id: Uuid,
    pub kind: PayoutMethodKind,
    pub bank_code: Option<String>,
    /// In full: digits for a bank account, +84… for a wallet's phone number.
    pub account_number: String,
    /// Upper case, without diacritics, as banks print it.
    pub account_name: String,
    pub created_at: DateTimeUtc,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
