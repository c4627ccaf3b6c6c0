use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, PayoutKind, PayoutStatus};

/// Money owed to the creator of a collaboration: its fee, or settled commission.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payouts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub collaboration_id: Uuid,
    pub kind: PayoutKind,
    pub amount_minor: i64,
    pub currency: CurrencyCode,
    pub status: PayoutStatus,
    /// The brand's payment reference, once paid.
    pub reference: Option<String>,
    pub created_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
