//! Limits on the shape of a query, checked right after parsing, before validation and execution.
//!
//! - Depth: at most 12 levels of the API's own fields. Introspection is measured apart, because
//!   GraphiQL's standard query nests `ofType` deeper than any client operation should: at most 20
//!   levels in all, and at most 3 list-valued introspection fields (`types`, `fields`,
//!   `possibleTypes`, ...) along one path, so that `possibleTypes { interfaces { possibleTypes ... } }`
//!   cannot multiply the answer.
//! - Size: at most 5,000 selections once fragments are expanded, and no fragment cycles.
//!   Fragments are measured once each and reused, so a document of fragments that spread each other
//!   twice costs linear time here. This runs when the request is prepared, before async-graphql's
//!   own walks of the document (its recursion-depth check and its validation expand fragments
//!   without memory, which a fragment bomb would make exponential).

use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Name, Request, ServerError, ServerResult, Value, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

pub const MAX_INTROSPECTION_DEPTH: usize = 20;
pub const MAX_INTROSPECTION_FANOUT: usize = 3;
pub const MAX_EXPANDED_FIELDS: u64 = 5_000;

/// Introspection fields that return lists: each multiplies the answer.
const FANOUT: &[&str] = &[
    "types",
    "fields",
    "args",
    "interfaces",
    "possibleTypes",
    "inputFields",
    "enumValues",
    "directives",
];

pub struct DepthLimit(pub usize);

impl ExtensionFactory for DepthLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DepthLimitExtension(self.0))
    }
}

struct DepthLimitExtension(usize);

#[async_trait::async_trait]
impl Extension for DepthLimitExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // Parsed once here; async-graphql reuses the document.
        let operation = request.operation_name.clone();
        let document = request.parsed_query()?;
        check(document, self.0)?;
        let required = required_variables(document, operation.as_deref());
        check_variables(&required, &request.variables)?;
        next.run(ctx, request).await
    }
}

/// The selected operation's variables that are non-null without a default, with their types.
fn required_variables(
    document: &ExecutableDocument,
    operation: Option<&str>,
) -> Vec<(String, String)> {
    let selected = document
        .operations
        .iter()
        .find(|(name, _)| match (operation, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (Some(_), None) => false,
            (None, _) => true,
        });
    let Some((_, op)) = selected else {
        return Vec::new();
    };
    op.node
        .variable_definitions
        .iter()
        .filter(|v| !v.node.var_type.node.nullable && v.node.default_value.is_none())
        .map(|v| {
            (
                v.node.name.node.to_string(),
                v.node.var_type.node.to_string(),
            )
        })
        .collect()
}

/// A required variable that is missing or null makes the request invalid: refuse it before
/// execution (async-graphql would only notice in the field that reads it, as an execution error).
fn check_variables(required: &[(String, String)], variables: &Variables) -> ServerResult<()> {
    for (name, ty) in required {
        let given = variables
            .get(&Name::new(name))
            .is_some_and(|v| !matches!(v, Value::Null));
        if !given {
            return Err(ServerError::new(
                format!("variable ${name} of type {ty} is required"),
                None,
            ));
        }
    }
    Ok(())
}

fn check(document: &ExecutableDocument, max_depth: usize) -> ServerResult<()> {
    let mut measure = Measure {
        doc: document,
        fragments: HashMap::new(),
        cycle: false,
    };
    let mut worst = Shape::default();
    for (_, op) in document.operations.iter() {
        worst = worst.max(measure.set(&op.node.selection_set.node));
    }
    let refuse = |message: String| Err(ServerError::new(message, None));
    if measure.cycle {
        return refuse("fragments must not spread each other in a cycle".into());
    }
    if worst.fields > MAX_EXPANDED_FIELDS {
        return refuse(format!(
            "the query selects more than {MAX_EXPANDED_FIELDS} fields once its fragments are expanded"
        ));
    }
    if worst.api_depth > max_depth {
        return refuse(format!(
            "the query is nested {} levels deep; at most {max_depth} are allowed",
            worst.api_depth
        ));
    }
    if worst.depth > MAX_INTROSPECTION_DEPTH {
        return refuse(format!(
            "the query is nested {} levels deep; at most {MAX_INTROSPECTION_DEPTH} are allowed in introspection",
            worst.depth
        ));
    }
    if worst.fanout > MAX_INTROSPECTION_FANOUT {
        return refuse(format!(
            "at most {MAX_INTROSPECTION_FANOUT} nested introspection lists are allowed"
        ));
    }
    Ok(())
}

/// What a selection set costs, with its fragments expanded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shape {
    /// Levels of the API's own fields (an introspection field and what is under it count 0).
    api_depth: usize,
    /// Levels of all fields.
    depth: usize,
    /// List-valued introspection fields along the worst path.
    fanout: usize,
    /// Fields in all, saturating.
    fields: u64,
}

impl Shape {
    fn max(self, other: Shape) -> Shape {
        Shape {
            api_depth: self.api_depth.max(other.api_depth),
            depth: self.depth.max(other.depth),
            fanout: self.fanout.max(other.fanout),
            fields: self.fields.saturating_add(other.fields),
        }
    }
}

struct Measure<'a> {
    doc: &'a ExecutableDocument,
    /// Each fragment's shape, once known; None while it is being measured.
    fragments: HashMap<&'a str, Option<Shape>>,
    /// A fragment was spread inside itself.
    cycle: bool,
}

impl<'a> Measure<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> Shape {
        let mut shape = Shape::default();
        for selection in &set.items {
            let item = match &selection.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    let child = self.set(&field.node.selection_set.node);
                    Shape {
                        api_depth: if name.starts_with("__") {
                            0
                        } else {
                            1 + child.api_depth
                        },
                        depth: 1 + child.depth,
                        fanout: child.fanout + usize::from(FANOUT.contains(&name)),
                        fields: child.fields.saturating_add(1),
                    }
                }
                Selection::InlineFragment(fragment) => self.set(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let mut shape = self.fragment(&spread.node.fragment_name.node);
                    shape.fields = shape.fields.saturating_add(1);
                    shape
                }
            };
            shape = shape.max(item);
        }
        shape
    }

    fn fragment(&mut self, name: &'a str) -> Shape {
        match self.fragments.get(name) {
            Some(Some(shape)) => return *shape,
            Some(None) => {
                self.cycle = true;
                return Shape::default();
            }
            None => {}
        }
        let Some(fragment) = self.doc.fragments.get(&async_graphql::Name::new(name)) else {
            return Shape::default();
        };
        self.fragments.insert(name, None);
        let shape = self.set(&fragment.node.selection_set.node);
        self.fragments.insert(name, Some(shape));
        shape
    }
}
