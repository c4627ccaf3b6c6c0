use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, FundingStatus};

/// A brand's request to add money: a bank transfer to the marketplace with `reference` in its
/// memo. A PENDING row past `expires_at` reads as EXPIRED.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fundings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub brand_id: Uuid,
    pub amount_minor: i64,
    pub currency: CurrencyCode,
    #[sea_orm(unique)]
    pub reference: String,
    pub status: FundingStatus,
    /// The bank's id of the transfer that confirmed it; unique over all fundings.
    pub bank_transaction_id: Option<String>,
    /// The FUNDING transfer that credited the brand.
    pub transfer_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
