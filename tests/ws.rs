//! GraphQL over WebSocket (`graphql-transport-ws`) at `/graphql/ws`, through a real TCP server and
//! a real WebSocket client: the handshake, every close code, and operations multiplexed on one
//! socket.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::{fixtures::Opening, ws::*, *};
use jsonwebtoken::{Algorithm, Header};
use marketplace::{
    auth::{AccessClaims, JwtKeys, token},
    config::Secret,
};
use serde_json::{Value, json};
use uuid::Uuid;

const ME: &str = "{ me { id email } }";

#[tokio::test]
async fn the_server_speaks_graphql_transport_ws_and_acknowledges_a_good_token() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect(&app).await;
    assert_eq!(ws.protocol.as_deref(), Some(PROTOCOL));
    assert_eq!(
        ws.init(&session.token).await,
        json!({ "type": "connection_ack" })
    );

    // Clients that also offer the legacy protocol get the one spoken here.
    let ws = WsClient::connect_offering(&app, Some("graphql-ws, graphql-transport-ws")).await;
    assert_eq!(ws.protocol.as_deref(), Some(PROTOCOL));
}

#[tokio::test]
async fn a_client_that_does_not_offer_the_subprotocol_is_closed_with_4406() {
    let app = TestApp::new().await;
    let mut ws = WsClient::connect_offering(&app, None).await;
    assert_eq!(ws.protocol, None);
    assert_eq!(ws.expect_close(4406).await, "Subprotocol not acceptable");
}

#[tokio::test]
async fn connection_init_is_forbidden_without_a_valid_token_of_an_active_user() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let keys = JwtKeys::new(&Secret::new(JWT_SECRET));
    let sub: Uuid = user_uuid(&app, &session).await;
    let now = Utc::now().timestamp();
    let expired = keys.sign_claims(
        &Header::new(Algorithm::HS256),
        &AccessClaims {
            sub,
            role: entity::enums::Role::Creator,
            iat: now - 1000,
            exp: now - 1,
            iss: token::ISSUER.into(),
            aud: token::AUDIENCE.into(),
            sid: None,
        },
    );
    let bearer = format!("Bearer {}", session.token);

    for (case, payload) in [
        ("no payload", None),
        ("null payload", Some(Value::Null)),
        ("no authorization", Some(json!({}))),
        (
            "authorization not a string",
            Some(json!({ "authorization": 42 })),
        ),
        (
            "another scheme",
            Some(json!({ "authorization": format!("Token {}", session.token) })),
        ),
        (
            "bare token",
            Some(json!({ "authorization": session.token })),
        ),
        ("empty bearer", Some(json!({ "authorization": "Bearer " }))),
        (
            "garbage",
            Some(json!({ "authorization": "Bearer garbage" })),
        ),
        (
            "expired",
            Some(json!({ "authorization": format!("Bearer {expired}") })),
        ),
        ("token under another key", Some(json!({ "token": bearer }))),
    ] {
        let mut ws = WsClient::connect(&app).await;
        let mut init = json!({ "type": "connection_init" });
        if let Some(payload) = payload {
            init["payload"] = payload;
        }
        ws.send_json(init).await;
        assert_eq!(ws.expect_close(4403).await, "Forbidden", "{case}");
    }

    // A suspended user's still-valid token is refused too.
    let admin = app.admin("admin@example.com").await;
    app.suspend(&admin, &session.user_id, "spam").await;
    let mut ws = WsClient::connect(&app).await;
    ws.send_json(json!({ "type": "connection_init", "payload": { "authorization": bearer } }))
        .await;
    ws.expect_close(4403).await;
}

#[tokio::test]
async fn the_authorization_key_is_read_in_any_case() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    for key in ["Authorization", "AUTHORIZATION", "authorization"] {
        let mut ws = WsClient::connect(&app).await;
        ws.send_json(json!({
            "type": "connection_init",
            "payload": { key: format!("bearer {}", session.token) },
        }))
        .await;
        let ack = ws.next_message(WS_TIMEOUT).await;
        assert_eq!(ack["type"], "connection_ack", "{key}: {ack}");
    }
}

#[tokio::test]
async fn subscribe_before_the_ack_is_closed_with_4401() {
    let app = TestApp::new().await;
    let mut ws = WsClient::connect(&app).await;
    ws.subscribe("1", "{ __typename }", json!({})).await;
    assert_eq!(ws.expect_close(4401).await, "Unauthorized");
}

#[tokio::test]
async fn a_second_connection_init_is_closed_with_4429() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    ws.send_json(json!({
        "type": "connection_init",
        "payload": { "authorization": format!("Bearer {}", session.token) },
    }))
    .await;
    assert_eq!(
        ws.expect_close(4429).await,
        "Too many initialisation requests"
    );
}

#[tokio::test]
async fn a_socket_without_connection_init_is_closed_with_4408_after_the_timeout() {
    let app = TestApp::with_env(&[("WS_INIT_TIMEOUT_SECS", "1")]).await;
    let started = Instant::now();
    let mut ws = WsClient::connect(&app).await;
    // A ping does not count as initialisation.
    ws.send_json(json!({ "type": "ping" })).await;
    assert_eq!(ws.next_message(WS_TIMEOUT).await, json!({ "type": "pong" }));
    assert_eq!(
        ws.expect_close(4408).await,
        "Connection initialisation timeout"
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn malformed_messages_are_closed_with_4400() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let subscribe = |payload: Value| json!({ "type": "subscribe", "id": "1", "payload": payload });
    let cases = [
        ("not JSON", "{".to_owned()),
        ("an array", "[]".to_owned()),
        ("a number", "42".to_owned()),
        ("no type", json!({ "id": "1" }).to_string()),
        ("type not a string", json!({ "type": 1 }).to_string()),
        (
            "unknown type",
            json!({ "type": "start", "id": "1" }).to_string(),
        ),
        (
            "a server's message",
            json!({ "type": "next", "id": "1", "payload": {} }).to_string(),
        ),
        (
            "no id",
            json!({ "type": "subscribe", "payload": { "query": "{ __typename }" } }).to_string(),
        ),
        (
            "empty id",
            json!({ "type": "subscribe", "id": "", "payload": { "query": "{ __typename }" } })
                .to_string(),
        ),
        (
            "numeric id",
            json!({ "type": "subscribe", "id": 1, "payload": { "query": "{ __typename }" } })
                .to_string(),
        ),
        (
            "no payload",
            json!({ "type": "subscribe", "id": "1" }).to_string(),
        ),
        (
            "payload not an object",
            subscribe(json!("{ __typename }")).to_string(),
        ),
        ("no query", subscribe(json!({})).to_string()),
        (
            "query not a string",
            subscribe(json!({ "query": 1 })).to_string(),
        ),
        (
            "variables not an object",
            subscribe(json!({ "query": "{ __typename }", "variables": [] })).to_string(),
        ),
        (
            "operationName not a string",
            subscribe(json!({ "query": "{ __typename }", "operationName": 1 })).to_string(),
        ),
        (
            "extensions not an object",
            subscribe(json!({ "query": "{ __typename }", "extensions": "x" })).to_string(),
        ),
        (
            "complete without id",
            json!({ "type": "complete" }).to_string(),
        ),
        (
            "ping payload not an object",
            json!({ "type": "ping", "payload": "x" }).to_string(),
        ),
    ];
    for (case, text) in cases {
        let mut ws = WsClient::connect_as(&app, &session.token).await;
        ws.send_text(&text).await;
        let reason = ws.expect_close(4400).await;
        assert!(!reason.is_empty(), "{case}: a reason says what was wrong");
    }

    // Before the ack too: a malformed message is refused as such, whatever the state.
    let mut ws = WsClient::connect(&app).await;
    ws.send_json(json!({ "type": "connection_init", "payload": "Bearer x" }))
        .await;
    ws.expect_close(4400).await;

    let mut ws = WsClient::connect_as(&app, &session.token).await;
    ws.send_binary(br#"{"type":"ping"}"#).await;
    ws.expect_close(4400).await;
}

#[tokio::test]
async fn a_message_over_one_mebibyte_is_closed_with_1009() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let query = format!("{{ __typename }} # {}", "x".repeat(1024 * 1024));
    ws.subscribe("1", &query, json!({})).await;
    ws.expect_close(1009).await;
}

#[tokio::test]
async fn a_query_answers_next_then_complete() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let payload = ws.execute("q1", "{ __typename }", json!({})).await;
    assert_eq!(payload, json!({ "data": { "__typename": "Query" } }));
    ws.sync().await;
}

#[tokio::test]
async fn operations_run_as_the_viewer_of_connection_init() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let payload = ws.execute("me", ME, json!({})).await;
    assert_eq!(payload["data"]["me"]["id"], session.user_id.as_str());
    assert_eq!(payload["data"]["me"]["email"], "ws@example.com");
    assert!(payload.get("errors").is_none(), "{payload}");
}

#[tokio::test]
async fn a_suspension_takes_effect_at_the_next_operation_on_an_open_socket() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let admin = app.admin("admin@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let payload = ws.execute("1", NEEDS_VIEWER, json!({})).await;
    assert!(payload.get("errors").is_none(), "{payload}");

    app.suspend(&admin, &session.user_id, "spam").await;
    let payload = ws.execute("2", NEEDS_VIEWER, json!({})).await;
    assert_eq!(code(&payload["errors"][0]), "UNAUTHENTICATED", "{payload}");
}

#[tokio::test]
async fn mutations_run_over_the_socket() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let payload = ws
        .execute(
            "m",
            "mutation($input: CreatorProfileInput!) { updateCreatorProfile(input: $input) { displayName } }",
            json!({ "input": { "displayName": "Over the socket" } }),
        )
        .await;
    assert_eq!(
        payload,
        json!({ "data": { "updateCreatorProfile": { "displayName": "Over the socket" } } })
    );
    let data = app
        .ok(
            "{ me { creatorProfile { displayName } } }",
            json!({}),
            session.token(),
        )
        .await;
    assert_eq!(
        data["me"]["creatorProfile"]["displayName"],
        "Over the socket"
    );
}

#[tokio::test]
async fn operations_refused_before_execution_answer_error_with_codes_and_nothing_else() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    for (id, query, variables) in [
        ("syntax", "{", json!({})),
        ("validation", "{ noSuchField }", json!({})),
        (
            "variables",
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": null }),
        ),
        (
            "operation name",
            "query A { __typename } query B { __typename }",
            json!({}),
        ),
    ] {
        ws.subscribe(id, query, variables).await;
        let error = ws.next_message(WS_TIMEOUT).await;
        assert_eq!(error["type"], "error", "{id}: {error}");
        assert_eq!(error["id"], id);
        let errors = error["payload"]
            .as_array()
            .expect("payload is a list of errors");
        assert!(!errors.is_empty(), "{id}");
        for e in errors {
            assert_eq!(code(e), "BAD_USER_INPUT", "{id}: {e}");
            assert!(e["message"].is_string());
        }
        // No complete follows an error.
        ws.sync().await;
    }
    // The id is free again: the refused operation is not running.
    let payload = ws.execute("validation", "{ __typename }", json!({})).await;
    assert_eq!(payload["data"]["__typename"], "Query");
}

#[tokio::test]
async fn errors_during_execution_come_in_next_with_codes() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    // Only admins may list users.
    let payload = ws
        .execute("1", "{ users { nodes { id } } }", json!({}))
        .await;
    assert_eq!(payload["data"], Value::Null, "{payload}");
    assert_eq!(code(&payload["errors"][0]), "FORBIDDEN", "{payload}");
    assert_eq!(payload["errors"][0]["path"], json!(["users"]));
}

#[tokio::test]
async fn ping_is_answered_with_pong_echoing_the_payload() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect(&app).await;
    // Allowed before the ack.
    ws.send_json(json!({ "type": "ping" })).await;
    assert_eq!(ws.next_message(WS_TIMEOUT).await, json!({ "type": "pong" }));
    ws.init(&session.token).await;
    ws.send_json(json!({ "type": "ping", "payload": { "at": 7 } }))
        .await;
    assert_eq!(
        ws.next_message(WS_TIMEOUT).await,
        json!({ "type": "pong", "payload": { "at": 7 } })
    );
    // A pong, even unasked, gets no answer.
    ws.send_json(json!({ "type": "pong", "payload": {} })).await;
    ws.sync().await;
}

#[tokio::test]
async fn operations_are_multiplexed_on_one_socket() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let ids = ["a", "b", "c", "d"];
    for id in ids {
        ws.subscribe(id, ME, json!({})).await;
    }
    let mut nexts = Vec::new();
    let mut completes = Vec::new();
    while completes.len() < ids.len() {
        let message = ws.next_message(WS_TIMEOUT).await;
        let id = message["id"].as_str().expect("id").to_owned();
        match message["type"].as_str() {
            Some("next") => {
                assert!(!completes.contains(&id), "next after complete: {message}");
                assert_eq!(
                    message["payload"]["data"]["me"]["id"],
                    session.user_id.as_str()
                );
                nexts.push(id);
            }
            Some("complete") => {
                assert!(nexts.contains(&id), "complete before next: {message}");
                completes.push(id);
            }
            _ => panic!("unexpected {message}"),
        }
    }
    nexts.sort();
    assert_eq!(nexts, ids);
    ws.sync().await;
}

#[tokio::test]
async fn complete_for_an_unknown_operation_is_ignored() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    ws.complete("never-started").await;
    ws.sync().await;
    ws.execute("1", "{ __typename }", json!({})).await;
}

#[tokio::test]
async fn shutdown_is_not_held_up_by_open_sockets_which_are_closed_with_1001() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        axum::serve(listener, app.router.clone())
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .into_future(),
    );
    let mut ws = WsClient::connect_to(address).await;
    ws.init(&session.token).await;

    // As `main` does: graceful shutdown of HTTP first, then the sockets.
    stop.send(()).unwrap();
    tokio::time::timeout(WS_TIMEOUT, server)
        .await
        .expect("serve returns while a socket is open")
        .unwrap()
        .unwrap();
    ws.execute("1", "{ __typename }", json!({})).await;
    let closing = app.state.sockets.close_all(WS_TIMEOUT);
    let (_, reason) = tokio::join!(closing, ws.expect_close(1001));
    assert_eq!(reason, "Server shutting down");
}

#[tokio::test]
async fn reusing_the_id_of_a_running_subscription_is_closed_with_4409() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    let subscription = "subscription { notificationReceived { id } }";
    ws.subscribe("live", subscription, json!({})).await;
    ws.sync().await;
    ws.subscribe("live", subscription, json!({})).await;
    assert_eq!(
        ws.expect_close(4409).await,
        "Subscriber for live already exists"
    );
}

#[tokio::test]
async fn a_subscription_that_cannot_start_answers_next_with_its_errors_then_complete() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    // Valid GraphQL, so not an `error` message: the resolver refuses the argument.
    let payload = ws
        .execute(
            "m",
            "subscription { messageReceived(proposalId: \"nonsense\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(payload["data"], Value::Null, "{payload}");
    assert_eq!(code(&payload["errors"][0]), "BAD_USER_INPUT", "{payload}");
    assert_eq!(payload["errors"][0]["path"], json!(["messageReceived"]));
}

/// Only the kind, so that a whole message can be compared.
const NOTIFICATION_KIND: &str = "subscription { notificationReceived { kind } }";

#[tokio::test]
async fn complete_from_the_client_stops_only_that_subscription() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "ws", "Qua socket").await;
    let proposal = market::apply(&app, &creator, &brief, None).await;

    let mut ws = WsClient::connect_as(&app, &creator.session.token).await;
    ws.subscribe("kept", NOTIFICATION_KIND, json!({})).await;
    ws.subscribe("stopped", NOTIFICATION_KIND, json!({})).await;
    ws.complete("stopped").await;
    ws.settle().await;

    market::make_offer(
        &app,
        &brand,
        &market::id(&proposal),
        market::fee_terms("1000000", 1),
    )
    .await;
    let next = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next,
        json!({ "type": "next", "id": "kept", "payload": { "data": { "notificationReceived": { "kind": "OFFER_RECEIVED" } } } })
    );
    ws.sync().await;
    // The stopped id may be used again.
    ws.subscribe("stopped", NOTIFICATION_KIND, json!({})).await;
    ws.sync().await;
}

#[tokio::test]
async fn a_socket_runs_at_most_100_operations_at_once() {
    let app = TestApp::new().await;
    let session = app.creator("ws@example.com").await;
    let mut ws = WsClient::connect_as(&app, &session.token).await;
    for i in 0..100 {
        ws.subscribe(&format!("s{i}"), NOTIFICATION_KIND, json!({}))
            .await;
    }
    ws.subscribe("one-too-many", NOTIFICATION_KIND, json!({}))
        .await;
    let error = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["id"], "one-too-many");
    assert_eq!(code(&error["payload"][0]), "RATE_LIMITED", "{error}");

    // Ending one makes room for another.
    ws.complete("s0").await;
    ws.subscribe("one-too-many", NOTIFICATION_KIND, json!({}))
        .await;
    ws.sync().await;
}
