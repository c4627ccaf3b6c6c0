//! The influencer marketplace API: a GraphQL server over SQLite or PostgreSQL.
//!
//! `main.rs` wires configuration, tracing, the database and the router; the market's rules live
//! in one module per area and the GraphQL layer only maps them.

pub mod access;
pub mod accounts;
pub mod api_keys;
pub mod auth;
pub mod brands;
pub mod briefs;
pub mod calendar;
pub mod clock;
pub mod collaborations;
pub mod config;
pub mod creators;
pub mod db;
pub mod deadlines;
pub mod deals;
pub mod delivery;
pub mod digest;
pub mod error;
pub mod events;
pub mod graphiql;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod idempotency;
pub mod ids;
pub mod insights;
pub mod keyset;
pub mod ledger;
pub mod livestreams;
pub mod money;
pub mod notifications;
pub mod patch;
pub mod payments;
pub mod rate_limit;
pub mod recommend;
pub mod reviews;
pub mod samples;
pub mod search;
pub mod seed;
pub mod sockets;
pub mod state;
pub mod sweep;
pub mod telemetry;
pub mod text;
pub mod tracking;
pub mod webhooks;
pub mod work;
pub mod ws;

pub use state::AppState;
