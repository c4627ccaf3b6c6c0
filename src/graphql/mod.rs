//! The GraphQL schema: one root merged from the areas, the per-request context, and the limits.

pub mod accounts;
pub mod brands;
pub mod briefs;
pub mod collaborations;
pub mod context;
pub mod creators;
pub mod deals;
pub mod delivery;
pub mod errors;
pub mod ids;
pub mod inputs;
pub mod insights;
pub mod integrations;
pub mod limits;
pub mod loaders;
pub mod node;
pub mod notifications;
pub mod pagination;
pub mod payments;
pub mod persisted;
pub mod phase;
pub mod protocol;
pub mod recommend;
pub mod scalars;
pub mod scopes;
pub mod wallets;

use async_graphql::{MergedObject, Schema, SchemaBuilder};

use crate::state::AppState;

/// Deepest selection a request may make (introspection fields aside).
pub const MAX_DEPTH: usize = 12;
/// Largest complexity a request may have; connections count their children once per `first`.
pub const MAX_COMPLEXITY: usize = 5_000;

#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    accounts::AccountsQuery,
    creators::CreatorsQuery,
    brands::BrandsQuery,
    briefs::BriefsQuery,
    deals::DealsQuery,
    collaborations::CollaborationsQuery,
    recommend::RecommendQuery,
    notifications::NotificationsQuery,
    wallets::WalletsQuery,
    integrations::IntegrationsQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountsMutation,
    creators::CreatorsMutation,
    brands::BrandsMutation,
    briefs::BriefsMutation,
    deals::DealsMutation,
    payments::PaymentsMutation,
    delivery::DeliveryMutation,
    notifications::NotificationsMutation,
    insights::ReviewsMutation,
    wallets::WalletsMutation,
    integrations::IntegrationsMutation,
);

pub use notifications::Subscription;

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema's types and limits, without any runtime data: `export-schema` prints this one.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(limits::Limits(MAX_DEPTH))
        .extension(phase::ExecutionMarker)
        .extension(scopes::Scopes)
}

pub fn schema(state: AppState) -> AppSchema {
    builder().data(state).finish()
}

/// The SDL that `schema.graphql` must equal.
pub fn sdl() -> String {
    builder().finish().sdl()
}
