//! What every request shares: the database pool, the configuration, the auth services, the
//! rate limits and the webhook client.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    accounts::Accounts,
    auth::{JwtKeys, PasswordHasher, Verifier},
    config::Config,
    events::EventBus,
    rate_limit::RateLimits,
    sockets::Sockets,
    tracking::Tracker,
    webhooks,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub jwt: Arc<JwtKeys>,
    pub hasher: PasswordHasher,
    /// Where committed events reach this instance's subscribers.
    pub events: EventBus,
    /// Clicks on tracking links, counted in memory and flushed in batches.
    pub tracker: Arc<Tracker>,
    /// The open GraphQL WebSockets, closed on shutdown.
    pub sockets: Sockets,
    /// This instance's rate-limit buckets.
    pub rate_limits: Arc<RateLimits>,
    /// The webhook worker's HTTP client, also used by `redeliverWebhook`.
    pub webhooks: Arc<webhooks::Sender>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self {
            jwt: Arc::new(JwtKeys::new(&config.jwt_secret)),
            hasher: PasswordHasher::new(config.password_hash_concurrency),
            events: EventBus::new(&db),
            tracker: Tracker::start(db.clone()),
            db,
            sockets: Sockets::default(),
            rate_limits: RateLimits::start(&config.integrations),
            webhooks: Arc::new(webhooks::Sender::new(config.integrations.clone())),
            config: Arc::new(config),
        }
    }

    /// What the account rules need, lent from here.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts {
            db: &self.db,
            jwt: &self.jwt,
            hasher: &self.hasher,
        }
    }
}

impl Verifier for AppState {
    fn jwt(&self) -> &JwtKeys {
        &self.jwt
    }

    fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}
