use sea_orm::entity::prelude::*;

use crate::enums::{DeliverableStatus, DeliverableType, Platform};

/// One promised piece of content of a collaboration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliverables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub collaboration_id: Uuid,
    pub position: i32,
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    pub notes: Option<String>,
    pub due_at: DateTimeUtc,
    pub status: DeliverableStatus,
    pub revisions_used: i32,
    pub live_url: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    /// When and by whom the creator attested having used the product, before publishing.
    pub product_use_attested_at: Option<DateTimeUtc>,
    pub product_use_attested_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
