use sea_orm::entity::prelude::*;

/// A mutation request sent with an `Idempotency-Key`, and its answer once there is one. `owner`
/// is who sent it ("user:<id>" or "key:<id>"); `body_hash` the SHA-256 (hex) of the body sent.
/// Rows live 24 hours (`expires_at`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub body_hash: String,
    /// When the request that holds the key began (or was taken over after a crash).
    pub started_at: DateTimeUtc,
    /// The answer's status and body, once it is stored; null while the request runs.
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub content_type: Option<String>,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
