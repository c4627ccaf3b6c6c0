//! The event path under the subscriptions: a committed change reaches the bus of every instance
//! (on PostgreSQL through LISTEN/NOTIFY, so a second server on the same database hears it), and a
//! refused change raises nothing.

mod common;

use std::time::Duration;

use common::{fixtures::Opening, market::*, *};
use marketplace::{events::Event, graphql::ids};
use serde_json::json;
use tokio::{sync::broadcast, time::timeout};
use uuid::Uuid;

/// The next event for `recipient`, skipping other tests' events (PostgreSQL's channel is shared by
/// every test schema of the database).
async fn next_for(rx: &mut broadcast::Receiver<Event>, recipient: Uuid) -> Option<Event> {
    timeout(Duration::from_secs(5), async {
        loop {
            match rx.recv().await {
                Ok(e @ Event::Notification { recipient: r, .. }) if r == recipient => return e,
                Ok(_) => continue,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(e) => panic!("bus closed: {e}"),
            }
        }
    })
    .await
    .ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committed_offer_reaches_the_other_instance_and_a_refused_one_raises_nothing() {
    let app = TestApp::new().await;
    // A second server on the same database. With SQLite there is one process, so one bus.
    let other = if is_postgres() {
        Some(app.restart().await)
    } else {
        None
    };
    let listening = other.as_ref().unwrap_or(&app);
    let mut rx = listening.state.events.subscribe();
    // Give the listener of the second instance time to LISTEN.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "bus", "Sự kiện").await;
    let creator_user = uuid(&creator.session.user_id);
    let p = apply(&app, &creator, &brief, None).await;
    make_offer(&app, &brand, &id(&p), fee_terms("1000000", 1)).await;

    match next_for(&mut rx, creator_user).await {
        Some(Event::Notification { id, .. }) => {
            let data = app
                .ok(
                    "query($id: ID!) { node(id: $id) { ... on Notification { kind } } }",
                    json!({ "id": ids::encode(ids::Kind::Notification, id) }),
                    creator.token(),
                )
                .await;
            assert_eq!(data["node"]["kind"], "OFFER_RECEIVED");
        }
        other => panic!("expected the creator's notification, got {other:?}"),
    }

    // Refused: offering out of turn. Nothing is stored, nothing is sent.
    let e = app
        .error(
            MAKE_OFFER,
            json!({ "input": { "proposalId": id(&p), "terms": fee_terms("1", 1) } }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT");
    assert!(next_for(&mut rx, creator_user).await.is_none());
}
