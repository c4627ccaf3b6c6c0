//! A graphql-transport-ws client for tests, over a real TCP connection to the test server.
//!
//! ```ignore
//! let mut ws = WsClient::connect(&app).await;
//! ws.init(&session.token).await;
//! ws.subscribe("1", "subscription { notificationReceived { id } }", json!({})).await;
//! let next = ws.next_message(WS_TIMEOUT).await;
//! assert_eq!(next["type"], "next");
//! ```

use std::{net::SocketAddr, time::Duration};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{
        Message,
        client::IntoClientRequest,
        http::{HeaderValue, header},
    },
};

use super::TestApp;

pub const PROTOCOL: &str = "graphql-transport-ws";
/// How long the helpers wait for the server by default.
pub const WS_TIMEOUT: Duration = Duration::from_secs(5);

pub struct WsClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The subprotocol the server chose in its handshake answer.
    pub protocol: Option<String>,
    pings: u32,
}

impl WsClient {
    /// Opens `/graphql/ws` offering `graphql-transport-ws`; not yet initialised.
    pub async fn connect(app: &TestApp) -> Self {
        Self::connect_offering(app, Some(PROTOCOL)).await
    }

    /// Opens `/graphql/ws` offering these subprotocols (comma-separated), or none.
    pub async fn connect_offering(app: &TestApp, protocols: Option<&str>) -> Self {
        Self::open(app.address().await, protocols).await
    }

    /// Opens `/graphql/ws` on a server the test started itself.
    pub async fn connect_to(address: SocketAddr) -> Self {
        Self::open(address, Some(PROTOCOL)).await
    }

    async fn open(address: SocketAddr, protocols: Option<&str>) -> Self {
        let url = format!("ws://{address}/graphql/ws");
        let mut request = url.into_client_request().expect("websocket request");
        if let Some(protocols) = protocols {
            request.headers_mut().insert(
                header::SEC_WEBSOCKET_PROTOCOL,
                HeaderValue::from_str(protocols).expect("protocol header"),
            );
        }
        let (socket, response) = connect_async(request).await.expect("websocket handshake");
        let protocol = response
            .headers()
            .get(header::SEC_WEBSOCKET_PROTOCOL)
            .map(|v| v.to_str().expect("protocol header").to_owned());
        Self {
            socket,
            protocol,
            pings: 0,
        }
    }

    /// Connects and initialises with this access token; panics unless acknowledged.
    pub async fn connect_as(app: &TestApp, token: &str) -> Self {
        let mut client = Self::connect(app).await;
        client.init(token).await;
        client
    }

    /// Sends `connection_init` with `authorization: Bearer <token>` and returns the
    /// `connection_ack`; panics on anything else.
    pub async fn init(&mut self, token: &str) -> Value {
        self.send_json(json!({
            "type": "connection_init",
            "payload": { "authorization": format!("Bearer {token}") },
        }))
        .await;
        let ack = self.next_message(WS_TIMEOUT).await;
        assert_eq!(ack["type"], "connection_ack", "expected an ack: {ack}");
        ack
    }

    pub async fn send_json(&mut self, message: Value) {
        self.send_text(&message.to_string()).await;
    }

    /// Sends a text frame as is, JSON or not.
    pub async fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::text(text))
            .await
            .expect("send a text frame");
    }

    pub async fn send_binary(&mut self, bytes: &[u8]) {
        self.socket
            .send(Message::binary(bytes.to_vec()))
            .await
            .expect("send a binary frame");
    }

    /// Starts an operation (query, mutation or subscription) under `id`.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send_json(json!({
            "type": "subscribe",
            "id": id,
            "payload": { "query": query, "variables": variables },
        }))
        .await;
    }

    /// Tells the server to stop the operation `id`.
    pub async fn complete(&mut self, id: &str) {
        self.send_json(json!({ "type": "complete", "id": id }))
            .await;
    }

    /// Runs a single-result operation: expects `next` and then `complete` for `id`, and returns
    /// the `next` payload (`{data, errors?}`).
    pub async fn execute(&mut self, id: &str, query: &str, variables: Value) -> Value {
        self.subscribe(id, query, variables).await;
        let next = self.next_message(WS_TIMEOUT).await;
        assert_eq!(next["type"], "next", "expected next for {id}: {next}");
        assert_eq!(next["id"], id, "{next}");
        let complete = self.next_message(WS_TIMEOUT).await;
        assert_eq!(
            complete,
            json!({ "type": "complete", "id": id }),
            "expected complete"
        );
        next["payload"].clone()
    }

    /// The next JSON message from the server. Panics if none comes within `wait`, or the server
    /// closes the socket instead.
    pub async fn next_message(&mut self, wait: Duration) -> Value {
        loop {
            let frame = tokio::time::timeout(wait, self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("no message from the server within {wait:?}"));
            match frame {
                Some(Ok(Message::Text(text))) => {
                    return serde_json::from_str(text.as_str())
                        .unwrap_or_else(|_| panic!("the server sent non-JSON: {text}"));
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(frame))) => {
                    panic!("the server closed the socket instead: {frame:?}")
                }
                other => panic!("expected a text message, got {other:?}"),
            }
        }
    }

    /// Expects the server to close the socket with `code`, skipping nothing: any message before
    /// the close frame fails. Returns the close reason.
    pub async fn expect_close(&mut self, code: u16) -> String {
        self.expect_close_within(code, WS_TIMEOUT).await
    }

    pub async fn expect_close_within(&mut self, code: u16, wait: Duration) -> String {
        let frame = tokio::time::timeout(wait, self.socket.next())
            .await
            .unwrap_or_else(|_| panic!("the server did not close within {wait:?}"));
        match frame {
            Some(Ok(Message::Close(Some(frame)))) => {
                assert_eq!(
                    u16::from(frame.code),
                    code,
                    "closed with another code: {frame:?}"
                );
                frame.reason.as_str().to_owned()
            }
            other => panic!("expected a close frame with {code}, got {other:?}"),
        }
    }

    /// Lets the resolvers of the subscriptions just started run, so that they listen: the pong of
    /// `sync` does not wait for them.
    pub async fn settle(&mut self) {
        self.sync().await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    /// Round-trips a ping and fails if any other message arrives before its pong: a cheap check
    /// that nothing else was on its way (no `complete` after an `error`, say).
    pub async fn sync(&mut self) {
        self.pings += 1;
        let payload = json!({ "sync": self.pings });
        self.send_json(json!({ "type": "ping", "payload": payload }))
            .await;
        let pong = self.next_message(WS_TIMEOUT).await;
        assert_eq!(
            pong,
            json!({ "type": "pong", "payload": payload }),
            "expected only the pong"
        );
    }
}
