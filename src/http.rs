//! The HTTP surface: `fn app(state) -> Router` with /graphql, /graphql/ws, /, /t/{code}, /healthz
//! and /readyz. The WebSocket handler is `crate::ws`'s; what the two share is in
//! `crate::graphql::protocol`.
//!
//! GraphQL over HTTP is handled here rather than by the stock async-graphql-axum extractor, which
//! answers `application/graphql-response+json` to clients that accept only `application/json`,
//! returns 200 for requests that never executed, runs batches of any size and streams bodies past
//! axum's limit. This handler follows the GraphQL-over-HTTP specification (the `graphql-http`
//! audit passes every MUST and SHOULD; see `.ci/run`).

use std::{
    net::{IpAddr, SocketAddr},
    panic::AssertUnwindSafe,
    time::Duration,
};

use async_graphql::{
    BatchRequest, ObjectType, Request, Response as GqlResponse, Schema, SubscriptionType,
    parser::types::OperationType,
};
use axum::{
    Router,
    body::{Body, Bytes, HttpBody},
    extract::{ConnectInfo, DefaultBodyLimit, Extension, Path, Request as HttpRequest, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use futures_util::{FutureExt, StreamExt};
use serde_json::{Value, json};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{
        CompressionLayer,
        predicate::{NotForContentType, Predicate, SizeAbove},
    },
    cors::{AllowHeaders, AllowOrigin, CorsLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    auth::{RequestAuth, api_key},
    clock,
    config::CorsOrigins,
    error::{AppError, AppResult},
    graphiql,
    graphql::{
        inputs,
        limits::RequestBudget,
        loaders::Loaders,
        persisted::{self, PersistedQueries, Refused},
        phase::Executed,
        protocol::{MAX_BODY_BYTES, Shared, build_request, parse_params, render},
    },
    idempotency::{self, Claim, Slot, Stored},
    rate_limit::Caller,
    state::AppState,
    tracking::Link,
    ws,
};

/// Most of an oversized body read (and thrown away) before its 413, counting what came before
/// the limit: a client that sends its whole body before reading then reads the 413 instead of a
/// reset connection. Past it, or past [`DRAIN_TIMEOUT`], the 413 goes out and the connection
/// closes unread.
pub const MAX_DRAIN_BYTES: usize = 8 * 1024 * 1024;
/// Longest time spent reading an oversized body before answering 413.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// Most operations in one batched request.
pub const MAX_BATCH: usize = 10;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

pub fn app(state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let origins = state.config.cors.clone();
    router(Shared::new(state), timeout, origins)
}

/// Answers larger than this are compressed (gzip or br) for a client that accepts it.
pub const COMPRESS_ABOVE_BYTES: u16 = 1024;

fn router(state: Shared, timeout: Duration, origins: CorsOrigins) -> Router {
    let limited = || middleware::from_fn_with_state(state.clone(), limit_rate);
    Router::new()
        .route(
            "/graphql",
            get(graphql_http).post(graphql_http).layer(limited()),
        )
        .route("/t/{code}", get(track).head(track_head))
        .route("/graphql/ws", get(ws::graphql_ws).layer(limited()))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
        .merge(graphiql::routes())
        // `limit_body` hands on at most MAX_BODY_BYTES; the extractors' limit only repeats it.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limit_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(CatchPanicLayer::new())
        // Small answers (redirects, health checks, an empty WebSocket upgrade) are left as they
        // are.
        .layer(
            CompressionLayer::new().compress_when(
                SizeAbove::new(COMPRESS_ABOVE_BYTES)
                    .and(NotForContentType::IMAGES)
                    .and(NotForContentType::SSE),
            ),
        )
        // Outside the rest, so that a preflight is answered before routing (which knows no
        // OPTIONS) and every answer, a 413 or a 429 too, carries the CORS headers.
        .layer(cors(origins))
        .layer(TraceLayer::new_for_http())
}

/// CORS for browsers on other origins (brand portals, creator tools): the allowed origins of
/// `CORS_ALLOWED_ORIGINS`, the headers a client sends, and the headers it may read.
fn cors(origins: CorsOrigins) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| origins.allows(o))
        }))
        .allow_methods([Method::GET, Method::POST])
        // Whatever the page asks for (Apollo's client headers, tracing headers, ...): there are
        // no cookies to protect, tokens travel in `Authorization`.
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            HeaderName::from_static("ratelimit-policy"),
            HeaderName::from_static("ratelimit"),
            header::RETRY_AFTER,
            HeaderName::from_static(IDEMPOTENT_REPLAYED),
        ])
        .max_age(Duration::from_secs(600))
}

/// Reads every request body of up to [`MAX_BODY_BYTES`] into memory before the handler runs, so a
/// handler never sees more. An oversized body, by `Content-Length` or as it streams, is answered
/// 413 with a GraphQL error naming the limit, after reading and discarding the rest of it (at
/// most [`MAX_DRAIN_BYTES`] in all, for at most [`DRAIN_TIMEOUT`]), then the connection closes.
/// A client that asked `Expect: 100-continue` has sent nothing yet and gets the 413 at once.
async fn limit_body(request: HttpRequest, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if body.size_hint().exact() == Some(0) {
        return next.run(HttpRequest::from_parts(parts, body)).await;
    }
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let waits_for_continue = parts
        .headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if let Some(length) = declared.filter(|&n| n > MAX_BODY_BYTES as u64) {
        if !waits_for_continue && length <= MAX_DRAIN_BYTES as u64 {
            drain(body.into_data_stream(), 0).await;
        }
        return too_large(&parts.headers);
    }
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            let answer = negotiate(&parts.headers).unwrap_or(Answer::Json);
            return refuse(
                StatusCode::BAD_REQUEST,
                answer,
                "the request body could not be read",
            );
        };
        if buffer.len() + chunk.len() > MAX_BODY_BYTES {
            drain(stream, buffer.len() + chunk.len()).await;
            return too_large(&parts.headers);
        }
        buffer.extend_from_slice(&chunk);
    }
    next.run(HttpRequest::from_parts(parts, Body::from(buffer)))
        .await
}

/// Reads and drops what is left of a body, up to [`MAX_DRAIN_BYTES`] in all (`read` so far) and
/// for [`DRAIN_TIMEOUT`]; whether it reached the end does not matter to the caller.
async fn drain(mut stream: axum::body::BodyDataStream, mut read: usize) {
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while read <= MAX_DRAIN_BYTES {
            match stream.next().await {
                Some(Ok(chunk)) => read += chunk.len(),
                Some(Err(_)) | None => return,
            }
        }
    })
    .await;
}

/// 413 with a GraphQL error naming the limit; the connection closes after it.
fn too_large(headers: &HeaderMap) -> Response {
    let answer = negotiate(headers).unwrap_or(Answer::Json);
    let mut response = refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        answer,
        &format!("the request body is larger than the limit of {MAX_BODY_BYTES} bytes (1 MiB)"),
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The tracking link: counts a click and answers 302 to the brief's productUrl; 404 for an unknown
/// code or a brief without one, 410 for a CANCELLED collaboration, both counting nothing. No
/// token needed (see `tracking`).
async fn track(State(state): State<Shared>, Path(code): Path<String>) -> Response {
    link_response(state.app.tracker.click(&code).await)
}

/// `HEAD /t/{code}`: answers as GET does (a link checker, a preview), but counts nothing.
async fn track_head(State(state): State<Shared>, Path(code): Path<String>) -> Response {
    link_response(state.app.tracker.peek(&code).await)
}

fn link_response(link: AppResult<Link>) -> Response {
    match link {
        Ok(Link::Redirect(url)) => match HeaderValue::from_str(&url) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => {
                tracing::error!(url = %url, "a productUrl that is no header value");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Ok(Link::Gone) => (
            StatusCode::GONE,
            "this tracking link ended with its collaboration",
        )
            .into_response(),
        Ok(Link::Unknown) => (StatusCode::NOT_FOUND, "unknown tracking link").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<Shared>) -> impl IntoResponse {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The media type the client gets, from its `Accept` header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    GraphqlResponseJson,
    Json,
}

impl Answer {
    fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponseJson => GRAPHQL_RESPONSE_JSON,
            Self::Json => JSON,
        }
    }
}

/// Picks the best supported media type; None when the client accepts neither (406).
fn negotiate(headers: &HeaderMap) -> Option<Answer> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Answer::Json);
    };
    if accept.trim().is_empty() {
        return Some(Answer::Json);
    }
    let mut best: Option<(f32, Answer)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let answer = match media.as_str() {
            "application/graphql-response+json" => Answer::GraphqlResponseJson,
            "application/json" | "application/*" | "*/*" => Answer::Json,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, answer));
        }
    }
    best.map(|(_, a)| a)
}

/// A request the handler refuses before GraphQL sees it: BAD_USER_INPUT.
fn refuse(status: StatusCode, answer: Answer, message: &str) -> Response {
    refuse_with(status, answer, "BAD_USER_INPUT", message)
}

/// A request answered with one error of `code` before GraphQL sees it.
fn refuse_with(status: StatusCode, answer: Answer, code: &str, message: &str) -> Response {
    stored_response(&refusal(status, answer, code, message))
}

fn refusal(status: StatusCode, answer: Answer, code: &str, message: &str) -> Stored {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Stored {
        status: status.as_u16(),
        content_type: answer.content_type().to_owned(),
        body: body.to_string(),
    }
}

/// Who a request counts against: a valid API key by its ID (the key is looked up, and the
/// viewer kept for the request), a valid access token by its user (its signature is enough),
/// anything else by the client's address, so that made-up credentials share the anonymous bucket.
async fn caller_of(state: &AppState, auth: &RequestAuth, peer: Option<IpAddr>) -> Caller {
    if let Some(token) = auth.bearer() {
        if api_key::is_api_key(token) {
            if let Ok(viewer) = auth.viewer(state).await
                && let Some(grant) = &viewer.api_key
            {
                return Caller::Key(grant.key_id.to_string());
            }
        } else if let Ok(claims) = state.jwt.verify(token) {
            return Caller::User(claims.sub.to_string());
        }
    }
    Caller::Address(peer)
}

/// Takes one request from the caller's bucket (see `rate_limit`): the `RateLimit-Policy` and
/// `RateLimit` headers on every answer, and once the bucket is empty, 429 with `Retry-After` and
/// RATE_LIMITED instead of running the request.
async fn limit_rate(State(state): State<Shared>, mut request: HttpRequest, next: Next) -> Response {
    let Some(limits) = state.app.rate_limits.enabled() else {
        return next.run(request).await;
    };
    let auth = request_auth(request.headers());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    let caller = caller_of(&state.app, &auth, peer).await;
    // The handler takes the credentials from here, with the viewer already resolved.
    request.extensions_mut().insert(auth);
    let Some(verdict) = limits.check(&caller) else {
        return next.run(request).await;
    };
    let mut response = match verdict.retry_after_secs {
        Some(wait) => {
            let answer = negotiate(request.headers()).unwrap_or(Answer::Json);
            let mut refused = refuse_with(
                StatusCode::TOO_MANY_REQUESTS,
                answer,
                "RATE_LIMITED",
                &format!("too many requests; try again in {wait} seconds"),
            );
            refused
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            refused
        }
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("ratelimit-policy", verdict.policy_header()),
        ("ratelimit", verdict.limit_header()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// `POST /graphql` and `GET /graphql`. A POST with an `Idempotency-Key` from a signed-in caller
/// is answered once and replayed after (see `idempotency`); everything else runs as it comes.
/// The credentials of a request, as its `Authorization` header has them.
fn request_auth(headers: &HeaderMap) -> RequestAuth {
    RequestAuth::from_header(
        headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or_default()),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

async fn graphql_http(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    seen: Option<Extension<RequestAuth>>,
    body: Bytes,
) -> Response {
    // Batched operations share one viewer: the token is checked once per HTTP request (and was
    // already, when the rate limit needed to know who is asking).
    let auth = match seen {
        Some(Extension(auth)) => auth,
        None => request_auth(&headers),
    };
    let key = match headers.get(IDEMPOTENCY_KEY) {
        Some(raw) if method == Method::POST => match idempotency::parse_key(raw.as_bytes()) {
            Ok(key) => Some(key.to_owned()),
            Err(message) => {
                let answer = negotiate(&headers).unwrap_or(Answer::Json);
                return refuse(StatusCode::BAD_REQUEST, answer, &message);
            }
        },
        _ => None,
    };
    // Read once, here: whether it holds a mutation decides whether the key is kept.
    let parsed = if method == Method::GET {
        parse_get(&uri, &state.persisted)
    } else {
        parse_post(&headers, &body, &state.persisted)
    };
    // Only mutations are kept: a query is as good run again.
    let key = key.filter(|_| parsed.as_ref().is_ok_and(holds_mutation));
    // Keys are kept per user or API key; a request without a valid token has none to keep.
    let slot = match key {
        Some(key) => match auth.viewer(&state.app).await {
            Ok(viewer) => Some(Slot {
                owner: match &viewer.api_key {
                    Some(grant) => format!("key:{}", grant.key_id),
                    None => format!("user:{}", viewer.user_id),
                },
                key,
            }),
            Err(_) => None,
        },
        None => None,
    };
    let Some(slot) = slot else {
        return answer(&state, &headers, parsed, auth).await.into_response();
    };
    let db = &state.app.db;
    let stale = chrono::Duration::from_std(state.app.config.request_timeout)
        .unwrap_or(chrono::Duration::seconds(30))
        + chrono::Duration::seconds(5);
    let answer_as = negotiate(&headers).unwrap_or(Answer::Json);
    match idempotency::claim(
        db,
        &slot,
        &idempotency::body_hash(&body),
        clock::now(),
        stale,
    )
    .await
    {
        Err(_) => refuse_with(
            StatusCode::INTERNAL_SERVER_ERROR,
            answer_as,
            "INTERNAL_SERVER_ERROR",
            "internal server error",
        ),
        Ok(Claim::Mismatch) => refuse_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            answer_as,
            "CONFLICT",
            "this Idempotency-Key was used with another request body",
        ),
        Ok(Claim::InFlight) => refuse_with(
            StatusCode::CONFLICT,
            answer_as,
            "CONFLICT",
            "the first request with this Idempotency-Key is still running",
        ),
        Ok(Claim::Replay(stored)) => {
            let mut response = stored_response(&stored);
            response
                .headers_mut()
                .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
            response
        }
        Ok(Claim::Run) => {
            // In a task of its own: a client that hangs up (or the request timeout) must not
            // stop it between the mutation's commit and storing its answer, or a retry would
            // run the mutation again.
            let state = state.clone();
            let task = tokio::spawn(async move {
                let done = answer(&state, &headers, parsed, auth).await;
                let db = &state.app.db;
                let kept = if done.internal {
                    idempotency::release(db, &slot).await
                } else {
                    idempotency::store(db, &slot, &done.stored).await
                };
                if kept.is_err() {
                    tracing::warn!("an idempotent answer could not be kept");
                }
                done
            });
            match task.await {
                Ok(done) => done.into_response(),
                Err(err) => {
                    tracing::error!(error = %err, "an idempotent request's task failed");
                    refuse_with(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        answer_as,
                        "INTERNAL_SERVER_ERROR",
                        "internal server error",
                    )
                }
            }
        }
    }
}

const IDEMPOTENCY_KEY: &str = "idempotency-key";
const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// An answer as it is sent, and whether it holds an internal error (which is not kept for
/// replay).
struct Done {
    stored: Stored,
    internal: bool,
}

impl IntoResponse for Done {
    fn into_response(self) -> Response {
        stored_response(&self.stored)
    }
}

fn stored_response(stored: &Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, stored.body.clone()).into_response();
    if let Ok(content_type) = HeaderValue::from_str(&stored.content_type) {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    response
}

/// Runs a GraphQL request over HTTP, as `parse_get` or `parse_post` read it: negotiation,
/// execution, the status and the body.
async fn answer(
    state: &Shared,
    headers: &HeaderMap,
    parsed: Result<BatchRequest, Refusal>,
    auth: RequestAuth,
) -> Done {
    let refused = |status: StatusCode, answer, message: &str| Done {
        // A hash not known yet has the code Apollo's clients look for, to send the query.
        stored: refusal(
            status,
            answer,
            if message == persisted::NOT_FOUND {
                "PERSISTED_QUERY_NOT_FOUND"
            } else {
                "BAD_USER_INPUT"
            },
            message,
        ),
        internal: false,
    };
    let Some(answer) = negotiate(headers) else {
        return refused(
            StatusCode::NOT_ACCEPTABLE,
            Answer::Json,
            "accept application/graphql-response+json or application/json",
        );
    };
    let batch = match parsed {
        Ok(batch) => batch,
        // A request that never ran is 400 only for graphql-response+json (as `render` does).
        Err((StatusCode::BAD_REQUEST, message))
            if message == persisted::NOT_FOUND && answer == Answer::Json =>
        {
            return refused(StatusCode::OK, answer, &message);
        }
        Err((status, message)) => return refused(status, answer, &message),
    };

    let (requests, is_batch) = match batch {
        BatchRequest::Single(r) => (vec![r], false),
        BatchRequest::Batch(rs) => (rs, true),
    };
    // The operations of a batch share one budget of password checks and introspection.
    let budget = RequestBudget::default();
    let mut markers = Vec::with_capacity(requests.len());
    let mut prepared = Vec::with_capacity(requests.len());
    for request in requests {
        let executed = Executed::default();
        markers.push(executed.clone());
        prepared.push(
            request
                .data(executed)
                .data(auth.clone())
                .data(budget.clone())
                .data(Loaders::new(&state.app.db)),
        );
    }

    let mut bodies = Vec::with_capacity(prepared.len());
    let mut all_unexecuted = true;
    for (request, executed) in prepared.into_iter().zip(markers) {
        let response = execute(&state.schema, request).await;
        let ran = executed.get();
        all_unexecuted &= !ran;
        bodies.push(render(response, ran));
    }
    let status = if answer == Answer::GraphqlResponseJson && all_unexecuted && !is_batch {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let internal = bodies.iter().any(has_internal_error);
    let body = if is_batch {
        Value::Array(bodies)
    } else {
        bodies.pop().unwrap_or(Value::Null)
    };
    Done {
        stored: Stored {
            status: status.as_u16(),
            content_type: answer.content_type().to_owned(),
            body: body.to_string(),
        },
        internal,
    }
}

/// Whether a rendered answer holds an INTERNAL_SERVER_ERROR.
fn has_internal_error(body: &Value) -> bool {
    body["errors"].as_array().is_some_and(|errors| {
        errors
            .iter()
            .any(|e| e["extensions"]["code"] == "INTERNAL_SERVER_ERROR")
    })
}

/// Executes one operation. A panic in it becomes that operation's INTERNAL_SERVER_ERROR, in the
/// normal shape: the other operations of a batch, and the process, carry on.
pub(crate) async fn execute<Q, M, S>(schema: &Schema<Q, M, S>, request: Request) -> GqlResponse
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    match AssertUnwindSafe(schema.execute(request))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(panic) => AppError::panicked(panic.as_ref()).into_response(),
    }
}

/// Whether the operation a document selects (by `operation_name`, or any when none is named) is a
/// mutation. A document that does not parse is none: it will be refused as it is.
fn is_mutation(query: &str, operation_name: Option<&str>) -> bool {
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    doc.operations.iter().any(|(name, op)| {
        let selected = match (operation_name, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (Some(_), None) => false,
            (None, _) => true,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

/// Whether a request holds a mutation (one of its operations, for a batch).
fn holds_mutation(batch: &BatchRequest) -> bool {
    match batch {
        BatchRequest::Single(r) => is_mutation(&r.query, r.operation_name.as_deref()),
        BatchRequest::Batch(rs) => rs
            .iter()
            .any(|r| is_mutation(&r.query, r.operation_name.as_deref())),
    }
}

type Refusal = (StatusCode, String);

fn bad(message: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, message.into())
}

/// The query of one request, resolved through the persisted queries (see
/// `graphql::persisted`); a refusal when its hash is unknown, wrong or malformed.
fn persisted_query(
    persisted: &PersistedQueries,
    query: Option<String>,
    extensions: Option<&Value>,
) -> Result<Option<String>, Refusal> {
    persisted
        .resolve(query, extensions)
        .map_err(|refused| match refused {
            Refused::NotFound => (StatusCode::BAD_REQUEST, persisted::NOT_FOUND.to_owned()),
            Refused::Mismatch => bad("provided sha does not match query"),
            Refused::Malformed(why) => bad(why),
        })
}

fn parse_get(uri: &Uri, persisted: &PersistedQueries) -> Result<BatchRequest, Refusal> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Params {
        query: Option<String>,
        operation_name: Option<String>,
        variables: Option<String>,
        extensions: Option<String>,
    }
    let params: Params = serde_urlencoded::from_str(uri.query().unwrap_or_default())
        .map_err(|e| bad(format!("invalid query string: {e}")))?;
    let parse_map = |name: &str, raw: Option<String>| -> Result<Option<Value>, Refusal> {
        match raw {
            None => Ok(None),
            Some(raw) => match serde_json::from_str::<Value>(&raw) {
                Ok(v @ (Value::Object(_) | Value::Null)) => Ok(Some(v)),
                _ => Err(bad(format!("{name} must be a JSON object"))),
            },
        }
    };
    let extensions = parse_map("extensions", params.extensions)?;
    let query = persisted_query(persisted, params.query, extensions.as_ref())?
        .ok_or_else(|| bad("the query parameter is required"))?;
    // Before parsing: the parser would overflow its stack on a deeply nested value.
    inputs::check_nesting(&query).map_err(bad)?;
    let variables = parse_map("variables", params.variables)?;
    // GET may only read: a mutation must come as POST.
    if is_mutation(&query, params.operation_name.as_deref()) {
        return Err((
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations must be sent with POST".into(),
        ));
    }
    Ok(BatchRequest::Single(build_request(
        query,
        params.operation_name,
        variables,
    )))
}

fn parse_post(
    headers: &HeaderMap,
    body: &Bytes,
    persisted: &PersistedQueries,
) -> Result<BatchRequest, Refusal> {
    // One operation of the body, its query resolved through the persisted queries first.
    let operation = |mut value: Value| -> Result<Request, Refusal> {
        if let Value::Object(map) = &mut value
            && map
                .get("extensions")
                .is_some_and(|e| e.get("persistedQuery").is_some())
        {
            let query = match map.remove("query") {
                Some(Value::String(q)) => Some(q),
                None | Some(Value::Null) => None,
                Some(_) => return Err(bad("query must be a string")),
            };
            if let Some(query) = persisted_query(persisted, query, map.get("extensions"))? {
                map.insert("query".into(), Value::String(query));
            }
        }
        parse_params(value).map_err(bad)
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media != "application/json" {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as application/json".into(),
        ));
    }
    if body.is_empty() {
        return Err(bad("the request body is empty"));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| bad(format!("the body is not valid JSON: {e}")))?;
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(bad("a batch needs at least one operation"));
            }
            if items.len() > MAX_BATCH {
                return Err(bad(format!(
                    "a batch may hold at most {MAX_BATCH} operations"
                )));
            }
            items
                .into_iter()
                .map(operation)
                .collect::<Result<Vec<_>, _>>()
                .map(BatchRequest::Batch)
        }
        other => operation(other).map(BatchRequest::Single),
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object};

    use super::*;

    struct Query;

    #[Object]
    impl Query {
        async fn fine(&self) -> i32 {
            1
        }

        async fn broken(&self, fail: Option<bool>) -> i32 {
            if fail.unwrap_or(true) {
                panic!("a bug in a resolver");
            }
            0
        }
    }

    #[tokio::test]
    async fn a_panicking_operation_is_an_internal_error_in_the_normal_shape() {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let answer = render(
            execute(&schema, Request::new("{ fine broken }")).await,
            true,
        );
        assert_eq!(answer["data"], Value::Null);
        assert_eq!(
            answer["errors"][0]["extensions"]["code"],
            "INTERNAL_SERVER_ERROR"
        );
        assert_eq!(answer["errors"][0]["message"], "internal server error");
        // The next operation runs as usual.
        let answer = render(execute(&schema, Request::new("{ fine }")).await, true);
        assert_eq!(answer, json!({ "data": { "fine": 1 } }));
    }
}
