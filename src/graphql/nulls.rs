//! GraphQL's rule for field errors ("Handling Execution Errors" in the specification): a field
//! that errors answers null, and when its type is non-null the null goes up to the nearest
//! nullable parent (the whole `data` when there is none). async-graphql 7 instead leaves an
//! errored field's key out of its object, which clients' normalised caches refuse; this extension
//! puts the rule back around every field.
//!
//! A field is resolved inside its parent's resolution, so when a parent's resolution returns,
//! everything below it is settled: a non-null field that failed marks its parent's path, and the
//! parent, seeing its mark, answers null itself or passes the mark up.
//!
//! Two more rules of the specification need help: a response key selected twice (two fragments
//! naming one field) is resolved twice and merged by async-graphql keeping the first value it
//! gets, so the nulls are written again into the merged answer at the end; and mutation fields run
//! one after another, so once one has nulled `data`, the ones after it are not run at all.

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

/// The name of the schema's mutation root type, whose fields run one after another.
const MUTATION: &str = "Mutation";

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
    /// Paths of the nullable fields that answered null for an error, written into the answer last.
    nulls: Vec<String>,
    /// Errors of nullable fields, which answer null here and so never reach async-graphql's list.
    errors: Vec<ServerError>,
}

impl Settled {
    /// Moves what this request settled into its response.
    fn finish(&mut self, mut response: Response) -> Response {
        if self.nulled.contains("") {
            response.data = Value::Null;
        } else {
            for path in &self.nulls {
                set_null(&mut response.data, path);
            }
        }
        // A subscription's next event starts afresh, whatever a cancelled resolution left here.
        self.nulled.clear();
        self.nulls.clear();
        response.errors.append(&mut self.errors);
        response
    }

    fn data_is_nulled(&self) -> bool {
        !self.nulled.is_empty() && self.nulled.contains("")
    }
}

/// Sets the value at `path` (`brief.performance`, `briefs.edges.3.node`) to null, if it is there.
fn set_null(data: &mut Value, path: &str) {
    let mut value = data;
    for segment in path.split('.') {
        let child = match value {
            Value::Object(fields) => fields.get_mut(segment),
            Value::List(items) => segment.parse().ok().and_then(|at: usize| items.get_mut(at)),
            _ => None,
        };
        let Some(child) = child else { return };
        value = child;
    }
    *value = Value::Null;
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
        if info.parent_type == MUTATION && self.settled().data_is_nulled() {
            // An earlier mutation field failed and took `data` with it: the rest are not run.
            return Ok(Some(Value::Null));
        }
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
            Ok(_) if nullable => {
                settled.nulls.push(path_node.to_string());
                Ok(Some(Value::Null))
            }
            Ok(_) => {
                settled.nulled.insert(parent());
                Ok(Some(Value::Null))
            }
            Err(error) if nullable => {
                settled.nulls.push(path_node.to_string());
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
