//! The webhook worker: takes due deliveries, sends them, and records what happened.
//!
//! A delivery is taken by setting its lease (`leased_until`, [`LEASE`] ahead) in one statement
//! that skips rows another instance holds (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has
//! one writer), so each attempt is made by one instance. The outcome is recorded only if the
//! delivery still has the attempt count it was taken with. A crash between taking and recording
//! loses nothing: the lease ends and the delivery is taken again.
//!
//! An attempt is a POST of the payload with the Standard Webhooks headers, through one pooled
//! HTTP client with a [`TIMEOUT`] and no redirects. A 2xx delivers it; anything else (another
//! status, a timeout, a refused connection or address) is retried after the next wait of
//! `WEBHOOK_RETRY_SCHEDULE`, and once those are used up the delivery is FAILED. An endpoint whose
//! deliveries FAILED [`DISABLE_AFTER`] times in a row is disabled.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use entity::{enums::WebhookDeliveryStatus, webhook_delivery, webhook_endpoint};
use futures_util::{StreamExt, stream};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use standardwebhooks::Webhook;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::{
    clock,
    config::IntegrationRules,
    db::{Sql, begin_write},
    error::{AppError, AppResult},
    events::{Event, EventBus},
    i18n::msg,
    ids::{self, Kind},
    webhooks::address::{self, PublicResolver},
};

/// Longest an attempt may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a taken delivery is held: its batch's attempts take at most
/// `BATCH / IN_FLIGHT` waves of [`TIMEOUT`] (40 s) before the outcomes are recorded, so this is
/// three times that.
pub const LEASE: Duration = Duration::from_secs(120);
/// FAILED deliveries in a row that disable an endpoint.
pub const DISABLE_AFTER: i32 = 20;
/// Most deliveries taken at once, and most attempts in flight.
pub const BATCH: u64 = 100;
pub const IN_FLIGHT: usize = 32;
/// Longest the worker sleeps when nothing wakes it.
pub const POLL: Duration = Duration::from_secs(1);

/// The HTTP client and the rules attempts follow. One per process: its connections are pooled.
pub struct Sender {
    client: reqwest::Client,
    rules: IntegrationRules,
}

/// What an attempt got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer, with its status.
    Delivered(u16),
    /// Another status, or none (no connection, a refused address, a timeout).
    Failed(Option<u16>),
}

impl Outcome {
    fn status(self) -> Option<i32> {
        match self {
            Self::Delivered(s) | Self::Failed(Some(s)) => Some(i32::from(s)),
            Self::Failed(None) => None,
        }
    }
}

impl Sender {
    pub fn new(rules: IntegrationRules) -> Self {
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy from the environment would resolve hosts itself, past the address check.
            .no_proxy()
            .pool_max_idle_per_host(IN_FLIGHT)
            .user_agent(concat!(
                "influencer-marketplace-webhooks/",
                env!("CARGO_PKG_VERSION")
            ));
        if rules.public_webhooks_only {
            builder = builder
                .dns_resolver(PublicResolver::shared())
                .https_only(true);
        }
        let client = builder.build().expect("the webhook HTTP client builds");
        Self { client, rules }
    }

    /// One POST of `delivery` to `endpoint`, signed now.
    pub async fn attempt(
        &self,
        endpoint: &webhook_endpoint::Model,
        delivery: &webhook_delivery::Model,
    ) -> Outcome {
        if self.rules.public_webhooks_only
            && let Err(reason) = address::check_literal(&endpoint.url)
        {
            tracing::warn!(endpoint = %endpoint.id, reason = reason.english(), "webhook URL refused");
            return Outcome::Failed(None);
        }
        let id = ids::encode(Kind::WebhookDelivery, delivery.id);
        let timestamp = clock::now().timestamp();
        let signature = match Webhook::new(&endpoint.secret)
            .and_then(|w| w.sign(&id, timestamp, delivery.payload.as_bytes()))
        {
            Ok(s) => s,
            Err(err) => {
                tracing::error!(endpoint = %endpoint.id, error = %err, "cannot sign a webhook");
                return Outcome::Failed(None);
            }
        };
        let sent = self
            .client
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(delivery.payload.clone())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                Outcome::Delivered(response.status().as_u16())
            }
            Ok(response) => Outcome::Failed(Some(response.status().as_u16())),
            Err(err) => {
                tracing::debug!(endpoint = %endpoint.id, error = %err, "webhook attempt failed");
                Outcome::Failed(None)
            }
        }
    }
}

/// Takes up to [`BATCH`] due deliveries, attempts them ([`IN_FLIGHT`] at a time) and records
/// each outcome. How many it took.
pub async fn run(db: &DatabaseConnection, sender: &Sender) -> AppResult<usize> {
    let now = clock::now();
    let taken = take(db, now).await?;
    if taken.is_empty() {
        return Ok(0);
    }
    let endpoint_ids: Vec<Uuid> = taken.iter().map(|d| d.endpoint_id).collect();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(endpoint_ids))
        .all(db)
        .await?;
    let count = taken.len();
    let outcomes: Vec<(webhook_delivery::Model, Outcome)> = stream::iter(taken)
        .map(|delivery| {
            let endpoint = endpoints.iter().find(|e| e.id == delivery.endpoint_id);
            async move {
                // Deleted meanwhile: its deliveries went with it.
                let outcome = sender.attempt(endpoint?, &delivery).await;
                Some((delivery, outcome))
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .filter_map(std::future::ready)
        .collect()
        .await;
    // One transaction for the batch: on SQLite a commit per delivery would bound the rate.
    record(db, &sender.rules, &outcomes).await?;
    Ok(count)
}

/// Leases the due deliveries of enabled endpoints, oldest due first, and reads them.
async fn take(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> AppResult<Vec<webhook_delivery::Model>> {
    let backend = db.get_database_backend();
    let lease = now + LEASE;
    let mut sql = Sql::new(backend);
    sql.push("UPDATE webhook_deliveries SET leased_until = ")
        .bind(lease)
        .push(
            " WHERE id IN (SELECT d.id FROM webhook_deliveries d \
             JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE d.status = 'PENDING' AND d.next_attempt_at <= ",
        )
        .bind(now)
        .push(" AND (d.leased_until IS NULL OR d.leased_until <= ")
        .bind(now)
        .push(") AND e.enabled = ")
        .bind(true)
        .push(" ORDER BY d.next_attempt_at LIMIT ")
        .bind(BATCH as i64);
    if backend == DbBackend::Postgres {
        sql.push(" FOR UPDATE OF d SKIP LOCKED");
    }
    sql.push(") RETURNING id");
    let rows = db.query_all_raw(sql.statement()).await?;
    let ids = rows
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// Records the outcome of each attempt made on a delivery as it was taken: DELIVERED, the next
/// retry, or FAILED with the endpoint's failure count (and its disabling) moved on. A delivery
/// that changed meanwhile (an attempt recorded by someone else) is left as it is.
pub async fn record(
    db: &DatabaseConnection,
    rules: &IntegrationRules,
    outcomes: &[(webhook_delivery::Model, Outcome)],
) -> AppResult<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let now = clock::now();
    let txn = begin_write(db).await?;
    for (delivery, outcome) in outcomes {
        let (status, next) = match outcome {
            Outcome::Delivered(_) => (WebhookDeliveryStatus::Delivered, None),
            Outcome::Failed(_) => {
                let scheduled =
                    usize::try_from(delivery.attempts - delivery.redeliveries).unwrap_or(0);
                match rules.webhook_retry_schedule.get(scheduled) {
                    Some(wait) => (
                        WebhookDeliveryStatus::Pending,
                        Some(now + chrono::Duration::from_std(*wait).map_err(AppError::internal)?),
                    ),
                    None => (WebhookDeliveryStatus::Failed, None),
                }
            }
        };
        let changed = webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::Status, Expr::value(status))
            .col_expr(
                webhook_delivery::Column::Attempts,
                Expr::value(delivery.attempts + 1),
            )
            .col_expr(
                webhook_delivery::Column::LastResponseStatus,
                Expr::value(outcome.status()),
            )
            .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(next))
            .col_expr(
                webhook_delivery::Column::LeasedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                webhook_delivery::Column::DeliveredAt,
                Expr::value(matches!(outcome, Outcome::Delivered(_)).then_some(now)),
            )
            .filter(webhook_delivery::Column::Id.eq(delivery.id))
            .filter(webhook_delivery::Column::Attempts.eq(delivery.attempts))
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 1 {
            ended(&txn, delivery.endpoint_id, status).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the endpoint's count of FAILED deliveries in a row: back to zero on a delivery, one up
/// on a failure (disabling the endpoint at [`DISABLE_AFTER`]); a retry still to come counts
/// nothing yet.
async fn ended(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    status: WebhookDeliveryStatus,
) -> AppResult<()> {
    let update = webhook_endpoint::Entity::update_many()
        .filter(webhook_endpoint::Column::Id.eq(endpoint_id));
    let update = match status {
        WebhookDeliveryStatus::Pending => return Ok(()),
        WebhookDeliveryStatus::Delivered => update.col_expr(
            webhook_endpoint::Column::ConsecutiveFailures,
            Expr::value(0),
        ),
        WebhookDeliveryStatus::Failed => update
            .col_expr(
                webhook_endpoint::Column::ConsecutiveFailures,
                Expr::col(webhook_endpoint::Column::ConsecutiveFailures).add(1),
            )
            .col_expr(
                webhook_endpoint::Column::Enabled,
                Expr::case(
                    Expr::col(webhook_endpoint::Column::ConsecutiveFailures)
                        .add(1)
                        .gte(DISABLE_AFTER),
                    false,
                )
                .finally(Expr::col(webhook_endpoint::Column::Enabled))
                .into(),
            ),
    };
    update.exec(db).await?;
    if status == WebhookDeliveryStatus::Failed {
        fail_pending_if_disabled(db, endpoint_id).await?;
    }
    Ok(())
}

/// Once an endpoint is disabled, what it still had waiting ends FAILED too (it may be redelivered
/// by hand), rather than going out in a burst, days old, when the endpoint is made again.
/// Deliveries under an attempt right now are left to record their own outcome.
async fn fail_pending_if_disabled(db: &impl ConnectionTrait, endpoint_id: Uuid) -> AppResult<()> {
    let enabled = webhook_endpoint::Entity::find_by_id(endpoint_id)
        .one(db)
        .await?
        .is_some_and(|e| e.enabled);
    if enabled {
        return Ok(());
    }
    let now = clock::now();
    webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(WebhookDeliveryStatus::Failed),
        )
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_delivery::Column::Status.eq(WebhookDeliveryStatus::Pending))
        .filter(unleased(now))
        .exec(db)
        .await?;
    Ok(())
}

/// Deliveries that no instance holds for an attempt at `now` (as `take` also asks in SQL).
fn unleased(now: DateTime<Utc>) -> sea_orm::sea_query::SimpleExpr {
    webhook_delivery::Column::LeasedUntil
        .is_null()
        .or(webhook_delivery::Column::LeasedUntil.lte(now))
}

/// `redeliverWebhook`: sends the delivery's payload again now, whatever its status, and records
/// the attempt. A 2xx makes it DELIVERED; a failure leaves its status and its retries as they
/// were (a redelivery does not use up a wait of the schedule). CONFLICT while an attempt of it is
/// under way.
pub async fn redeliver(
    db: &DatabaseConnection,
    sender: &Sender,
    endpoint: &webhook_endpoint::Model,
    delivery: &webhook_delivery::Model,
) -> AppResult<webhook_delivery::Model> {
    let now = clock::now();
    let leased = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::LeasedUntil,
            Expr::value(now + LEASE),
        )
        .filter(webhook_delivery::Column::Id.eq(delivery.id))
        .filter(webhook_delivery::Column::Attempts.eq(delivery.attempts))
        .filter(unleased(now))
        .exec(db)
        .await?
        .rows_affected;
    if leased != 1 {
        return Err(AppError::conflict(msg!("webhook-delivery-busy")));
    }
    let outcome = sender.attempt(endpoint, delivery).await;
    let now = clock::now();
    let txn = begin_write(db).await?;
    let mut update = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::value(delivery.attempts + 1),
        )
        .col_expr(
            webhook_delivery::Column::Redeliveries,
            Expr::value(delivery.redeliveries + 1),
        )
        .col_expr(
            webhook_delivery::Column::LastResponseStatus,
            Expr::value(outcome.status()),
        )
        .col_expr(
            webhook_delivery::Column::LeasedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(webhook_delivery::Column::Id.eq(delivery.id));
    if let Outcome::Delivered(_) = outcome {
        update = update
            .col_expr(
                webhook_delivery::Column::Status,
                Expr::value(WebhookDeliveryStatus::Delivered),
            )
            .col_expr(webhook_delivery::Column::DeliveredAt, Expr::value(now))
            .col_expr(
                webhook_delivery::Column::NextAttemptAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            );
    }
    update.exec(&txn).await?;
    if let Outcome::Delivered(_) = outcome {
        ended(&txn, endpoint.id, WebhookDeliveryStatus::Delivered).await?;
    }
    txn.commit().await?;
    webhook_delivery::Entity::find_by_id(delivery.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("webhook delivery"))
}

/// Runs the worker until `stop` turns true: a batch whenever deliveries are written (the
/// `Deliveries` event, from any instance on PostgreSQL) and at least every [`POLL`] for retries
/// that came due.
pub async fn every(
    db: DatabaseConnection,
    bus: EventBus,
    sender: Arc<Sender>,
    mut stop: watch::Receiver<bool>,
) {
    let mut events = bus.subscribe();
    loop {
        let taken = tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => return,
            taken = run(&db, &sender) => taken,
        };
        match taken {
            // A full batch: there may be more due at once.
            Ok(n) if n as u64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(code = e.code(), "webhook worker cannot read what is due"),
        }
        tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => return,
            () = woken(&mut events) => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Resolves at the next `Deliveries` event (or when events were missed).
async fn woken(events: &mut broadcast::Receiver<Event>) {
    loop {
        match events.recv().await {
            Ok(Event::Deliveries) | Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
        }
    }
}
