//! The depth limit. async-graphql's own limit also counts introspection, whose standard query
//! (GraphiQL's) nests `ofType` deeper than any client operation should; this one counts only the
//! API's fields, so GraphiQL keeps working while `{ a { b { ... 13 levels } } }` is refused before
//! execution.

use std::{collections::HashSet, sync::Arc};

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

pub struct DepthLimit(pub usize);

impl ExtensionFactory for DepthLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DepthLimitExtension(self.0))
    }
}

struct DepthLimitExtension(usize);

#[async_trait::async_trait]
impl Extension for DepthLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let deepest = document
            .operations
            .iter()
            .map(|(_, op)| depth(&document, &op.node.selection_set.node, &mut HashSet::new()))
            .max()
            .unwrap_or(0);
        if deepest > self.0 {
            return Err(ServerError::new(
                format!(
                    "the query is nested {deepest} levels deep; at most {} are allowed",
                    self.0
                ),
                None,
            ));
        }
        Ok(document)
    }
}

/// Field levels below `set`, through fragments, skipping introspection fields. A fragment cycle
/// (which validation reports later) counts once.
fn depth<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    open: &mut HashSet<&'a str>,
) -> usize {
    set.items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                if field.node.name.node.starts_with("__") {
                    0
                } else {
                    1 + depth(doc, &field.node.selection_set.node, open)
                }
            }
            Selection::InlineFragment(fragment) => {
                depth(doc, &fragment.node.selection_set.node, open)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match doc.fragments.get(&spread.node.fragment_name.node) {
                    Some(fragment) if open.insert(name) => {
                        let d = depth(doc, &fragment.node.selection_set.node, open);
                        open.remove(name);
                        d
                    }
                    _ => 0,
                }
            }
        })
        .max()
        .unwrap_or(0)
}
