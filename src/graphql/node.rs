//! The `Node` interface and `node(id:)`: any object by its global ID, if the viewer may see it.

use async_graphql::{Context, ID, Interface, Object};
use entity::{conversion, deliverable, message, offer, payout, review};
use sea_orm::EntityTrait;

use crate::{
    briefs::find_visible,
    deals::{self, collaborations},
    delivery,
    error::AppResult,
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
        notifications::Notification,
        payments::{Conversion, Payout},
    },
    notifications,
};

// Variants are short-lived resolver values; boxing them would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
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
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its ID; null when it does not exist or the viewer may not see it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Node>> {
        let viewer = viewer(ctx).await?;
        let Some((kind, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        let db = &state(ctx).db;
        Ok(match kind {
            Kind::User => visible_user(ctx, uuid).await?.map(Node::User),
            Kind::CreatorProfile => creator_by_id(ctx, uuid).await?.map(Node::CreatorProfile),
            Kind::Brand => brand_by_id(ctx, uuid).await?.map(Node::Brand),
            Kind::SocialAccount => entity::social_account::Entity::find_by_id(uuid)
                .one(db)
                .await?
                .map(|a| Node::SocialAccount(SocialAccount(a))),
            Kind::Brief => find_visible(db, viewer, uuid)
                .await?
                .map(|b| Node::Brief(Brief(b))),
            Kind::Proposal => deals::find_visible(db, viewer, uuid)
                .await?
                .map(|p| Node::Proposal(Proposal(p))),
            Kind::Offer => match offer::Entity::find_by_id(uuid).one(db).await? {
                Some(o)
                    if deals::find_visible(db, viewer, o.proposal_id)
                        .await?
                        .is_some() =>
                {
                    Some(Node::Offer(Offer(o)))
                }
                _ => None,
            },
            Kind::Message => match message::Entity::find_by_id(uuid).one(db).await? {
                Some(m)
                    if deals::find_visible(db, viewer, m.proposal_id)
                        .await?
                        .is_some() =>
                {
                    Some(Node::Message(Message(m)))
                }
                _ => None,
            },
            Kind::Collaboration => collaborations::find_visible(db, viewer, uuid)
                .await?
                .map(|c| Node::Collaboration(Collaboration(c))),
            Kind::Deliverable => match deliverable::Entity::find_by_id(uuid).one(db).await? {
                Some(d)
                    if collaborations::find_visible(db, viewer, d.collaboration_id)
                        .await?
                        .is_some() =>
                {
                    Some(Node::Deliverable(Deliverable(d)))
                }
                _ => None,
            },
            Kind::Notification => notifications::find_own(db, viewer, uuid)
                .await?
                .map(|n| Node::Notification(Notification(n))),
            Kind::Conversion => match conversion::Entity::find_by_id(uuid).one(db).await? {
                Some(c)
                    if collaborations::find_visible(db, viewer, c.collaboration_id)
                        .await?
                        .is_some() =>
                {
                    Some(Node::Conversion(Conversion(c)))
                }
                _ => None,
            },
            Kind::Payout => match payout::Entity::find_by_id(uuid).one(db).await? {
                Some(p)
                    if collaborations::find_visible(db, viewer, p.collaboration_id)
                        .await?
                        .is_some() =>
                {
                    Some(Node::Payout(Payout(p)))
                }
                _ => None,
            },
            Kind::ContentSubmission => delivery::find_visible_submission(db, viewer, uuid)
                .await?
                .map(|s| Node::ContentSubmission(ContentSubmission(s))),
            // Reviews are public, like the profiles they are shown on.
            Kind::Review => review::Entity::find_by_id(uuid)
                .one(db)
                .await?
                .map(|r| Node::Review(Review(r))),
        })
    }
}
