//! GraphQL's rule for field errors ("Handling Execution Errors" in the specification): a field
//! that errors answers null, and when its type is non-null the null goes up to the nearest
//! nullable parent (the whole `data` when there is none). async-graphql 7 instead leaves an
//! errored field's key out of its object, which clients' normalised caches refuse; this extension
//! puts the rule back around every field.
//!
//! A field is resolved inside its parent's resolution, so when a parent's resolution returns,
//! everything below it is settled: a non-null field that failed marks its parent's path, and the
//! parent, seeing its mark, answers null itself or passes the mark up.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex, PoisonError},
};

use async_graphql::{
    Response, ServerError, ServerResult, Value,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, NextSubscribe,
        ResolveInfo,
    },
    futures_util::stream::{BoxStream, StreamExt},
};

pub struct NullPropagation;

impl ExtensionFactory for NullPropagation {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Propagation(Arc::default()))
    }
}

/// One request's (or one subscription's) propagation.
struct Propagation(Arc<Mutex<Settled>>);

#[derive(Default)]
struct Settled {
    /// Paths (`brief.performance`, `briefs.edges.3`; "" for `data`) whose value must become null
    /// because a non-null field below them failed.
    nulled: HashSet<String>,
    /// Errors of nullable fields, which answer null here and so never reach async-graphql's list.
    errors: Vec<ServerError>,
}

impl Settled {
    /// Moves what this request settled into its response.
    fn finish(&mut self, mut response: Response) -> Response {
        if self.nulled.remove("") {
            response.data = Value::Null;
        }
        response.errors.append(&mut self.errors);
        response
    }
}

impl Propagation {
    fn settled(&self) -> std::sync::MutexGuard<'_, Settled> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl Extension for Propagation {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let response = next.run(ctx, operation_name).await;
        self.settled().finish(response)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        // Each event is resolved while the stream is polled for it, so what is settled when it
        // comes out belongs to it alone.
        let settled = self.0.clone();
        next.run(ctx, stream)
            .map(move |response| {
                settled
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .finish(response)
            })
            .boxed()
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let nullable = !info.return_type.ends_with('!');
        let path_node = info.path_node;
        let result = next.run(ctx, info).await;
        let mut settled = self.settled();
        let lost_a_child =
            !settled.nulled.is_empty() && settled.nulled.remove(&path_node.to_string());
        let parent = || {
            path_node
                .parent
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        match result {
            Ok(value) if !lost_a_child => Ok(value),
            // The child's error is on record already.
            Ok(_) if nullable => Ok(Some(Value::Null)),
            Ok(_) => {
                settled.nulled.insert(parent());
                Ok(Some(Value::Null))
            }
            Err(error) if nullable => {
                settled.errors.push(error);
                Ok(Some(Value::Null))
            }
            // async-graphql records the error and leaves the key out; the parent becomes null.
            Err(error) => {
                settled.nulled.insert(parent());
                Err(error)
            }
        }
    }
}
