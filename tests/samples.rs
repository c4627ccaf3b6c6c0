//! Product samples through the router: shipped by the brand, received by the creator, extended
//! once, overdue through the real binary's sweep (`marketplace sweep --as-of`) or fulfilled by
//! publishing in time, and the creator's fulfilment rate; every refusal with its code and field,
//! leaving nothing behind.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{delivery::*, fixtures::*, market::*, notifications::kinds, *};
use serde_json::{Value, json};

const SAMPLE_FIELDS: &str = "id status carrier trackingNumber shippedAt receivedAt postBy extended settledAt collaboration { id }";

fn ship_query() -> String {
    format!(
        "mutation($input: ShipSampleInput!) {{ r: shipSample(input: $input) {{ {SAMPLE_FIELDS} }} }}"
    )
}

fn by_id(mutation: &str) -> String {
    format!("mutation($id: ID!) {{ r: {mutation}(sampleId: $id) {{ {SAMPLE_FIELDS} }} }}")
}

fn gift_terms(quantity: i32) -> Value {
    with(
        fee_terms("2000000", quantity),
        json!({ "giftProduct": true }),
    )
}

fn shipment(collaboration: &str, carrier: &str, tracking: &str) -> Value {
    json!({ "input": { "collaborationId": collaboration, "carrier": carrier, "trackingNumber": tracking } })
}

async fn sample_of(app: &TestApp, who: &Party, collaboration: &str) -> Value {
    app.ok(
        &format!("query($id: ID!) {{ collaboration(id: $id) {{ sample {{ {SAMPLE_FIELDS} }} }} }}"),
        json!({ "id": collaboration }),
        who.token(),
    )
    .await["collaboration"]["sample"]
        .clone()
}

async fn fulfilment(app: &TestApp, creator: &Party) -> Value {
    app.ok(
        "query($id: ID!) { creator(id: $id) { stats { sampleFulfilmentRate } } }",
        json!({ "id": creator.id }),
        creator.token(),
    )
    .await["creator"]["stats"]["sampleFulfilmentRate"]
        .clone()
}

fn time(value: &Value) -> DateTime<Utc> {
    ts(value)
}

async fn count(app: &TestApp, who: &Party, kind: &str) -> usize {
    kinds(app, who, None)
        .await
        .iter()
        .filter(|k| *k == kind)
        .count()
}

/// The brief's sample requirement and the creator's eligibility for it.
async fn eligibility(app: &TestApp, creator: &Party, brief: &str) -> Value {
    app.ok(
        "query($id: ID!) { brief(id: $id) { requirements { minSampleFulfilmentRate } eligibility { eligible reasons } } }",
        json!({ "id": brief }),
        creator.token(),
    )
    .await["brief"]
        .clone()
}

/// Runs the real binary's sweep once, as of `at`; its report.
async fn sweep_binary(app: &TestApp, at: DateTime<Utc>) -> String {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .args(["sweep", "--as-of", &at.to_rfc3339()])
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run marketplace sweep");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn a_sample_from_shipping_to_overdue_and_another_fulfilled() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "sample", gift_terms(2)).await;
    let collaboration = deal.id();

    // Refused before anything is stored.
    let refusals = [
        (
            shipment(&collaboration, " ", "GHN123"),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.carrier"),
        ),
        (
            shipment(&collaboration, "GHN", &"9".repeat(101)),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.trackingNumber"),
        ),
        (
            shipment("nope", "GHN", "GHN123"),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.collaborationId"),
        ),
        (
            shipment(&collaboration, "GHN", "GHN123"),
            deal.creator.token(),
            "FORBIDDEN",
            None,
        ),
    ];
    for (vars, token, code, field) in refusals {
        let error = app.error(&ship_query(), vars, token).await;
        assert_error(&error, code, field, code);
    }
    let other = brand_party(&app, "other@sample.vn").await;
    let error = app
        .error(
            &ship_query(),
            shipment(&collaboration, "GHN", "GHN123"),
            other.token(),
        )
        .await;
    assert_error(&error, "NOT_FOUND", None, "another brand");
    assert!(sample_of(&app, &deal.brand, &collaboration).await.is_null());
    assert_eq!(app.rows("samples").await, 0);

    // Shipped: the creator is told; a second shipment is CONFLICT.
    let shipped = app
        .ok(
            &ship_query(),
            shipment(&collaboration, " GHN ", "GHN123456"),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(shipped["status"], "SHIPPED");
    assert_eq!(shipped["carrier"], "GHN");
    assert!(shipped["postBy"].is_null() && shipped["receivedAt"].is_null());
    assert_eq!(count(&app, &deal.creator, "SAMPLE_SHIPPED").await, 1);
    let error = app
        .error(
            &ship_query(),
            shipment(&collaboration, "GHN", "GHN2"),
            deal.brand.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "a second sample");
    let sample = id(&shipped);

    // Not yet received: no extension; only the creator confirms receipt.
    let error = app
        .error(
            &by_id("extendSamplePostBy"),
            json!({ "id": sample }),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "extending a SHIPPED sample");
    let error = app
        .error(
            &by_id("confirmSampleReceipt"),
            json!({ "id": sample }),
            deal.brand.token(),
        )
        .await;
    assert_error(&error, "FORBIDDEN", None, "the brand confirming");
    let stranger = creator_party(&app, "stranger@sample.vn").await;
    let error = app
        .error(
            &by_id("confirmSampleReceipt"),
            json!({ "id": sample }),
            stranger.token(),
        )
        .await;
    assert_error(&error, "NOT_FOUND", None, "another creator");

    // Received: post-by 14 days from receipt; the brand is told.
    let received = app
        .ok(
            &by_id("confirmSampleReceipt"),
            json!({ "id": sample }),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(received["status"], "RECEIVED");
    let first_post_by = time(&received["postBy"]);
    assert_eq!(
        first_post_by - time(&received["receivedAt"]),
        Duration::days(14)
    );
    assert_eq!(count(&app, &deal.brand, "SAMPLE_RECEIVED").await, 1);
    let error = app
        .error(
            &by_id("confirmSampleReceipt"),
            json!({ "id": sample }),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "receipt twice");

    // One extension of 7 days; a second is CONFLICT and changes nothing.
    let extended = app
        .ok(
            &by_id("extendSamplePostBy"),
            json!({ "id": sample }),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(extended["extended"], true);
    let post_by = time(&extended["postBy"]);
    assert_eq!(post_by - first_post_by, Duration::days(7));
    let error = app
        .error(
            &by_id("extendSamplePostBy"),
            json!({ "id": sample }),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "an extension asked twice");
    assert_eq!(
        time(&sample_of(&app, &deal.creator, &collaboration).await["postBy"]),
        post_by
    );

    // One of two deliverables published; the first deadline passes: moot, since it was extended.
    deal.deliver(&app, &deal.deliverable(0)).await;
    let report = sweep_binary(&app, first_post_by + Duration::seconds(1)).await;
    assert!(report.contains("0 acted on"), "{report}");
    assert_eq!(
        sample_of(&app, &deal.brand, &collaboration).await["status"],
        "RECEIVED"
    );

    // At the extended deadline itself, still in time; just after, OVERDUE, and both are told once.
    sweep_binary(&app, post_by).await;
    assert_eq!(
        sample_of(&app, &deal.brand, &collaboration).await["status"],
        "RECEIVED"
    );
    let report = sweep_binary(&app, post_by + Duration::seconds(1)).await;
    assert!(report.contains("1 acted on"), "{report}");
    let overdue = sample_of(&app, &deal.brand, &collaboration).await;
    assert_eq!(overdue["status"], "OVERDUE", "{overdue}");
    assert!(overdue["settledAt"].is_string());
    sweep_binary(&app, post_by + Duration::days(1)).await;
    assert_eq!(count(&app, &deal.brand, "SAMPLE_OVERDUE").await, 1);
    assert_eq!(count(&app, &deal.creator, "SAMPLE_OVERDUE").await, 1);
    assert_eq!(fulfilment(&app, &deal.creator).await, "0.00");

    // A brief may ask a minimum rate: 0.00 is below 50, and a rate above 100 is refused.
    let asks = |rate: &str| {
        with(
            brief_input("Chiến dịch KOC tin cậy"),
            json!({ "requirements": { "minSampleFulfilmentRate": rate } }),
        )
    };
    let error = app
        .error(
            "mutation($input: CreateBriefInput!) { createBrief(input: $input) { id } }",
            json!({ "input": asks("100.5") }),
            deal.brand.token(),
        )
        .await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        Some("input.requirements.minSampleFulfilmentRate"),
        "a rate above 100",
    );
    let trusted = open_brief(&app, &deal.brand, asks("50")).await;
    let seen = eligibility(&app, &deal.creator, &trusted).await;
    assert_eq!(seen["requirements"]["minSampleFulfilmentRate"], "50.00");
    assert_eq!(
        seen["eligibility"],
        json!({ "eligible": false, "reasons": ["SAMPLE_FULFILMENT_BELOW_MIN"] })
    );

    // The same creator's second sample: all content live in time, FULFILLED; 1 of 2 settled.
    let brief = open_brief(&app, &deal.brand, brief_input("Chiến dịch mẫu thứ hai")).await;
    let second = hire(&app, &deal.brand, &brief, &deal.creator, gift_terms(1)).await;
    let shipped = app
        .ok(
            &ship_query(),
            shipment(&id(&second), "Viettel Post", "VTP1"),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    app.ok(
        &by_id("confirmSampleReceipt"),
        json!({ "id": id(&shipped) }),
        deal.creator.token(),
    )
    .await;
    deliver(
        &app,
        &deal.brand,
        &deal.creator,
        &id(&second["deliverables"][0]),
    )
    .await;
    let fulfilled = sample_of(&app, &deal.creator, &id(&second)).await;
    assert_eq!(fulfilled["status"], "FULFILLED", "{fulfilled}");
    assert_eq!(fulfilment(&app, &deal.creator).await, "50.00");
    // Now at 50.00, the creator meets the minimum.
    assert_eq!(
        eligibility(&app, &deal.creator, &trusted).await["eligibility"],
        json!({ "eligible": true, "reasons": [] })
    );
}

#[tokio::test]
async fn terms_without_a_gift_have_no_sample() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "nogift", fee_terms("2000000", 1)).await;
    let error = app
        .error(
            &ship_query(),
            shipment(&deal.id(), "GHN", "GHN1"),
            deal.brand.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "a deal without a gift");
    assert_eq!(app.rows("samples").await, 0);
    assert!(fulfilment(&app, &deal.creator).await.is_null());
}

#[tokio::test]
async fn a_sample_shipped_after_the_content_went_live_is_fulfilled_on_receipt() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "late", gift_terms(1)).await;
    deal.deliver(&app, &deal.deliverable(0)).await;
    let shipped = app
        .ok(
            &ship_query(),
            shipment(&deal.id(), "GHTK", "GHTK1"),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    let received = app
        .ok(
            &by_id("confirmSampleReceipt"),
            json!({ "id": id(&shipped) }),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(received["status"], "FULFILLED", "{received}");
    assert_eq!(fulfilment(&app, &deal.creator).await, "100.00");
    // Its deadline, when it comes, is moot.
    let report = sweep_binary(&app, time(&received["postBy"]) + Duration::seconds(1)).await;
    assert!(report.contains("0 acted on"), "{report}");
}
