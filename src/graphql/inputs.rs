//! Bounds on the values a client sends, checked when a request is prepared: before async-graphql
//! parses the document, and then over every argument, before validation and execution. HTTP and
//! WebSocket operations both pass through here (the `limits` extension), so the bounds hold for
//! both.
//!
//! - Nesting: at most [`MAX_NESTING`] open brackets (`{`, `[`, `(`) at once in the document,
//!   measured on its text: the parser is recursive, and a value nested a few thousand levels deep
//!   would overflow its stack before any other check could run.
//! - Every argument, with its variables substituted (or their defaults): lists of at most
//!   [`MAX_LIST_ITEMS`] items, strings of at most [`MAX_STRING_CHARS`] characters, IDs of at most
//!   [`MAX_ID_CHARS`], no NUL in any text, `Int` within 32 bits, `Decimal` and `DateTime` in their
//!   formats. A value that breaks one is BAD_USER_INPUT with `extensions.field` naming its input
//!   path (`input.budget.amount`, `ids.3`), found before anything runs. The areas check their
//!   own, tighter bounds after normalising (a name's 100 characters, a filter's niches).
//!
//! Types, field names and the rest of GraphQL's validation are left to async-graphql, which runs
//! right after: a value this walk cannot place (an unknown field, a missing variable) is skipped.

use std::collections::HashSet;

use async_graphql::{
    MaybeUndefined, Name, ServerError, Value, Variables,
    parser::types::{
        ExecutableDocument, OperationDefinition, OperationType, Selection, SelectionSet,
    },
    registry::{MetaInputValue, MetaType, MetaTypeName, Registry},
};

use crate::{
    error::AppError,
    graphql::scalars,
    i18n::{Msg, msg},
    patch::Patch,
};

/// Most brackets open at once in a document; async-graphql's own recursion bound is 32 too.
pub const MAX_NESTING: usize = 32;
/// Most items in any list input. Lists of enum values are deduplicated by the areas besides.
pub const MAX_LIST_ITEMS: usize = 100;
/// Longest string input, in characters. The longest text field (a brief's description) allows
/// 5,000 after trimming; each field's own limit is checked by its area.
pub const MAX_STRING_CHARS: usize = 10_000;
/// Longest ID input, in characters (our IDs have 30).
pub const MAX_ID_CHARS: usize = 128;

/// Refuses a document whose brackets nest deeper than [`MAX_NESTING`], without parsing it.
/// Strings, block strings and comments are skipped, so brackets inside them do not count.
pub fn check_nesting(query: &str) -> Result<(), String> {
    let bytes = query.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    // `\"""` is an escaped triple quote inside a block string.
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n' | b'\r') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(format!(
                        "the document nests brackets more than {MAX_NESTING} levels deep"
                    ));
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The operation a request runs: the one named, or the first when none is named (validation
/// refuses a document where that is ambiguous).
pub fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    operation: Option<&str>,
) -> Option<&'a OperationDefinition> {
    document
        .operations
        .iter()
        .find(|(name, _)| match (operation, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (Some(_), None) => false,
            (None, _) => true,
        })
        .map(|(_, op)| &op.node)
}

/// Checks every argument of the selected operation against the bounds above.
pub fn check_arguments(
    registry: &Registry,
    document: &ExecutableDocument,
    operation: Option<&str>,
    variables: &Variables,
) -> Result<(), ServerError> {
    let Some(op) = selected_operation(document, operation) else {
        return Ok(());
    };
    let root = match op.ty {
        OperationType::Query => Some(registry.query_type.as_str()),
        OperationType::Mutation => registry.mutation_type.as_deref(),
        OperationType::Subscription => registry.subscription_type.as_deref(),
    };
    let Some(root) = root else {
        return Ok(());
    };
    let walk = Walk {
        registry,
        document,
        op,
        variables,
    };
    walk.selection_set(root, &op.selection_set.node, &mut HashSet::new())
        .map_err(AppError::into_request_error)
}

struct Walk<'a> {
    registry: &'a Registry,
    document: &'a ExecutableDocument,
    op: &'a OperationDefinition,
    variables: &'a Variables,
}

impl<'a> Walk<'a> {
    /// Fragments are walked once each: their arguments are the same wherever they are spread.
    fn selection_set(
        &self,
        parent: &str,
        set: &'a SelectionSet,
        seen: &mut HashSet<&'a str>,
    ) -> Result<(), AppError> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let Some(meta) = self
                        .registry
                        .types
                        .get(parent)
                        .and_then(|t| t.field_by_name(field.name.node.as_str()))
                    else {
                        continue;
                    };
                    for (name, value) in &field.arguments {
                        if let Some(arg) = meta.args.get(name.node.as_str()) {
                            let value = value
                                .node
                                .clone()
                                .into_const_with(|name| self.variable(&name))
                                .unwrap_or(Value::Null);
                            check_value(self.registry, &arg.ty, &value, name.node.as_str())?;
                        }
                    }
                    let child = MetaTypeName::concrete_typename(&meta.ty);
                    self.selection_set(child, &field.selection_set.node, seen)?;
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let on = fragment
                        .type_condition
                        .as_ref()
                        .map_or(parent, |c| c.node.on.node.as_str());
                    self.selection_set(on, &fragment.selection_set.node, seen)?;
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if !seen.insert(name) {
                        continue;
                    }
                    if let Some(fragment) = self.document.fragments.get(&Name::new(name)) {
                        let on = fragment.node.type_condition.node.on.node.as_str();
                        self.selection_set(on, &fragment.node.selection_set.node, seen)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A variable's value as sent, or its default; null when it has neither.
    fn variable(&self, name: &Name) -> Result<Value, std::convert::Infallible> {
        if let Some(given) = self.variables.get(name) {
            return Ok(given.clone());
        }
        Ok(self
            .op
            .variable_definitions
            .iter()
            .find(|v| v.node.name.node == *name)
            .and_then(|v| v.node.default_value.as_ref())
            .map(|d| d.node.clone())
            .unwrap_or(Value::Null))
    }
}

/// A list of filter values without repeats, in their first order: a filter over enum values
/// never needs more conditions than the enum has values.
pub fn distinct<T: PartialEq>(items: Option<Vec<T>>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items.into_iter().flatten() {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// An optional input field as a change: absent keeps the stored value, `null` clears it, a value
/// sets it.
impl<T> From<MaybeUndefined<T>> for Patch<T> {
    fn from(field: MaybeUndefined<T>) -> Self {
        match field {
            MaybeUndefined::Undefined => Self::Keep,
            MaybeUndefined::Null => Self::Clear,
            MaybeUndefined::Value(value) => Self::Set(value),
        }
    }
}

fn check_value(registry: &Registry, ty: &str, value: &Value, path: &str) -> Result<(), AppError> {
    match MetaTypeName::create(ty) {
        MetaTypeName::NonNull(inner) => check_value(registry, inner, value, path),
        MetaTypeName::List(inner) => match value {
            Value::List(items) => {
                if items.len() > MAX_LIST_ITEMS {
                    return Err(AppError::bad_input(
                        path,
                        msg!(
                            "list-too-long",
                            path = path.to_owned(),
                            count = items.len(),
                            max = MAX_LIST_ITEMS
                        ),
                    ));
                }
                for (i, item) in items.iter().enumerate() {
                    check_value(registry, inner, item, &format!("{path}.{i}"))?;
                }
                Ok(())
            }
            // A single value stands for a list of one.
            other => check_value(registry, inner, other, path),
        },
        MetaTypeName::Named(name) => {
            if matches!(value, Value::Null) {
                return Ok(());
            }
            match registry.types.get(name) {
                Some(MetaType::Scalar { .. }) => check_scalar(name, value, path),
                Some(MetaType::InputObject { input_fields, .. }) => {
                    check_object(registry, input_fields, value, path)
                }
                _ => Ok(()),
            }
        }
    }
}

fn check_object(
    registry: &Registry,
    fields: &async_graphql::indexmap::IndexMap<String, MetaInputValue>,
    value: &Value,
    path: &str,
) -> Result<(), AppError> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    for (key, item) in map {
        if let Some(field) = fields.get(key.as_str()) {
            check_value(registry, &field.ty, item, &format!("{path}.{key}"))?;
        }
    }
    Ok(())
}

fn check_scalar(scalar: &str, value: &Value, path: &str) -> Result<(), AppError> {
    let refuse = |message: Msg| {
        Err(AppError::bad_input(
            path,
            msg!("within", at = path.to_owned(), message = message),
        ))
    };
    match (scalar, value) {
        ("Int", Value::Number(n)) => match n.as_i64().map(i32::try_from) {
            Some(Ok(_)) => Ok(()),
            _ => refuse(msg!(
                "not-an-int",
                value = n.to_string(),
                min = i32::MIN,
                max = i32::MAX
            )),
        },
        ("Int", _) => refuse(msg!("must-be-int")),
        ("Float", Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite) => Ok(()),
        ("Float", _) => refuse(msg!("must-be-float")),
        ("String", Value::String(s)) => text(s, MAX_STRING_CHARS, path),
        ("String", _) => refuse(msg!("must-be-string")),
        ("ID", Value::String(s)) => text(s, MAX_ID_CHARS, path),
        ("ID", Value::Number(_)) => Ok(()),
        ("ID", _) => refuse(msg!("must-be-id")),
        ("Decimal", value) => scalars::Decimal::read(value).map(|_| ()).or_else(refuse),
        ("DateTime", value) => scalars::read_date_time(value).map(|_| ()).or_else(refuse),
        _ => Ok(()),
    }
}

fn text(s: &str, max: usize, path: &str) -> Result<(), AppError> {
    if s.contains('\0') {
        return Err(AppError::bad_input(
            path,
            msg!("within", at = path.to_owned(), message = msg!("no-nul")),
        ));
    }
    // Counting stops past the bound: a 1 MiB string costs no more than the bound.
    if s.chars().nth(max).is_some() {
        return Err(AppError::bad_input(
            path,
            msg!(
                "within",
                at = path.to_owned(),
                message = msg!("too-long", max = max)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_lists_keep_one_of_each_value_in_first_order() {
        assert_eq!(distinct(Some(vec![3, 1, 3, 3, 2, 1])), [3, 1, 2]);
        assert_eq!(distinct(Some(vec!["KOC"; 25_000])), ["KOC"]);
        assert!(distinct::<i32>(None).is_empty());
    }

    #[test]
    fn nesting_is_counted_on_the_text_outside_strings_and_comments() {
        assert!(check_nesting("{ a { b { c } } }").is_ok());
        let deep = format!("{{ a(x: {}1{}) }}", "[".repeat(40), "]".repeat(40));
        assert!(check_nesting(&deep).is_err());
        let objects = format!("{{ a(x: {}) }}", "{a:".repeat(2_000));
        assert!(check_nesting(&objects).is_err());
        let quoted = format!("{{ a(x: \"{}\") }}", "[".repeat(100));
        assert!(check_nesting(&quoted).is_ok());
        let block = format!(
            "{{ a(x: \"\"\"{} \\\"\"\" {}\"\"\") }}",
            "[".repeat(50),
            "{".repeat(50)
        );
        assert!(check_nesting(&block).is_ok());
        let comment = format!("# {}\n{{ a }}", "(".repeat(100));
        assert!(check_nesting(&comment).is_ok());
        // Exactly at the bound is allowed.
        let edge = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert!(check_nesting(&edge).is_ok());
    }
}
