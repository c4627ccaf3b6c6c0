use sea_orm::entity::prelude::*;

use crate::enums::Niche;

/// One niche of a creator; a table rather than a list column so that discovery filters by index.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creator_niches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub creator_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub niche: Niche,
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
