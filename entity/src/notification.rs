use sea_orm::entity::prelude::*;

use crate::enums::NotificationKind;

/// Something that happened which the recipient should know about.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user told.
    pub recipient_id: Uuid,
    pub kind: NotificationKind,
    /// A one-line summary for people.
    pub message: String,
    pub brief_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub collaboration_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
