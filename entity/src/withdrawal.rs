use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, WithdrawalStatus};

/// Money a creator moved out of its wallet to a payout method; it left the wallet when requested.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "withdrawals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub creator_id: Uuid,
    pub method_id: Uuid,
    pub amount_minor: i64,
    pub currency: CurrencyCode,
    pub status: WithdrawalStatus,
    pub reference: Option<String>,
    pub failure_reason: Option<String>,
    pub requested_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    pub failed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
