use sea_orm::entity::prelude::*;

use crate::enums::{CurrencyCode, DeliverableType, Platform};

/// One line of a creator's rate card: the asking price for a type of content on a platform.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_card_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub creator_id: Uuid,
    pub position: i32,
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    /// In minor units of `currency`.
    pub price_minor: i64,
    pub currency: CurrencyCode,
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
