//! GraphQL over WebSocket at `GET /graphql/ws`: the `graphql-transport-ws` protocol of graphql-ws
//! (<https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md>).
//!
//! Written here rather than taken from async-graphql-axum 7.2, whose server closes with 1002 where
//! the protocol asks for 4400 (malformed message) and 4403 (refused `connection_init`), with 1011
//! for 4401 and 3008 for 4408, never checks 4409, and refuses the handshake outright instead of
//! closing with 4406. Written here also so that an operation over the socket is prepared exactly
//! like one over HTTP: the same viewer check, fresh loaders, errors labelled by `protocol::render`.
//!
//! A client must offer the `graphql-transport-ws` subprotocol and send `connection_init` with
//! `{"authorization": "Bearer <token>"}` within `WS_INIT_TIMEOUT_SECS`. The token is verified
//! then, and again for every operation, so an expired token or a suspension takes effect at the
//! next operation.
//!
//! A running subscription keeps to the access it was opened with, both ways:
//!
//! - At each event that is for it (and only then: another user's event costs no read), before it
//!   delivers anything, it checks [`LiveAccess::holds`]: the token unexpired, the user not
//!   suspended, and the token's login (its `sid`, a refresh-token family) not ended by `logOut`,
//!   `changePassword`, `suspendUser` or reuse of a retired refresh token. One indexed read.
//! - When such a check finds the access gone, or when the token's `exp` passes (a timer, no
//!   event needed), the socket is closed with 4403, so the client learns to reconnect with a fresh
//!   token. Nothing is delivered after the access ends; but between `logOut` and the next event
//!   for this socket (or the token's expiry, 15 minutes at most) the socket stays open, idle.
//!
//! The server closes the socket with:
//!
//! | code | when |
//! |---|---|
//! | 4400 | a malformed message (not a JSON object, unknown `type`, bad `id` or `payload`, binary) |
//! | 4401 | `subscribe` before the connection was acknowledged |
//! | 4403 | `connection_init` without a valid token of an active user and a live login; later, the token expired or its access ended (see above) |
//! | 4406 | the client did not offer `graphql-transport-ws` |
//! | 4408 | no `connection_init` in time |
//! | 4409 | `subscribe` with the id of an operation still running |
//! | 4429 | a second `connection_init` |
//! | 4500 | the token could not be checked (the database failed) |
//! | 1001 | the server is shutting down |
//! | 1009 | a message over 1 MiB |
//!
//! Operations on one socket run concurrently, at most [`MAX_OPERATIONS`] at once. Queries and
//! mutations are allowed too: they answer one `next`, then `complete`.

use std::{collections::HashMap, panic::AssertUnwindSafe, time::Duration};

use async_graphql::{Request, Response};
use axum::{
    extract::{
        State, WebSocketUpgrade,
        ws::{CloseFrame, Message, WebSocket},
    },
    response::Response as HttpResponse,
};
use futures_util::{
    FutureExt, Stream, StreamExt,
    stream::{self, AbortHandle, BoxStream, SelectAll},
};
use serde_json::{Map, Value, json};
use tokio::time::{Instant, sleep_until, timeout};
use tokio_util::task::task_tracker::TaskTrackerToken;

use crate::{
    auth::{LiveAccess, RequestAuth},
    clock,
    error::AppError,
    graphql::{
        loaders::Loaders,
        phase::Executed,
        protocol::{MAX_BODY_BYTES, Shared, parse_params, render},
    },
    rate_limit::Caller,
};

/// The only subprotocol spoken here.
pub const PROTOCOL: &str = "graphql-transport-ws";
/// Most operations one socket may run at once; more are answered with an `error` message.
pub const MAX_OPERATIONS: usize = 100;
/// How long a closing socket waits for the client's close frame before hanging up.
const CLOSE_GRACE: Duration = Duration::from_secs(1);
/// Close reasons are limited to 123 bytes by RFC 6455.
const MAX_REASON_BYTES: usize = 123;

/// `GET /graphql/ws`.
pub async fn graphql_ws(State(state): State<Shared>, upgrade: WebSocketUpgrade) -> HttpResponse {
    let upgrade = upgrade
        .protocols([PROTOCOL])
        .max_message_size(MAX_BODY_BYTES)
        .max_frame_size(MAX_BODY_BYTES);
    // graphql-ws accepts the handshake and then closes with 4406, rather than refusing it, so the
    // client learns why.
    let speaks_protocol = upgrade.selected_protocol().is_some();
    let open = state.app.sockets.open.token();
    upgrade.on_upgrade(move |socket| async move {
        if speaks_protocol {
            Connection::new(socket, state, open).run().await;
        } else {
            tracing::debug!("websocket without the graphql-transport-ws subprotocol");
            close(socket, Close::SubprotocolNotAcceptable).await;
        }
    })
}

/// Why the server ends a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Close {
    BadRequest(String),
    Unauthorized,
    Forbidden,
    /// The access of an acknowledged connection ended; the reason says how.
    AccessEnded(&'static str),
    SubprotocolNotAcceptable,
    InitTimeout,
    SubscriberExists(String),
    TooManyInits,
    Internal,
    GoingAway,
    TooBig,
}

impl Close {
    fn frame(&self) -> CloseFrame {
        let (code, reason) = match self {
            Self::BadRequest(why) => (4400, why.clone()),
            Self::Unauthorized => (4401, "Unauthorized".into()),
            Self::Forbidden => (4403, "Forbidden".into()),
            Self::AccessEnded(why) => (4403, (*why).into()),
            Self::SubprotocolNotAcceptable => (4406, "Subprotocol not acceptable".into()),
            Self::InitTimeout => (4408, "Connection initialisation timeout".into()),
            Self::SubscriberExists(id) => (4409, format!("Subscriber for {id} already exists")),
            Self::TooManyInits => (4429, "Too many initialisation requests".into()),
            Self::Internal => (4500, "Internal server error".into()),
            Self::GoingAway => (1001, "Server shutting down".into()),
            Self::TooBig => (1009, "Message too big".into()),
        };
        CloseFrame {
            code,
            reason: truncate(reason, MAX_REASON_BYTES).into(),
        }
    }
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Sends the close frame, then briefly reads on so the client's answering close frame ends the
/// TCP connection cleanly.
async fn close(mut socket: WebSocket, why: Close) {
    if socket
        .send(Message::Close(Some(why.frame())))
        .await
        .is_err()
    {
        return;
    }
    let _ = timeout(CLOSE_GRACE, async {
        while let Some(Ok(_)) = socket.recv().await {}
    })
    .await;
}

/// A message a client may send.
#[derive(Debug)]
enum ClientMessage {
    ConnectionInit(Option<Map<String, Value>>),
    Ping(Option<Map<String, Value>>),
    Pong,
    Subscribe { id: String, request: Box<Request> },
    Complete { id: String },
}

/// Reads one text frame; the error is the 4400 reason.
fn parse(text: &str) -> Result<ClientMessage, String> {
    let value: Value = serde_json::from_str(text).map_err(|_| "message is not JSON".to_owned())?;
    let Value::Object(mut message) = value else {
        return Err("message must be a JSON object".into());
    };
    let Some(Value::String(kind)) = message.remove("type") else {
        return Err("message needs a string type".into());
    };
    match kind.as_str() {
        "connection_init" => Ok(ClientMessage::ConnectionInit(optional_payload(
            &mut message,
        )?)),
        "ping" => Ok(ClientMessage::Ping(optional_payload(&mut message)?)),
        "pong" => optional_payload(&mut message).map(|_| ClientMessage::Pong),
        "subscribe" => {
            let id = operation_id(&mut message)?;
            let payload = match message.remove("payload") {
                Some(payload @ Value::Object(_)) => payload,
                _ => return Err("subscribe needs a payload object".into()),
            };
            let request = parse_params(payload)?;
            Ok(ClientMessage::Subscribe {
                id,
                request: Box::new(request),
            })
        }
        "complete" => Ok(ClientMessage::Complete {
            id: operation_id(&mut message)?,
        }),
        other => Err(format!("unexpected message type {other:?}")),
    }
}

/// `payload`, which these messages may leave out, must otherwise be an object (or null).
fn optional_payload(
    message: &mut Map<String, Value>,
) -> Result<Option<Map<String, Value>>, String> {
    match message.remove("payload") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(payload)) => Ok(Some(payload)),
        Some(_) => Err("payload must be an object".into()),
    }
}

fn operation_id(message: &mut Map<String, Value>) -> Result<String, String> {
    match message.remove("id") {
        Some(Value::String(id)) if !id.is_empty() => Ok(id),
        _ => Err("message needs a non-empty string id".into()),
    }
}

/// The token of `{"authorization": "Bearer <token>"}`; the key in any case.
fn bearer_token(payload: Option<&Map<String, Value>>) -> Option<String> {
    let value = payload?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("authorization"))?
        .1
        .as_str()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// What one operation sends.
enum Frame {
    Next(Value),
    /// The operation was refused before it ran; nothing follows.
    Error(Value),
    Complete,
}

/// Whether GraphQL refused an operation before running it (syntax, validation, variables,
/// operation name): graphql-ws answers those with `error` instead of `next`. The `Executed` marker
/// is not enough on its own, because a subscription whose event stream cannot be created (its
/// resolver failed) never reaches the execute hook either; its errors, unlike a refusal's,
/// carry the field's path, and graphql-ws delivers them as a result.
fn refused(response: &Response, executed: bool) -> bool {
    !executed && response.is_err() && response.errors.iter().all(|e| e.path.is_empty())
}

/// The frames of one operation: `error` alone, or each result as `next` and then `complete`.
fn frames(
    responses: BoxStream<'static, Response>,
    executed: Executed,
) -> impl Stream<Item = Frame> {
    stream::unfold(Some((responses, true)), move |state| {
        let executed = executed.clone();
        async move {
            let (mut responses, first) = state?;
            // A panic while resolving ends this operation alone, with an internal error, as
            // over HTTP; the socket and its other operations go on.
            let response = match AssertUnwindSafe(responses.next()).catch_unwind().await {
                Ok(Some(response)) => response,
                Ok(None) => return Some((Frame::Complete, None)),
                Err(panic) => {
                    let response = AppError::panicked(panic.as_ref()).into_response();
                    return Some((
                        Frame::Next(render(response, true)),
                        Some((stream::empty().boxed(), false)),
                    ));
                }
            };
            let ran = executed.get();
            if first && refused(&response, ran) {
                let errors = render(response, false)
                    .get_mut("errors")
                    .map(Value::take)
                    .unwrap_or_default();
                return Some((Frame::Error(errors), None));
            }
            Some((Frame::Next(render(response, ran)), Some((responses, false))))
        }
    })
}

/// The socket was closed or broke; nothing more can be sent.
struct Gone;

/// Why handling a message ends the socket.
enum End {
    Close(Close),
    Gone,
}

impl From<Close> for End {
    fn from(why: Close) -> Self {
        Self::Close(why)
    }
}

impl From<Gone> for End {
    fn from(Gone: Gone) -> Self {
        Self::Gone
    }
}

struct Connection {
    socket: WebSocket,
    state: Shared,
    init_deadline: Instant,
    init_received: bool,
    /// The verified token, once the connection is acknowledged.
    token: Option<String>,
    /// Its access, which the subscriptions re-check, and when the token expires.
    access: Option<(LiveAccess, Instant)>,
    /// Operations still running, to cancel on `complete` and to refuse a reused id.
    operations: HashMap<String, AbortHandle>,
    running: SelectAll<BoxStream<'static, (String, Frame)>>,
    /// Held while open, so that shutdown can wait for this socket.
    _open: TaskTrackerToken,
}

impl Connection {
    fn new(socket: WebSocket, state: Shared, open: TaskTrackerToken) -> Self {
        let init_deadline = Instant::now() + state.app.config.ws_init_timeout;
        Self {
            socket,
            state,
            init_deadline,
            init_received: false,
            token: None,
            access: None,
            operations: HashMap::new(),
            running: SelectAll::new(),
            _open: open,
        }
    }

    async fn run(mut self) {
        let closing = self.state.app.sockets.closing.clone();
        let why = loop {
            tokio::select! {
                () = closing.cancelled() => break Close::GoingAway,
                () = sleep_until(self.init_deadline), if !self.init_received => {
                    break Close::InitTimeout;
                }
                () = expiry(self.access.as_ref()) => break Close::AccessEnded("Token expired"),
                () = lost(self.access.as_ref()) => break Close::AccessEnded("Access ended"),
                Some((id, frame)) = self.running.next() => {
                    if self.send_frame(id, frame).await.is_err() {
                        return;
                    }
                }
                incoming = self.socket.recv() => match incoming {
                    Some(Ok(message)) => match self.receive(message).await {
                        Ok(()) => {}
                        Err(End::Close(why)) => break why,
                        Err(End::Gone) => return,
                    },
                    Some(Err(err)) => {
                        tracing::debug!(error = %err, "websocket read failed");
                        // The only read error worth answering: the client is still there.
                        if is_too_big(&err) {
                            break Close::TooBig;
                        }
                        return;
                    }
                    None => return,
                },
            }
        };
        let frame = why.frame();
        tracing::debug!(
            code = frame.code,
            reason = frame.reason.as_str(),
            "closing websocket"
        );
        close(self.socket, why).await;
    }

    async fn receive(&mut self, message: Message) -> Result<(), End> {
        let text = match message {
            Message::Text(text) => text,
            Message::Binary(_) => return Err(bad("binary messages are not accepted").into()),
            // tungstenite answers pings itself; a close frame ends the stream on the next read.
            Message::Ping(_) | Message::Pong(_) | Message::Close(_) => return Ok(()),
        };
        match parse(text.as_str()).map_err(Close::BadRequest)? {
            ClientMessage::ConnectionInit(payload) => self.initialise(payload.as_ref()).await,
            ClientMessage::Ping(payload) => {
                let mut pong = json!({ "type": "pong" });
                if let Some(payload) = payload {
                    pong["payload"] = Value::Object(payload);
                }
                Ok(self.send(&pong).await?)
            }
            ClientMessage::Pong => Ok(()),
            ClientMessage::Subscribe { id, request } => self.subscribe(id, *request).await,
            ClientMessage::Complete { id } => {
                // The client stopped listening: drop the operation and say nothing more about it.
                if let Some(operation) = self.operations.remove(&id) {
                    operation.abort();
                }
                Ok(())
            }
        }
    }

    async fn initialise(&mut self, payload: Option<&Map<String, Value>>) -> Result<(), End> {
        if self.init_received {
            return Err(Close::TooManyInits.into());
        }
        self.init_received = true;
        let Some(token) = bearer_token(payload) else {
            return Err(Close::Forbidden.into());
        };
        let auth = RequestAuth::new(Some(token.clone()));
        match auth.viewer(&self.state.app).await {
            Ok(_) => {}
            Err(AppError::Internal) => return Err(Close::Internal.into()),
            Err(_) => return Err(Close::Forbidden.into()),
        }
        let access = auth
            .live_access(&self.state.app)
            .map_err(|_| Close::Forbidden)?;
        // The token's login must still be live too: a logged-out session cannot subscribe.
        match access.check(&self.state.app.db).await {
            Ok(true) => {}
            Ok(false) => return Err(Close::Forbidden.into()),
            Err(_) => return Err(Close::Internal.into()),
        }
        let left = (access.expires_at() - clock::now())
            .to_std()
            .unwrap_or_default();
        self.access = Some((access, Instant::now() + left));
        self.token = Some(token);
        Ok(self.send(&json!({ "type": "connection_ack" })).await?)
    }

    async fn subscribe(&mut self, id: String, request: Request) -> Result<(), End> {
        let (Some(token), Some((access, _))) = (self.token.clone(), self.access.clone()) else {
            return Err(Close::Unauthorized.into());
        };
        if self.operations.contains_key(&id) {
            return Err(Close::SubscriberExists(id).into());
        }
        if self.operations.len() >= MAX_OPERATIONS {
            let errors = json!([{
                "message": format!("at most {MAX_OPERATIONS} operations may run on one socket"),
                "extensions": { "code": "RATE_LIMITED" },
            }]);
            return Ok(self.send_frame(id, Frame::Error(errors)).await?);
        }
        // Each operation takes a request from the user's bucket, as an HTTP request does.
        let verdict =
            (self.state.app.rate_limits).check(&Caller::User(access.user_id().to_string()));
        if let Some(wait) = verdict.and_then(|v| v.retry_after_secs) {
            let errors = json!([{
                "message": format!("too many requests; try again in {wait} seconds"),
                "extensions": { "code": "RATE_LIMITED", "retryAfterSeconds": wait },
            }]);
            return Ok(self.send_frame(id, Frame::Error(errors)).await?);
        }
        self.start(id, request, token, access);
        Ok(())
    }

    /// Prepares the operation like an HTTP request: its own viewer check and loaders; and the
    /// connection's access, for a subscription to re-check.
    fn start(&mut self, id: String, request: Request, token: String, access: LiveAccess) {
        let executed = Executed::default();
        let request = request
            .data(executed.clone())
            .data(RequestAuth::new(Some(token)))
            .data(access)
            .data(Loaders::new(&self.state.app.db));
        let responses = self.state.schema.execute_stream(request);
        let (frames, abort) = stream::abortable(frames(responses, executed));
        self.operations.insert(id.clone(), abort);
        self.running
            .push(frames.map(move |frame| (id.clone(), frame)).boxed());
    }

    async fn send_frame(&mut self, id: String, frame: Frame) -> Result<(), Gone> {
        let message = match frame {
            Frame::Next(payload) => json!({ "type": "next", "id": id, "payload": payload }),
            Frame::Error(errors) => {
                self.operations.remove(&id);
                json!({ "type": "error", "id": id, "payload": errors })
            }
            Frame::Complete => {
                self.operations.remove(&id);
                json!({ "type": "complete", "id": id })
            }
        };
        self.send(&message).await
    }

    async fn send(&mut self, message: &Value) -> Result<(), Gone> {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .map_err(|_| Gone)
    }
}

/// Resolves when the connection's token expires; never before it is acknowledged.
async fn expiry(access: Option<&(LiveAccess, Instant)>) {
    match access {
        Some((_, expires)) => sleep_until(*expires).await,
        None => std::future::pending().await,
    }
}

/// Resolves when a subscription found the connection's access gone.
async fn lost(access: Option<&(LiveAccess, Instant)>) {
    match access {
        Some((access, _)) => access.lost().await,
        None => std::future::pending().await,
    }
}

fn bad(why: &str) -> Close {
    Close::BadRequest(why.to_owned())
}

/// Whether a read failed because the message was over the size limit.
fn is_too_big(err: &axum::Error) -> bool {
    use std::error::Error as _;
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(tungstenite::Error::Capacity(_)) = cause.downcast_ref::<tungstenite::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, Object, Schema, Subscription};
    use futures_util::Stream;

    use super::*;
    use crate::graphql::phase::ExecutionMarker;

    struct Query;

    #[Object]
    impl Query {
        async fn answer(&self) -> i32 {
            42
        }
    }

    struct Subscription;

    #[Subscription]
    impl Subscription {
        async fn ticks(&self) -> impl Stream<Item = i32> {
            stream::iter([1, 2])
        }

        async fn breaks(&self) -> impl Stream<Item = i32> {
            stream::iter([1, 2]).map(|n| {
                if n == 2 {
                    panic!("a bug in a stream")
                } else {
                    n
                }
            })
        }

        async fn refuses(&self) -> async_graphql::Result<impl Stream<Item = i32>> {
            Err::<stream::Iter<std::vec::IntoIter<i32>>, _>("not for you".into())
        }
    }

    /// The frames an operation produces against a schema with a subscription root.
    async fn run(query: &str) -> Vec<String> {
        let schema = Schema::build(Query, EmptyMutation, Subscription)
            .extension(ExecutionMarker)
            .finish();
        let executed = Executed::default();
        let responses = schema.execute_stream(Request::new(query).data(executed.clone()));
        frames(responses, executed)
            .map(|frame| match frame {
                Frame::Next(payload) => format!("next {payload}"),
                Frame::Error(errors) => format!("error {}", errors[0]["extensions"]["code"]),
                Frame::Complete => "complete".to_owned(),
            })
            .collect()
            .await
    }

    #[tokio::test]
    async fn a_panic_in_a_stream_ends_that_operation_with_an_internal_error() {
        let frames = run("subscription { breaks }").await;
        assert_eq!(frames[0], r#"next {"data":{"breaks":1}}"#);
        assert!(frames[1].contains("INTERNAL_SERVER_ERROR"), "{frames:?}");
        assert_eq!(frames[2], "complete");
        assert_eq!(frames.len(), 3);
    }

    #[tokio::test]
    async fn a_query_is_one_next_then_complete() {
        assert_eq!(
            run("{ answer }").await,
            [r#"next {"data":{"answer":42}}"#, "complete"]
        );
    }

    #[tokio::test]
    async fn each_event_is_a_next_and_the_end_of_the_stream_a_complete() {
        assert_eq!(
            run("subscription { ticks }").await,
            [
                r#"next {"data":{"ticks":1}}"#,
                r#"next {"data":{"ticks":2}}"#,
                "complete"
            ]
        );
    }

    #[tokio::test]
    async fn an_invalid_operation_is_a_lone_error() {
        assert_eq!(
            run("subscription { nope }").await,
            [r#"error "BAD_USER_INPUT""#]
        );
        assert_eq!(run("{ answer(x: 1) }").await, [r#"error "BAD_USER_INPUT""#]);
    }

    #[tokio::test]
    async fn a_subscription_whose_stream_cannot_start_is_a_result_not_a_refusal() {
        let frames = run("subscription { refuses }").await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert!(frames[0].starts_with("next "), "{frames:?}");
        assert_eq!(frames[1], "complete");
    }

    #[test]
    fn messages_are_read_strictly() {
        assert!(matches!(
            parse(r#"{"type":"connection_init"}"#),
            Ok(ClientMessage::ConnectionInit(None))
        ));
        assert!(matches!(
            parse(r#"{"type":"subscribe","id":"1","payload":{"query":"{ a }","variables":null}}"#),
            Ok(ClientMessage::Subscribe { id, .. }) if id == "1"
        ));
        for (text, why) in [
            ("nope", "message is not JSON"),
            ("[]", "message must be a JSON object"),
            (
                r#"{"type":"complete","id":""}"#,
                "message needs a non-empty string id",
            ),
            (
                r#"{"type":"subscribe","id":"1"}"#,
                "subscribe needs a payload object",
            ),
            (
                r#"{"type":"error","id":"1"}"#,
                r#"unexpected message type "error""#,
            ),
        ] {
            assert_eq!(parse(text).unwrap_err(), why, "{text}");
        }
    }

    #[test]
    fn the_token_is_the_bearer_credential_of_the_authorization_entry() {
        let payload = |value: Value| json!({ "Authorization": value }).as_object().cloned();
        assert_eq!(
            bearer_token(payload(json!("Bearer abc")).as_ref()),
            Some("abc".into())
        );
        assert_eq!(
            bearer_token(payload(json!(" bearer  abc ")).as_ref()),
            Some("abc".into())
        );
        assert_eq!(bearer_token(payload(json!("Basic abc")).as_ref()), None);
        assert_eq!(bearer_token(payload(json!("abc")).as_ref()), None);
        assert_eq!(bearer_token(payload(json!(["Bearer abc"])).as_ref()), None);
        assert_eq!(bearer_token(None), None);
    }

    #[test]
    fn close_reasons_fit_a_control_frame() {
        let frame = Close::SubscriberExists("é".repeat(100)).frame();
        assert_eq!(frame.code, 4409);
        assert!(frame.reason.as_str().len() <= MAX_REASON_BYTES);
        assert!(frame.reason.as_str().starts_with("Subscriber for é"));
    }
}
