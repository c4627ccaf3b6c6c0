//! Reading the shared state and the viewer from a resolver's context.

use async_graphql::Context;

use crate::{
    auth::{RequestAuth, Viewer},
    error::{AppError, AppResult},
    graphql::loaders::Loaders,
    i18n::Msg,
    state::AppState,
};

pub fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

pub fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

/// The signed-in viewer, or UNAUTHENTICATED.
pub async fn viewer<'a>(ctx: &Context<'a>) -> AppResult<&'a Viewer> {
    match ctx.data_opt::<RequestAuth>() {
        Some(auth) => auth.viewer(state(ctx)).await,
        None => Err(AppError::unauthenticated()),
    }
}

/// The signed-in viewer when the request has a valid token, else None.
pub async fn maybe_viewer<'a>(ctx: &Context<'a>) -> AppResult<Option<&'a Viewer>> {
    match viewer(ctx).await {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_unauthenticated() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The viewer, who must be an admin: FORBIDDEN for other roles.
pub async fn admin<'a>(ctx: &Context<'a>, action: Msg) -> AppResult<&'a Viewer> {
    let viewer = viewer(ctx).await?;
    viewer.require(entity::enums::Role::Admin, action)?;
    Ok(viewer)
}
