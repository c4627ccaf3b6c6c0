use sea_orm::entity::prelude::*;

use crate::enums::{ConversionStatus, CurrencyCode};

/// An order attributed to a collaboration through its tracking code. Money in minor units of the
/// brief's currency; the commission is fixed when the conversion is recorded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub collaboration_id: Uuid,
    pub order_ref: String,
    pub amount_minor: i64,
    /// The amount first recorded, once a partial refund changed it.
    pub original_amount_minor: Option<i64>,
    pub commission_minor: i64,
    pub currency: CurrencyCode,
    pub status: ConversionStatus,
    pub occurred_at: DateTimeUtc,
    pub reversed_at: Option<DateTimeUtc>,
    pub reversal_reason: Option<String>,
    /// The COMMISSION payout that settled this commission, once settled.
    pub payout_id: Option<Uuid>,
    /// The livestream session the order came from, when its code named one.
    pub livestream_session_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// `created_at` + the commission lock: after it the conversion can no longer be reversed or
    /// adjusted, and its commission can be settled.
    pub locks_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
