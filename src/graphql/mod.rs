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
pub mod language;
pub mod limits;
pub mod livestreams;
pub mod loaders;
pub mod node;
pub mod notifications;
pub mod nulls;
pub mod pagination;
pub mod payments;
pub mod persisted;
pub mod phase;
pub mod protocol;
pub mod recommend;
pub mod samples;
pub mod scalars;
pub mod scopes;
pub mod wallets;

use async_graphql::{MergedObject, SDLExportOptions, Schema, SchemaBuilder};

use crate::state::AppState;

/// Deepest selection a request may make (introspection fields aside).
pub const MAX_DEPTH: usize = 12;
/// Largest complexity a request may have; connections count their children once per `first`.
pub const MAX_COMPLEXITY: usize = 5_000;

/// What a client may read. Every field needs a valid token (an access token, or an API key
/// within its scopes) except `me`, which is null without one. An object the viewer may not see
/// reads as null, exactly like one that does not exist.
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

/// What a client may change. Each mutation is one transaction: a failed one leaves nothing
/// half-done. Every mutation needs a valid token except signUp, logIn and refreshSession; every
/// error carries `extensions.code` (and `extensions.field` for BAD_USER_INPUT).
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
    livestreams::LivestreamsMutation,
    samples::SamplesMutation,
);

pub use notifications::Subscription;

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema's types and limits, without any runtime data: `export-schema` prints this one.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    let schema = Schema::build(Query::default(), Mutation::default(), Subscription);
    describe_pages(schema)
        .limit_complexity(MAX_COMPLEXITY)
        // Outside the null propagation, so that the errors it holds back are written too.
        .extension(language::Localise)
        .extension(nulls::NullPropagation)
        .extension(limits::Limits(MAX_DEPTH))
        .extension(phase::ExecutionMarker)
        .extension(scopes::Scopes)
}

pub fn schema(state: AppState) -> AppSchema {
    builder().data(state).finish()
}

/// The SDL that `schema.graphql` must equal.
pub fn sdl() -> String {
    builder()
        .finish()
        .sdl_with_options(SDLExportOptions::new().include_specified_by())
}

/// async-graphql's `Connection` carries no description of its own: each page type gets one here.
fn describe_pages(
    schema: SchemaBuilder<Query, Mutation, Subscription>,
) -> SchemaBuilder<Query, Mutation, Subscription> {
    use pagination::Page;
    macro_rules! pages {
        ($schema:expr, $($node:ty => $what:literal),+ $(,)?) => {
            $schema$(.override_output_type_description::<Page<$node>>(concat!(
                "A page of ", $what, " (Relay's cursor connection): `edges` with their cursors or ",
                "`nodes` alone, `pageInfo` to ask for the next page, `totalCount` across all pages."
            )))+
        };
    }
    pages!(schema,
        briefs::Brief => "briefs",
        collaborations::Collaboration => "collaborations",
        payments::Conversion => "conversions",
        creators::CreatorProfile => "creator profiles",
        wallets::Funding => "fundings",
        wallets::LedgerEntry => "ledger entries",
        deals::Message => "messages",
        notifications::Notification => "notifications",
        deals::Proposal => "proposals",
        insights::Review => "reviews",
        accounts::User => "users",
        integrations::WebhookDelivery => "webhook deliveries",
        wallets::Withdrawal => "withdrawals",
    )
}
