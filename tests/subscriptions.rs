//! Subscriptions through a real server and a real WebSocket client: each user hears only its own
//! notifications and the messages of proposals it is a party to, and (on PostgreSQL) an event
//! raised on one server reaches subscribers on another.

mod common;

use std::time::Duration;

use common::{market::*, ws::*, *};
use serde_json::json;

const NOTIFICATIONS: &str = "subscription { notificationReceived { id kind message readAt proposal { id status } brief { id } } }";
const MESSAGES: &str =
    "subscription($p: ID!) { messageReceived(proposalId: $p) { id author body } }";

/// Lets the subscriptions' resolvers run (the pong of `sync` does not wait for them).
async fn settle(ws: &mut WsClient) {
    ws.sync().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
}

#[tokio::test]
async fn a_creator_subscribed_before_the_offer_receives_offer_received_and_nobody_else_does() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "sub@brand.vn").await;
    let creator = creator_party(&app, "sub@creator.vn").await;
    let bystander = creator_party(&app, "bystander@creator.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Đăng ký")).await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);

    let mut creator_ws = WsClient::connect_as(&app, &creator.session.token).await;
    creator_ws.subscribe("n", NOTIFICATIONS, json!({})).await;
    let mut brand_ws = WsClient::connect_as(&app, &brand.session.token).await;
    brand_ws.subscribe("n", NOTIFICATIONS, json!({})).await;
    let mut bystander_ws = WsClient::connect_as(&app, &bystander.session.token).await;
    bystander_ws.subscribe("n", NOTIFICATIONS, json!({})).await;
    for ws in [&mut creator_ws, &mut brand_ws, &mut bystander_ws] {
        settle(ws).await;
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
    let brand = brand_party(&app, "chat@brand.vn").await;
    let creator = creator_party(&app, "chat@creator.vn").await;
    let outsider = creator_party(&app, "chat@outsider.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Trò chuyện")).await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);
    let other = id(&apply(&app, &outsider, &brief, None).await);

    let mut brand_ws = WsClient::connect_as(&app, &brand.session.token).await;
    brand_ws
        .subscribe("m", MESSAGES, json!({ "p": proposal }))
        .await;
    settle(&mut brand_ws).await;

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

    const SEND: &str = "mutation($p: ID!, $b: String!) { sendMessage(input: { proposalId: $p, body: $b }) { id } }";
    // A message on another proposal of the same brief is not this subscription's.
    app.ok(SEND, json!({ "p": other, "b": "Khác" }), outsider.token())
        .await;
    let sent = app
        .ok(
            SEND,
            json!({ "p": proposal, "b": "Chào nhãn hàng" }),
            creator.token(),
        )
        .await;
    let next = brand_ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next["payload"]["data"]["messageReceived"],
        json!({ "id": sent["sendMessage"]["id"], "author": "CREATOR", "body": "Chào nhãn hàng" })
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
    let brand = brand_party(&app, "multi@brand.vn").await;
    let creator = creator_party(&app, "multi@creator.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Nhiều máy chủ")).await;

    let mut ws = WsClient::connect_as(listening, &creator.session.token).await;
    ws.subscribe("n", NOTIFICATIONS, json!({})).await;
    settle(&mut ws).await;
    invite(&app, &brand, &brief, &creator, fee_terms("1000000", 1)).await;
    let next = ws.next_message(WS_TIMEOUT).await;
    assert_eq!(
        next["payload"]["data"]["notificationReceived"]["kind"], "INVITATION_RECEIVED",
        "{next}"
    );
}
