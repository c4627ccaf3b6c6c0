use sea_orm::entity::prelude::*;

use crate::enums::{DeliverableType, Platform};

/// One line of an offer's deliverables: a type of content on a platform, so many times.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_deliverables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    pub quantity: i32,
    pub notes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
