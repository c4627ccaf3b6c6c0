use sea_orm::entity::prelude::*;

use crate::enums::Platform;

/// A creator's account on one platform. The source of truth for followers and engagement:
/// a profile's totals are computed from these rows, never stored beside them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub creator_id: Uuid,
    pub platform: Platform,
    pub handle: String,
    /// The handle lower-cased, for the one-account-per-platform-and-handle rule.
    pub handle_key: String,
    pub url: Option<String>,
    pub followers: i64,
    pub avg_views: Option<i64>,
    /// Percent × 100 (basis points): 6.25% is 625.
    pub engagement_rate_bp: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::creator_profile::Entity",
        from = "Column::CreatorId",
        to = "super::creator_profile::Column::Id",
        on_delete = "Cascade"
    )]
    CreatorProfile,
}

impl Related<super::creator_profile::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatorProfile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
