use sea_orm::entity::prelude::*;

use crate::enums::{Language, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Trimmed and lower-cased: the unique index then compares case-insensitively.
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub suspended_at: Option<DateTimeUtc>,
    pub suspension_reason: Option<String>,
    /// The language the user chose; None follows the default of its country (`i18n`).
    pub language: Option<Language>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_one = "super::creator_profile::Entity")]
    CreatorProfile,
    #[sea_orm(has_one = "super::brand::Entity")]
    Brand,
    #[sea_orm(has_many = "super::refresh_token::Entity")]
    RefreshToken,
}

impl Related<super::creator_profile::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatorProfile.def()
    }
}

impl Related<super::brand::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Brand.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn is_suspended(&self) -> bool {
        self.suspended_at.is_some()
    }
}
