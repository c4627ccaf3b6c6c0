use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, LivestreamStatus, Platform};

/// A KOS's livestream for a collaboration: scheduled, live, then ended with the creator's
/// reported figures. Orders name it by its code (`{trackingCode}-{number}`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "livestream_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub collaboration_id: Uuid,
    /// The collaboration's creator profile: sessions of one creator may not overlap.
    pub creator_id: Uuid,
    /// The collaboration's brand: growth compares sessions for one brand.
    pub brand_id: Uuid,
    /// 1, 2, 3… within the collaboration; the code's suffix.
    pub number: i32,
    pub platform: Platform,
    /// The brief's: prices, orders and growth are in it.
    pub currency: CurrencyCode,
    pub starts_at: DateTimeUtc,
    pub planned_minutes: i32,
    pub status: LivestreamStatus,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// Reported when it ends.
    pub peak_viewers: Option<i64>,
    pub total_viewers: Option<i64>,
    pub duration_minutes: Option<i32>,
    /// The products shown, as JSON: `[{"name": …, "priceMinor": …}]`, in the brief's currency.
    pub products: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
