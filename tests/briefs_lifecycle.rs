//! A brand's briefs through the router: the lifecycle and its refusals, the publishing rules,
//! money and rate validation, and updates of drafts and of open briefs.

mod common;

use chrono::{Duration, Utc};
use common::{briefs::*, market::*, *};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

// ---------------------------------------------------------------- 1. lifecycle

#[tokio::test]
async fn the_lifecycle_runs_draft_open_closed_completed_with_published_at_set_once() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "lifecycle@brand.vn").await;
    let t = brand.token();

    let created = create_brief(&app, &brand, brief_input("Chiến dịch hè")).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["publishedAt"], Value::Null);
    assert_eq!(created["brand"]["id"], brand.id.as_str());

    let before = Utc::now() - Duration::seconds(1);
    let published = publish_brief(&app, &brand, id).await;
    assert_eq!(published["status"], "OPEN");
    let published_at = ts(&published["publishedAt"]);
    assert!(published_at >= before && published_at <= Utc::now() + Duration::seconds(1));

    let closed = app.ok(CLOSE_BRIEF, json!({ "id": id }), t).await["r"].clone();
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(ts(&closed["publishedAt"]), published_at);

    let completed = app.ok(COMPLETE_BRIEF, json!({ "id": id }), t).await["r"].clone();
    assert_eq!(completed["status"], "COMPLETED");
    assert_eq!(ts(&completed["publishedAt"]), published_at);
    let stored = fetch_brief(&app, t, id).await;
    assert_eq!(stored["status"], "COMPLETED");
    assert_eq!(ts(&stored["publishedAt"]), published_at);
}

#[tokio::test]
async fn every_transition_is_allowed_from_exactly_its_statuses_and_conflicts_from_the_rest() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "matrix@brand.vn").await;
    let t = brand.token();

    for status in STATUSES {
        for op in Op::ALL {
            let title = format!("{status} {op:?}");
            let id = brief_in(&app, &brand, status, &title).await;
            let expected = match (status, op) {
                ("DRAFT", Op::Update) => Some("DRAFT"),
                ("DRAFT", Op::Publish) => Some("OPEN"),
                ("DRAFT", Op::Cancel) => Some("CANCELLED"),
                ("OPEN", Op::Update) => Some("OPEN"),
                ("OPEN", Op::Close) => Some("CLOSED"),
                ("OPEN", Op::Cancel) => Some("CANCELLED"),
                ("CLOSED", Op::Complete) => Some("COMPLETED"),
                ("CLOSED", Op::Cancel) => Some("CANCELLED"),
                _ => None,
            };
            let (query, vars) = op.request(&id);
            let body = app.gql(query, vars, t).await;
            let after = fetch_brief(&app, t, &id).await;
            match expected {
                Some(to) => {
                    assert!(body.get("errors").is_none(), "{title}: {body}");
                    assert_eq!(body["data"]["r"]["status"], to, "{title}");
                    assert_eq!(after["status"], to, "{title}");
                    if op == Op::Cancel {
                        // The reason is stored, trimmed (the contract has no field for it).
                        assert_eq!(
                            brief_row(&app, &id).await.cancel_reason.as_deref(),
                            Some("Budget cut"),
                            "{title}"
                        );
                    }
                    if op == Op::Update {
                        assert_eq!(after["title"], "Renamed", "{title}");
                    }
                }
                None => {
                    let error = body["errors"][0].clone();
                    assert_error(&error, "CONFLICT", None, &title);
                    assert_eq!(after["status"], status, "{title}: unchanged");
                    assert_eq!(after["title"], title.as_str(), "{title}: unchanged");
                    if status != "CANCELLED" {
                        assert_eq!(brief_row(&app, &id).await.cancel_reason, None, "{title}");
                    } else {
                        assert_eq!(
                            brief_row(&app, &id).await.cancel_reason.as_deref(),
                            Some("setup"),
                            "{title}: the first reason stays"
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn cancelling_needs_a_reason_and_a_refused_publish_leaves_the_draft() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "reason@brand.vn").await;
    let t = brand.token();
    let id = draft_brief(&app, &brand, brief_input("Cần lý do")).await;
    for reason in ["", "   "] {
        let error = app
            .error(CANCEL_BRIEF, json!({ "id": id, "reason": reason }), t)
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("reason"), reason);
    }
    let error = app
        .error(
            CANCEL_BRIEF,
            json!({ "id": id, "reason": "x".repeat(1_001) }),
            t,
        )
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("reason"), "too long");
    assert_eq!(fetch_brief(&app, t, &id).await["status"], "DRAFT");
    assert_eq!(brief_row(&app, &id).await.cancel_reason, None);

    let cancelled = app
        .ok(
            CANCEL_BRIEF,
            json!({ "id": id, "reason": "Sản phẩm ngừng bán" }),
            t,
        )
        .await;
    assert_eq!(cancelled["r"]["status"], "CANCELLED");
    assert_eq!(cancelled["r"]["publishedAt"], Value::Null);
    assert_eq!(
        brief_row(&app, &id).await.cancel_reason.as_deref(),
        Some("Sản phẩm ngừng bán")
    );
}

// ---------------------------------------------------------------- 2. publishing rules, money, rates

#[tokio::test]
async fn publishing_refuses_inconsistent_compensation_naming_the_field() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "comp@brand.vn").await;
    let t = brand.token();
    let fee_min = vnd("1000000");
    let fee_max = vnd("2000000");
    let cases = [
        (
            "FIXED_FEE without feeMin",
            json!({ "model": "FIXED_FEE", "feeMax": fee_max }),
            "compensation.feeMin",
        ),
        (
            "FIXED_FEE without feeMax",
            json!({ "model": "FIXED_FEE", "feeMin": fee_min }),
            "compensation.feeMax",
        ),
        (
            "FIXED_FEE without any fee",
            json!({ "model": "FIXED_FEE" }),
            "compensation.feeMin",
        ),
        (
            "FIXED_FEE with a commission",
            json!({ "model": "FIXED_FEE", "feeMin": fee_min, "feeMax": fee_max, "commissionRate": "10" }),
            "compensation.commissionRate",
        ),
        (
            "COMMISSION without a rate",
            json!({ "model": "COMMISSION" }),
            "compensation.commissionRate",
        ),
        (
            "COMMISSION with feeMin",
            json!({ "model": "COMMISSION", "commissionRate": "10", "feeMin": fee_min }),
            "compensation.feeMin",
        ),
        (
            "COMMISSION with feeMax",
            json!({ "model": "COMMISSION", "commissionRate": "10", "feeMax": fee_max }),
            "compensation.feeMax",
        ),
        (
            "HYBRID without feeMin",
            json!({ "model": "HYBRID", "feeMax": fee_max, "commissionRate": "5" }),
            "compensation.feeMin",
        ),
        (
            "HYBRID without feeMax",
            json!({ "model": "HYBRID", "feeMin": fee_min, "commissionRate": "5" }),
            "compensation.feeMax",
        ),
        (
            "HYBRID without a rate",
            json!({ "model": "HYBRID", "feeMin": fee_min, "feeMax": fee_max }),
            "compensation.commissionRate",
        ),
        (
            "GIFTING with feeMin",
            json!({ "model": "GIFTING", "giftProduct": true, "feeMin": fee_min }),
            "compensation.feeMin",
        ),
        (
            "GIFTING with feeMax",
            json!({ "model": "GIFTING", "giftProduct": true, "feeMax": fee_max }),
            "compensation.feeMax",
        ),
        (
            "GIFTING with a rate",
            json!({ "model": "GIFTING", "giftProduct": true, "commissionRate": "3" }),
            "compensation.commissionRate",
        ),
        (
            "GIFTING with giftProduct false",
            json!({ "model": "GIFTING", "giftProduct": false }),
            "compensation.giftProduct",
        ),
        (
            "GIFTING with giftProduct left to its default",
            json!({ "model": "GIFTING" }),
            "compensation.giftProduct",
        ),
    ];
    for (name, compensation, field) in cases {
        // Consistency is not checked at create: the draft is saved as written.
        let id = draft_brief(
            &app,
            &brand,
            with(brief_input(name), json!({ "compensation": compensation })),
        )
        .await;
        let error = app.error(PUBLISH_BRIEF, json!({ "id": id }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), name);
        let after = fetch_brief(&app, t, &id).await;
        assert_eq!(after["status"], "DRAFT", "{name}");
        assert_eq!(after["publishedAt"], Value::Null, "{name}");
    }

    // Each model, consistent, publishes; a gift may come on top of a fee (the implementation's
    // choice: the spec constrains giftProduct only for GIFTING).
    let fine = [
        json!({ "model": "FIXED_FEE", "feeMin": fee_min, "feeMax": fee_max }),
        json!({ "model": "FIXED_FEE", "feeMin": fee_min, "feeMax": fee_min, "giftProduct": true }),
        json!({ "model": "COMMISSION", "commissionRate": "12.5" }),
        json!({ "model": "HYBRID", "feeMin": fee_min, "feeMax": fee_max, "commissionRate": "5" }),
        json!({ "model": "GIFTING", "giftProduct": true }),
    ];
    for compensation in fine {
        let id = draft_brief(
            &app,
            &brand,
            with(
                brief_input("fine"),
                json!({ "compensation": compensation.clone() }),
            ),
        )
        .await;
        let published = app.gql(PUBLISH_BRIEF, json!({ "id": id }), t).await;
        assert_eq!(
            published["data"]["r"]["status"], "OPEN",
            "{compensation}: {published}"
        );
    }
}

#[tokio::test]
async fn publishing_needs_deliverables_slots_budget_and_future_deadlines() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "publishable@brand.vn").await;
    let t = brand.token();
    let cases = [
        (json!({ "deliverables": [] }), "deliverables"),
        (json!({ "slots": 0 }), "slots"),
        (json!({ "budget": vnd("0") }), "budget"),
        (
            json!({ "applicationDeadline": at(-Duration::minutes(1)) }),
            "applicationDeadline",
        ),
        (
            json!({ "contentDueAt": at(-Duration::days(2)) }),
            "contentDueAt",
        ),
    ];
    for (patch, field) in cases {
        let id = draft_brief(&app, &brand, with(brief_input(field), patch)).await;
        let error = app.error(PUBLISH_BRIEF, json!({ "id": id }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
        assert_eq!(
            fetch_brief(&app, t, &id).await["status"],
            "DRAFT",
            "{field}"
        );
    }
    // Deadlines are optional; without them the brief publishes.
    let id = draft_brief(
        &app,
        &brand,
        with(
            brief_input("no deadlines"),
            json!({ "applicationDeadline": null, "contentDueAt": null }),
        ),
    )
    .await;
    assert_eq!(publish_brief(&app, &brand, &id).await["status"], "OPEN");

    // A fixed draft publishes.
    let id = draft_brief(
        &app,
        &brand,
        with(brief_input("fixed later"), json!({ "slots": 0 })),
    )
    .await;
    app.error(PUBLISH_BRIEF, json!({ "id": id }), t).await;
    update_brief(&app, &brand, &id, json!({ "slots": 1 })).await;
    assert_eq!(publish_brief(&app, &brand, &id).await["status"], "OPEN");
}

#[tokio::test]
async fn rates_and_amounts_are_validated_at_create_with_the_field_named() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "money@brand.vn").await;
    let t = brand.token();
    let commission = |rate: &str| {
        with(
            brief_input("rate"),
            json!({ "compensation": { "model": "COMMISSION", "commissionRate": rate } }),
        )
    };
    let rate_field = "input.compensation.commissionRate";
    let mut bad = vec![
        (commission("0"), rate_field),
        (commission("0.00"), rate_field),
        (commission("-5"), rate_field),
        (commission("100.01"), rate_field),
        (commission("101"), rate_field),
        (commission("12.345"), rate_field),
        (commission("0.001"), rate_field),
        (
            with(
                brief_input("fee decimals VND"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("1500000.5"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.amount",
        ),
        (
            with(
                brief_input("fee decimals USD"),
                json!({ "budget": usd("1000"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("10"), "feeMax": usd("10.505") } }),
            ),
            "input.compensation.feeMax.amount",
        ),
        (
            with(
                brief_input("negative fee"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("-1"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.amount",
        ),
        (
            with(
                brief_input("budget decimals VND"),
                json!({ "budget": vnd("1000.5") }),
            ),
            "input.budget.amount",
        ),
        (
            with(
                brief_input("budget decimals USD"),
                json!({ "budget": usd("1000.123") }),
            ),
            "input.budget.amount",
        ),
        (
            with(
                brief_input("negative budget"),
                json!({ "budget": vnd("-10") }),
            ),
            "input.budget.amount",
        ),
        (
            with(
                brief_input("fee in USD, budget in VND"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": usd("100"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.currency",
        ),
        (
            with(
                brief_input("feeMax in EUR"),
                json!({ "compensation": { "model": "HYBRID", "feeMin": vnd("1"), "feeMax": money("100", "EUR"), "commissionRate": "5" } }),
            ),
            "input.compensation.feeMax.currency",
        ),
        (
            with(
                brief_input("JPY has no decimals either"),
                json!({ "budget": money("100.5", "JPY"), "compensation": { "model": "GIFTING", "giftProduct": true } }),
            ),
            "input.budget.amount",
        ),
        // Implementation's choice: feeMin above feeMax is refused at create, naming feeMax.
        (
            with(
                brief_input("min above max"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("3000000"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMax",
        ),
        (
            with(
                brief_input("engagement"),
                json!({ "requirements": { "minEngagementRate": "100.01" } }),
            ),
            "input.requirements.minEngagementRate",
        ),
        (
            with(
                brief_input("engagement"),
                json!({ "requirements": { "minEngagementRate": "2.555" } }),
            ),
            "input.requirements.minEngagementRate",
        ),
    ];
    // Lengths and counts (the documented maxima).
    bad.extend([
        (
            with(brief_input("x"), json!({ "title": "t".repeat(201) })),
            "input.title",
        ),
        (with(brief_input("x"), json!({ "title": "   " })), "input.title"),
        (
            with(brief_input("x"), json!({ "description": "d".repeat(5_001) })),
            "input.description",
        ),
        (with(brief_input("x"), json!({ "slots": -1 })), "input.slots"),
        (with(brief_input("x"), json!({ "slots": 10_001 })), "input.slots"),
        (
            with(
                brief_input("x"),
                json!({ "deliverables": [{ "type": "POST", "platform": "FACEBOOK", "quantity": 0 }] }),
            ),
            "input.deliverables.0.quantity",
        ),
        (
            with(
                brief_input("x"),
                json!({ "deliverables": [{ "type": "POST", "platform": "FACEBOOK" }, { "type": "POST", "platform": "FACEBOOK", "quantity": 21 }] }),
            ),
            "input.deliverables.1.quantity",
        ),
        (
            with(
                brief_input("x"),
                json!({ "deliverables": vec![json!({ "type": "POST", "platform": "ZALO" }); 21] }),
            ),
            "input.deliverables",
        ),
        (
            with(brief_input("x"), json!({ "productUrl": "ftp://shop.vn/son" })),
            "input.productUrl",
        ),
        (
            with(brief_input("x"), json!({ "productUrl": "javascript:alert(1)" })),
            "input.productUrl",
        ),
        // 2,034 characters sent, 4,044 once its spaces are percent-encoded.
        (
            with(
                brief_input("x"),
                json!({ "productUrl": format!("https://shop.example.vn/{}", " x".repeat(1005)) }),
            ),
            "input.productUrl",
        ),
        (
            with(brief_input("x"), json!({ "description": "mô tả\u{0}" })),
            "input.description",
        ),
        (
            with(brief_input("x"), json!({ "productName": "Son\u{1b}[31m" })),
            "input.productName",
        ),
        (with(brief_input("x"), json!({ "title": "\u{200B}\u{2060}" })), "input.title"),
        (
            with(
                brief_input("x"),
                json!({ "requirements": { "countries": ["VN", "XX"] } }),
            ),
            "input.requirements.countries.1",
        ),
        (
            with(
                brief_input("x"),
                json!({ "requirements": { "minFollowers": 5000, "maxFollowers": 4999 } }),
            ),
            "input.requirements.maxFollowers",
        ),
        (
            with(brief_input("x"), json!({ "requirements": { "minFollowers": -1 } })),
            "input.requirements.minFollowers",
        ),
    ]);
    for (input, field) in bad {
        let error = app.error(CREATE_BRIEF, json!({ "input": input }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), &input.to_string());
    }
    // Nothing half-made stayed behind.
    let data = app.ok(BRAND_BRIEFS, json!({ "id": brand.id }), t).await;
    assert_eq!(data["brand"]["briefs"]["totalCount"], 0);

    // The bounds are accepted and read back with the unit's digits.
    for (rate, shown) in [
        ("100", "100.00"),
        ("0.01", "0.01"),
        ("12.5", "12.50"),
        ("7.25", "7.25"),
    ] {
        let brief = create_brief(&app, &brand, commission(rate)).await;
        assert_eq!(brief["compensation"]["commissionRate"], shown, "{rate}");
        assert_eq!(brief["compensation"]["feeMin"], Value::Null);
    }
    let brief = create_brief(
        &app,
        &brand,
        with(
            brief_input("USD"),
            json!({ "budget": usd("5000.5"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("10"), "feeMax": usd("250.75") } }),
        ),
    )
    .await;
    assert_eq!(brief["budget"], usd("5000.50"));
    assert_eq!(brief["compensation"]["feeMin"], usd("10.00"));
    assert_eq!(brief["compensation"]["feeMax"], usd("250.75"));
    let brief = create_brief(&app, &brand, brief_input("VND")).await;
    assert_eq!(brief["budget"], vnd("10000000"));
    assert_eq!(brief["compensation"]["feeMin"], vnd("1000000"));
    // Implementation's choice: trailing zeros carry no value, so "1500000.00" VND is accepted.
    let brief = create_brief(
        &app,
        &brand,
        with(brief_input("zeros"), json!({ "budget": vnd("1500000.00") })),
    )
    .await;
    assert_eq!(brief["budget"], vnd("1500000"));
    // A zero minimum engagement is allowed (a requirement, not a commission rate).
    let brief = create_brief(
        &app,
        &brand,
        with(
            brief_input("zero engagement"),
            json!({ "requirements": { "minEngagementRate": "0" } }),
        ),
    )
    .await;
    assert_eq!(brief["requirements"]["minEngagementRate"], "0.00");
    // Exactly 200 characters of title.
    create_brief(
        &app,
        &brand,
        with(brief_input("x"), json!({ "title": "t".repeat(200) })),
    )
    .await;
}

#[tokio::test]
async fn a_fee_in_another_currency_is_refused_on_update_too() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "currency@brand.vn").await;
    let id = draft_brief(&app, &brand, brief_input("VND brief")).await;
    let error = update_brief_error(
        &app,
        &brand,
        &id,
        json!({ "compensation": { "model": "FIXED_FEE", "feeMin": usd("1"), "feeMax": usd("2") } }),
    )
    .await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        Some("input.compensation.feeMin.currency"),
        "update",
    );
    // Budget and compensation moving to USD together is fine on a DRAFT.
    let moved = update_brief(
        &app,
        &brand,
        &id,
        json!({ "budget": usd("900"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("100"), "feeMax": usd("200") } }),
    )
    .await;
    assert_eq!(moved["budget"], usd("900.00"));
    assert_eq!(moved["compensation"]["feeMax"], usd("200.00"));
}

#[tokio::test]
async fn changing_a_drafts_currency_does_not_reinterpret_its_fees() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "reinterpret@brand.vn").await;
    let t = brand.token();
    // Fees 1,000,000 to 3,000,000 VND.
    let id = draft_brief(&app, &brand, brief_input("VND fees")).await;
    // Moving the budget to USD without restating the fees would turn 1,000,000 đồng into
    // 10,000.00 dollars; it is refused, and the brief is unchanged.
    let error = update_brief_error(&app, &brand, &id, json!({ "budget": usd("500") })).await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.compensation"), "");
    let after = fetch_brief(&app, t, &id).await;
    assert_eq!(after["budget"], vnd("10000000"));
    assert_eq!(after["compensation"]["feeMin"], vnd("1000000"));
    // A brief without fees may change currency freely.
    let id = draft_brief(
        &app,
        &brand,
        with(
            brief_input("commission only"),
            json!({ "compensation": { "model": "COMMISSION", "commissionRate": "10" } }),
        ),
    )
    .await;
    let moved = update_brief(&app, &brand, &id, json!({ "budget": usd("500") })).await;
    assert_eq!(moved["budget"], usd("500.00"));
    assert_eq!(moved["compensation"]["commissionRate"], "10.00");
}

// ---------------------------------------------------------------- 3. updates

#[tokio::test]
async fn every_field_of_a_draft_round_trips_and_null_clears_the_optional_ones() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "edit@brand.vn").await;
    let t = brand.token();
    let id = draft_brief(
        &app,
        &brand,
        with(
            brief_input("Bản nháp"),
            json!({ "productName": "Son cũ", "productUrl": "https://old.example.vn/p" }),
        ),
    )
    .await;
    let deadline = "2031-03-04T05:06:07Z";
    let due = "2031-04-05T06:07:08.123456Z";
    let patch = json!({
        "title": "  Son môi mùa hè  ",
        "description": "Review son dưỡng ẩm",
        "objective": "PRODUCT_LAUNCH",
        "productName": "Son Cỏ Mềm",
        "productUrl": "https://comem.vn/son?ref=brief",
        "deliverables": [
            { "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": 2, "notes": " hook in 3s " },
            { "type": "POST", "platform": "INSTAGRAM" },
            { "type": "LIVESTREAM", "platform": "TIKTOK", "quantity": 1, "notes": "" },
            { "type": "UNBOXING", "platform": "SHOPEE", "quantity": 20 },
            { "type": "STORY", "platform": "INSTAGRAM" },
        ],
        "compensation": {
            "model": "HYBRID", "feeMin": usd("100"), "feeMax": usd("250.5"),
            "commissionRate": "7.5", "giftProduct": true
        },
        "budget": usd("5000.25"),
        "slots": 4,
        "requirements": {
            "creatorKinds": ["KOS", "KOC", "KOS"],
            "niches": ["FOOD", "BEAUTY"],
            "minFollowers": 1000,
            "maxFollowers": 50000,
            "minEngagementRate": "2.5",
            "countries": ["vn", "TH", "VN"]
        },
        "visibility": "INVITE_ONLY",
        "applicationDeadline": deadline,
        "contentDueAt": due,
    });
    let updated = update_brief(&app, &brand, &id, patch).await;
    let check = |b: &Value| {
        assert_eq!(b["id"], id.as_str());
        assert_eq!(b["status"], "DRAFT");
        assert_eq!(b["title"], "Son môi mùa hè");
        assert_eq!(b["description"], "Review son dưỡng ẩm");
        assert_eq!(b["objective"], "PRODUCT_LAUNCH");
        assert_eq!(b["productName"], "Son Cỏ Mềm");
        assert_eq!(b["productUrl"], "https://comem.vn/son?ref=brief");
        assert_eq!(b["platforms"], json!(["TIKTOK", "INSTAGRAM", "SHOPEE"]));
        assert_eq!(
            b["deliverables"],
            json!([
                { "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": 2, "notes": "hook in 3s" },
                { "type": "POST", "platform": "INSTAGRAM", "quantity": 1, "notes": null },
                { "type": "LIVESTREAM", "platform": "TIKTOK", "quantity": 1, "notes": null },
                { "type": "UNBOXING", "platform": "SHOPEE", "quantity": 20, "notes": null },
                { "type": "STORY", "platform": "INSTAGRAM", "quantity": 1, "notes": null },
            ])
        );
        assert_eq!(
            b["compensation"],
            json!({
                "model": "HYBRID", "feeMin": usd("100.00"), "feeMax": usd("250.50"),
                "commissionRate": "7.50", "giftProduct": true
            })
        );
        assert_eq!(b["budget"], usd("5000.25"));
        assert_eq!(b["committedBudget"], usd("0.00"));
        assert_eq!(b["slots"], 4);
        assert_eq!(b["filledSlots"], 0);
        // Implementation's choice: requirement lists come back deduplicated, in the contract's
        // enum order, countries upper-cased and sorted.
        assert_eq!(
            b["requirements"],
            json!({
                "creatorKinds": ["KOC", "KOS"], "niches": ["BEAUTY", "FOOD"],
                "minFollowers": 1000, "maxFollowers": 50000, "minEngagementRate": "2.50",
                "countries": ["TH", "VN"]
            })
        );
        assert_eq!(b["visibility"], "INVITE_ONLY");
        // Times come back in UTC to the millisecond: the microseconds given are dropped.
        assert_eq!(b["applicationDeadline"], "2031-03-04T05:06:07.000Z");
        assert_eq!(b["contentDueAt"], "2031-04-05T06:07:08.123Z");
        assert_eq!(b["publishedAt"], Value::Null);
        assert_eq!(b["brand"]["id"], brand.id.as_str());
    };
    check(&updated);
    check(&fetch_brief(&app, t, &id).await);

    // An empty update changes nothing.
    check(&update_brief(&app, &brand, &id, json!({})).await);
    // Omitted fields stay; null clears the optional ones.
    let cleared = update_brief(
        &app,
        &brand,
        &id,
        json!({ "productUrl": null, "applicationDeadline": null, "productName": null, "contentDueAt": null }),
    )
    .await;
    for field in [
        "productUrl",
        "applicationDeadline",
        "productName",
        "contentDueAt",
    ] {
        assert_eq!(cleared[field], Value::Null, "{field}");
    }
    assert_eq!(cleared["title"], "Son môi mùa hè");
    assert_eq!(cleared["budget"], usd("5000.25"));
    assert_eq!(
        cleared["platforms"],
        json!(["TIKTOK", "INSTAGRAM", "SHOPEE"])
    );
    let stored = fetch_brief(&app, t, &id).await;
    assert_eq!(stored["productUrl"], Value::Null);
    assert_eq!(stored["applicationDeadline"], Value::Null);

    // Replacing the deliverables replaces the platforms; none leaves none.
    let b = update_brief(
        &app,
        &brand,
        &id,
        json!({ "deliverables": [{ "type": "POST", "platform": "ZALO" }, { "type": "POST", "platform": "FACEBOOK" }] }),
    )
    .await;
    assert_eq!(b["platforms"], json!(["ZALO", "FACEBOOK"]));
    let b = update_brief(&app, &brand, &id, json!({ "deliverables": [] })).await;
    assert_eq!(b["platforms"], json!([]));
    assert_eq!(b["deliverables"], json!([]));
    // Requirements given again replace the old ones entirely.
    let b = update_brief(&app, &brand, &id, json!({ "requirements": {} })).await;
    assert_eq!(
        b["requirements"],
        json!({
            "creatorKinds": [], "niches": [], "minFollowers": null, "maxFollowers": null,
            "minEngagementRate": null, "countries": []
        })
    );
    // Invalid values are refused with the field named, and change nothing.
    let error = update_brief_error(
        &app,
        &brand,
        &id,
        json!({ "productUrl": "mailto:a@b.vn", "title": "X" }),
    )
    .await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.productUrl"), "url");
    let error = update_brief_error(&app, &brand, &id, json!({ "slots": -2 })).await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.slots"), "slots");
    assert_eq!(fetch_brief(&app, t, &id).await["title"], "Son môi mùa hè");
}

#[tokio::test]
async fn an_open_brief_keeps_its_currency_filled_slots_committed_budget_and_consistency() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "open-edit@brand.vn").await;
    let t = brand.token();
    let id = open_unfunded_brief(
        &app,
        &brand,
        with(brief_input("Đang mở"), json!({ "slots": 5 })),
    )
    .await;

    // The currency of an OPEN brief cannot change.
    let error = update_brief_error(
        &app,
        &brand,
        &id,
        json!({ "budget": usd("10000"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("1"), "feeMax": usd("2") } }),
    )
    .await;
    assert_error(
        &error,
        "CONFLICT",
        Some("input.budget.currency"),
        "currency",
    );

    // Offers come later; fill the counters directly as accepted offers would.
    edit_brief_row(&app, &id, |r| {
        r.filled_slots = Set(3);
        r.committed_minor = Set(5_000_000);
    })
    .await;
    let b = fetch_brief(&app, t, &id).await;
    assert_eq!(b["filledSlots"], 3);
    assert_eq!(b["committedBudget"], vnd("5000000"));

    let error =
        update_brief_error(&app, &brand, &id, json!({ "slots": 2, "title": "Đổi tên" })).await;
    assert_error(&error, "CONFLICT", Some("input.slots"), "slots");
    let error = update_brief_error(
        &app,
        &brand,
        &id,
        json!({ "budget": vnd("4999999"), "title": "Đổi tên" }),
    )
    .await;
    assert_error(&error, "CONFLICT", Some("input.budget.amount"), "budget");
    // Nothing of a refused update stays.
    let b = fetch_brief(&app, t, &id).await;
    assert_eq!(b["title"], "Đang mở");
    assert_eq!(b["slots"], 5);
    assert_eq!(b["budget"], vnd("10000000"));

    // Down to exactly what is filled and committed is fine.
    let b = update_brief(
        &app,
        &brand,
        &id,
        json!({ "slots": 3, "budget": vnd("5000000") }),
    )
    .await;
    assert_eq!(b["slots"], 3);
    assert_eq!(b["budget"], vnd("5000000"));
    assert_eq!(b["status"], "OPEN");
    // Same currency given again is not a change.
    let b = update_brief(&app, &brand, &id, json!({ "budget": vnd("6000000") })).await;
    assert_eq!(b["budget"], vnd("6000000"));

    // An OPEN brief must stay publishable.
    let cases = [
        (
            json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("1") } }),
            "compensation.feeMax",
        ),
        (
            json!({ "compensation": { "model": "GIFTING" } }),
            "compensation.giftProduct",
        ),
        (
            json!({ "compensation": { "model": "COMMISSION", "commissionRate": "5", "feeMin": vnd("1") } }),
            "compensation.feeMin",
        ),
        (json!({ "deliverables": [] }), "deliverables"),
        (
            json!({ "applicationDeadline": at(-Duration::hours(1)) }),
            "applicationDeadline",
        ),
        (
            json!({ "contentDueAt": at(-Duration::hours(1)) }),
            "contentDueAt",
        ),
    ];
    for (patch, field) in cases {
        let error = update_brief_error(&app, &brand, &id, patch).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
    }
    let b = fetch_brief(&app, t, &id).await;
    assert_eq!(b["compensation"]["model"], "FIXED_FEE");
    assert_eq!(b["platforms"], json!(["TIKTOK"]));
    // A consistent change of model on an OPEN brief is fine.
    let b = update_brief(
        &app,
        &brand,
        &id,
        json!({ "compensation": { "model": "COMMISSION", "commissionRate": "15" } }),
    )
    .await;
    assert_eq!(b["compensation"]["model"], "COMMISSION");
    assert_eq!(b["compensation"]["feeMin"], Value::Null);
}
