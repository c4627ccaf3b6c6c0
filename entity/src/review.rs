use sea_orm::entity::prelude::*;

use crate::enums::Party;

/// One side's rating of the other after a COMPLETED collaboration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub collaboration_id: Uuid,
    pub author: Party,
    /// 1 to 5.
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::collaboration::Entity",
        from = "Column::CollaborationId",
        to = "super::collaboration::Column::Id",
        on_delete = "Cascade"
    )]
    Collaboration,
}

impl Related<super::collaboration::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Collaboration.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
