//! Subscriptions through a real server and a real WebSocket client: each user hears only its own
//! notifications and the messages of proposals it is a party to, and (on PostgreSQL) an event
//! raised on one server reaches subscribers on another; and a running subscription ends with the
//! access it was opened with.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::{fixtures::Opening, market::*, ws::*, *};
use jsonwebtoken::{Algorithm, Header};
use marketplace::{auth::JwtKeys, config::Secret};
use serde_json::json;

const NOTIFICATION_RECEIVED: &str = "subscription { notificationReceived { id kind message readAt proposal { id status } brief { id } } }";
const MESSAGES: &str =
    "subscription($p: ID!) { messageReceived(proposalId: $p) { id author body } }";

#[tokio::test]
async fn a_creator_subscribed_before_the_offer_receives_offer_received_and_nobody_else_does() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "sub", "Đăng ký").await;
    let bystander = creator_party(&app, "bystander@creator.vn").await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);

    let mut creator_ws = WsClient::connect_as(&app, &creator.session.token).await;
    creator_ws
        .subscribe("n", NOTIFICATION_RECEIVED, json!({}))
        .await;
    let mut brand_ws = WsClient::connect_as(&app, &brand.session.token).await;
    brand_ws
        .subscribe("n", NOTIFICATION_RECEIVED, json!({}))
        .await;
    let mut bystander_ws = WsClient::connect_as(&app, &bystander.session.token).await;
    bystander_ws
        .subscribe("n", NOTIFICATION_RECEIVED, json!({}))
        .await;
    for ws in [&mut creator_ws, &mut brand_ws, &mut bystander_ws] {
        ws.settle().await;
    }

    make_offer(&app, &brand, &proposal, fee_terms("1000000", 1)).await;
    let next = creator_ws.next_message(WS_TIMEOUT).await;
    assert_eq!(next["type"], "next", "{next}");
    assert_eq!(next["id"], "n");
    let n = &next["payload"]["data"]["notificationReceived"];
    assert_eq!(n["kind"], "OFFER_RECEIVED");
    assert_eq!(n["readAt"], serde_json::Value::Null);
    assert_eq!(n["proposal"]["id"], proposal.as_str());
    assert_eq!(n["proposal"]["status"], "NEGOTIATING");
    assert_eq!(n["brief"]["id"], brief.as_str());
    assert!(n["message"].as_str().unwrap().contains("Đăng ký"), "{n}");
    // The same notification is listed over HTTP.
    let data = app
        .ok(
            "{ notifications(first: 1) { nodes { id } } }",
            json!({}),
            creator.token(),
        )
        .await;
    assert_eq!(data["notifications"]["nodes"][0]["id"], n["id"]);

    // The author and a bystander heard nothing: `sync` fails if anything else arrived first.
    brand_ws.sync().await;
    bystander_ws.sync().await;

    // The creator's counter-offer reaches the brand, and only the brand.
    make_offer(&app, &creator, &proposal, fee_terms("1200000", 1)).await;
    let next = brand_ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next["payload"]["data"]["notificationReceived"]["kind"],
        "OFFER_RECEIVED"
    );
    creator_ws.sync().await;
    bystander_ws.sync().await;
}

#[tokio::test]
async fn messages_reach_the_parties_subscribed_to_the_proposal_and_outsiders_cannot_subscribe() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "chat", "Trò chuyện").await;
    let outsider = creator_party(&app, "chat@outsider.vn").await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);
    let other = id(&apply(&app, &outsider, &brief, None).await);

    let mut brand_ws = WsClient::connect_as(&app, &brand.session.token).await;
    brand_ws
        .subscribe("m", MESSAGES, json!({ "p": proposal }))
        .await;
    brand_ws.settle().await;

    // An outsider's subscription answers NOT_FOUND and ends.
    let mut outsider_ws = WsClient::connect_as(&app, &outsider.session.token).await;
    outsider_ws
        .subscribe("m", MESSAGES, json!({ "p": proposal }))
        .await;
    let refused = outsider_ws.next_message(WS_TIMEOUT).await;
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(code(&refused["payload"]["errors"][0]), "NOT_FOUND");
    assert_eq!(
        outsider_ws.next_message(WS_TIMEOUT).await["type"],
        "complete"
    );

    // A message on another proposal of the same brief is not this subscription's.
    app.ok(
        SEND,
        json!({ "input": { "proposalId": other, "body": "Khác" } }),
        outsider.token(),
    )
    .await;
    let sent = app
        .ok(
            SEND,
            json!({ "input": { "proposalId": proposal, "body": "Chào nhãn hàng" } }),
            creator.token(),
        )
        .await;
    let next = brand_ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next["payload"]["data"]["messageReceived"],
        json!({ "id": sent["r"]["id"], "author": "CREATOR", "body": "Chào nhãn hàng" })
    );
    brand_ws.sync().await;
}

#[tokio::test]
async fn an_event_raised_on_one_server_reaches_a_subscriber_on_another() {
    let app = TestApp::new().await;
    // With SQLite there is one process; with PostgreSQL a second server on the same database.
    let second = if is_postgres() {
        Some(app.restart().await)
    } else {
        None
    };
    let listening = second.as_ref().unwrap_or(&app);
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "multi", "Nhiều máy chủ").await;

    let mut ws = WsClient::connect_as(listening, &creator.session.token).await;
    ws.subscribe("n", NOTIFICATION_RECEIVED, json!({})).await;
    ws.settle().await;
    invite(&app, &brand, &brief, &creator, fee_terms("1000000", 1)).await;
    let next = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next["payload"]["data"]["notificationReceived"]["kind"], "INVITATION_RECEIVED",
        "{next}"
    );
}

// A running subscription keeps to the access it was opened with: once that access ends, the next
// event for it closes the socket with 4403 instead of delivering anything (`expect_close` fails on
// any message before the close frame), and an expiring token closes it at its `exp`.

const LOG_OUT: &str = "mutation($t: String!) { logOut(refreshToken: $t) }";
const CHANGE_PASSWORD: &str =
    "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";

/// A socket for `token` with both subscriptions running: the viewer's notifications (`n`) and the
/// messages of `proposal` (`m`).
async fn listening(app: &TestApp, token: &str, proposal: &str) -> WsClient {
    let mut ws = WsClient::connect_as(app, token).await;
    ws.subscribe("n", NOTIFICATION_RECEIVED, json!({})).await;
    ws.subscribe("m", MESSAGES, json!({ "p": proposal })).await;
    ws.settle().await;
    ws
}

/// A brand and a creator on one proposal (the creator applied).
async fn deal(app: &TestApp) -> (Party, Party, String) {
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(app, "access", "Quyền truy cập").await;
    let proposal = id(&apply(app, &creator, &brief, None).await);
    (brand, creator, proposal)
}

async fn expect_notification(ws: &mut WsClient, kind: &str) {
    let next = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(next["type"], "next", "{next}");
    assert_eq!(next["id"], "n", "{next}");
    assert_eq!(
        next["payload"]["data"]["notificationReceived"]["kind"], kind,
        "{next}"
    );
}

async fn expect_message(ws: &mut WsClient, body: &str) {
    let next = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(next["type"], "next", "{next}");
    assert_eq!(next["id"], "m", "{next}");
    assert_eq!(
        next["payload"]["data"]["messageReceived"]["body"], body,
        "{next}"
    );
}

/// What the recipient of a message hears: the message, and a MESSAGE_RECEIVED notification, in
/// either order.
async fn expect_message_and_notification(ws: &mut WsClient, body: &str) {
    let mut heard = [
        ws.next_message(WS_TIMEOUT).await,
        ws.next_message(WS_TIMEOUT).await,
    ];
    heard.sort_by_key(|next| next["id"].as_str().map(str::to_owned));
    let [message, notification] = heard;
    assert_eq!(
        message["payload"]["data"]["messageReceived"]["body"], body,
        "{message}"
    );
    assert_eq!(
        notification["payload"]["data"]["notificationReceived"]["kind"], "MESSAGE_RECEIVED",
        "{notification}"
    );
}

#[tokio::test]
async fn logging_out_ends_that_sessions_subscriptions_and_no_other() {
    let app = TestApp::new().await;
    let (brand, creator, proposal) = deal(&app).await;
    // The same creator logged in a second time: another session.
    let other = app.log_in(&creator.session.email, PASSWORD).await;
    let mut out = listening(&app, &creator.session.token, &proposal).await;
    let mut kept = listening(&app, &other.token, &proposal).await;

    let data = app
        .ok(
            LOG_OUT,
            json!({ "t": creator.session.refresh }),
            creator.token(),
        )
        .await;
    assert_eq!(data["logOut"], true);

    make_offer(&app, &brand, &proposal, fee_terms("1000000", 1)).await;
    assert_eq!(out.expect_close(4403).await, "Access ended");
    expect_notification(&mut kept, "OFFER_RECEIVED").await;
    app.ok(
        SEND,
        json!({ "input": { "proposalId": proposal, "body": "Vẫn nghe" } }),
        brand.token(),
    )
    .await;
    expect_message_and_notification(&mut kept, "Vẫn nghe").await;
    kept.sync().await;

    // The logged-out session's access token, unexpired, cannot open a socket again.
    let mut again = WsClient::connect(&app).await;
    again
        .send_json(json!({
            "type": "connection_init",
            "payload": { "authorization": format!("Bearer {}", creator.session.token) },
        }))
        .await;
    assert_eq!(again.expect_close(4403).await, "Forbidden");
}

#[tokio::test]
async fn changing_the_password_ends_the_subscriptions_of_every_session_of_the_user() {
    let app = TestApp::new().await;
    let (brand, creator, proposal) = deal(&app).await;
    let other = app.log_in(&creator.session.email, PASSWORD).await;
    let mut first = listening(&app, &creator.session.token, &proposal).await;
    let mut second = listening(&app, &other.token, &proposal).await;
    let mut control = listening(&app, &brand.session.token, &proposal).await;

    app.ok(
        CHANGE_PASSWORD,
        json!({ "c": PASSWORD, "n": "a new password entirely" }),
        creator.token(),
    )
    .await;

    make_offer(&app, &brand, &proposal, fee_terms("1000000", 1)).await;
    assert_eq!(first.expect_close(4403).await, "Access ended");
    assert_eq!(second.expect_close(4403).await, "Access ended");
    // The brand's subscriptions are not the creator's: they go on.
    app.ok(
        SEND,
        json!({ "input": { "proposalId": proposal, "body": "Còn đây" } }),
        brand.token(),
    )
    .await;
    expect_message(&mut control, "Còn đây").await;
    control.sync().await;
}

#[tokio::test]
async fn a_suspension_ends_the_users_running_subscriptions_at_the_next_event() {
    let app = TestApp::new().await;
    let (brand, creator, proposal) = deal(&app).await;
    let admin = app.admin("access@admin.vn").await;
    let mut suspended = listening(&app, &creator.session.token, &proposal).await;
    let mut control = listening(&app, &brand.session.token, &proposal).await;

    // Before the suspension, the creator hears the brand's messages.
    app.ok(
        SEND,
        json!({ "input": { "proposalId": proposal, "body": "Trước" } }),
        brand.token(),
    )
    .await;
    expect_message_and_notification(&mut suspended, "Trước").await;
    expect_message(&mut control, "Trước").await;

    let data = app.suspend(&admin, &creator.session.user_id, "spam").await;
    assert_eq!(data["suspended"], true);

    // A message on the proposal is an event for the creator's messageReceived: no body reaches it.
    app.ok(
        SEND,
        json!({ "input": { "proposalId": proposal, "body": "Sau" } }),
        brand.token(),
    )
    .await;
    assert_eq!(suspended.expect_close(4403).await, "Access ended");
    expect_message(&mut control, "Sau").await;
    control.sync().await;
}

#[tokio::test]
async fn a_socket_is_closed_when_its_token_expires_and_others_go_on() {
    let app = TestApp::new().await;
    let (brand, creator, proposal) = deal(&app).await;
    // The creator's own token, with its login, re-signed to expire in three seconds.
    let keys = JwtKeys::new(&Secret::new(JWT_SECRET));
    let mut claims = keys.verify(&creator.session.token).expect("a valid token");
    assert!(claims.sid.is_some(), "issued tokens name their login");
    claims.exp = Utc::now().timestamp() + 3;
    let short = keys.sign_claims(&Header::new(Algorithm::HS256), &claims);

    let started = Instant::now();
    let mut expiring = listening(&app, &short, &proposal).await;
    let mut control = listening(&app, &creator.session.token, &proposal).await;
    assert_eq!(
        expiring
            .expect_close_within(4403, Duration::from_secs(6))
            .await,
        "Token expired"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "closed before the token expired"
    );

    make_offer(&app, &brand, &proposal, fee_terms("1000000", 1)).await;
    expect_notification(&mut control, "OFFER_RECEIVED").await;
    control.sync().await;
}

/// SQL statements the app runs for `query`, including what subscribers read in the 300 ms after.
async fn statements_with_subscribers(
    app: &TestApp,
    query: &str,
    variables: serde_json::Value,
    token: Option<&str>,
) -> usize {
    let before = app.statements.load(std::sync::atomic::Ordering::SeqCst);
    app.ok(query, variables, token).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.statements.load(std::sync::atomic::Ordering::SeqCst) - before
}

#[tokio::test]
async fn the_access_check_reads_nothing_for_other_users_events_and_once_for_each_own_event() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "cost", "Chi phí").await;
    let other = creator_party(&app, "cost@other.vn").await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);
    let others = id(&apply(&app, &other, &brief, None).await);
    let on = |p: &str, b: &str| json!({ "input": { "proposalId": p, "body": b } });
    // Warm up both shapes of the mutation, so that the counts below compare like with like.
    app.ok(SEND, on(&others, "0"), brand.token()).await;
    app.ok(SEND, on(&proposal, "0"), brand.token()).await;

    let quiet = statements_with_subscribers(&app, SEND, on(&others, "1"), brand.token()).await;
    let quiet_own =
        statements_with_subscribers(&app, SEND, on(&proposal, "1"), brand.token()).await;

    let mut ws = WsClient::connect_as(&app, &creator.session.token).await;
    ws.subscribe(
        "n",
        "subscription { notificationReceived { id } }",
        json!({}),
    )
    .await;
    ws.subscribe(
        "m",
        "subscription($p: ID!) { messageReceived(proposalId: $p) { id } }",
        json!({ "p": proposal }),
    )
    .await;
    ws.settle().await;

    // A message to another creator, and its notification: neither is for this socket.
    let busy = statements_with_subscribers(&app, SEND, on(&others, "2"), brand.token()).await;
    assert_eq!(busy, quiet, "another user's events made this socket read");
    ws.sync().await;

    // A message on the creator's proposal raises two events for it: each costs one access check
    // and one read of its row.
    let own = statements_with_subscribers(&app, SEND, on(&proposal, "2"), brand.token()).await;
    assert_eq!(own, quiet_own + 4, "two events, each checked and read once");
    for _ in 0..2 {
        assert_eq!(ws.next_message(WS_TIMEOUT).await["type"], "next");
    }
}
