use sea_orm::entity::prelude::*;

use crate::enums::{NotificationKind, WebhookDeliveryStatus};

/// One notification on its way to one endpoint: written in the notification's transaction (an
/// outbox), then attempted by the webhook worker until it is DELIVERED or FAILED.
///
/// `next_attempt_at` is when the next attempt is due. An instance that takes a delivery for an
/// attempt first sets `leased_until` (two minutes ahead), so that no other instance attempts it
/// meanwhile; a crash mid-attempt only delays it until the lease ends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event: NotificationKind,
    /// The JSON body sent, exactly.
    pub payload: String,
    pub status: WebhookDeliveryStatus,
    /// Every attempt, `redeliverWebhook`'s included.
    pub attempts: i32,
    /// The attempts `redeliverWebhook` made: the retry schedule counts the others only.
    pub redeliveries: i32,
    pub last_response_status: Option<i32>,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub leased_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
