//! Writes each error's message in the reader's language (`i18n`). Errors are made in English and
//! carry their `AppError` as their source; once the response is settled, the messages are written
//! again in the viewer's language (its setting, or the default of its country), or for a request
//! without a usable viewer in the language its `Accept-Language` header prefers. Refusals made
//! while the request is prepared (the bounds of `inputs`), before any field ran, are written the
//! same way.

use std::{any::TypeId, sync::Arc};

use async_graphql::{
    Request, Response, ServerError, ServerResult,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest,
        NextSubscribe,
    },
    futures_util::stream::{BoxStream, StreamExt},
};
use entity::enums::Language;

use crate::{auth::RequestAuth, error::AppError, i18n, state::AppState};

pub struct Localise;

impl ExtensionFactory for Localise {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Localise)
    }
}

/// The language of the request's reader. A signed-in user's token is read here when no field
/// has read it yet (an API key is not: using it would count as a use of the key).
async fn language(state: Option<&AppState>, auth: Option<&RequestAuth>) -> Language {
    let Some(auth) = auth else {
        return Language::En;
    };
    let mut user = auth.resolved_user();
    if let (None, Some(state), Some(_), false) = (user, state, auth.bearer(), auth.is_api_key()) {
        user = auth.viewer(state).await.ok().map(|v| v.user_id);
    }
    match (user, state) {
        (Some(user_id), Some(state)) => {
            i18n::language_of(&state.db, user_id)
                .await
                .unwrap_or_else(|err| {
                    tracing::warn!(error = %err, "reading a user's language");
                    auth.preferred_language()
                })
        }
        _ => auth.preferred_language(),
    }
}

/// Writes the messages of `errors` made by the API in `language`.
pub fn localise(errors: &mut [ServerError], language: Language) {
    if language == Language::En {
        return;
    }
    for error in errors {
        if let Some(app) = error
            .source
            .as_ref()
            .and_then(|s| s.downcast_ref::<AppError>())
        {
            error.message = app.message_in(language);
        }
    }
}

async fn finish(
    state: Option<&AppState>,
    auth: Option<&RequestAuth>,
    mut response: Response,
) -> Response {
    if !response.errors.is_empty() {
        let language = language(state, auth).await;
        localise(&mut response.errors, language);
    }
    response
}

#[async_trait::async_trait]
impl Extension for Localise {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // The request's own data is not the context's until it is prepared.
        let auth = request
            .data
            .get(&TypeId::of::<RequestAuth>())
            .and_then(|data| data.downcast_ref::<RequestAuth>())
            .or_else(|| ctx.data_opt::<RequestAuth>())
            .cloned();
        match next.run(ctx, request).await {
            Ok(request) => Ok(request),
            Err(mut error) => {
                let language = language(ctx.data_opt::<AppState>(), auth.as_ref()).await;
                localise(std::slice::from_mut(&mut error), language);
                Err(error)
            }
        }
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let response = next.run(ctx, operation_name).await;
        finish(
            ctx.data_opt::<AppState>(),
            ctx.data_opt::<RequestAuth>(),
            response,
        )
        .await
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let state = ctx.data_opt::<AppState>().cloned();
        let auth = ctx.data_opt::<RequestAuth>().cloned();
        next.run(ctx, stream)
            .then(move |response| {
                let state = state.clone();
                let auth = auth.clone();
                async move { finish(state.as_ref(), auth.as_ref(), response).await }
            })
            .boxed()
    }
}
