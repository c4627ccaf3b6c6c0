//! Integrations (SPEC.md, "Integrations"): API keys and their scopes, idempotency keys, rate
//! limits, batches of orders and signed webhooks, through the router and a real local receiver.

mod common;

use std::time::Duration;

use common::{
    TestApp, assert_error, code,
    fixtures::Deal,
    integrations::{
        CREATE_ENDPOINT, CREATE_KEY, RECORD_MANY, REVOKE_KEY, Receiver, api_key, endpoint,
        endpoints, post_raw, send_due, until,
    },
    market::{fee_terms, vnd},
    payments::{RECORD, conversion},
    ws::WsClient,
};
use futures_util::future::join_all;
use sea_orm::TransactionTrait;
use serde_json::{Value, json};
use standardwebhooks::Webhook;

const COLLABORATION: &str = "query($id: ID!) { collaboration(id: $id) { id status } }";

fn orders(code: &str, refs: &[&str]) -> Value {
    let inputs: Vec<Value> = refs
        .iter()
        .map(|r| conversion(code, r, vnd("100000"))["input"].clone())
        .collect();
    json!({ "inputs": inputs })
}

#[tokio::test]
async fn a_key_is_shown_once_listed_by_its_prefix_and_scoped_field_by_field() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "keys", fee_terms("1000000", 1)).await;
    let (secret, key_id) = api_key(&app, &deal.brand, &["CONVERSIONS_WRITE"]).await;
    assert!(
        secret.starts_with("mk_live_") && secret.len() == 8 + 43,
        "{secret}"
    );

    // Listed on the brand without its secret; nobody else sees the list.
    let list = "query($id: ID!) { brand(id: $id) { apiKeys { id name prefix scopes lastUsedAt revokedAt } } }";
    let listed = app
        .ok(list, json!({ "id": deal.brand.id }), deal.brand.token())
        .await;
    let keys = listed["brand"]["apiKeys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["id"], key_id.as_str());
    assert_eq!(keys[0]["prefix"], &secret[..12]);
    assert_eq!(keys[0]["scopes"], json!(["CONVERSIONS_WRITE"]));
    assert_eq!(keys[0]["lastUsedAt"], Value::Null);
    assert!(!listed.to_string().contains(&secret[12..]));
    let other = app
        .ok(list, json!({ "id": deal.brand.id }), deal.creator.token())
        .await;
    assert_eq!(other["brand"]["apiKeys"], Value::Null);
    assert_eq!(app.rows("api_keys").await, 1);

    // Within its scope the key acts as its brand.
    let recorded = app
        .ok(
            RECORD,
            conversion(&deal.code, "SO-1", vnd("250000")),
            Some(&secret),
        )
        .await;
    assert_eq!(recorded["r"]["orderRef"], "SO-1");

    // Outside it, FORBIDDEN on that field only: a nullable one is null beside the rest of the
    // answer; a non-null one takes `data` with it, as GraphQL's rule for errors says.
    let mixed = app
        .gql(
            "query($id: ID!) { __typename collaboration(id: $id) { id } }",
            json!({ "id": deal.id() }),
            Some(&secret),
        )
        .await;
    assert_eq!(
        mixed["data"],
        json!({ "__typename": "Query", "collaboration": null })
    );
    let errors = mixed["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{mixed}");
    assert_eq!(code(&errors[0]), "FORBIDDEN", "{mixed}");
    assert_eq!(errors[0]["path"], json!(["collaboration"]), "{mixed}");
    let refused = app
        .gql(
            "{ __typename webhookEndpoints { id } }",
            json!({}),
            Some(&secret),
        )
        .await;
    assert!(refused["data"].is_null(), "{refused}");
    assert_eq!(code(&refused["errors"][0]), "FORBIDDEN", "{refused}");
    assert_eq!(refused["errors"][0]["path"], json!(["webhookEndpoints"]));

    // No key manages keys or the account, whatever its scopes.
    let (reader, _) = api_key(
        &app,
        &deal.brand,
        &["MARKET_READ", "CONVERSIONS_WRITE", "WEBHOOKS_MANAGE"],
    )
    .await;
    for (query, variables) in [
        (
            CREATE_KEY,
            json!({ "name": "x", "scopes": ["MARKET_READ"] }),
        ),
        (REVOKE_KEY, json!({ "id": key_id })),
        ("{ me { id } }", json!({})),
        (
            "mutation { changePassword(currentPassword: \"a\", newPassword: \"bbbbbbbbbbbb\") }",
            json!({}),
        ),
    ] {
        let error = app.error(query, variables, Some(&reader)).await;
        assert_eq!(code(&error), "FORBIDDEN", "{query}: {error}");
    }
    // Keys, users and money stay out of reach below the root too.
    let nested = app
        .gql(
            "query($id: ID!) { brand(id: $id) { name apiKeys { id } wallets { currency } } }",
            json!({ "id": deal.brand.id }),
            Some(&reader),
        )
        .await;
    assert!(nested["data"]["brand"]["name"].is_string(), "{nested}");
    let errors = nested["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{nested}");
    assert!(errors.iter().all(|e| code(e) == "FORBIDDEN"), "{nested}");
    // Nor through `node`: the brand's own funding is money, whatever the route.
    let funding = common::money::fund(&app, &deal.brand, vnd("10000")).await;
    let by_node = app
        .gql(
            "query($id: ID!) { node(id: $id) { __typename ... on Funding { id amount { amount } } } }",
            json!({ "id": funding["id"] }),
            Some(&reader),
        )
        .await;
    // Its non-null fields are refused, so the node is null.
    assert!(by_node["data"]["node"].is_null(), "{by_node}");
    assert!(
        by_node["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| code(e) == "FORBIDDEN")
    );
    // Nor the brand user's notifications, whose IDs every webhook payload carries.
    let notes = app
        .ok(
            "{ notifications(first: 1) { nodes { id } } }",
            json!({}),
            deal.brand.token(),
        )
        .await;
    let note = notes["notifications"]["nodes"][0]["id"].clone();
    assert!(note.is_string(), "{notes}");
    let by_node = app
        .gql(
            "query($id: ID!) { node(id: $id) { ... on Notification { message } } }",
            json!({ "id": note }),
            Some(&reader),
        )
        .await;
    assert!(
        by_node["data"]["node"].get("message").is_none(),
        "{by_node}"
    );
    assert_eq!(code(&by_node["errors"][0]), "FORBIDDEN", "{by_node}");
    // MARKET_READ reads the brand's collaborations.
    let read = app
        .ok(COLLABORATION, json!({ "id": deal.id() }), Some(&reader))
        .await;
    assert_eq!(read["collaboration"]["status"], "ACTIVE");
    // A write key cannot reach market objects through a mutation's answer either.
    let (writer, _) = api_key(&app, &deal.brand, &["MARKET_READ"]).await;
    let error = app
        .error(
            RECORD,
            conversion(&deal.code, "SO-2", vnd("1000")),
            Some(&writer),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN");
    assert_eq!(app.rows("conversions").await, 1);

    // lastUsedAt is written on use, then at most once a minute.
    let last_used = || async {
        let listed = app
            .ok(list, json!({ "id": deal.brand.id }), deal.brand.token())
            .await;
        listed["brand"]["apiKeys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == key_id.as_str())
            .unwrap()["lastUsedAt"]
            .clone()
    };
    let used = last_used().await;
    assert!(used.is_string(), "{used}");
    app.gql(COLLABORATION, json!({ "id": deal.id() }), Some(&secret))
        .await;
    let still = last_used().await;
    assert_eq!(used, still);
}

#[tokio::test]
async fn a_revoked_malformed_or_suspended_key_is_unauthenticated_at_its_next_request() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "revoke", fee_terms("1000000", 1)).await;
    let (secret, key_id) = api_key(&app, &deal.brand, &["MARKET_READ"]).await;
    app.ok(COLLABORATION, json!({ "id": deal.id() }), Some(&secret))
        .await;

    let revoked = app
        .ok(REVOKE_KEY, json!({ "id": key_id }), deal.brand.token())
        .await;
    assert!(revoked["revokeApiKey"]["revokedAt"].is_string());
    let error = app
        .error(COLLABORATION, json!({ "id": deal.id() }), Some(&secret))
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    // Even what needs no token: a refused key answers nothing.
    let error = app.error("{ me { id } }", json!({}), Some(&secret)).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    // Another brand cannot revoke (or see) the key.
    let error = app
        .error(REVOKE_KEY, json!({ "id": key_id }), deal.creator.token())
        .await;
    assert_eq!(code(&error), "FORBIDDEN");

    for malformed in [
        "mk_live_",
        "mk_live_short",
        &format!("{secret}x"),
        &secret[..50],
    ] {
        let error = app
            .error(COLLABORATION, json!({ "id": deal.id() }), Some(malformed))
            .await;
        assert_eq!(code(&error), "UNAUTHENTICATED", "{malformed}");
    }

    // A key of a suspended brand user stops at once.
    let (live, _) = api_key(&app, &deal.brand, &["MARKET_READ"]).await;
    let admin = app.admin("admin@marketplace.vn").await;
    app.suspend(&admin, &deal.brand.user_id, "chargebacks")
        .await;
    let error = app
        .error(COLLABORATION, json!({ "id": deal.id() }), Some(&live))
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
}

#[tokio::test]
async fn bad_key_requests_are_refused_naming_the_field_and_store_nothing() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "badkeys", fee_terms("1000000", 1)).await;
    let token = deal.brand.token();
    for (variables, field) in [
        (json!({ "name": "x", "scopes": [] }), "scopes"),
        (json!({ "name": "  ", "scopes": ["MARKET_READ"] }), "name"),
        (
            json!({ "name": "x".repeat(101), "scopes": ["MARKET_READ"] }),
            "name",
        ),
    ] {
        let error = app.error(CREATE_KEY, variables, token).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), "createApiKey");
    }
    let unknown = app
        .gql(
            CREATE_KEY,
            json!({ "name": "x", "scopes": ["EVERYTHING"] }),
            token,
        )
        .await;
    assert_eq!(code(&unknown["errors"][0]), "BAD_USER_INPUT", "{unknown}");
    let error = app
        .error(
            CREATE_KEY,
            json!({ "name": "x", "scopes": ["MARKET_READ"] }),
            deal.creator.token(),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN");
    assert_eq!(app.rows("api_keys").await, 0);

    // At most 20 keys in use, even when asked for at once.
    let made = join_all((0..25).map(|i| {
        app.gql(
            CREATE_KEY,
            json!({ "name": format!("key {i}"), "scopes": ["MARKET_READ"] }),
            token,
        )
    }))
    .await;
    let ok = made.iter().filter(|m| m.get("errors").is_none()).count();
    assert_eq!(ok, 20);
    for refused in made.iter().filter(|m| m.get("errors").is_some()) {
        assert_error(
            &refused["errors"][0],
            "BAD_USER_INPUT",
            Some("name"),
            "21st key",
        );
    }
    assert_eq!(app.rows("api_keys").await, 20);
}

#[tokio::test]
async fn the_same_idempotency_key_twenty_times_at_once_records_one_conversion() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "idem", fee_terms("1000000", 1)).await;
    let (secret, _) = api_key(&app, &deal.brand, &["CONVERSIONS_WRITE"]).await;
    let body =
        json!({ "query": RECORD, "variables": conversion(&deal.code, "SO-77", vnd("990000")) })
            .to_string();

    let answers =
        join_all((0..20).map(|_| post_raw(&app, &body, &secret, Some("order-SO-77")))).await;
    let mut firsts = Vec::new();
    for (status, headers, bytes) in &answers {
        match status.as_u16() {
            200 => firsts.push((headers.get("idempotent-replayed").is_some(), bytes.clone())),
            409 => {
                let error: Value = serde_json::from_slice(bytes).unwrap();
                assert_eq!(code(&error["errors"][0]), "CONFLICT");
            }
            other => panic!("unexpected {other}: {}", String::from_utf8_lossy(bytes)),
        }
    }
    assert!(!firsts.is_empty());
    assert_eq!(firsts.iter().filter(|(replayed, _)| !replayed).count(), 1);
    let first = firsts[0].1.clone();
    assert!(firsts.iter().all(|(_, b)| *b == first));
    assert_eq!(app.rows("conversions").await, 1);

    // Later, and after a restart, the same request gets the first answer byte for byte.
    let restarted = app.restart().await;
    for server in [&app, &restarted] {
        let (status, headers, bytes) = post_raw(server, &body, &secret, Some("order-SO-77")).await;
        assert_eq!(status, 200);
        assert_eq!(headers["idempotent-replayed"], "true");
        assert_eq!(bytes, first);
    }
    // Another body with the key: 422; a bad key: 400; neither stores anything.
    let other =
        json!({ "query": RECORD, "variables": conversion(&deal.code, "SO-78", vnd("5000")) })
            .to_string();
    let (status, _, bytes) = post_raw(&app, &other, &secret, Some("order-SO-77")).await;
    assert_eq!(status, 422);
    let error: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(code(&error["errors"][0]), "CONFLICT");
    for bad in ["", &"k".repeat(256), "thứ-hai"] {
        let request = axum::http::Request::post("/graphql")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {secret}"))
            .header(
                "idempotency-key",
                axum::http::HeaderValue::from_bytes(bad.as_bytes()).unwrap(),
            )
            .body(axum::body::Body::from(other.clone()))
            .unwrap();
        let (status, _, bytes) = app.send(request).await;
        assert_eq!(status, 400, "{bad:?}");
        let error: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(code(&error["errors"][0]), "BAD_USER_INPUT");
    }
    assert_eq!(app.rows("conversions").await, 1);
    assert_eq!(app.rows("idempotency_keys").await, 1);

    // Keys are the sender's own: the brand user's same key is another request.
    let (status, headers, _) = post_raw(
        &app,
        &other,
        deal.brand.token().unwrap(),
        Some("order-SO-77"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(headers.get("idempotent-replayed").is_none());
    assert_eq!(app.rows("conversions").await, 2);
}

#[tokio::test]
async fn record_conversions_records_all_or_nothing_and_names_the_failing_input() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "batch", fee_terms("1000000", 1)).await;
    let (secret, _) = api_key(&app, &deal.brand, &["CONVERSIONS_WRITE"]).await;

    let data = app
        .ok(
            RECORD_MANY,
            orders(&deal.code, &["B-1", "B-2", "B-3"]),
            Some(&secret),
        )
        .await;
    let refs: Vec<&str> = data["recordConversions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["orderRef"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["B-1", "B-2", "B-3"]);
    // Idempotent per order, as recordConversion.
    app.ok(
        RECORD_MANY,
        orders(&deal.code, &["B-1", "B-4"]),
        Some(&secret),
    )
    .await;
    assert_eq!(app.rows("conversions").await, 4);

    let mut bad = orders(&deal.code, &["C-1", "C-2", "C-3", "C-4"]);
    bad["inputs"][3]["amount"]["amount"] = json!("-5");
    let error = app.error(RECORD_MANY, bad, Some(&secret)).await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        Some("inputs.3.amount.amount"),
        "batch",
    );
    let mut unknown = orders(&deal.code, &["D-1", "D-2"]);
    unknown["inputs"][1]["trackingCode"] = json!("NOPE4444");
    let error = app.error(RECORD_MANY, unknown, Some(&secret)).await;
    assert_eq!(code(&error), "NOT_FOUND");
    assert!(
        error["message"].as_str().unwrap().starts_with("inputs.1"),
        "{error}"
    );
    let mut changed = orders(&deal.code, &["E-1", "B-2"]);
    changed["inputs"][1]["amount"]["amount"] = json!("7");
    let error = app.error(RECORD_MANY, changed, Some(&secret)).await;
    assert_error(
        &error,
        "CONFLICT",
        Some("inputs.1.orderRef"),
        "changed amount",
    );

    let error = app
        .error(RECORD_MANY, json!({ "inputs": [] }), Some(&secret))
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("inputs"), "empty");
    let many: Vec<String> = (0..101).map(|i| format!("F-{i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let error = app
        .error(RECORD_MANY, orders(&deal.code, &refs), Some(&secret))
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("inputs"), "101 orders");
    assert_eq!(app.rows("conversions").await, 4);
    // A hundred pass.
    app.ok(RECORD_MANY, orders(&deal.code, &refs[..100]), Some(&secret))
        .await;
    assert_eq!(app.rows("conversions").await, 104);
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_three_signed_attempts_and_one_delivery() {
    let app = TestApp::with_env(&[("WEBHOOK_RETRY_SCHEDULE", "1s,1s,1s")]).await;
    let deal = Deal::new(&app, "hooks", fee_terms("1000000", 1)).await;
    let receiver = Receiver::start(2, Duration::ZERO).await;
    let creator = deal.creator.token().unwrap();
    let (_, secret) = endpoint(&app, creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    assert!(secret.starts_with("whsec_"));

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(marketplace::webhooks::worker::every(
        app.db().clone(),
        app.state.events.clone(),
        app.state.webhooks.clone(),
        stopped,
    ));
    deal.record(&app, "SO-9", vnd("120000")).await;
    let listed = until(&app, creator, |e| {
        e[0]["deliveries"]["nodes"][0]["status"] == "DELIVERED"
    })
    .await;
    let _ = stop.send(true);
    worker.await.unwrap();

    let delivery = &listed[0]["deliveries"]["nodes"][0];
    assert_eq!(listed[0]["deliveries"]["totalCount"], 1);
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["lastResponseStatus"], 200);
    assert_eq!(delivery["event"], "CONVERSION_RECORDED");
    assert_eq!(delivery["nextAttemptAt"], Value::Null);
    let hits = receiver.hits();
    assert_eq!(hits.len(), 3);
    // Every attempt carries the same message ID and body; the last one's signature verifies.
    let id = hits[0].headers["webhook-id"].to_str().unwrap().to_owned();
    assert_eq!(id, delivery["id"].as_str().unwrap());
    assert!(hits.iter().all(|h| h.headers["webhook-id"] == id.as_str()));
    assert!(
        hits.iter()
            .all(|h| h.body == delivery["payload"].as_str().unwrap())
    );
    let last = hits.last().unwrap();
    Webhook::new(&secret)
        .unwrap()
        .verify(last.body.as_bytes(), &last.headers)
        .expect("the signature verifies");
    assert!(
        Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .unwrap()
            .verify(last.body.as_bytes(), &last.headers)
            .is_err()
    );
    let body: Value = serde_json::from_str(&last.body).unwrap();
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["type"], "CONVERSION_RECORDED");
    assert_eq!(body["data"]["collaborationId"], deal.id().as_str());
    let notes = app
        .ok(
            "{ notifications(first: 5) { nodes { id kind message } } }",
            json!({}),
            Some(creator),
        )
        .await;
    let note = &notes["notifications"]["nodes"][0];
    assert_eq!(body["data"]["notificationId"], note["id"]);
    assert_eq!(body["data"]["message"], note["message"]);
    // The keys in the order SPEC.md lists them.
    let order: Vec<usize> = ["\"id\":", "\"type\":", "\"createdAt\":", "\"data\":"]
        .iter()
        .map(|k| last.body.find(k).expect(k))
        .collect();
    assert!(order.is_sorted(), "{}", last.body);
}

#[tokio::test]
async fn a_restart_between_attempts_loses_no_delivery() {
    let app = TestApp::with_env(&[("WEBHOOK_RETRY_SCHEDULE", "1s")]).await;
    let deal = Deal::new(&app, "restart", fee_terms("1000000", 1)).await;
    let receiver = Receiver::start(1, Duration::ZERO).await;
    let creator = deal.creator.token().unwrap().to_owned();
    endpoint(&app, &creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    deal.record(&app, "SO-1", vnd("10000")).await;
    assert_eq!(send_due(&app).await, 1);
    let listed = endpoints(&app, &creator).await;
    let delivery = &listed[0]["deliveries"]["nodes"][0];
    assert_eq!(
        (delivery["status"].as_str(), delivery["attempts"].as_i64()),
        (Some("PENDING"), Some(1))
    );
    assert_eq!(delivery["lastResponseStatus"], 500);
    // The first server goes; a new one on the same database takes the retry once it is due.
    let restarted = app.restart().await;
    drop(app);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(send_due(&restarted).await, 1);
    let listed = endpoints(&restarted, &creator).await;
    let delivery = &listed[0]["deliveries"]["nodes"][0];
    assert_eq!(delivery["status"], "DELIVERED");
    assert_eq!(delivery["attempts"], 2);
    assert_eq!(receiver.hits().len(), 2);
}

#[tokio::test]
async fn two_instances_on_one_database_never_send_one_attempt_twice() {
    let app = TestApp::new().await;
    let other = app.restart().await;
    let deal = Deal::new(&app, "twice", fee_terms("1000000", 1)).await;
    let receiver = Receiver::start(0, Duration::from_millis(20)).await;
    let creator = deal.creator.token().unwrap().to_owned();
    endpoint(&app, &creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    let refs: Vec<String> = (0..60).map(|i| format!("T-{i}")).collect();
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    app.ok(RECORD_MANY, orders(&deal.code, &refs), deal.brand.token())
        .await;
    assert_eq!(app.rows("webhook_deliveries").await, 60);

    // Both workers race over the same deliveries until none is left.
    let run = |server: &'static TestApp| async move {
        let mut taken = 0;
        for _ in 0..50 {
            taken += send_due(server).await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        taken
    };
    let (a, b): (&'static TestApp, &'static TestApp) =
        (Box::leak(Box::new(app)), Box::leak(Box::new(other)));
    let (took_a, took_b) = tokio::join!(run(a), run(b));
    assert_eq!(took_a + took_b, 60, "{took_a} + {took_b}");
    let hits = receiver.hits();
    assert_eq!(hits.len(), 60);
    let mut ids: Vec<String> = hits
        .iter()
        .map(|h| h.headers["webhook-id"].to_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "an attempt was sent twice");
    let listed = endpoints(a, &creator).await;
    let nodes = listed[0]["deliveries"]["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .all(|d| d["status"] == "DELIVERED" && d["attempts"] == 1)
    );
}

#[tokio::test]
async fn endpoints_are_checked_capped_disabled_after_twenty_failures_and_redelivered() {
    let app = TestApp::with_env(&[("WEBHOOK_RETRY_SCHEDULE", "")]).await;
    let deal = Deal::new(&app, "endpoints", fee_terms("1000000", 1)).await;
    let creator = deal.creator.token().unwrap().to_owned();
    for (url, events, field) in [
        ("ftp://shop.vn/hook", json!(["CONVERSION_RECORDED"]), "url"),
        ("not a url", json!(["CONVERSION_RECORDED"]), "url"),
        ("http://shop.vn/hook", json!([]), "events"),
    ] {
        let error = app
            .error(
                CREATE_ENDPOINT,
                json!({ "url": url, "events": events }),
                Some(&creator),
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), url);
    }
    for i in 0..10 {
        endpoint(
            &app,
            &creator,
            &format!("http://shop.vn/hook/{i}"),
            &["OFFER_RECEIVED"],
        )
        .await;
    }
    let error = app
        .error(
            CREATE_ENDPOINT,
            json!({ "url": "http://shop.vn/hook/10", "events": ["OFFER_RECEIVED"] }),
            Some(&creator),
        )
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("url"), "11th endpoint");
    assert_eq!(app.rows("webhook_endpoints").await, 10);
    // Deleting is the owner's alone; then there is room again.
    let first = endpoints(&app, &creator).await[0]["id"].clone();
    let delete = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }";
    let error = app
        .error(delete, json!({ "id": first }), deal.brand.token())
        .await;
    assert_eq!(code(&error), "NOT_FOUND");
    app.ok(delete, json!({ "id": first }), Some(&creator)).await;
    assert_eq!(app.rows("webhook_endpoints").await, 9);

    // A key needs WEBHOOKS_MANAGE to see or make endpoints.
    let (reader, _) = api_key(&app, &deal.brand, &["MARKET_READ"]).await;
    let error = app
        .error("{ webhookEndpoints { id } }", json!({}), Some(&reader))
        .await;
    assert_eq!(code(&error), "FORBIDDEN");
    let (manager, _) = api_key(&app, &deal.brand, &["WEBHOOKS_MANAGE"]).await;
    let receiver = Receiver::start(20, Duration::ZERO).await;
    let (_, first_secret) = endpoint(
        &app,
        &manager,
        &receiver.url,
        &["FUNDS_RECEIVED", "CONTENT_SUBMITTED"],
    )
    .await;
    let brand_token = deal.brand.token().unwrap().to_owned();
    assert_eq!(
        endpoints(&app, &brand_token)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Twenty deliveries FAILED in a row (no retries here) disable the endpoint.
    let brand_user: uuid::Uuid = common::user_uuid(&app, &deal.brand).await;
    for i in 0..20 {
        let mut outbox = marketplace::events::Outbox::default();
        let txn = app.db().begin().await.unwrap();
        marketplace::notifications::notify(
            &txn,
            &mut outbox,
            marketplace::notifications::Notice {
                recipient: brand_user,
                kind: entity::enums::NotificationKind::FundsReceived,
                message: marketplace::i18n::Msg::new("notice-funds-received")
                    .with(
                        "amount",
                        (
                            rust_decimal::Decimal::from(100_000 + i),
                            entity::enums::CurrencyCode::Vnd,
                        ),
                    )
                    .with("reference", format!("MKT{i:06}")),
                brief_id: None,
                proposal_id: None,
                collaboration_id: None,
            },
        )
        .await
        .unwrap();
        outbox.commit(txn, &app.state.events).await.unwrap();
    }
    while send_due(&app).await > 0 {}
    let listed = endpoints(&app, &brand_token).await;
    assert_eq!(listed[0]["enabled"], false, "{listed}");
    let nodes = listed[0]["deliveries"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 20);
    assert!(
        nodes
            .iter()
            .all(|d| d["status"] == "FAILED" && d["attempts"] == 1)
    );

    // The receiver works again: a redelivery now delivers, whatever the endpoint's state.
    let redeliver = "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempts lastResponseStatus deliveredAt } }";
    let again = app
        .ok(redeliver, json!({ "id": nodes[0]["id"] }), Some(&manager))
        .await;
    assert_eq!(again["redeliverWebhook"]["status"], "DELIVERED");
    assert_eq!(again["redeliverWebhook"]["attempts"], 2);
    assert_eq!(receiver.hits().len(), 21);
    let error = app
        .error(redeliver, json!({ "id": nodes[1]["id"] }), Some(&creator))
        .await;
    assert_eq!(code(&error), "NOT_FOUND");
    // Creating it again re-enables it, with a new secret.
    let (_, second_secret) = endpoint(&app, &brand_token, &receiver.url, &["FUNDS_RECEIVED"]).await;
    assert_ne!(first_secret, second_secret);
    let listed = endpoints(&app, &brand_token).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["enabled"], true);
}

#[tokio::test]
async fn in_production_only_https_urls_of_public_hosts_are_taken() {
    let app = TestApp::with_env(&[("APP_ENV", "production")]).await;
    let creator = app.creator("prod@creator.vn").await;
    for url in [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.8/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
    ] {
        let error = app
            .error(
                CREATE_ENDPOINT,
                json!({ "url": url, "events": ["OFFER_RECEIVED"] }),
                creator.token(),
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("url"), url);
    }
    assert_eq!(app.rows("webhook_endpoints").await, 0);
}

#[tokio::test]
async fn past_the_rate_limit_requests_get_429_with_retry_after() {
    let app = TestApp::with_env(&[("RATE_LIMIT_PER_MINUTE", "40")]).await;
    let user = app.creator("busy@creator.vn").await;
    let calm = app.creator("calm@creator.vn").await;
    let query = json!({ "query": "{ __typename }" }).to_string();
    let mut last = None;
    for i in 0..40 {
        let (status, headers, _) = post_raw(&app, &query, user.token().unwrap(), None).await;
        assert_eq!(status, 200, "request {i}");
        assert_eq!(headers["ratelimit-policy"], "\"signed-in\";q=40;w=60");
        last = Some(headers["ratelimit"].to_str().unwrap().to_owned());
    }
    assert!(last.unwrap().starts_with("\"signed-in\";r=0;t="));
    let (status, headers, bytes) = post_raw(&app, &query, user.token().unwrap(), None).await;
    assert_eq!(status, 429);
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert!(headers["ratelimit"].to_str().unwrap().contains(";r=0;"));
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(code(&body["errors"][0]), "RATE_LIMITED");
    // Another user has a bucket of its own.
    let (status, _, _) = post_raw(&app, &query, calm.token().unwrap(), None).await;
    assert_eq!(status, 200);
    // Without a token, a quarter of the quota per address (two sign-ups used two of ten).
    let anonymous = || {
        axum::http::Request::post("/graphql")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(query.clone()))
            .unwrap()
    };
    for _ in 0..8 {
        let (status, headers, _) = app.send(anonymous()).await;
        assert_eq!(status, 200);
        assert_eq!(headers["ratelimit-policy"], "\"anonymous\";q=10;w=60");
    }
    let (status, headers, _) = app.send(anonymous()).await;
    assert_eq!(status, 429);
    assert!(headers.contains_key("retry-after"));
    // Made-up keys are no way around it: they count as the address they come from.
    let fake = format!("mk_live_{}", "A".repeat(43));
    let (status, headers, _) = post_raw(&app, &query, &fake, None).await;
    assert_eq!(status, 429);
    assert_eq!(headers["ratelimit-policy"], "\"anonymous\";q=10;w=60");
}

#[tokio::test]
async fn an_idempotent_request_still_running_is_409_then_replayed() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "inflight", fee_terms("1000000", 1)).await;
    let creator = deal.creator.token().unwrap().to_owned();
    // A receiver that takes a second and a half: the redelivery runs that long.
    let receiver = Receiver::start(0, Duration::from_millis(1500)).await;
    endpoint(&app, &creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    deal.record(&app, "SO-1", vnd("10000")).await;
    let delivery = endpoints(&app, &creator).await[0]["deliveries"]["nodes"][0]["id"].clone();
    let body = json!({
        "query": "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempts } }",
        "variables": { "id": delivery },
    })
    .to_string();
    let first = post_raw(&app, &body, &creator, Some("again-1"));
    let second = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        post_raw(&app, &body, &creator, Some("again-1")).await
    };
    let ((status, _, first), (busy, _, refused)) = tokio::join!(first, second);
    assert_eq!(status, 200);
    assert_eq!(busy, 409, "{}", String::from_utf8_lossy(&refused));
    let refused: Value = serde_json::from_slice(&refused).unwrap();
    assert_eq!(code(&refused["errors"][0]), "CONFLICT");
    let (status, headers, replayed) = post_raw(&app, &body, &creator, Some("again-1")).await;
    assert_eq!((status.as_u16(), &replayed), (200, &first));
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(receiver.hits().len(), 1, "the replay sent nothing");
    // A query is not kept: the same key on a query runs it every time.
    let query = json!({ "query": "{ __typename }" }).to_string();
    let (_, headers, _) = post_raw(&app, &query, &creator, Some("again-2")).await;
    assert!(headers.get("idempotent-replayed").is_none());
    let (_, headers, _) = post_raw(&app, &query, &creator, Some("again-2")).await;
    assert!(headers.get("idempotent-replayed").is_none());
    assert_eq!(app.rows("idempotency_keys").await, 1);
}

#[tokio::test]
async fn a_redelivery_uses_up_no_wait_of_the_retry_schedule() {
    let app = TestApp::with_env(&[("WEBHOOK_RETRY_SCHEDULE", "1s,1s")]).await;
    let deal = Deal::new(&app, "redeliver", fee_terms("1000000", 1)).await;
    let receiver = Receiver::start(3, Duration::ZERO).await;
    let creator = deal.creator.token().unwrap().to_owned();
    endpoint(&app, &creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    deal.record(&app, "SO-1", vnd("10000")).await;
    assert_eq!(send_due(&app).await, 1);
    let delivery = endpoints(&app, &creator).await[0]["deliveries"]["nodes"][0]["id"].clone();
    let redeliver = "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status attempts lastResponseStatus } }";
    let again = app
        .ok(redeliver, json!({ "id": delivery }), Some(&creator))
        .await;
    assert_eq!(
        again["redeliverWebhook"],
        json!({ "status": "PENDING", "attempts": 2, "lastResponseStatus": 500 })
    );
    // The schedule's second wait is still to come after its second attempt, then the fourth
    // request succeeds.
    for (attempts, status) in [(3, "PENDING"), (4, "DELIVERED")] {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(send_due(&app).await, 1);
        let d = &endpoints(&app, &creator).await[0]["deliveries"]["nodes"][0];
        assert_eq!(
            (d["attempts"].as_i64(), d["status"].as_str()),
            (Some(attempts), Some(status))
        );
    }
}

#[tokio::test]
async fn in_production_an_endpoint_is_checked_again_at_every_attempt() {
    let app = TestApp::with_env(&[("WEBHOOK_RETRY_SCHEDULE", "")]).await;
    let deal = Deal::new(&app, "attempt", fee_terms("1000000", 1)).await;
    let receiver = Receiver::start(0, Duration::ZERO).await;
    let creator = deal.creator.token().unwrap().to_owned();
    // Made in development, where a local http URL is fine...
    endpoint(&app, &creator, &receiver.url, &["CONVERSION_RECORDED"]).await;
    // ...then the server runs in production: the attempt is refused before any connection.
    let production = app.restart_with(&[("APP_ENV", "production")]).await;
    deal.record(&production, "SO-1", vnd("10000")).await;
    assert_eq!(send_due(&production).await, 1);
    let d = &endpoints(&production, &creator).await[0]["deliveries"]["nodes"][0];
    assert_eq!(
        (d["status"].as_str(), d["attempts"].as_i64()),
        (Some("FAILED"), Some(1))
    );
    assert_eq!(d["lastResponseStatus"], Value::Null);
    assert!(receiver.hits().is_empty());
}

#[tokio::test]
async fn operations_over_a_websocket_take_from_the_users_bucket() {
    let app = TestApp::with_env(&[("RATE_LIMIT_PER_MINUTE", "6")]).await;
    let user = app.creator("socket@creator.vn").await;
    let token = user.token().unwrap();
    // The handshake is anonymous (the token comes after); the operations count as the user's.
    let mut socket = WsClient::connect_as(&app, token).await;
    for i in 0..6 {
        let answer = socket
            .execute(&format!("q{i}"), "{ __typename }", json!({}))
            .await;
        assert_eq!(answer["data"]["__typename"], "Query", "operation {i}");
    }
    socket.subscribe("q6", "{ __typename }", json!({})).await;
    let refused = socket.next_message(Duration::from_secs(5)).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["payload"][0]["extensions"]["code"], "RATE_LIMITED");
    assert!(
        refused["payload"][0]["extensions"]["retryAfterSeconds"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // Over HTTP the same user's bucket is as empty.
    let (status, _, _) = post_raw(
        &app,
        &json!({ "query": "{ __typename }" }).to_string(),
        token,
        None,
    )
    .await;
    assert_eq!(status, 429);
}
