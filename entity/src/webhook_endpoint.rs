use sea_orm::entity::prelude::*;

/// Where a user's notifications of `events` (kinds' names, comma-separated) are posted. `secret`
/// is the signing key, "whsec_" then base64. `consecutive_failures` counts deliveries that ended
/// FAILED since the last one DELIVERED; at 20 the endpoint is disabled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub url: String,
    pub events: String,
    pub secret: String,
    pub enabled: bool,
    pub consecutive_failures: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
