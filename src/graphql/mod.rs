//! The GraphQL schema: one root merged from the areas, the per-request context, and the limits.

pub mod accounts;
pub mod brands;
pub mod briefs;
pub mod context;
pub mod creators;
pub mod ids;
pub mod limits;
pub mod loaders;
pub mod node;
pub mod pagination;
pub mod phase;
pub mod scalars;

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};

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
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountsMutation,
    creators::CreatorsMutation,
    brands::BrandsMutation,
    briefs::BriefsMutation,
);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema's types and limits, without any runtime data: `export-schema` prints this one.
pub fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(limits::DepthLimit(MAX_DEPTH))
        .extension(phase::ExecutionMarker)
}

pub fn schema(state: AppState) -> AppSchema {
    builder().data(state).finish()
}

/// The SDL that `schema.graphql` must equal.
pub fn sdl() -> String {
    builder().finish().sdl()
}
