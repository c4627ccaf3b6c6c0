use sea_orm::entity::prelude::*;

use crate::enums::SampleStatus;

/// The product a brand sends a creator before the content (a KOC's sample), one per
/// collaboration whose terms give the product.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "samples")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub collaboration_id: Uuid,
    /// The collaboration's creator profile, for its stats.
    pub creator_id: Uuid,
    pub status: SampleStatus,
    pub carrier: String,
    pub tracking_number: String,
    pub shipped_at: DateTimeUtc,
    pub received_at: Option<DateTimeUtc>,
    /// From receipt: the deliverables are published by then, or the sample is overdue.
    pub post_by: Option<DateTimeUtc>,
    /// When the creator took its one extension.
    pub extended_at: Option<DateTimeUtc>,
    /// When the last deliverable went live in time, or the sweep found it overdue.
    pub settled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
