//! KOS livestream sessions through the router: three sessions scheduled, taken live and ended by
//! the creator, orders naming them three ways, and each session's figures and growth worked out by
//! hand; the creator's livestream stats and discovery ranking; every refusal with its code and
//! field, leaving nothing behind.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use common::{
    fixtures::*,
    market::*,
    notifications::kinds,
    payments::{RECORD, click},
    *,
};
use marketplace::clock;
use serde_json::{Value, json};

const SESSION_FIELDS: &str = "id number code platform status startsAt plannedMinutes \
    products { name price { amount currency } } startedAt endedAt peakViewers totalViewers \
    durationMinutes orders revenue { amount currency } commission { amount currency } \
    conversionRate revenueGrowth ordersGrowth collaboration { id }";

fn schedule_query() -> String {
    format!(
        "mutation($input: ScheduleLivestreamInput!) {{ r: scheduleLivestream(input: $input) {{ {SESSION_FIELDS} }} }}"
    )
}

fn end_query() -> String {
    format!(
        "mutation($input: EndLivestreamInput!) {{ r: endLivestream(input: $input) {{ {SESSION_FIELDS} }} }}"
    )
}

fn by_id(mutation: &str) -> String {
    format!("mutation($id: ID!) {{ r: {mutation}(sessionId: $id) {{ {SESSION_FIELDS} }} }}")
}

/// A fee of 1,000,000 đồng and 10% commission on every order.
fn kos_terms() -> Value {
    with(
        fee_terms("1000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "10" }),
    )
}

fn session_input(collaboration: &str, starts: DateTime<Utc>, minutes: i32) -> Value {
    json!({ "input": {
        "collaborationId": collaboration,
        "platform": "TIKTOK",
        "startsAt": clock::format(starts),
        "plannedMinutes": minutes,
        "products": [
            { "name": "Son kem lì", "price": vnd("199000") },
            { "name": "Phấn nước", "price": vnd("350000") },
        ],
    } })
}

fn figures(session: &str, peak: i32, total: i32, minutes: i32) -> Value {
    json!({ "input": { "sessionId": session, "peakViewers": peak, "totalViewers": total, "durationMinutes": minutes } })
}

async fn schedule(app: &TestApp, deal: &Deal, starts: DateTime<Utc>, minutes: i32) -> Value {
    app.ok(
        &schedule_query(),
        session_input(&deal.id(), starts, minutes),
        deal.creator.token(),
    )
    .await["r"]
        .clone()
}

/// The brand records an order: `code` as the tracking code, with `session` as sessionCode.
async fn order(
    app: &TestApp,
    deal: &Deal,
    code: &str,
    session: Option<&str>,
    order: &str,
    amount: &str,
) -> Value {
    let mut input = json!({ "trackingCode": code, "orderRef": order, "amount": vnd(amount) });
    if let Some(session) = session {
        input["sessionCode"] = json!(session);
    }
    app.ok(RECORD, json!({ "input": input }), deal.brand.token())
        .await["r"]
        .clone()
}

async fn sessions_of(app: &TestApp, who: &Party, collaboration: &str) -> Vec<Value> {
    app.ok(
        &format!(
            "query($id: ID!) {{ collaboration(id: $id) {{ livestreamSessions {{ {SESSION_FIELDS} }} }} }}"
        ),
        json!({ "id": collaboration }),
        who.token(),
    )
    .await["collaboration"]["livestreamSessions"]
        .as_array()
        .unwrap()
        .clone()
}

/// (orders, revenue, commission, conversionRate, revenueGrowth, ordersGrowth) of a session.
fn sales(s: &Value) -> (i64, String, String, Value, Value, Value) {
    (
        s["orders"].as_i64().unwrap(),
        s["revenue"]["amount"].as_str().unwrap().to_owned(),
        s["commission"]["amount"].as_str().unwrap().to_owned(),
        s["conversionRate"].clone(),
        s["revenueGrowth"].clone(),
        s["ordersGrowth"].clone(),
    )
}

#[tokio::test]
async fn a_kos_runs_three_sessions_with_their_figures_and_growth() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "kos", kos_terms()).await;
    let code = deal.code.clone();
    let now = clock::now();
    let starts = [
        now + Duration::minutes(30),
        now + Duration::days(1),
        now + Duration::days(2),
    ];

    // Scheduled: numbered within the collaboration, with the products at their live prices.
    let mut ids = Vec::new();
    for (i, at) in starts.iter().enumerate() {
        let s = schedule(&app, &deal, *at, 90).await;
        assert_eq!(s["number"], i as i64 + 1);
        assert_eq!(s["code"], format!("{code}-{}", i + 1));
        assert_eq!(s["status"], "SCHEDULED");
        assert_eq!(s["platform"], "TIKTOK");
        assert_eq!(s["startsAt"], clock::format(*at));
        assert_eq!(s["products"][1]["name"], "Phấn nước");
        assert_eq!(
            s["products"][1]["price"],
            json!({ "amount": "350000", "currency": "VND" })
        );
        assert_eq!(s["orders"], 0);
        assert_eq!(s["conversionRate"], Value::Null);
        ids.push(id(&s));
    }

    // Session 1: live now (30 minutes early is within the hour), orders by the tracking code
    // with the session's suffix, as a tracking link carries it.
    let live = app
        .ok(
            &by_id("startLivestream"),
            json!({ "id": ids[0] }),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(live["status"], "LIVE");
    assert!(live["startedAt"].is_string());
    let suffixed = format!("{code}-1");
    // The session's link leads where the collaboration's does; an unknown suffix shape is
    // unknown.
    assert_eq!(
        click(&app, &suffixed).await,
        (
            StatusCode::FOUND,
            Some("https://shop.example.vn/son-moi".to_owned())
        )
    );
    assert_eq!(
        click(&app, &format!("{code}-x")).await.0,
        StatusCode::NOT_FOUND
    );
    for (o, amount) in [("S1-A", "500000"), ("S1-B", "300000"), ("S1-C", "200000")] {
        let recorded = order(&app, &deal, &suffixed, None, o, amount).await;
        assert_eq!(recorded["status"], "CONFIRMED");
    }
    // An order without a session counts for the collaboration only.
    order(&app, &deal, &code, None, "PLAIN-1", "800000").await;
    let ended = app
        .ok(
            &end_query(),
            figures(&ids[0], 120, 400, 60),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(ended["status"], "ENDED");
    assert_eq!(
        (
            ended["peakViewers"].clone(),
            ended["totalViewers"].clone(),
            ended["durationMinutes"].clone()
        ),
        (json!(120), json!(400), json!(60))
    );
    // 3 orders of 1,000,000; 10% commission; 3 / 400 = 0.75%; the first has no growth.
    assert_eq!(
        sales(&ended),
        (
            3,
            "1000000".into(),
            "100000".into(),
            json!("0.75"),
            Value::Null,
            Value::Null
        )
    );

    // Session 2, a day later: orders name it by sessionCode; one is reversed and stops counting.
    clock::as_of(starts[1], async {
        app.ok(
            &by_id("startLivestream"),
            json!({ "id": ids[1] }),
            deal.creator.token(),
        )
        .await;
        let session = format!("{code}-2");
        for (o, amount) in [
            ("S2-A", "400000"),
            ("S2-B", "400000"),
            ("S2-C", "500000"),
            ("S2-D", "200000"),
            ("S2-E", "100000"),
        ] {
            let recorded = order(&app, &deal, &code, Some(&session), o, amount).await;
            assert_eq!(recorded["status"], "CONFIRMED");
        }
        deal.reverse(&app, "S2-E").await;
        let ended = app
            .ok(
                &end_query(),
                figures(&ids[1], 150, 500, 95),
                deal.creator.token(),
            )
            .await["r"]
            .clone();
        // 4 orders of 1,500,000, commission 150,000; 4 / 500 = 0.80%; revenue +50% over
        // 1,000,000, orders (4 − 3) / 3 = +33.33%.
        assert_eq!(
            sales(&ended),
            (
                4,
                "1500000".into(),
                "150000".into(),
                json!("0.80"),
                json!("50.00"),
                json!("33.33")
            )
        );
    })
    .await;

    // Session 3: the tracking code with the suffix in lower case, as a shop may type it.
    clock::as_of(starts[2], async {
        app.ok(
            &by_id("startLivestream"),
            json!({ "id": ids[2] }),
            deal.creator.token(),
        )
        .await;
        let lower = format!("{}-3", code.to_lowercase());
        order(&app, &deal, &lower, None, "S3-A", "600000").await;
        order(
            &app,
            &deal,
            &code,
            Some(&format!("{code}-3")),
            "S3-B",
            "300000",
        )
        .await;
        app.ok(
            &end_query(),
            figures(&ids[2], 90, 300, 45),
            deal.creator.token(),
        )
        .await;
    })
    .await;

    // The brand reads every session of its collaboration with its figures. Session 3: 2 orders
    // of 900,000, commission 90,000; 2 / 300 = 0.67% (0.666… half-up); revenue (900,000 −
    // 1,500,000) / 1,500,000 = −40%, orders (2 − 4) / 4 = −50%.
    let all = sessions_of(&app, &deal.brand, &deal.id()).await;
    assert_eq!(all.len(), 3);
    assert_eq!(
        all.iter().map(sales).collect::<Vec<_>>(),
        vec![
            (
                3,
                "1000000".into(),
                "100000".into(),
                json!("0.75"),
                Value::Null,
                Value::Null
            ),
            (
                4,
                "1500000".into(),
                "150000".into(),
                json!("0.80"),
                json!("50.00"),
                json!("33.33")
            ),
            (
                2,
                "900000".into(),
                "90000".into(),
                json!("0.67"),
                json!("-40.00"),
                json!("-50.00")
            ),
        ]
    );
    assert!(all.iter().all(|s| s["status"] == "ENDED"));

    // The conversion names its session; the plain one none.
    let ledger = app
        .ok(
            "query($id: ID!) { collaboration(id: $id) { conversions(first: 50) { nodes { orderRef livestreamSession { number } } } } }",
            json!({ "id": deal.id() }),
            deal.brand.token(),
        )
        .await;
    let by_order: Vec<(String, Value)> = ledger["collaboration"]["conversions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["orderRef"].as_str().unwrap().to_owned(),
                n["livestreamSession"]["number"].clone(),
            )
        })
        .collect();
    assert!(by_order.contains(&("S1-B".into(), json!(1))));
    assert!(by_order.contains(&("S2-A".into(), json!(2))));
    assert!(by_order.contains(&("S3-A".into(), json!(3))));
    assert!(by_order.contains(&("PLAIN-1".into(), Value::Null)));

    // The creator's record over its ended sessions: 9 orders, 3,400,000 đồng, 1,200 viewers
    // (400 a session), peak 150, 9 / 1,200 = 0.75%.
    let stats = app
        .ok(
            "query($id: ID!) { creator(id: $id) { stats { livestreams { sessions totalViewers averageViewers peakViewers orders revenue { amount currency } conversionRate } } } }",
            json!({ "id": deal.creator.id }),
            deal.brand.token(),
        )
        .await["creator"]["stats"]["livestreams"]
        .clone();
    assert_eq!(
        stats,
        json!({
            "sessions": 3, "totalViewers": 1200, "averageViewers": 400, "peakViewers": 150,
            "orders": 9, "revenue": [{ "amount": "3400000", "currency": "VND" }],
            "conversionRate": "0.75",
        })
    );

    // The brand was told of each session scheduled and ended.
    let told = kinds(&app, &deal.brand, None).await;
    assert_eq!(
        told.iter().filter(|k| *k == "LIVESTREAM_SCHEDULED").count(),
        3
    );
    assert_eq!(told.iter().filter(|k| *k == "LIVESTREAM_ENDED").count(), 3);

    // Discovery ranks the KOS above a creator without sessions, by revenue and by conversion.
    creator_party(&app, "quiet@creator.vn").await;
    for order_by in ["LIVESTREAM_REVENUE_DESC", "LIVESTREAM_CONVERSION_DESC"] {
        let page = app
            .ok(
                "query($o: CreatorOrder) { creators(first: 5, orderBy: $o) { nodes { id } } }",
                json!({ "o": order_by }),
                deal.brand.token(),
            )
            .await;
        assert_eq!(
            page["creators"]["nodes"][0]["id"], deal.creator.id,
            "{order_by}"
        );
    }
    // A reversal after the session ended lowers the record and the ranking key with it.
    deal.reverse(&app, "S3-A").await;
    let stats = app
        .ok(
            "query($id: ID!) { creator(id: $id) { stats { livestreams { orders revenue { amount } conversionRate } } } }",
            json!({ "id": deal.creator.id }),
            deal.creator.token(),
        )
        .await["creator"]["stats"]["livestreams"]
        .clone();
    assert_eq!(
        stats,
        json!({ "orders": 8, "revenue": [{ "amount": "2800000" }], "conversionRate": "0.67" })
    );
}

#[tokio::test]
async fn bad_sessions_and_orders_are_refused_and_leave_nothing() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "kosbad", kos_terms()).await;
    let collaboration = deal.id();
    let now = clock::now();
    let first = schedule(&app, &deal, now + Duration::days(1), 120).await;
    let first_id = id(&first);

    let usd_price = {
        let mut v = session_input(&collaboration, now + Duration::days(3), 60);
        v["input"]["products"][1]["price"] = usd("12.50");
        v
    };
    let no_products = {
        let mut v = session_input(&collaboration, now + Duration::days(3), 60);
        v["input"]["products"] = json!([]);
        v
    };
    let negative_price = {
        let mut v = session_input(&collaboration, now + Duration::days(3), 60);
        v["input"]["products"][0]["price"] = vnd("-1");
        v
    };
    let blank_name = {
        let mut v = session_input(&collaboration, now + Duration::days(3), 60);
        v["input"]["products"][0]["name"] = json!("  ");
        v
    };
    let refusals = [
        (
            session_input(&collaboration, now - Duration::minutes(5), 60),
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.startsAt"),
        ),
        (
            session_input(&collaboration, now + Duration::days(400), 60),
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.startsAt"),
        ),
        // Overlapping the first (it runs two hours from a day ahead), by its start or its end.
        (
            session_input(
                &collaboration,
                now + Duration::days(1) + Duration::minutes(90),
                60,
            ),
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.startsAt"),
        ),
        (
            session_input(
                &collaboration,
                now + Duration::days(1) - Duration::minutes(30),
                31,
            ),
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.startsAt"),
        ),
        (
            session_input(&collaboration, now + Duration::days(3), 0),
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.plannedMinutes"),
        ),
        (
            usd_price,
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.products.1.price.currency"),
        ),
        (
            no_products,
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.products"),
        ),
        (
            negative_price,
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.products.0.price.amount"),
        ),
        (
            blank_name,
            deal.creator.token(),
            "BAD_USER_INPUT",
            Some("input.products.0.name"),
        ),
        (
            session_input(&collaboration, now + Duration::days(3), 60),
            deal.brand.token(),
            "FORBIDDEN",
            None,
        ),
    ];
    for (vars, token, code, field) in refusals {
        let error = app.error(&schedule_query(), vars.clone(), token).await;
        assert_error(&error, code, field, &vars.to_string());
    }
    // Right after the first ends is free.
    let after = schedule(
        &app,
        &deal,
        now + Duration::days(1) + Duration::minutes(120),
        30,
    )
    .await;
    let other = creator_party(&app, "other@kosbad.vn").await;
    let error = app
        .error(
            &schedule_query(),
            session_input(&collaboration, now + Duration::days(5), 60),
            other.token(),
        )
        .await;
    assert_error(&error, "NOT_FOUND", None, "another creator's collaboration");
    assert_eq!(app.rows("livestream_sessions").await, 2);

    // Orders on a session that never went live, an unknown number, another collaboration's code.
    let code = deal.code.clone();
    let rec = |tracking: String, session: Option<String>| {
        let mut input =
            json!({ "trackingCode": tracking, "orderRef": "X-1", "amount": vnd("100000") });
        if let Some(session) = session {
            input["sessionCode"] = json!(session);
        }
        json!({ "input": input })
    };
    for (vars, want, field) in [
        (rec(format!("{code}-1"), None), "CONFLICT", None),
        (rec(format!("{code}-9"), None), "NOT_FOUND", None),
        (
            rec(code.clone(), Some(format!("{code}-9"))),
            "NOT_FOUND",
            None,
        ),
        (
            rec(code.clone(), Some("ZZZZ9999-1".into())),
            "BAD_USER_INPUT",
            Some("input.sessionCode"),
        ),
        (
            rec(code.clone(), Some(code.clone())),
            "BAD_USER_INPUT",
            Some("input.sessionCode"),
        ),
        (
            rec(format!("{code}-1"), Some(format!("{code}-2"))),
            "BAD_USER_INPUT",
            Some("input.sessionCode"),
        ),
    ] {
        let error = app.error(RECORD, vars.clone(), deal.brand.token()).await;
        assert_error(&error, want, field, &vars.to_string());
    }
    assert_eq!(app.rows("conversions").await, 0);

    // Figures below zero, or a peak above the total, and ending before going live.
    let error = app
        .error(
            &end_query(),
            figures(&first_id, 10, 100, 30),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "ending a SCHEDULED session");
    let error = app
        .error(
            &by_id("startLivestream"),
            json!({ "id": first_id }),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "starting a day early");
    clock::as_of(ts(&first["startsAt"]), async {
        app.ok(
            &by_id("startLivestream"),
            json!({ "id": first_id }),
            deal.creator.token(),
        )
        .await;
        for (vars, field) in [
            (figures(&first_id, -1, 100, 30), "input.peakViewers"),
            (figures(&first_id, 10, -100, 30), "input.totalViewers"),
            (figures(&first_id, 10, 100, -1), "input.durationMinutes"),
            (figures(&first_id, 101, 100, 30), "input.peakViewers"),
            (figures(&first_id, 10, 100, 1441), "input.durationMinutes"),
        ] {
            let error = app.error(&end_query(), vars, deal.creator.token()).await;
            assert_error(&error, "BAD_USER_INPUT", Some(field), field);
        }
        let error = app
            .error(
                &end_query(),
                figures(&first_id, 10, 100, 30),
                deal.brand.token(),
            )
            .await;
        assert_error(&error, "FORBIDDEN", None, "the brand ending it");
        let error = app
            .error(
                &by_id("cancelLivestream"),
                json!({ "id": first_id }),
                deal.brand.token(),
            )
            .await;
        assert_error(&error, "CONFLICT", None, "cancelling a LIVE session");
        // Still LIVE, with no figures.
        let s = &sessions_of(&app, &deal.creator, &collaboration).await[0];
        assert_eq!(s["status"], "LIVE");
        assert_eq!(s["totalViewers"], Value::Null);
    })
    .await;

    // The brand calls off the later one; the creator is told; twice is CONFLICT.
    let cancelled = app
        .ok(
            &by_id("cancelLivestream"),
            json!({ "id": id(&after) }),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(cancelled["status"], "CANCELLED");
    let error = app
        .error(
            &by_id("cancelLivestream"),
            json!({ "id": id(&after) }),
            deal.brand.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "cancelling twice");
    assert!(
        kinds(&app, &deal.creator, None)
            .await
            .contains(&"LIVESTREAM_CANCELLED".to_owned())
    );
    // Someone else's session reads as nothing.
    let outsider = brand_party(&app, "outsider@kosbad.vn").await;
    let node = app
        .ok(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": first_id }),
            outsider.token(),
        )
        .await;
    assert_eq!(node["node"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_sessions_raced_for_two_collaborations_make_one() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "kosrace", kos_terms()).await;
    // The same creator works for a second brand too.
    let brand = brand_party(&app, "second@kosrace.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Chiến dịch thứ hai")).await;
    let second = id(&hire(&app, &brand, &brief, &deal.creator, kos_terms()).await);

    let starts = clock::now() + Duration::days(2);
    let answers = futures_util::future::join_all((0..10).map(|i| {
        let collaboration = if i % 2 == 0 {
            deal.id()
        } else {
            second.clone()
        };
        // Each starts within the others' planned hour.
        let vars = session_input(&collaboration, starts + Duration::minutes(i), 60);
        let app = &app;
        let token = deal.creator.token();
        async move { app.gql(&schedule_query(), vars, token).await }
    }))
    .await;
    let won: Vec<&Value> = answers
        .iter()
        .filter(|a| a.get("errors").is_none())
        .collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for lost in answers.iter().filter(|a| a.get("errors").is_some()) {
        assert_error(
            &lost["errors"][0],
            "BAD_USER_INPUT",
            Some("input.startsAt"),
            "a loser",
        );
    }
    assert_eq!(app.rows("livestream_sessions").await, 1);
}

/// Runs one session of `deal` now: scheduled, live at once, `orders` of 100,000 đồng by the
/// session's code, ended with `viewers`.
async fn run_session(app: &TestApp, deal: &Deal, tag: &str, orders: usize, viewers: i32) -> String {
    let starts = clock::now() + Duration::minutes(30);
    let s = schedule(app, deal, starts, 30).await;
    let code = s["code"].as_str().unwrap().to_owned();
    app.ok(
        &by_id("startLivestream"),
        json!({ "id": id(&s) }),
        deal.creator.token(),
    )
    .await;
    for n in 0..orders {
        order(app, deal, &code, None, &format!("{tag}-{n}"), "100000").await;
    }
    clock::as_of(
        starts + Duration::minutes(30),
        app.ok(
            &end_query(),
            figures(&id(&s), viewers, viewers, 30),
            deal.creator.token(),
        ),
    )
    .await;
    code
}

#[tokio::test]
async fn growth_stays_within_one_brand_and_reversals_by_session_code_count() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "kosgrowth", kos_terms()).await;
    let brand = brand_party(&app, "second@kosgrowth.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Chiến dịch thứ hai")).await;
    let collaboration = hire(&app, &brand, &brief, &deal.creator, kos_terms()).await;
    let second = Deal {
        brand,
        creator: Party {
            session: deal.creator.session.clone(),
            id: deal.creator.id.clone(),
        },
        brief,
        code: collaboration["trackingCode"].as_str().unwrap().to_owned(),
        collaboration,
    };

    // The first brand's session sells 2; the second brand's first session, later, sells 4: it
    // has no growth (the first brand's figures are not its base).
    run_session(&app, &deal, "A", 2, 100).await;
    let code = clock::as_of(
        clock::now() + Duration::hours(2),
        run_session(&app, &second, "B", 4, 100),
    )
    .await;
    let s = &sessions_of(&app, &second.brand, &second.id()).await[0];
    assert_eq!(
        (s["orders"].clone(), s["revenueGrowth"].clone()),
        (json!(4), Value::Null)
    );

    // A reversal and an adjustment by the session's code lower its figures and the creator's.
    app.ok(
        "mutation($input: ReverseConversionInput!) { reverseConversion(input: $input) { status } }",
        json!({ "input": { "trackingCode": code, "orderRef": "B-0", "reason": "Khách trả hàng" } }),
        second.brand.token(),
    )
    .await;
    app.ok(
        "mutation($input: AdjustConversionInput!) { adjustConversion(input: $input) { amount { amount } } }",
        json!({ "input": { "trackingCode": code, "orderRef": "B-1", "amount": vnd("40000"), "reason": "Hoàn một phần" } }),
        second.brand.token(),
    )
    .await;
    let s = &sessions_of(&app, &second.brand, &second.id()).await[0];
    // 3 orders: 40,000 + 100,000 + 100,000.
    assert_eq!(
        (
            s["orders"].clone(),
            s["revenue"]["amount"].clone(),
            s["conversionRate"].clone()
        ),
        (json!(3), json!("240000"), json!("3.00"))
    );
    let stats = app
        .ok(
            "query($id: ID!) { creator(id: $id) { stats { livestreams { sessions orders revenue { amount } } } } }",
            json!({ "id": deal.creator.id }),
            deal.brand.token(),
        )
        .await["creator"]["stats"]["livestreams"]
        .clone();
    assert_eq!(
        stats,
        json!({ "sessions": 2, "orders": 5, "revenue": [{ "amount": "440000" }] })
    );
}
