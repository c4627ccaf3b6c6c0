use sea_orm::entity::prelude::*;

use crate::enums::{DeliverableType, Platform};

/// One line of what a brief asks for: a type of content on a platform, so many times.
/// A brief's platforms are derived from these rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brief_deliverables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub brief_id: Uuid,
    pub position: i32,
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    pub quantity: i32,
    pub notes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::brief::Entity",
        from = "Column::BriefId",
        to = "super::brief::Column::Id",
        on_delete = "Cascade"
    )]
    Brief,
}

impl Related<super::brief::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Brief.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
