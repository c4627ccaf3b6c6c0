//! What shops and partner systems use (SPEC.md, "Integrations"): API keys, batches of orders and
//! webhook endpoints with their delivery logs. The per-field scope check of API keys is
//! `graphql::scopes`'s; idempotency keys and rate limits are HTTP's (`crate::http`).

use super::scalars::Time;
use async_graphql::{Context, ID, Object};
use entity::{
    api_key,
    enums::{ApiScope, NotificationKind, WebhookDeliveryStatus},
    webhook_delivery, webhook_endpoint,
};

use crate::{
    api_keys,
    auth::api_key::scopes_of,
    error::{AppError, AppResult},
    graphql::{
        context::{state, viewer},
        ids::{self, Kind},
        pagination::{self, Page, PageRequest},
        payments::{Conversion, RecordConversionInput},
    },
    i18n::msg,
    keyset::TimeCursor,
    payments, webhooks,
};

/// Most orders in one `recordConversions`.
pub const MAX_BATCH_ORDERS: usize = 100;

pub struct ApiKey(pub api_key::Model);

/// A brand's key for its shop or system: it acts as the brand within its scopes. Readable by its
/// brand user only.
#[Object]
impl ApiKey {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::ApiKey, self.0.id)
    }

    /// 1 to 100 characters, to tell keys apart.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The key's first characters, enough to recognise it, e.g. "mk_live_3Fq9".
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }

    /// What the key may do.
    async fn scopes(&self) -> Vec<ApiScope> {
        scopes_of(&self.0.scopes)
    }

    /// When it was made.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When the key was last used, to the minute.
    async fn last_used_at(&self) -> Option<Time> {
        self.0.last_used_at.map(Time)
    }

    /// When it was revoked; it is refused from then on. Null while in use.
    async fn revoked_at(&self) -> Option<Time> {
        self.0.revoked_at.map(Time)
    }
}

pub struct CreatedApiKey(api_keys::Created);

/// A key just made, with its secret.
#[Object]
impl CreatedApiKey {
    /// The key.
    async fn api_key(&self) -> ApiKey {
        ApiKey(self.0.key.clone())
    }

    /// Shown once, never again.
    async fn secret(&self) -> &str {
        &self.0.secret
    }
}

pub struct WebhookEndpoint(pub webhook_endpoint::Model);

/// Where the user's notifications of some kinds are posted. Readable by its user (and, for a brand,
/// its keys with WEBHOOKS_MANAGE).
#[Object]
impl WebhookEndpoint {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::WebhookEndpoint, self.0.id)
    }

    /// The http(s) URL posted to.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// The notification kinds delivered to it.
    async fn events(&self) -> Vec<NotificationKind> {
        webhooks::events_of(&self.0)
    }

    /// False after 20 deliveries in a row failed; creating it again re-enables it.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// When it was made.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// Newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only deliveries in this status.")] status: Option<WebhookDeliveryStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<WebhookDelivery>> {
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) =
            webhooks::deliveries(&state(ctx).db, self.0.id, status, request.window(ctx)).await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            webhooks::cursor_of,
            WebhookDelivery,
        ))
    }
}

pub struct CreatedWebhookEndpoint(webhooks::Created);

/// An endpoint just made (or made again), with its signing secret.
#[Object]
impl CreatedWebhookEndpoint {
    /// The endpoint.
    async fn endpoint(&self) -> WebhookEndpoint {
        WebhookEndpoint(self.0.endpoint.clone())
    }

    /// The signing secret, "whsec_" then base64; shown once.
    async fn secret(&self) -> &str {
        &self.0.secret
    }
}

pub struct WebhookDelivery(pub webhook_delivery::Model);

/// One notification sent, or to be sent, to one endpoint. Readable like its endpoint.
#[Object]
impl WebhookDelivery {
    /// Opaque global ID; works with `node(id:)`; also the payload's `id` and the `webhook-id`
    /// header.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::WebhookDelivery, self.0.id)
    }

    /// The notification's kind; also the payload's `type`.
    async fn event(&self) -> NotificationKind {
        self.0.event
    }

    /// The JSON body sent, exactly.
    async fn payload(&self) -> &str {
        &self.0.payload
    }

    /// Where the delivery stands.
    async fn status(&self) -> WebhookDeliveryStatus {
        self.0.status
    }

    /// Attempts made so far, redeliveries included.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// The HTTP status of the last attempt; null when it got no response.
    async fn last_response_status(&self) -> Option<i32> {
        self.0.last_response_status
    }

    /// When the next automatic attempt is due; null once DELIVERED or FAILED.
    async fn next_attempt_at(&self) -> Option<Time> {
        self.0.next_attempt_at.map(Time)
    }

    /// When the notification made it.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When a 2xx answer delivered it; null until then.
    async fn delivered_at(&self) -> Option<Time> {
        self.0.delivered_at.map(Time)
    }
}

#[derive(Default)]
pub struct IntegrationsQuery;

#[Object]
impl IntegrationsQuery {
    /// The signed-in user's endpoints (a brand's, a creator's, or an API key's brand's).
    async fn webhook_endpoints(&self, ctx: &Context<'_>) -> AppResult<Vec<WebhookEndpoint>> {
        let viewer = viewer(ctx).await?;
        Ok(webhooks::list(&state(ctx).db, viewer)
            .await?
            .into_iter()
            .map(WebhookEndpoint)
            .collect())
    }
}

#[derive(Default)]
pub struct IntegrationsMutation;

#[Object]
impl IntegrationsMutation {
    /// A brand user makes a key for its shop or system: at most 20 unrevoked (else BAD_USER_INPUT
    /// on `name`). No API key may make or revoke keys.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "1 to 100 characters.")] name: String,
        #[graphql(desc = "What the key may do; at least one.")] scopes: Vec<ApiScope>,
    ) -> AppResult<CreatedApiKey> {
        let viewer = viewer(ctx).await?;
        Ok(CreatedApiKey(
            api_keys::create(&state(ctx).db, viewer, &name, &scopes).await?,
        ))
    }

    /// The brand user revokes one of its keys: it is refused at once. A revoked key is returned
    /// unchanged.
    async fn revoke_api_key(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ApiKey to revoke.")] id: ID,
    ) -> AppResult<ApiKey> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::ApiKey)?;
        Ok(ApiKey(api_keys::revoke(&state(ctx).db, viewer, id).await?))
    }

    /// Up to 100 orders in one call, each as recordConversion would record it; all or nothing.
    #[graphql(
        complexity = "inputs.len().max(1).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn record_conversions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "1 to 100 orders; an error names its input, e.g. `inputs.3.amount`.")]
        inputs: Vec<RecordConversionInput>,
    ) -> AppResult<Vec<Conversion>> {
        let viewer = viewer(ctx).await?;
        if inputs.is_empty() || inputs.len() > MAX_BATCH_ORDERS {
            return Err(AppError::bad_input(
                "inputs",
                msg!("batch-orders", max = MAX_BATCH_ORDERS),
            ));
        }
        let s = state(ctx);
        let orders = inputs
            .into_iter()
            .map(RecordConversionInput::domain)
            .collect();
        Ok(
            payments::record_conversions(&s.db, &s.events, &s.config.money, viewer, orders)
                .await?
                .into_iter()
                .map(Conversion)
                .collect(),
        )
    }

    /// Registers an endpoint for the signed-in user's notifications of `events`, at most 10 per
    /// user. The same URL again updates that endpoint: its events, a new secret, enabled again.
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "An http(s) URL, up to 2,048 characters; in production https to a public host only."
        )]
        url: String,
        #[graphql(desc = "Notification kinds to send, 1 to 64.")] events: Vec<NotificationKind>,
    ) -> AppResult<CreatedWebhookEndpoint> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        Ok(CreatedWebhookEndpoint(
            webhooks::create(&s.db, &s.config.integrations, viewer, &url, &events).await?,
        ))
    }

    /// Deletes one of the user's endpoints and its delivery log; true once deleted.
    async fn delete_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The WebhookEndpoint to delete.")] id: ID,
    ) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::WebhookEndpoint)?;
        webhooks::delete(&state(ctx).db, viewer, id).await
    }

    /// Sends the delivery's payload again now, whatever its status.
    async fn redeliver_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A WebhookDelivery of one of the user's endpoints.")] delivery_id: ID,
    ) -> AppResult<WebhookDelivery> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("deliveryId", &delivery_id, Kind::WebhookDelivery)?;
        let s = state(ctx);
        let (delivery, endpoint) = webhooks::find_delivery(&s.db, viewer, id).await?;
        Ok(WebhookDelivery(
            webhooks::worker::redeliver(&s.db, &s.webhooks, &endpoint, &delivery).await?,
        ))
    }
}
