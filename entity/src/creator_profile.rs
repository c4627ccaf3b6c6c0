use sea_orm::entity::prelude::*;

use crate::enums::CreatorKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creator_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub user_id: Uuid,
    pub display_name: String,
    pub bio: Option<String>,
    pub kind: CreatorKind,
    pub country: Option<String>,
    pub city: Option<String>,
    /// An http(s) image URL.
    pub avatar_url: Option<String>,
    /// BCP 47 tags joined by commas, e.g. "vi,en".
    pub languages: String,
    /// Display name and bio, lower-cased and without diacritics, for search.
    pub search_text: String,
    /// Followers over all social accounts, and the followers-weighted engagement (basis points):
    /// written only by `creators::refresh_audience` from the accounts, for discovery's filters
    /// and sorting. The API computes its figures from the accounts themselves.
    pub audience_followers: i64,
    pub audience_engagement_bp: Option<i64>,
    /// Kept by `livestreams::refresh_creator` for ranking: confirmed order revenue of its
    /// livestream sessions in VND, and orders / viewers of its ended sessions in basis points.
    pub live_revenue_vnd: i64,
    pub live_conversion_bp: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
    #[sea_orm(has_many = "super::social_account::Entity")]
    SocialAccount,
    #[sea_orm(has_many = "super::creator_niche::Entity")]
    CreatorNiche,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
