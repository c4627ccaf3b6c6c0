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
//! - Introspection: its answer is estimated (each list-valued introspection field multiplies what
//!   is under it by a typical length, see [`fanout_weight`]) and bounded by
//!   [`MAX_INTROSPECTION_COST`], about twice GraphiQL's full introspection query, so aliases of
//!   `__schema` cannot make an answer megabytes larger than its question.
//! - Passwords: at most [`MAX_PASSWORD_FIELDS`] field that runs Argon2 (`signUp`, `logIn`,
//!   `changePassword`) per HTTP request, aliases and the operations of a batch included.
//! - Values: nesting and the bounds of every argument, see `inputs`.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
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

pub const MAX_INTROSPECTION_DEPTH: usize = 20;
pub const MAX_INTROSPECTION_FANOUT: usize = 3;
pub const MAX_EXPANDED_FIELDS: u64 = 5_000;
/// Largest estimated introspection answer, in values (see [`fanout_weight`]). GraphiQL's full
/// introspection query is estimated at about 216,000; 999 aliases of
/// `__schema { types { fields { args { name } } } }` at 6,000,000.
pub const MAX_INTROSPECTION_COST: u64 = 500_000;
/// Most fields that verify or hash a password (Argon2) in one HTTP request.
pub const MAX_PASSWORD_FIELDS: usize = 1;

/// Root fields that run Argon2.
const PASSWORD_FIELDS: &[&str] = &["signUp", "logIn", "changePassword"];

/// A typical length of each list-valued introspection field, to estimate an answer's size.
fn fanout_weight(name: &str) -> u64 {
    match name {
        "types" => 100,
        "fields" | "inputFields" | "enumValues" | "directives" => 10,
        "args" | "possibleTypes" => 5,
        "interfaces" => 3,
        _ => 1,
    }
}

/// Password fields left for one HTTP request; the operations of a batch share one.
#[derive(Clone)]
pub struct PasswordBudget(Arc<AtomicUsize>);

impl Default for PasswordBudget {
    fn default() -> Self {
        Self(Arc::new(AtomicUsize::new(MAX_PASSWORD_FIELDS)))
    }
}

impl PasswordBudget {
    /// Takes `n` from the budget, or nothing when fewer are left.
    fn take(&self, n: usize) -> bool {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(n)
            })
            .is_ok()
    }
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

pub struct DepthLimit(pub usize);

impl ExtensionFactory for DepthLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DepthLimitExtension {
            max_depth: self.0,
            password_fields: AtomicU64::new(0),
        })
    }
}

/// Made for each request.
struct DepthLimitExtension {
    max_depth: usize,
    /// Password fields of the selected operation, counted when the request is prepared and
    /// charged to the HTTP request's budget at validation, once the request's data is attached.
    password_fields: AtomicU64,
}

#[async_trait::async_trait]
impl Extension for DepthLimitExtension {
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
        let shape = check(document, self.max_depth)?;
        self.password_fields
            .store(shape.passwords, Ordering::Relaxed);
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
        let wanted = self.password_fields.load(Ordering::Relaxed);
        if wanted > 0 {
            let allowed = match ctx.data_opt::<PasswordBudget>() {
                Some(budget) => budget.take(wanted as usize),
                None => wanted as usize <= MAX_PASSWORD_FIELDS,
            };
            if !allowed {
                return Err(vec![ServerError::new(
                    format!(
                        "at most {MAX_PASSWORD_FIELDS} of {} may run in one request",
                        PASSWORD_FIELDS.join(", ")
                    ),
                    None,
                )]);
            }
        }
        next.run(ctx).await
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

fn check(document: &ExecutableDocument, max_depth: usize) -> ServerResult<Shape> {
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
    if worst.introspection > MAX_INTROSPECTION_COST {
        return refuse(format!(
            "the query's introspection would answer about {} values; at most {MAX_INTROSPECTION_COST} are allowed",
            worst.introspection
        ));
    }
    if worst.passwords > MAX_PASSWORD_FIELDS as u64 {
        return refuse(format!(
            "at most {MAX_PASSWORD_FIELDS} of {} may run in one request",
            PASSWORD_FIELDS.join(", ")
        ));
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
    /// The estimated answer of this selection if it is read as introspection (see
    /// [`fanout_weight`]); counted in `introspection` under `__schema` and `__type`.
    weighted: u64,
    /// The estimated introspection answer, saturating.
    introspection: u64,
    /// Fields that run Argon2.
    passwords: u64,
}

impl Shape {
    fn max(self, other: Shape) -> Shape {
        Shape {
            api_depth: self.api_depth.max(other.api_depth),
            depth: self.depth.max(other.depth),
            fanout: self.fanout.max(other.fanout),
            fields: self.fields.saturating_add(other.fields),
            weighted: self.weighted.saturating_add(other.weighted),
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
                        weighted: fanout_weight(name)
                            .saturating_mul(child.weighted)
                            .saturating_add(1),
                        introspection: if matches!(name, "__schema" | "__type") {
                            child.weighted.saturating_add(1)
                        } else {
                            child.introspection
                        },
                        passwords: child.passwords + u64::from(PASSWORD_FIELDS.contains(&name)),
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
