//! The `Node` interface and `node(id:)`: any object by its global ID, if the viewer may see it.

use async_graphql::{Context, ID, Interface, Object};

use crate::{
    error::AppResult,
    graphql::{
        accounts::{Brand, CreatorProfile, User, brand_by_id, creator_profile_by_id, visible_user},
        context::viewer,
        ids::{self, Kind},
    },
};

#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(User),
    CreatorProfile(CreatorProfile),
    Brand(Brand),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its ID; null when it does not exist or the viewer may not see it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Node>> {
        viewer(ctx).await?;
        let Some((kind, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        Ok(match kind {
            Kind::User => visible_user(ctx, uuid).await?.map(Node::User),
            Kind::CreatorProfile => creator_profile_by_id(ctx, uuid)
                .await?
                .map(Node::CreatorProfile),
            Kind::Brand => brand_by_id(ctx, uuid).await?.map(Node::Brand),
        })
    }
}
