//! The event path from a committed change to the subscribers who should hear of it.
//!
//! A domain function collects what it raised in an [`Outbox`] and hands it over with its
//! transaction: [`Outbox::commit`] makes the change and the events one unit.
//!
//! - On PostgreSQL the events are sent with `pg_notify` inside the transaction. PostgreSQL
//!   delivers them at commit (and drops them on rollback) to every instance that listens, this one
//!   included: each instance runs one `LISTEN` connection that feeds its local broadcast. So an
//!   event raised on one server reaches subscribers on all of them.
//! - On SQLite there is one process: the events go to the local broadcast after the commit.
//!
//! Events carry only IDs; a subscriber reads the row itself, so nothing private travels on the
//! channel and a subscriber sees the row as committed. Subscribers filter by recipient (see
//! `graphql::notifications::Subscription`). A subscriber that falls behind the broadcast's buffer skips the
//! events it missed rather than slowing the others down; notifications stay in the database.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::error::AppResult;

/// The PostgreSQL channel every instance listens on.
const CHANNEL: &str = "marketplace_events";
/// Events a slow subscriber may fall behind by before it skips some.
const BUFFER: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A notification was stored for `recipient` (a user ID).
    Notification { recipient: Uuid, id: Uuid },
    /// A message was posted on a proposal.
    Message { proposal: Uuid, id: Uuid },
    /// Webhook deliveries were written: the webhook worker looks for them now rather than at
    /// its next poll.
    Deliveries,
}

/// This instance's side of the event path: where subscribers listen.
#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<Event>,
    backend: DbBackend,
}

impl EventBus {
    /// Makes the bus; on PostgreSQL it also starts the task that listens for every instance's
    /// events (so it must be called inside the runtime).
    pub fn new(db: &DatabaseConnection) -> Self {
        let (local, _) = broadcast::channel(BUFFER);
        let backend = db.get_database_backend();
        if backend == DbBackend::Postgres {
            tokio::spawn(listen(db.clone(), local.downgrade()));
        }
        Self { local, backend }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.local.subscribe()
    }
}

/// What a transaction raised, to be published with it.
#[derive(Default, Debug)]
#[must_use = "events are only sent by Outbox::commit"]
pub struct Outbox(Vec<Event>);

impl Outbox {
    pub fn push(&mut self, event: Event) {
        self.0.push(event);
    }

    /// Pushes `event` unless it is already queued (a wake-up said once is enough).
    pub fn push_once(&mut self, event: Event) {
        if !self.0.contains(&event) {
            self.0.push(event);
        }
    }

    /// Commits `txn` and publishes the events: all of them if the commit succeeds, none if not.
    pub async fn commit(self, txn: DatabaseTransaction, bus: &EventBus) -> AppResult<()> {
        if bus.backend == DbBackend::Postgres {
            for event in &self.0 {
                let payload = serde_json::to_string(event).expect("events serialize");
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                ))
                .await?;
            }
            txn.commit().await?;
        } else {
            txn.commit().await?;
            for event in self.0 {
                // No receiver is not an error: nobody is subscribed right now.
                let _ = bus.local.send(event);
            }
        }
        Ok(())
    }
}

/// Feeds this instance's broadcast from PostgreSQL's channel, reconnecting when the connection
/// drops. Ends once the bus is gone.
async fn listen(db: DatabaseConnection, local: broadcast::WeakSender<Event>) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let pool = db.get_postgres_connection_pool();
        let mut listener = match PgListener::connect_with(pool).await {
            Ok(l) => l,
            Err(err) => {
                tracing::warn!(error = %err, "event listener cannot connect; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %err, "LISTEN failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    match serde_json::from_str::<Event>(notification.payload()) {
                        Ok(event) => {
                            let Some(local) = local.upgrade() else { return };
                            // No receiver is not an error: nobody is subscribed right now.
                            let _ = local.send(event);
                        }
                        Err(err) => tracing::warn!(error = %err, "unreadable event"),
                    }
                }
                // The connection was lost; events sent meanwhile are missed by live subscribers
                // (the notifications themselves are stored).
                Ok(None) => tracing::warn!("event listener reconnecting"),
                Err(err) => {
                    tracing::warn!(error = %err, "event listener failed; reconnecting");
                    break;
                }
            }
        }
        if local.upgrade().is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
