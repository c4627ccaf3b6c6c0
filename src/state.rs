//! What every request shares: the database pool, the configuration and the auth services.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    accounts::Accounts,
    auth::{JwtKeys, PasswordHasher, Verifier},
    config::Config,
    events::EventBus,
    sockets::Sockets,
    tracking::Tracker,
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
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self {
            jwt: Arc::new(JwtKeys::new(&config.jwt_secret)),
            hasher: PasswordHasher::new(config.password_hash_concurrency),
            config: Arc::new(config),
            events: EventBus::new(&db),
            tracker: Tracker::start(db.clone()),
            db,
            sockets: Sockets::default(),
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
