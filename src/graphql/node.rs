//! The `Node` interface and `node(id:)`: any object by its global ID, if the viewer may see it.

use async_graphql::{Context, ID, Interface, Object};
use entity::{
    api_key, brief, collaboration, content_submission, conversion, deliverable, funding,
    ledger_entry, livestream_session, message, notification, offer, payout, payout_method,
    proposal, review, sample, social_account, withdrawal,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    access::{self, find},
    error::{AppError, AppResult},
    graphql::{
        accounts::{User, visible_user},
        brands::{Brand, brand_by_id},
        briefs::Brief,
        collaborations::{Collaboration, Deliverable},
        context::{state, viewer},
        creators::{CreatorProfile, SocialAccount, creator_by_id},
        deals::{Message, Offer, Proposal},
        delivery::ContentSubmission,
        ids::{self, Kind},
        insights::Review,
        integrations::{ApiKey, WebhookDelivery, WebhookEndpoint},
        livestreams::LivestreamSession,
        notifications::Notification,
        payments::{Conversion, Payout},
        samples::Sample,
        wallets::{Funding, LedgerEntry, PayoutMethod, Withdrawal},
    },
    webhooks,
};

// Variants are short-lived resolver values; boxing them would buy nothing.
#[allow(clippy::large_enum_variant)]
/// An object with a global ID, which `node(id:)` reads back.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque global ID: not sequential, and the same in every response."
))]
pub enum Node {
    User(User),
    CreatorProfile(CreatorProfile),
    Brand(Brand),
    SocialAccount(SocialAccount),
    Brief(Brief),
    Proposal(Proposal),
    Offer(Offer),
    Message(Message),
    Collaboration(Collaboration),
    Deliverable(Deliverable),
    Notification(Notification),
    Conversion(Conversion),
    Payout(Payout),
    ContentSubmission(ContentSubmission),
    Review(Review),
    LedgerEntry(LedgerEntry),
    Funding(Funding),
    PayoutMethod(PayoutMethod),
    Withdrawal(Withdrawal),
    ApiKey(ApiKey),
    WebhookEndpoint(WebhookEndpoint),
    WebhookDelivery(WebhookDelivery),
    Sample(Sample),
    LivestreamSession(LivestreamSession),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its ID; null when it does not exist or the viewer may not see it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Any object's ID, as the API gave it.")] id: ID,
    ) -> AppResult<Option<Node>> {
        let viewer = viewer(ctx).await?;
        let Some((kind, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        let db = &state(ctx).db;
        // Each kind's reading rule is `access`'s (or, for public profiles, the finder's own).
        Ok(match kind {
            Kind::User => visible_user(ctx, uuid).await?.map(Node::User),
            Kind::CreatorProfile => creator_by_id(ctx, uuid).await?.map(Node::CreatorProfile),
            Kind::Brand => brand_by_id(ctx, uuid).await?.map(Node::Brand),
            Kind::SocialAccount => social_account::Entity::find_by_id(uuid)
                .one(db)
                .await?
                .map(|a| Node::SocialAccount(SocialAccount(a))),
            Kind::Brief => find::<brief::Entity>(db, uuid, access::brief(viewer))
                .await?
                .map(|b| Node::Brief(Brief(b))),
            Kind::Proposal => find::<proposal::Entity>(db, uuid, access::proposal(viewer))
                .await?
                .map(|p| Node::Proposal(Proposal(p))),
            Kind::Offer => find::<offer::Entity>(db, uuid, access::offer(viewer))
                .await?
                .map(|o| Node::Offer(Offer(o))),
            Kind::Message => find::<message::Entity>(db, uuid, access::message(viewer))
                .await?
                .map(|m| Node::Message(Message(m))),
            Kind::Collaboration => {
                find::<collaboration::Entity>(db, uuid, access::collaboration(viewer))
                    .await?
                    .map(|c| Node::Collaboration(Collaboration(c)))
            }
            Kind::Deliverable => find::<deliverable::Entity>(db, uuid, access::deliverable(viewer))
                .await?
                .map(|d| Node::Deliverable(Deliverable(d))),
            Kind::Notification => {
                find::<notification::Entity>(db, uuid, access::notification(viewer))
                    .await?
                    .map(|n| Node::Notification(Notification(n)))
            }
            Kind::Conversion => find::<conversion::Entity>(db, uuid, access::conversion(viewer))
                .await?
                .map(|c| Node::Conversion(Conversion(c))),
            Kind::Sample => find::<sample::Entity>(db, uuid, access::sample(viewer))
                .await?
                .map(|s| Node::Sample(Sample(s))),
            Kind::LivestreamSession => {
                match find::<livestream_session::Entity>(
                    db,
                    uuid,
                    access::livestream_session(viewer),
                )
                .await?
                {
                    Some(s) => Some(Node::LivestreamSession(
                        LivestreamSession::one(db, s).await?,
                    )),
                    None => None,
                }
            }
            Kind::Payout => find::<payout::Entity>(db, uuid, access::payout(viewer))
                .await?
                .map(|p| Node::Payout(Payout(p))),
            Kind::ContentSubmission => {
                find::<content_submission::Entity>(db, uuid, access::submission(viewer))
                    .await?
                    .map(|s| Node::ContentSubmission(ContentSubmission(s)))
            }
            // Reviews are public, like the profiles they are shown on.
            Kind::Review => review::Entity::find_by_id(uuid)
                .one(db)
                .await?
                .map(|r| Node::Review(Review(r))),
            Kind::LedgerEntry => {
                find::<ledger_entry::Entity>(db, uuid, access::ledger_entry(viewer))
                    .await?
                    .map(|e| Node::LedgerEntry(LedgerEntry(e)))
            }
            Kind::Funding => find::<funding::Entity>(db, uuid, access::funding(viewer))
                .await?
                .map(|f| Node::Funding(Funding(f))),
            Kind::PayoutMethod => {
                find::<payout_method::Entity>(db, uuid, access::payout_method(viewer))
                    .await?
                    .map(|m| Node::PayoutMethod(PayoutMethod(m)))
            }
            Kind::Withdrawal => find::<withdrawal::Entity>(db, uuid, access::withdrawal(viewer))
                .await?
                .map(|w| Node::Withdrawal(Withdrawal(w))),
            // Keys: their brand user only, never another key.
            Kind::ApiKey => match viewer.brand_id.filter(|_| viewer.api_key.is_none()) {
                Some(brand) => api_key::Entity::find_by_id(uuid)
                    .filter(api_key::Column::BrandId.eq(brand))
                    .one(db)
                    .await?
                    .map(|k| Node::ApiKey(ApiKey(k))),
                None => None,
            },
            // Endpoints and deliveries: their user, or a key with WEBHOOKS_MANAGE.
            Kind::WebhookEndpoint => match webhooks::list(db, viewer).await {
                Ok(endpoints) => endpoints
                    .into_iter()
                    .find(|e| e.id == uuid)
                    .map(|e| Node::WebhookEndpoint(WebhookEndpoint(e))),
                Err(AppError::Forbidden(_)) => None,
                Err(e) => return Err(e),
            },
            Kind::WebhookDelivery => match webhooks::find_delivery(db, viewer, uuid).await {
                Ok((d, _)) => Some(Node::WebhookDelivery(WebhookDelivery(d))),
                Err(AppError::NotFound(_) | AppError::Forbidden(_)) => None,
                Err(e) => return Err(e),
            },
        })
    }
}
