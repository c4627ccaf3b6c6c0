use sea_orm::entity::prelude::*;

/// A brand's key for its shop or system. Only the SHA-256 of the secret is kept (`secret_hash`,
/// hex); `prefix` is the secret's first characters, to recognise it by.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub brand_id: Uuid,
    pub name: String,
    pub prefix: String,
    #[sea_orm(unique)]
    pub secret_hash: String,
    /// The scopes' names, comma-separated, in the order of `ApiScope`.
    pub scopes: String,
    pub created_at: DateTimeUtc,
    /// Written at most once a minute per key.
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
