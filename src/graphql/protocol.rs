//! What GraphQL over HTTP (`crate::http`) and over WebSocket (`crate::ws`) have in common: the
//! state both endpoints serve from, the size of what a client may send, how one
//! `{query, operationName, variables, extensions}` object is read, and how an answer is written.
//! Both transports depend on this module and neither on the other.

use std::sync::Arc;

use async_graphql::{Request, Response, Variables};
use serde_json::{Map, Value, json};

use crate::{
    graphql::{self, AppSchema, persisted::PersistedQueries},
    state::AppState,
};

/// Largest request a client may send: an HTTP body, or one WebSocket message.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Most errors in one answer.
pub const MAX_ERRORS: usize = 50;

/// What the GraphQL endpoints serve from: the app's state and the schema built over it.
#[derive(Clone)]
pub struct Shared {
    pub app: AppState,
    pub schema: AppSchema,
    /// The automatic persisted queries of this instance (HTTP only).
    pub persisted: Arc<PersistedQueries>,
}

impl Shared {
    pub fn new(app: AppState) -> Self {
        let schema = graphql::schema(app.clone());
        Self {
            app,
            schema,
            persisted: Arc::default(),
        }
    }
}

/// Serializes a response: no `data` entry when execution never began, and a code on every error.
pub fn render(mut response: Response, executed: bool) -> Value {
    // A client gets the first errors; more would only make the answer larger than the question.
    response.errors.truncate(MAX_ERRORS);
    let mut value = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
    if let Value::Object(map) = &mut value {
        if !executed {
            map.remove("data");
        }
        if let Some(Value::Array(errors)) = map.get_mut("errors") {
            for error in errors.iter_mut().filter_map(Value::as_object_mut) {
                label(error);
            }
        }
    }
    value
}

/// Our own errors always carry their code. One without a code was raised by GraphQL itself:
/// before execution (syntax, validation, variables, limits: no `path`) it is the client's;
/// during execution it is a fault of ours, masked like every internal error.
fn label(error: &mut Map<String, Value>) {
    let has_code = error
        .get("extensions")
        .and_then(|e| e.get("code"))
        .is_some();
    if has_code {
        return;
    }
    let code = if error.contains_key("path") {
        let detail = serde_json::Value::Object(error.clone()).to_string();
        tracing::error!(error = %detail, "uncoded error during execution");
        error.insert(
            "message".into(),
            Value::String("internal server error".into()),
        );
        "INTERNAL_SERVER_ERROR"
    } else {
        "BAD_USER_INPUT"
    };
    let extensions = error
        .entry("extensions")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(ext) = extensions {
        ext.insert("code".into(), Value::String(code.into()));
    }
}

/// One `{query, operationName, variables, extensions}` object, strictly typed. The error says
/// what is wrong with it.
pub fn parse_params(value: Value) -> Result<Request, String> {
    let Value::Object(mut map) = value else {
        return Err("the body must be a JSON object".into());
    };
    let query = match map.remove("query") {
        Some(Value::String(q)) => q,
        Some(_) => return Err("query must be a string".into()),
        None => return Err("the query parameter is required".into()),
    };
    let operation_name = match map.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err("operationName must be a string".into()),
    };
    let variables = match map.remove("variables") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(v),
        Some(_) => return Err("variables must be an object".into()),
    };
    match map.remove("extensions") {
        None | Some(Value::Null) | Some(Value::Object(_)) => {}
        Some(_) => return Err("extensions must be an object".into()),
    }
    Ok(build_request(query, operation_name, variables))
}

/// A request from its parts, once they are read.
pub fn build_request(
    query: String,
    operation_name: Option<String>,
    variables: Option<Value>,
) -> Request {
    let mut request = Request::new(query);
    if let Some(name) = operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = variables {
        request = request.variables(Variables::from_json(variables));
    }
    request
}
