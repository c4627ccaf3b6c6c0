//! The `Node` interface and `node(id:)`: any object by its global ID, if the viewer may see it.

use async_graphql::{Context, ID, Interface, Object};
use sea_orm::EntityTrait;

use crate::{
    briefs::find_visible,
    error::AppResult,
    graphql::{
        accounts::{User, visible_user},
        brands::{Brand, brand_by_id},
        briefs::Brief,
        context::{state, viewer},
        creators::{CreatorProfile, SocialAccount, creator_by_id},
        ids::{self, Kind},
    },
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
        Ok(match kind {
            Kind::User => visible_user(ctx, uuid).await?.map(Node::User),
            Kind::CreatorProfile => creator_by_id(ctx, uuid).await?.map(Node::CreatorProfile),
            Kind::Brand => brand_by_id(ctx, uuid).await?.map(Node::Brand),
            Kind::SocialAccount => entity::social_account::Entity::find_by_id(uuid)
                .one(&state(ctx).db)
                .await?
                .map(|a| Node::SocialAccount(SocialAccount(a))),
            Kind::Brief => find_visible(&state(ctx).db, viewer, uuid)
                .await?
                .map(|b| Node::Brief(Brief(b))),
        })
    }
}
