//! Webhooks (SPEC.md, "Integrations"): users, and API keys with WEBHOOKS_MANAGE, register
//! endpoints for kinds of their own notifications; every such notification writes a delivery in
//! its own transaction (an outbox), and the worker (`worker`) sends it, signed as Standard
//! Webhooks specifies, until it is DELIVERED or its retries are used up.
//!
//! - `create`, `delete`, `list`: the endpoints, at most [`MAX_ENDPOINTS`] a user.
//! - `enqueue`: called by `notifications::notify` for every notification it stores.
//! - `deliveries`, `redeliver`: the delivery log, and sending one again by hand.

pub mod address;
pub mod worker;

use base64::{Engine as _, engine::general_purpose::STANDARD};
use entity::{
    enums::{ApiScope, NotificationKind, WebhookDeliveryStatus},
    notification, user, webhook_delivery, webhook_endpoint,
};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

pub use worker::Sender;

use crate::{
    auth::Viewer,
    clock,
    config::IntegrationRules,
    db::begin_write,
    error::{AppError, AppResult},
    i18n::msg,
    ids::{self, Kind},
    keyset::{self, Direction, TimeCursor},
    text,
};

/// Most endpoints a user may register.
pub const MAX_ENDPOINTS: u64 = 10;
/// Most kinds one endpoint may name (there are fewer kinds; duplicates count).
pub const MAX_EVENTS: usize = 64;
/// What an endpoint's signing secret starts with.
pub const SECRET_PREFIX: &str = "whsec_";

/// An endpoint just made (or made again), with its signing secret: the only time it is seen.
pub struct Created {
    pub endpoint: webhook_endpoint::Model,
    pub secret: String,
}

/// The kinds an endpoint listens to, as stored.
pub fn events_of(endpoint: &webhook_endpoint::Model) -> Vec<NotificationKind> {
    endpoint
        .events
        .split(',')
        .filter_map(NotificationKind::parse)
        .collect()
}

/// FORBIDDEN for an API key without WEBHOOKS_MANAGE.
fn may_manage(viewer: &Viewer) -> AppResult<()> {
    match &viewer.api_key {
        Some(key) if !key.allows(ApiScope::WebhooksManage) => Err(AppError::forbidden(msg!(
            "api-key-lacks-scope",
            scope = ApiScope::WebhooksManage.as_str()
        ))),
        _ => Ok(()),
    }
}

/// `createWebhookEndpoint`: an endpoint for the viewer's notifications of `events`. The same URL
/// again replaces that endpoint's events and secret and enables it again (a disabled endpoint
/// comes back this way); otherwise at most [`MAX_ENDPOINTS`]. With `public_webhooks_only`
/// (production) the URL must be https and its host resolve to public addresses only.
pub async fn create(
    db: &DatabaseConnection,
    rules: &IntegrationRules,
    viewer: &Viewer,
    url: &str,
    events: &[NotificationKind],
) -> AppResult<Created> {
    may_manage(viewer)?;
    let url = text::http_url("url", url)?;
    if events.is_empty() {
        return Err(AppError::bad_input("events", msg!("webhook-no-events")));
    }
    if events.len() > MAX_EVENTS {
        return Err(AppError::bad_input(
            "events",
            msg!("webhook-events-too-many", max = MAX_EVENTS),
        ));
    }
    if rules.public_webhooks_only {
        address::check_public_url(&url)
            .await
            .map_err(|reason| AppError::bad_input("url", reason))?;
    }
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    let events = events
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let secret = new_secret();

    let txn = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // The order in which one user's endpoints change, so that the cap holds under races.
        user::Entity::find_by_id(viewer.user_id)
            .select_only()
            .column(user::Column::Id)
            .lock_exclusive()
            .into_tuple::<Uuid>()
            .one(&txn)
            .await?;
    }
    let existing = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::UserId.eq(viewer.user_id))
        .filter(webhook_endpoint::Column::Url.eq(url.as_str()))
        .one(&txn)
        .await?;
    let endpoint = match existing {
        Some(endpoint) => {
            let mut active: webhook_endpoint::ActiveModel = endpoint.into();
            active.events = Set(events);
            active.secret = Set(secret.clone());
            active.enabled = Set(true);
            active.consecutive_failures = Set(0);
            active.update(&txn).await?
        }
        None => {
            let count = webhook_endpoint::Entity::find()
                .filter(webhook_endpoint::Column::UserId.eq(viewer.user_id))
                .count(&txn)
                .await?;
            if count >= MAX_ENDPOINTS {
                return Err(AppError::bad_input(
                    "url",
                    msg!("webhook-endpoints-too-many", max = MAX_ENDPOINTS),
                ));
            }
            webhook_endpoint::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(viewer.user_id),
                url: Set(url),
                events: Set(events),
                secret: Set(secret.clone()),
                enabled: Set(true),
                consecutive_failures: Set(0),
                created_at: Set(clock::now()),
            }
            .insert(&txn)
            .await?
        }
    };
    txn.commit().await?;
    Ok(Created { endpoint, secret })
}

/// 32 random bytes, as Standard Webhooks writes a secret.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// `deleteWebhookEndpoint`: the endpoint and its delivery log. NOT_FOUND for another user's.
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: Uuid) -> AppResult<bool> {
    may_manage(viewer)?;
    let txn = begin_write(db).await?;
    let deleted = webhook_endpoint::Entity::delete_many()
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::UserId.eq(viewer.user_id))
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted == 0 {
        return Err(AppError::not_found("webhook endpoint"));
    }
    txn.commit().await?;
    Ok(true)
}

/// The viewer's endpoints, oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<webhook_endpoint::Model>> {
    may_manage(viewer)?;
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::UserId.eq(viewer.user_id))
        .order_by_asc(webhook_endpoint::Column::CreatedAt)
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await?)
}

/// An endpoint's deliveries, newest first, optionally of one status.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    status: Option<WebhookDeliveryStatus>,
    window: keyset::Window,
) -> AppResult<(Vec<webhook_delivery::Model>, i64)> {
    let mut q = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(status) = status {
        q = q.filter(webhook_delivery::Column::Status.eq(status));
    }
    keyset::fetch(
        db,
        q,
        webhook_delivery::Column::CreatedAt,
        webhook_delivery::Column::Id,
        Direction::NewestFirst,
        window,
    )
    .await
}

/// The cursor of a delivery in its endpoint's log.
pub fn cursor_of(d: &webhook_delivery::Model) -> TimeCursor {
    (d.created_at, d.id)
}

/// The body a notification is sent with, in this order of keys.
#[derive(Serialize)]
struct Payload<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "createdAt")]
    created_at: String,
    data: Data<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    notification_id: String,
    message: &'a str,
    brief_id: Option<String>,
    proposal_id: Option<String>,
    collaboration_id: Option<String>,
}

/// Writes a delivery of `n` to each of its recipient's enabled endpoints that listen to its kind,
/// inside the caller's transaction. Whether it wrote any.
pub async fn enqueue(db: &impl ConnectionTrait, n: &notification::Model) -> AppResult<bool> {
    let endpoints: Vec<(Uuid, String)> = webhook_endpoint::Entity::find()
        .select_only()
        .column(webhook_endpoint::Column::Id)
        .column(webhook_endpoint::Column::Events)
        .filter(webhook_endpoint::Column::UserId.eq(n.recipient_id))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    let kind = n.kind.as_str();
    let mut wrote = false;
    for (endpoint_id, events) in endpoints {
        if !events.split(',').any(|e| e == kind) {
            continue;
        }
        let id = Uuid::new_v4();
        let payload = Payload {
            id: ids::encode(Kind::WebhookDelivery, id),
            kind,
            created_at: clock::format(n.created_at),
            data: Data {
                notification_id: ids::encode(Kind::Notification, n.id),
                message: &n.message,
                brief_id: n.brief_id.map(|i| ids::encode(Kind::Brief, i)),
                proposal_id: n.proposal_id.map(|i| ids::encode(Kind::Proposal, i)),
                collaboration_id: n
                    .collaboration_id
                    .map(|i| ids::encode(Kind::Collaboration, i)),
            },
        };
        webhook_delivery::ActiveModel {
            id: Set(id),
            endpoint_id: Set(endpoint_id),
            event: Set(n.kind),
            payload: Set(serde_json::to_string(&payload).map_err(AppError::internal)?),
            status: Set(WebhookDeliveryStatus::Pending),
            attempts: Set(0),
            redeliveries: Set(0),
            last_response_status: Set(None),
            next_attempt_at: Set(Some(n.created_at)),
            leased_until: Set(None),
            created_at: Set(n.created_at),
            delivered_at: Set(None),
        }
        .insert(db)
        .await?;
        wrote = true;
    }
    Ok(wrote)
}

/// The viewer's delivery `id`, with its endpoint; NOT_FOUND for anyone else's.
pub async fn find_delivery(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<(webhook_delivery::Model, webhook_endpoint::Model)> {
    may_manage(viewer)?;
    let not_found = || AppError::not_found("webhook delivery");
    let delivery = webhook_delivery::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let endpoint = webhook_endpoint::Entity::find_by_id(delivery.endpoint_id)
        .filter(webhook_endpoint::Column::UserId.eq(viewer.user_id))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    Ok((delivery, endpoint))
}
