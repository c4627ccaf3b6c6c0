//! Tracking and money through the router, on SQLite and PostgreSQL: the tracking redirect and its
//! click counts (in parallel, across a flush on shutdown), conversions with commission rounded
//! half-up, idempotent order references (also under 20 parallel requests), reversal, settlement,
//! payment and the earnings they add up to, worked out by hand.

mod common;

use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use chrono::Duration;
use common::{
    delivery::CANCEL_COLLABORATION,
    fixtures::*,
    market::*,
    money::{assert_ledger_balances, balances, brand_wallets, creator_wallets, fund},
    notifications::NOTIFICATIONS,
    payments::*,
    *,
};
use entity::{collaboration, enums::CollaborationStatus};
use futures_util::future::join_all;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

/// A collaboration on a VND brief: fee 1,000,000 đồng and 12.5% commission (HYBRID terms).
async fn vnd_deal(app: &TestApp, tag: &str) -> Deal {
    let terms = with(
        fee_terms("1000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "12.5" }),
    );
    Deal::on(app, tag, brief_input("Son môi mùa hè"), terms).await
}

/// A collaboration on a USD brief: commission only, 7.5%.
async fn usd_deal(app: &TestApp, tag: &str) -> Deal {
    let input = with(
        brief_input("Summer lipstick"),
        json!({
            "compensation": { "model": "COMMISSION", "commissionRate": "7.5" },
            "budget": usd("1000"),
        }),
    );
    let terms = json!({
        "compensationModel": "COMMISSION",
        "commissionRate": "7.5",
        "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": 1 }],
        "dueAt": at(Duration::days(20)),
    });
    Deal::on(app, tag, input, terms).await
}

/// An app whose conversions lock as soon as they are recorded, for tests of settlement.
async fn locking_at_once() -> TestApp {
    TestApp::with_env(&[("COMMISSION_LOCK", "0s")]).await
}

/// Earnings as (fee, commission, total, paid, outstanding) amounts.
fn figures(m: &Value) -> [String; 5] {
    let e = &m["earnings"];
    ["fee", "commission", "total", "paid", "outstanding"]
        .map(|k| e[k]["amount"].as_str().unwrap_or("?").to_owned())
}

async fn set_status(app: &TestApp, deal: &Deal, status: CollaborationStatus) {
    let uuid = uuid(&deal.id());
    let row = collaboration::Entity::find_by_id(uuid)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut row: collaboration::ActiveModel = row.into();
    row.status = Set(status);
    row.update(app.db()).await.unwrap();
}

async fn stored_clicks(app: &TestApp, deal: &Deal) -> i64 {
    let uuid = uuid(&deal.id());
    collaboration::Entity::find_by_id(uuid)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .clicks
}

// ---------------------------------------------------------------- conversions and commission

#[tokio::test]
async fn vnd_commission_rounds_half_up_and_the_creator_is_told() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "vnd").await;
    // 12.5% of 1,004 đồng = 125.5 → 126.
    let c = deal.record(&app, "DH-1001", vnd("1004")).await;
    assert_eq!(c["orderRef"], "DH-1001");
    assert_eq!(c["amount"], json!({ "amount": "1004", "currency": "VND" }));
    assert_eq!(
        c["commission"],
        json!({ "amount": "126", "currency": "VND" })
    );
    assert_eq!(c["status"], "CONFIRMED");
    assert!(c["reversedAt"].is_null() && c["reversalReason"].is_null());
    // 12.5% of 1,003 = 125.375 → 125 (below the half).
    let c2 = deal.record(&app, "DH-1002", vnd("1003")).await;
    assert_eq!(c2["commission"]["amount"], "125");

    let data = app.ok(NOTIFICATIONS, json!({}), deal.creator.token()).await;
    let recorded: Vec<&Value> = data["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "CONVERSION_RECORDED")
        .collect();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0]["collaboration"]["id"], deal.id());
    assert!(
        recorded[1]["message"].as_str().unwrap().contains("DH-1001"),
        "{}",
        recorded[1]
    );
}

#[tokio::test]
async fn usd_commission_rounds_half_up_to_the_cent() {
    let app = TestApp::new().await;
    let deal = usd_deal(&app, "usd").await;
    // 7.5% of USD 10.10 = 0.7575 → 0.76.
    let c = deal.record(&app, "A-1", usd("10.10")).await;
    assert_eq!(c["amount"], json!({ "amount": "10.10", "currency": "USD" }));
    assert_eq!(
        c["commission"],
        json!({ "amount": "0.76", "currency": "USD" })
    );
    // 7.5% of 0.20 = 0.015 → 0.02; of 0.19 = 0.01425 → 0.01.
    assert_eq!(
        deal.record(&app, "A-2", usd("0.20")).await["commission"]["amount"],
        "0.02"
    );
    assert_eq!(
        deal.record(&app, "A-3", usd("0.19")).await["commission"]["amount"],
        "0.01"
    );
    let m = deal.ledger(&app).await;
    // No fee in the terms: commission only, 0.76 + 0.02 + 0.01.
    assert_eq!(
        figures(&m),
        ["0.00", "0.79", "0.79", "0.00", "0.79"].map(String::from)
    );
    assert_eq!(m["earnings"]["total"]["currency"], "USD");
}

#[tokio::test]
async fn an_order_is_recorded_once() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "idem").await;
    let first = deal.record(&app, "DH-7", vnd("200000")).await;
    // Same order, same amount (the reference trimmed): the same conversion, told once.
    let again = deal.record(&app, "  DH-7 ", vnd("200000")).await;
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["occurredAt"], first["occurredAt"]);
    // Another amount: CONFLICT.
    let error = app
        .error(
            RECORD,
            conversion(&deal.code, "DH-7", vnd("250000")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    // The code is found whatever its case and spaces.
    let lower = format!(" {} ", deal.code.to_lowercase());
    let third = app
        .ok(
            RECORD,
            conversion(&lower, "DH-7", vnd("200000")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(third["r"]["id"], first["id"]);

    let m = deal.ledger(&app).await;
    assert_eq!(m["conversions"]["totalCount"], 1);
    let data = app.ok(NOTIFICATIONS, json!({}), deal.creator.token()).await;
    let told = data["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "CONVERSION_RECORDED")
        .count();
    assert_eq!(told, 1);
}

/// What is tried, the variables, whose token, the code and field expected.
type Refusal<'a> = (&'a str, Value, Option<&'a str>, &'a str, Option<&'a str>);

#[tokio::test]
async fn recording_is_refused_as_the_spec_says() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "refuse").await;
    let stranger = brand_party(&app, "stranger@brand.vn").await;
    let admin = app.admin("admin@market.vn").await;
    let cases: Vec<Refusal> = vec![
        (
            "the creator",
            conversion(&deal.code, "X-1", vnd("1000")),
            deal.creator.token(),
            "FORBIDDEN",
            None,
        ),
        (
            "an admin",
            conversion(&deal.code, "X-1", vnd("1000")),
            admin.token(),
            "FORBIDDEN",
            None,
        ),
        (
            "another brand",
            conversion(&deal.code, "X-1", vnd("1000")),
            stranger.token(),
            "NOT_FOUND",
            None,
        ),
        (
            "an unknown code",
            conversion("NOPE1234", "X-1", vnd("1000")),
            deal.brand.token(),
            "NOT_FOUND",
            None,
        ),
        (
            "a code with a NUL",
            conversion(&format!("{}\u{0}", deal.code), "X-1", vnd("1000")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.trackingCode"),
        ),
        (
            "another currency",
            conversion(&deal.code, "X-1", usd("10")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.amount.currency"),
        ),
        (
            "a zero amount",
            conversion(&deal.code, "X-1", vnd("0")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.amount.amount"),
        ),
        (
            "a negative amount",
            conversion(&deal.code, "X-1", vnd("-5")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.amount.amount"),
        ),
        (
            "đồng with decimals",
            conversion(&deal.code, "X-1", vnd("10.5")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.amount.amount"),
        ),
        (
            "an empty order",
            conversion(&deal.code, "  ", vnd("1000")),
            deal.brand.token(),
            "BAD_USER_INPUT",
            Some("input.orderRef"),
        ),
        (
            "no token",
            conversion(&deal.code, "X-1", vnd("1000")),
            None,
            "UNAUTHENTICATED",
            None,
        ),
    ];
    for (what, vars, token, want, field) in cases {
        let error = app.error(RECORD, vars, token).await;
        assert_eq!(code(&error), want, "{what}: {error}");
        if let Some(field) = field {
            assert_eq!(error["extensions"]["field"], field, "{what}: {error}");
        }
    }
    let mut future = conversion(&deal.code, "X-1", vnd("1000"));
    future["input"]["occurredAt"] = json!(at(Duration::days(1)));
    let error = app.error(RECORD, future, deal.brand.token()).await;
    assert_eq!(error["extensions"]["field"], "input.occurredAt", "{error}");

    // A cancelled collaboration takes no conversions; a completed one does.
    set_status(&app, &deal, CollaborationStatus::Cancelled).await;
    let error = app
        .error(
            RECORD,
            conversion(&deal.code, "X-2", vnd("1000")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    set_status(&app, &deal, CollaborationStatus::Completed).await;
    let mut past = conversion(&deal.code, "X-2", vnd("1000"));
    past["input"]["occurredAt"] = json!("2026-01-02T03:04:05Z");
    let c = app.ok(RECORD, past, deal.brand.token()).await;
    assert_eq!(c["r"]["occurredAt"], "2026-01-02T03:04:05.000Z");
    assert_eq!(deal.ledger(&app).await["conversions"]["totalCount"], 1);
}

// ---------------------------------------------------------------- reverse, settle, pay, earnings

pub const ADJUST: &str = "mutation($input: AdjustConversionInput!) { r: adjustConversion(input: $input) { \
    id orderRef status amount { amount currency } originalAmount { amount currency } commission { amount } locked locksAt } }";

fn adjustment(deal: &Deal, order: &str, amount: Value) -> Value {
    json!({ "input": { "trackingCode": deal.code, "orderRef": order, "amount": amount, "reason": "Khách trả một phần" } })
}

#[tokio::test]
async fn earnings_follow_reversals_adjustments_and_settlements() {
    // Conversions lock 3 seconds after they are recorded: the test reverses and adjusts before,
    // and settles after.
    let app = TestApp::with_env(&[("COMMISSION_LOCK", "3s")]).await;
    let deal = vnd_deal(&app, "earn").await;
    // Nothing yet: settling makes nothing.
    assert!(deal.settle(&app).await.is_null());
    let zero = ["0", "0", "0", "0", "0"].map(String::from);
    assert_eq!(figures(&deal.ledger(&app).await), zero);

    let a = deal.record(&app, "A", vnd("1004")).await; // 125.5 → 126
    deal.record(&app, "B", vnd("2000000")).await; // 250,000
    deal.record(&app, "C", vnd("15")).await; // 1.875 → 2
    let c = deal.reverse(&app, "C").await;
    assert_eq!(c["status"], "REVERSED");
    assert_eq!(c["reversalReason"], "Khách trả hàng");
    assert!(c["reversedAt"].is_string());
    // Reversing twice: CONFLICT.
    let error = app
        .error(
            REVERSE,
            json!({ "input": { "trackingCode": deal.code, "orderRef": "C", "reason": "again" } }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    // An unknown order: NOT_FOUND; the creator: FORBIDDEN.
    let unknown = json!({ "input": { "trackingCode": deal.code, "orderRef": "Z", "reason": "x" } });
    let error = app
        .error(REVERSE, unknown.clone(), deal.brand.token())
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    let error = app.error(REVERSE, unknown, deal.creator.token()).await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");

    // A partial refund: B from 2,000,000 to 1,000,000, commission 125,000.
    let b = app
        .ok(
            ADJUST,
            adjustment(&deal, "B", vnd("1000000")),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(b["amount"]["amount"], "1000000");
    assert_eq!(b["originalAmount"]["amount"], "2000000");
    assert_eq!(b["commission"]["amount"], "125000");
    assert_eq!(b["locked"], false);
    // Lowered again, it keeps the first amount as the original.
    let b = app
        .ok(
            ADJUST,
            adjustment(&deal, "B", vnd("999999")),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(b["originalAmount"]["amount"], "2000000");
    assert_eq!(b["commission"]["amount"], "125000"); // 124,999.875 → 125,000
    for (amount, field) in [
        (vnd("999999"), "input.amount.amount"), // not below the current amount
        (vnd("1500000"), "input.amount.amount"), // above it
        (vnd("0"), "input.amount.amount"),
        (vnd("-5"), "input.amount.amount"),
        (vnd("10.5"), "input.amount.amount"),
        (usd("10"), "input.amount.currency"),
    ] {
        let error = app
            .error(
                ADJUST,
                adjustment(&deal, "B", amount.clone()),
                deal.brand.token(),
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), &format!("{amount}"));
    }
    let error = app
        .error(
            ADJUST,
            adjustment(&deal, "C", vnd("10")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "a reversed order: {error}");
    let error = app
        .error(
            ADJUST,
            adjustment(&deal, "Z", vnd("10")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    let error = app
        .error(
            ADJUST,
            adjustment(&deal, "B", vnd("10")),
            deal.creator.token(),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");
    let kinds: Vec<String> =
        app.ok(NOTIFICATIONS, json!({}), deal.creator.token()).await["notifications"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(
        kinds[..3],
        [
            "CONVERSION_ADJUSTED",
            "CONVERSION_ADJUSTED",
            "CONVERSION_REVERSED"
        ],
        "{kinds:?}"
    );

    // Fee 0 while ACTIVE; commission 126 + 125,000 (C reversed).
    let m = deal.ledger(&app).await;
    assert_eq!(
        figures(&m),
        ["0", "125126", "125126", "0", "125126"].map(String::from)
    );
    assert_eq!(m["earnings"]["fee"]["currency"], "VND");
    // Nothing has locked yet: nothing to settle.
    assert!(deal.settle(&app).await.is_null());

    until_locked(&app, &deal.brand, &deal.id()).await;
    // Locked: neither reversed nor adjusted any more.
    let error = app
        .error(
            REVERSE,
            json!({ "input": { "trackingCode": deal.code, "orderRef": "A", "reason": "late" } }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    let error = app
        .error(
            ADJUST,
            adjustment(&deal, "A", vnd("500")),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");

    // Settled from the brand's wallet: one COMMISSION payout, PAID at once.
    let p1 = deal.settle(&app).await;
    assert_eq!(p1["kind"], "COMMISSION");
    assert_eq!(
        p1["amount"],
        json!({ "amount": "125126", "currency": "VND" })
    );
    assert_eq!(p1["status"], "PAID");
    assert!(p1["reference"].is_string() && p1["paidAt"].is_string());
    // Nothing left to settle.
    assert!(deal.settle(&app).await.is_null());
    // markPayoutPaid is kept for older clients, and has nothing left to do.
    let error = app
        .error(
            PAY,
            json!({ "id": id(&p1), "ref": "VCB-0001" }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    let error = app
        .error(
            PAY,
            json!({ "id": id(&p1), "ref": "x" }),
            deal.creator.token(),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");
    let data = app.ok(NOTIFICATIONS, json!({}), deal.creator.token()).await;
    assert_eq!(
        data["notifications"]["nodes"][0]["kind"],
        "COMMISSION_SETTLED"
    );

    let m = deal.ledger(&app).await;
    assert_eq!(
        figures(&m),
        ["0", "125126", "125126", "125126", "0"].map(String::from)
    );
    // The brand funded its 10,000,000 budget; 1,000,000 is held for the fee; 125,126 went to the
    // creator.
    assert_eq!(
        balances(&brand_wallets(&app, &deal.brand).await, "VND"),
        ("8874874".to_owned(), "1000000".to_owned())
    );
    assert_eq!(
        balances(&creator_wallets(&app, &deal.creator).await, "VND"),
        ("125126".to_owned(), "0".to_owned())
    );

    // A new order is not locked yet, so not settled.
    deal.record(&app, "D", vnd("999")).await; // 124.875 → 125
    assert!(deal.settle(&app).await.is_null());
    let m = deal.ledger(&app).await;
    assert_eq!(
        figures(&m),
        ["0", "125251", "125251", "125126", "125"].map(String::from)
    );
    let kinds: Vec<(&str, &str, &str)> = m["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap(),
                p["amount"]["amount"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds, [("COMMISSION", "125126", "PAID")]);
    // Conversions newest first.
    let orders: Vec<&str> = m["conversions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["orderRef"].as_str().unwrap())
        .collect();
    assert_eq!(orders, ["D", "C", "B", "A"]);
    assert_eq!(m["conversions"]["nodes"][3]["id"], a["id"]);
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn settling_more_than_the_brand_has_is_refused_and_changes_nothing() {
    let app = locking_at_once().await;
    let deal = vnd_deal(&app, "short").await;
    // 9,000,000 available after the fee's hold; 80,000,000 at 12.5% is 10,000,000 due.
    deal.record(&app, "BIG", vnd("80000000")).await;
    let before = brand_wallets(&app, &deal.brand).await;
    let error = app
        .error(SETTLE, json!({ "id": deal.id() }), deal.brand.token())
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    assert_eq!(
        error["extensions"]["reason"], "INSUFFICIENT_FUNDS",
        "{error}"
    );
    assert_eq!(brand_wallets(&app, &deal.brand).await, before);
    assert!(
        creator_wallets(&app, &deal.creator)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        deal.ledger(&app).await["payouts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Funded, it settles.
    fund(&app, &deal.brand, vnd("1000000")).await;
    let p = deal.settle(&app).await;
    assert_eq!(p["amount"]["amount"], "10000000");
    assert_eq!(
        balances(&brand_wallets(&app, &deal.brand).await, "VND"),
        ("0".to_owned(), "1000000".to_owned())
    );
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn conversions_page_and_payouts_are_nodes_for_the_parties_only() {
    let app = locking_at_once().await;
    let deal = vnd_deal(&app, "page").await;
    for i in 0..5 {
        let mut vars = conversion(&deal.code, &format!("P-{i}"), vnd("1000"));
        vars["input"]["occurredAt"] = json!(format!("2026-03-0{}T10:00:00Z", i + 1));
        app.ok(RECORD, vars, deal.brand.token()).await;
    }
    let page = "query($id: ID!, $after: String) { collaboration(id: $id) { conversions(first: 2, after: $after) { \
        totalCount nodes { orderRef } pageInfo { hasNextPage endCursor } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .ok(
                page,
                json!({ "id": deal.id(), "after": after }),
                deal.brand.token(),
            )
            .await;
        let conn = &data["collaboration"]["conversions"];
        assert_eq!(conn["totalCount"], 5);
        for n in conn["nodes"].as_array().unwrap() {
            seen.push(n["orderRef"].as_str().unwrap().to_owned());
        }
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ["P-4", "P-3", "P-2", "P-1", "P-0"]);
    let error = app
        .error(
            "query($id: ID!) { collaboration(id: $id) { conversions(first: 101) { totalCount } } }",
            json!({ "id": deal.id() }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");

    let payout = deal.settle(&app).await;
    let m = deal.ledger(&app).await;
    let conversion_id = m["conversions"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stranger = brand_party(&app, "peek@brand.vn").await;
    let admin = app.admin("peek@admin.vn").await;
    for (node, typename) in [(&conversion_id, "Conversion"), (&id(&payout), "Payout")] {
        for who in [deal.brand.token(), deal.creator.token(), admin.token()] {
            let data = app.ok(NODE, json!({ "id": node }), who).await;
            assert_eq!(data["node"]["__typename"], typename);
        }
        let data = app.ok(NODE, json!({ "id": node }), stranger.token()).await;
        assert!(data["node"].is_null());
    }
    // Another brand cannot settle or pay: NOT_FOUND.
    let error = app
        .error(SETTLE, json!({ "id": deal.id() }), stranger.token())
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    let error = app
        .error(
            PAY,
            json!({ "id": id(&payout), "ref": "x" }),
            stranger.token(),
        )
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    let error = app
        .error(
            PAY,
            json!({ "id": id(&payout), "ref": "  " }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "reference", "{error}");
}

// ---------------------------------------------------------------- races

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_records_of_one_order_make_one_conversion() {
    let app = locking_at_once().await;
    let deal = vnd_deal(&app, "race").await;
    let answers = join_all((0..20).map(|_| {
        app.gql(
            RECORD,
            conversion(&deal.code, "RACE-1", vnd("500000")),
            deal.brand.token(),
        )
    }))
    .await;
    let mut ids_seen = Vec::new();
    for body in &answers {
        match body.get("errors") {
            None => ids_seen.push(body["data"]["r"]["id"].clone()),
            Some(errors) => assert_eq!(code(&errors[0]), "CONFLICT", "{body}"),
        }
    }
    assert!(!ids_seen.is_empty());
    assert!(ids_seen.iter().all(|i| *i == ids_seen[0]), "{ids_seen:?}");
    assert_eq!(deal.ledger(&app).await["conversions"]["totalCount"], 1);

    // Two settlements at once make one payout.
    let answers =
        join_all((0..5).map(|_| app.gql(SETTLE, json!({ "id": deal.id() }), deal.brand.token())))
            .await;
    let made = answers
        .iter()
        .filter(|b| {
            assert!(b.get("errors").is_none(), "{b}");
            !b["data"]["r"].is_null()
        })
        .count();
    assert_eq!(made, 1);
}

// ---------------------------------------------------------------- the tracking link

#[tokio::test]
async fn head_answers_like_get_and_counts_nothing() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "head").await;
    for _ in 0..3 {
        let (status, location) = visit(&app, Method::HEAD, &deal.code).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(location.as_deref(), Some("https://shop.example.vn/son-moi"));
    }
    assert_eq!(
        visit(&app, Method::HEAD, "NOPE1234").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(click(&app, &deal.code).await.0, StatusCode::FOUND);
    app.state.tracker.flush().await.unwrap();
    assert_eq!(stored_clicks(&app, &deal).await, 1);
}

#[tokio::test]
async fn a_cancelled_collaborations_link_is_gone_and_counts_nothing() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "gone").await;
    // Resolved and cached while ACTIVE.
    assert_eq!(click(&app, &deal.code).await.0, StatusCode::FOUND);
    let data = app
        .ok(
            CANCEL_COLLABORATION,
            json!({ "id": deal.id(), "reason": "Đổi kế hoạch" }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(data["r"]["status"], "CANCELLED");
    // Seen at once, well within the cache's lifetime.
    for method in [Method::GET, Method::HEAD, Method::GET] {
        let (status, location) = visit(&app, method, &deal.code).await;
        assert_eq!(status, StatusCode::GONE);
        assert_eq!(location, None);
    }
    // And by another instance, which reads it from the database.
    let other = app.restart().await;
    assert_eq!(click(&other, &deal.code).await.0, StatusCode::GONE);
    app.state.tracker.flush().await.unwrap();
    other.state.tracker.flush().await.unwrap();
    assert_eq!(stored_clicks(&app, &deal).await, 1);
}

#[tokio::test]
async fn the_tracking_link_redirects_and_counts() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "click").await;
    let (status, location) = click(&app, &deal.code).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(location.as_deref(), Some("https://shop.example.vn/son-moi"));
    // Case-insensitive, trimmed (a space typed into the link arrives encoded).
    let (status, _) = click(&app, &format!("%20{}%20", deal.code.to_lowercase())).await;
    assert_eq!(status, StatusCode::FOUND);
    // Unknown codes: 404, counted nowhere.
    assert_eq!(click(&app, "NOPE1234").await.0, StatusCode::NOT_FOUND);
    assert_eq!(click(&app, "%20").await.0, StatusCode::NOT_FOUND);
    // Not a code at all: never looked up (PostgreSQL cannot compare a NUL).
    assert_eq!(click(&app, "%00").await.0, StatusCode::NOT_FOUND);
    let with_nul = format!("{}%00", deal.code);
    assert_eq!(click(&app, &with_nul).await.0, StatusCode::NOT_FOUND);

    let c = collaboration_model(&app, &deal).await;
    assert_eq!(stored_clicks(&app, &deal).await, 0);
    assert_eq!(app.state.tracker.clicks_of(app.db(), &c).await.unwrap(), 2);
    app.state.tracker.flush().await.unwrap();
    assert_eq!(stored_clicks(&app, &deal).await, 2);
    assert_eq!(app.state.tracker.clicks_of(app.db(), &c).await.unwrap(), 2);
}

async fn collaboration_model(app: &TestApp, deal: &Deal) -> collaboration::Model {
    collaboration::Entity::find_by_id(uuid(&deal.id()))
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_brief_without_a_product_url_has_no_redirect() {
    let app = TestApp::new().await;
    let mut input = brief_input("Không có link");
    input.as_object_mut().unwrap().remove("productUrl");
    let deal = Deal::on(&app, "nourl", input, fee_terms("1000000", 1)).await;
    assert_eq!(click(&app, &deal.code).await.0, StatusCode::NOT_FOUND);
    app.state.tracker.flush().await.unwrap();
    let row = collaboration::Entity::find_by_id(uuid(&deal.id()))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.clicks, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_clicks_are_all_counted_with_flushes_between() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "many").await;
    let other = vnd_deal(&app, "many2").await;
    let tracker = app.state.tracker.clone();
    // Flush continually while clicks come in, as the background task does.
    let flusher = tokio::spawn(async move {
        for _ in 0..50 {
            tracker.flush().await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    });
    let answers = join_all((0..400).map(|i| {
        let code = if i % 4 == 0 { &other.code } else { &deal.code };
        click(&app, code)
    }))
    .await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::FOUND));
    flusher.await.unwrap();
    app.state.tracker.flush().await.unwrap();
    assert_eq!(stored_clicks(&app, &deal).await, 300);
    assert_eq!(stored_clicks(&app, &other).await, 100);
}

#[tokio::test]
async fn clicks_survive_a_restart_through_the_shutdown_flush() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "restart").await;
    for _ in 0..7 {
        assert_eq!(click(&app, &deal.code).await.0, StatusCode::FOUND);
    }
    // What `serve` does once the last request is answered.
    app.state.tracker.flush_all(3).await.unwrap();
    let second = app.restart().await;
    assert_eq!(stored_clicks(&second, &deal).await, 7);
    let c = collaboration_model(&second, &deal).await;
    assert_eq!(
        second
            .state
            .tracker
            .clicks_of(second.db(), &c)
            .await
            .unwrap(),
        7
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_writes_the_clicks_counted_since_the_last_flush() {
    let app = TestApp::new().await;
    let deal = vnd_deal(&app, "sigterm").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .expect("start the server");
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut up = false;
    for _ in 0..200 {
        if raw_get(address, "/healthz")
            .await
            .is_ok_and(|a| a.starts_with("HTTP/1.1 200"))
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(up, "the server did not start");

    let path = format!("/t/{}", deal.code);
    let answers = join_all((0..60).map(|_| raw_get(address, &path))).await;
    for answer in answers {
        let answer = answer.unwrap();
        assert!(answer.starts_with("HTTP/1.1 302"), "{answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("location: https://shop.example.vn/son-moi"),
            "{answer}"
        );
    }
    // At once, well within the flush interval: the last clicks are only in memory now.
    let pid = server.id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(std::time::Duration::from_secs(30), server.wait())
        .await
        .expect("the server stops")
        .unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(stored_clicks(&app, &deal).await, 60);
}

#[tokio::test]
async fn earnings_and_payouts_of_a_page_cost_the_same_statements_for_1_and_3() {
    let app = locking_at_once().await;
    let brand = brand_party(&app, "stmts@brand.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Nhiều hợp tác")).await;
    let terms = with(
        fee_terms("1000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "10" }),
    );
    let query = "query($first: Int) { myCollaborations(first: $first) { nodes { id \
        payouts { id amount { amount } } earnings { fee { amount } commission { amount } total { amount } \
        paid { amount } outstanding { amount } } escrow { held { amount } } } } }";
    let mut counts = Vec::new();
    for i in 0..3 {
        let creator = creator_party(&app, &format!("stmts{i}@creator.vn")).await;
        let c = hire(&app, &brand, &brief, &creator, terms.clone()).await;
        let code = c["trackingCode"].as_str().unwrap();
        record(&app, &brand, code, "S-1", vnd("10000")).await;
        settle(&app, &brand, &id(&c)).await;
        if i == 0 || i == 2 {
            let (data, statements) = app
                .statements_during(query, json!({ "first": 20 }), brand.token())
                .await;
            let nodes = data["myCollaborations"]["nodes"].as_array().unwrap();
            assert_eq!(nodes.len(), i + 1);
            for n in nodes {
                assert_eq!(n["earnings"]["commission"]["amount"], "1000");
                assert_eq!(n["payouts"][0]["amount"]["amount"], "1000");
                assert_eq!(n["escrow"]["held"]["amount"], "1000000");
            }
            counts.push(statements);
        }
    }
    // A DataLoader batch can split in two when the machine is starved between two items (its
    // window is 1 ms): one statement of slack. One query per row would add one per extra item.
    assert!(counts[1] <= counts[0] + 1, "{counts:?}");
}
