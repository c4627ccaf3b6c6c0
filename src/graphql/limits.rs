//! Limits on a request, checked when it is prepared: on its text before parsing, then on the parsed
//! document, before validation and execution. The `Limits` extension runs them for HTTP and
//! WebSocket alike.
//!
//! - Depth: at most 12 levels of the API's own fields. Introspection is measured apart, because
//!   GraphiQL's standard query nests `ofType` deeper than any client operation should: at most 20
//!   levels in all, and at most 3 list-valued introspection fields (`types`, `fields`,
//!   `possibleTypes`, ...) along one path, so that `possibleTypes { interfaces { possibleTypes ... } }`
//!   cannot multiply the answer.
//! - Size: at most 5,000 selections once fragments are expanded, no fragment cycles, and at most
//!   [`MAX_RECURSION`] levels of fields and fragment spreads along one path (a chain of fragments
//!   that each spread the next has no brackets to count, and would otherwise overflow the stack).
//!   Fragments are measured once each and reused, so a document of fragments that spread each other
//!   twice costs linear time here. This runs when the request is prepared, before async-graphql's
//!   own walks of the document (its recursion-depth check and its validation expand fragments
//!   without memory, which a fragment bomb would make exponential).
//! - Introspection: at most one `__schema` or [`MAX_INTROSPECTION_UNITS`] `__type` fields per HTTP
//!   request (`__schema` costs all the units), aliases and the operations of a batch included, so
//!   aliases cannot make an answer megabytes larger than its question. With the depth and list
//!   bounds above, one full introspection (GraphiQL's) is the largest answer.
//! - Repeats: at most [`MAX_DOCUMENT_OPERATIONS`] operations and [`MAX_FRAGMENTS`] fragments in a
//!   document, [`MAX_VARIABLES`] variables per operation, [`MAX_ARGUMENTS`] arguments and
//!   [`MAX_DIRECTIVES`] directives per field, since validation answers one error per repeat.
//! - Complexity: the operations of one HTTP request share [`MAX_REQUEST_COMPLEXITY`].
//! - Passwords: at most [`MAX_PASSWORD_FIELDS`] field that runs Argon2 (`signUp`, `logIn`,
//!   `changePassword`) per HTTP request, aliases and the operations of a batch included; over
//!   WebSocket, per operation.
//! - Values: nesting and the bounds of every argument, see `inputs`.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use async_graphql::{
    Name, Request, ServerError, ServerResult, ValidationResult, Value, Variables,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextValidation,
    },
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

use crate::graphql::inputs;

/// Most levels of fields and fragment spreads along one path of a document.
pub const MAX_RECURSION: usize = 2 * inputs::MAX_NESTING;
pub const MAX_INTROSPECTION_DEPTH: usize = 20;
pub const MAX_INTROSPECTION_FANOUT: usize = 3;
pub const MAX_EXPANDED_FIELDS: u64 = 5_000;
/// Most operations and fragments in one document, variables of an operation, and arguments and
/// directives of one field: past these, validation would answer one error per repeat.
pub const MAX_DOCUMENT_OPERATIONS: usize = 50;
pub const MAX_FRAGMENTS: usize = 500;
pub const MAX_VARIABLES: usize = 100;
pub const MAX_ARGUMENTS: usize = 50;
pub const MAX_DIRECTIVES: usize = 10;
/// The complexity all the operations of one HTTP request may have together.
pub const MAX_REQUEST_COMPLEXITY: usize = 2 * crate::graphql::MAX_COMPLEXITY;

/// Introspection units one HTTP request may spend: a `__type` costs one, a `__schema` all of them.
pub const MAX_INTROSPECTION_UNITS: usize = 10;
/// Most fields that verify or hash a password (Argon2) in one HTTP request.
pub const MAX_PASSWORD_FIELDS: usize = 1;

/// Root fields that run Argon2.
const PASSWORD_FIELDS: &[&str] = &["signUp", "logIn", "changePassword"];

/// What one HTTP request may still spend; the operations of a batch share one.
#[derive(Clone)]
pub struct RequestBudget(Arc<Left>);

struct Left {
    passwords: AtomicUsize,
    introspection: AtomicUsize,
    complexity: AtomicUsize,
}

impl Default for RequestBudget {
    fn default() -> Self {
        Self(Arc::new(Left {
            passwords: AtomicUsize::new(MAX_PASSWORD_FIELDS),
            introspection: AtomicUsize::new(MAX_INTROSPECTION_UNITS),
            complexity: AtomicUsize::new(MAX_REQUEST_COMPLEXITY),
        }))
    }
}

impl RequestBudget {
    /// Takes what an operation costs, all or nothing; the refusal when too little is left.
    fn take(&self, cost: Cost) -> Result<(), String> {
        let left = &self.0;
        if !take(&left.passwords, cost.passwords) {
            return Err(too_many_passwords());
        }
        if !take(&left.introspection, cost.introspection) {
            // Give the passwords back: this operation will not run.
            left.passwords.fetch_add(cost.passwords, Ordering::AcqRel);
            return Err(too_much_introspection());
        }
        Ok(())
    }

    /// Takes an operation's complexity, once validation has computed it.
    fn take_complexity(&self, complexity: usize) -> Result<(), String> {
        if take(&self.0.complexity, complexity) {
            Ok(())
        } else {
            Err(format!(
                "the operations of one request may have a complexity of {MAX_REQUEST_COMPLEXITY} together"
            ))
        }
    }
}

fn take(left: &AtomicUsize, n: usize) -> bool {
    n == 0
        || left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(n)
            })
            .is_ok()
}

fn too_many_passwords() -> String {
    format!(
        "at most {MAX_PASSWORD_FIELDS} of {} may run in one request",
        PASSWORD_FIELDS.join(", ")
    )
}

fn too_much_introspection() -> String {
    format!(
        "at most one __schema, or {MAX_INTROSPECTION_UNITS} __type fields, may run in one request"
    )
}

/// What an operation spends of its request's budget.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    passwords: usize,
    introspection: usize,
}

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

/// The limits of this module and of `inputs`, with the deepest selection allowed.
pub struct Limits(pub usize);

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension {
            max_depth: self.0,
            cost: Mutex::new(Cost::default()),
        })
    }
}

/// Made for each request.
struct LimitsExtension {
    max_depth: usize,
    /// What the selected operation costs, measured when the request is prepared and charged to
    /// the HTTP request's budget at validation, once the request's data is attached.
    cost: Mutex<Cost>,
}

#[async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // Measured on the text first: the parser would overflow its stack on deep values.
        inputs::check_nesting(&request.query).map_err(|message| ServerError::new(message, None))?;
        // Parsed once here; async-graphql reuses the document.
        let operation = request.operation_name.clone();
        let variables = std::mem::take(&mut request.variables);
        let document = request.parsed_query()?;
        let shape = check(document, operation.as_deref(), self.max_depth)?;
        *self.cost.lock().unwrap_or_else(|e| e.into_inner()) = Cost {
            passwords: shape.passwords,
            introspection: shape.introspection,
        };
        let required = required_variables(document, operation.as_deref());
        check_variables(&required, &variables)?;
        inputs::check_arguments(
            &ctx.schema_env.registry,
            document,
            operation.as_deref(),
            &variables,
        )?;
        request.variables = variables;
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let cost = *self.cost.lock().unwrap_or_else(|e| e.into_inner());
        // Without a shared budget (WebSocket), `check` has bounded the operation by itself.
        let budget = ctx.data_opt::<RequestBudget>();
        let refuse = |message| vec![ServerError::new(message, None)];
        if let Some(budget) = budget {
            budget.take(cost).map_err(refuse)?;
        }
        let result = next.run(ctx).await?;
        if let Some(budget) = budget {
            budget.take_complexity(result.complexity).map_err(refuse)?;
        }
        Ok(result)
    }
}

/// The selected operation's variables that are non-null without a default, with their types.
fn required_variables(
    document: &ExecutableDocument,
    operation: Option<&str>,
) -> Vec<(String, String)> {
    let Some(op) = inputs::selected_operation(document, operation) else {
        return Vec::new();
    };
    op.variable_definitions
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

/// Measures the selected operation (every operation when none matches: validation refuses
/// that document anyway).
fn check(
    document: &ExecutableDocument,
    operation: Option<&str>,
    max_depth: usize,
) -> ServerResult<Shape> {
    let mut measure = Measure {
        doc: document,
        fragments: HashMap::new(),
        cycle: false,
        level: 0,
        too_deep: false,
        crowded: false,
    };
    let mut worst = Shape::default();
    match inputs::selected_operation(document, operation) {
        Some(op) => worst = measure.set(&op.selection_set.node),
        None => {
            for (_, op) in document.operations.iter() {
                worst = worst.max(measure.set(&op.node.selection_set.node));
            }
        }
    }
    let refuse = |message: String| Err(ServerError::new(message, None));
    if document.operations.iter().count() > MAX_DOCUMENT_OPERATIONS {
        return refuse(format!(
            "a document may hold at most {MAX_DOCUMENT_OPERATIONS} operations"
        ));
    }
    if document.fragments.len() > MAX_FRAGMENTS {
        return refuse(format!(
            "a document may hold at most {MAX_FRAGMENTS} fragments"
        ));
    }
    if document
        .operations
        .iter()
        .any(|(_, op)| op.node.variable_definitions.len() > MAX_VARIABLES)
    {
        return refuse(format!(
            "an operation may declare at most {MAX_VARIABLES} variables"
        ));
    }
    if measure.crowded {
        return refuse(format!(
            "a field may have at most {MAX_ARGUMENTS} arguments and {MAX_DIRECTIVES} directives"
        ));
    }
    if measure.too_deep {
        return refuse(format!(
            "fields and fragment spreads nest more than {MAX_RECURSION} levels deep"
        ));
    }
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
    if worst.introspection > MAX_INTROSPECTION_UNITS {
        return refuse(too_much_introspection());
    }
    if worst.passwords > MAX_PASSWORD_FIELDS {
        return refuse(too_many_passwords());
    }
    Ok(worst)
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
    /// Introspection units: a `__type` 1, a `__schema` all of them; saturating.
    introspection: usize,
    /// Fields that run Argon2, saturating.
    passwords: usize,
}

impl Shape {
    fn max(self, other: Shape) -> Shape {
        Shape {
            api_depth: self.api_depth.max(other.api_depth),
            depth: self.depth.max(other.depth),
            fanout: self.fanout.max(other.fanout),
            fields: self.fields.saturating_add(other.fields),
            introspection: self.introspection.saturating_add(other.introspection),
            passwords: self.passwords.saturating_add(other.passwords),
        }
    }
}

struct Measure<'a> {
    doc: &'a ExecutableDocument,
    /// Each fragment's shape, once known; None while it is being measured.
    fragments: HashMap<&'a str, Option<Shape>>,
    /// A fragment was spread inside itself.
    cycle: bool,
    /// Levels of `set` now open.
    level: usize,
    /// A path went past [`MAX_RECURSION`]; the walk stopped there.
    too_deep: bool,
    /// A field with more than [`MAX_ARGUMENTS`] arguments or [`MAX_DIRECTIVES`] directives.
    crowded: bool,
}

impl<'a> Measure<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> Shape {
        if self.level >= MAX_RECURSION {
            self.too_deep = true;
            return Shape::default();
        }
        self.level += 1;
        let shape = self.items(set);
        self.level -= 1;
        shape
    }

    fn items(&mut self, set: &'a SelectionSet) -> Shape {
        let mut shape = Shape::default();
        for selection in &set.items {
            let item = match &selection.node {
                Selection::Field(field) => {
                    self.crowded |= field.node.arguments.len() > MAX_ARGUMENTS
                        || field.node.directives.len() > MAX_DIRECTIVES;
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
                        introspection: child.introspection.saturating_add(match name {
                            "__schema" => MAX_INTROSPECTION_UNITS,
                            "__type" => 1,
                            _ => 0,
                        }),
                        passwords: child
                            .passwords
                            .saturating_add(usize::from(PASSWORD_FIELDS.contains(&name))),
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
