//! Finding briefs, through the router: a creator's eligibility, discovery with every filter,
//! keyset pagination under concurrent publishing, and the statements a page costs.

mod common;

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, Utc};
use common::{briefs::*, creators::UPDATE_PROFILE, fixtures::creator_with, market::*, *};
use futures_util::{StreamExt, stream};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

// ---------------------------------------------------------------- 1. eligibility

#[tokio::test]
async fn eligibility_reports_each_failed_requirement_counting_only_the_briefs_platforms() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "elig@brand.vn").await;
    let t = brand.token();
    // 8,000 TikTok followers at 6%, 2,000 Instagram at 1%, 100,000 YouTube with no rate stated.
    let creator = creator_with(
        &app,
        "elig@creator.vn",
        "Test Creator",
        json!({ "kind": "KOC", "niches": ["BEAUTY", "FOOD"], "country": "VN" }),
        &[
            ("TIKTOK", 8_000, Some("6")),
            ("INSTAGRAM", 2_000, Some("1")),
            ("YOUTUBE", 100_000, None),
        ],
    )
    .await;
    let stateless = creator_with(
        &app,
        "nowhere@creator.vn",
        "Test Creator",
        json!({ "kind": "KOC", "niches": ["BEAUTY"] }),
        &[("TIKTOK", 8_000, Some("6"))],
    )
    .await;

    let tiktok = ["TIKTOK"];
    let cases: Vec<(&str, &[&str], Value, Vec<&str>)> = vec![
        ("no requirements", &tiktok, json!({}), vec![]),
        (
            "kind",
            &tiktok,
            json!({ "creatorKinds": ["KOL", "KOS"] }),
            vec!["KIND"],
        ),
        (
            "kind met",
            &tiktok,
            json!({ "creatorKinds": ["KOC"] }),
            vec![],
        ),
        (
            "niche",
            &tiktok,
            json!({ "niches": ["TECH", "GAMING"] }),
            vec!["NICHE"],
        ),
        (
            "niche met",
            &tiktok,
            json!({ "niches": ["TECH", "FOOD"] }),
            vec![],
        ),
        (
            "platform",
            &["TIKTOK", "SHOPEE"],
            json!({}),
            vec!["PLATFORM"],
        ),
        // 8,000 on TikTok: the 100,000 on YouTube do not count.
        (
            "below min",
            &tiktok,
            json!({ "minFollowers": 8_001 }),
            vec!["FOLLOWERS_BELOW_MIN"],
        ),
        (
            "above max",
            &tiktok,
            json!({ "maxFollowers": 7_999 }),
            vec!["FOLLOWERS_ABOVE_MAX"],
        ),
        // The YouTube audience alone would exceed the maximum.
        (
            "max met on TikTok",
            &tiktok,
            json!({ "maxFollowers": 9_000 }),
            vec![],
        ),
        (
            "above max on YouTube",
            &["YOUTUBE"],
            json!({ "maxFollowers": 9_000 }),
            vec!["FOLLOWERS_ABOVE_MAX"],
        ),
        (
            "engagement",
            &tiktok,
            json!({ "minEngagementRate": "6.01" }),
            vec!["ENGAGEMENT_BELOW_MIN"],
        ),
        (
            "country",
            &tiktok,
            json!({ "countries": ["TH", "SG"] }),
            vec!["COUNTRY"],
        ),
        (
            "country met",
            &tiktok,
            json!({ "countries": ["TH", "VN"] }),
            vec![],
        ),
        (
            "bounds are inclusive",
            &tiktok,
            json!({ "minFollowers": 8_000, "maxFollowers": 8_000, "minEngagementRate": "6" }),
            vec![],
        ),
        // TikTok + Instagram: 10,000 followers at (8000·6 + 2000·1) / 10000 = 5%.
        (
            "summed and weighted over two platforms",
            &["TIKTOK", "INSTAGRAM"],
            json!({ "minFollowers": 10_000, "minEngagementRate": "5" }),
            vec![],
        ),
        (
            "weighted engagement just below",
            &["TIKTOK", "INSTAGRAM"],
            json!({ "minFollowers": 10_001, "minEngagementRate": "5.01" }),
            vec!["FOLLOWERS_BELOW_MIN", "ENGAGEMENT_BELOW_MIN"],
        ),
        // Implementation's choice: no rate stated on the brief's platforms is below any minimum.
        (
            "no rate stated",
            &["YOUTUBE"],
            json!({ "minEngagementRate": "0.01" }),
            vec!["ENGAGEMENT_BELOW_MIN"],
        ),
        (
            "several together",
            &["TIKTOK", "ZALO"],
            json!({
                "creatorKinds": ["KOS"], "niches": ["GAMING"], "minFollowers": 1_000_000,
                "minEngagementRate": "50", "countries": ["TH"]
            }),
            vec![
                "KIND",
                "NICHE",
                "PLATFORM",
                "FOLLOWERS_BELOW_MIN",
                "ENGAGEMENT_BELOW_MIN",
                "COUNTRY",
            ],
        ),
        (
            "all seven reasons that can hold together",
            &["TIKTOK", "FACEBOOK"],
            json!({
                "creatorKinds": ["KOL"], "niches": ["PETS"], "maxFollowers": 10,
                "minEngagementRate": "7", "countries": ["US"]
            }),
            vec![
                "KIND",
                "NICHE",
                "PLATFORM",
                "FOLLOWERS_ABOVE_MAX",
                "ENGAGEMENT_BELOW_MIN",
                "COUNTRY",
            ],
        ),
    ];
    let admin = app.admin("elig@admin.vn").await;
    let other = brand_party(&app, "elig-other@brand.vn").await;
    for (name, platforms, requirements, reasons) in cases {
        let id = open_unfunded_brief(
            &app,
            &brand,
            with(
                brief_input(name),
                json!({ "deliverables": on(platforms), "requirements": requirements }),
            ),
        )
        .await;
        let data = app
            .ok(ELIGIBILITY, json!({ "id": id }), creator.token())
            .await;
        assert_eq!(
            data["brief"]["eligibility"],
            json!({ "eligible": reasons.is_empty(), "reasons": reasons }),
            "{name}"
        );
        // Only creators get an answer.
        for viewer in [t, other.token(), admin.token()] {
            let data = app.ok(ELIGIBILITY, json!({ "id": id }), viewer).await;
            assert_eq!(data["brief"]["eligibility"], Value::Null, "{name}");
        }
    }

    // A creator without a country fails any country requirement.
    let id = open_unfunded_brief(
        &app,
        &brand,
        with(
            brief_input("country for nowhere"),
            json!({ "requirements": { "countries": ["VN"] } }),
        ),
    )
    .await;
    let data = app
        .ok(ELIGIBILITY, json!({ "id": id }), stateless.token())
        .await;
    assert_eq!(
        data["brief"]["eligibility"],
        json!({ "eligible": false, "reasons": ["COUNTRY"] })
    );
    // Eligibility follows the creator's profile as it changes.
    let id = open_unfunded_brief(
        &app,
        &brand,
        with(
            brief_input("KOL only"),
            json!({ "requirements": { "creatorKinds": ["KOL"] } }),
        ),
    )
    .await;
    let data = app
        .ok(ELIGIBILITY, json!({ "id": id }), creator.token())
        .await;
    assert_eq!(data["brief"]["eligibility"]["reasons"], json!(["KIND"]));
    app.ok(
        UPDATE_PROFILE,
        json!({ "input": { "kind": "KOL" } }),
        creator.token(),
    )
    .await;
    let data = app
        .ok(ELIGIBILITY, json!({ "id": id }), creator.token())
        .await;
    assert_eq!(
        data["brief"]["eligibility"],
        json!({ "eligible": true, "reasons": [] })
    );
}

// ---------------------------------------------------------------- 2. discovery

#[tokio::test]
async fn discovery_filters_match_exact_sets_and_leave_out_what_is_not_open_and_public() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "discover@brand.vn").await;
    let t = brand.token();
    let creator = creator_with(
        &app,
        "discover@creator.vn",
        "Test Creator",
        json!({ "kind": "KOC", "niches": ["BEAUTY"], "country": "VN" }),
        &[
            ("TIKTOK", 5_000, Some("4")),
            ("INSTAGRAM", 3_000, Some("2")),
        ],
    )
    .await;
    let other = brand_party(&app, "discover-other@brand.vn").await;
    let admin = app.admin("discover@admin.vn").await;

    let fee = json!({ "model": "FIXED_FEE", "feeMin": vnd("1000000"), "feeMax": vnd("2000000") });
    let commission = json!({ "model": "COMMISSION", "commissionRate": "10" });
    let hybrid = json!({ "model": "HYBRID", "feeMin": vnd("500000"), "feeMax": vnd("900000"), "commissionRate": "5" });
    let gifting = json!({ "model": "GIFTING", "giftProduct": true });

    // The discoverable briefs, published in this order.
    let visible = [
        (
            "Son môi mùa hè",
            json!({
                "description": "Thử son và kể cảm nhận.",
                "objective": "SALES", "compensation": commission, "deliverables": on(&["TIKTOK"]),
                "requirements": { "niches": ["BEAUTY"], "creatorKinds": ["KOC"] },
            }),
        ),
        (
            "Kem ban đêm",
            json!({
                "description": "Review kem DƯỠNG DA ban đêm trong 14 ngày.",
                "objective": "AWARENESS", "compensation": fee,
                "deliverables": on(&["INSTAGRAM", "TIKTOK"]),
                "requirements": { "niches": ["BEAUTY", "HEALTH"] },
            }),
        ),
        (
            "Laptop cho sinh viên",
            json!({
                "description": "Đánh giá máy giá 1000 đô.",
                "objective": "PRODUCT_LAUNCH", "compensation": hybrid, "deliverables": on(&["YOUTUBE"]),
                "requirements": { "niches": ["TECH"], "creatorKinds": ["KOL"] },
            }),
        ),
        (
            "Livestream thời trang",
            json!({
                "description": "Chốt đơn trên sóng.", "productName": "Áo dài cách tân",
                "objective": "SALES", "compensation": commission,
                "deliverables": on(&["SHOPEE", "TIKTOK"]),
                "requirements": { "niches": ["FASHION"], "creatorKinds": ["KOS"] },
            }),
        ),
        (
            "Ẩm thực đường phố",
            json!({
                "description": "Nếm thử và góp ý.", "objective": "FEEDBACK", "compensation": gifting,
                "deliverables": on(&["FACEBOOK"]),
                "requirements": { "niches": ["FOOD"], "creatorKinds": ["KOC", "KOS"] },
            }),
        ),
        (
            "Ứng dụng ngân hàng",
            json!({
                "description": "Hoàn tiền 100% cho đơn đầu_tiên.", "objective": "AWARENESS",
                "compensation": fee, "deliverables": on(&["ZALO"]),
            }),
        ),
    ];
    for (title, patch) in &visible {
        open_unfunded_brief(
            &app,
            &brand,
            with(
                with(brief_input(title), json!({ "title": title })),
                patch.clone(),
            ),
        )
        .await;
    }

    // Briefs that match every filter but must never be listed.
    let lure = |title: &str| {
        with(
            brief_input(title),
            json!({
                "description": "son moi duong da laptop 100% Son môi dưỡng da",
                "objective": "SALES", "compensation": commission,
                "deliverables": on(&["TIKTOK", "INSTAGRAM", "YOUTUBE", "SHOPEE", "FACEBOOK", "ZALO"]),
            }),
        )
    };
    draft_brief(&app, &brand, lure("lure draft")).await;
    let closed = open_unfunded_brief(&app, &brand, lure("lure closed")).await;
    app.ok(CLOSE_BRIEF, json!({ "id": closed }), t).await;
    let completed = open_unfunded_brief(&app, &brand, lure("lure completed")).await;
    app.ok(CLOSE_BRIEF, json!({ "id": completed }), t).await;
    app.ok(COMPLETE_BRIEF, json!({ "id": completed }), t).await;
    let cancelled = open_unfunded_brief(&app, &brand, lure("lure cancelled")).await;
    app.ok(CANCEL_BRIEF, json!({ "id": cancelled, "reason": "x" }), t)
        .await;
    open_unfunded_brief(
        &app,
        &brand,
        with(
            lure("lure invite only"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let expired = open_unfunded_brief(&app, &brand, lure("lure past deadline")).await;
    edit_brief_row(&app, &expired, |r| {
        r.application_deadline = Set(Some(Utc::now() - Duration::minutes(1)))
    })
    .await;
    // The expired brief is still OPEN and readable; it is just not listed.
    assert_eq!(
        fetch_brief(&app, creator.token(), &expired).await["status"],
        "OPEN"
    );

    let newest_first: Vec<&str> = visible.iter().rev().map(|(t, _)| *t).collect();
    let expect = |titles: &[&str]| -> Vec<String> {
        newest_first
            .iter()
            .filter(|t| titles.contains(t))
            .map(|t| t.to_string())
            .collect()
    };
    let [son, kem, laptop, live, am_thuc, ngan_hang] = [
        visible[0].0,
        visible[1].0,
        visible[2].0,
        visible[3].0,
        visible[4].0,
        visible[5].0,
    ];
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!(null), newest_first.clone()),
        (json!({}), newest_first.clone()),
        (json!({ "niches": [] }), newest_first.clone()),
        (json!({ "niches": ["BEAUTY"] }), vec![son, kem]),
        (
            json!({ "niches": ["FOOD", "FASHION"] }),
            vec![live, am_thuc],
        ),
        (json!({ "niches": ["HEALTH"] }), vec![kem]),
        (json!({ "niches": ["PETS"] }), vec![]),
        (json!({ "platforms": ["TIKTOK"] }), vec![son, kem, live]),
        (
            json!({ "platforms": ["YOUTUBE", "ZALO"] }),
            vec![laptop, ngan_hang],
        ),
        (json!({ "platforms": ["LAZADA"] }), vec![]),
        (json!({ "objectives": ["SALES"] }), vec![son, live]),
        (
            json!({ "objectives": ["FEEDBACK", "PRODUCT_LAUNCH"] }),
            vec![laptop, am_thuc],
        ),
        (
            json!({ "compensationModels": ["COMMISSION"] }),
            vec![son, live],
        ),
        (
            json!({ "compensationModels": ["GIFTING", "HYBRID"] }),
            vec![laptop, am_thuc],
        ),
        (
            json!({ "compensationModels": ["FIXED_FEE"] }),
            vec![kem, ngan_hang],
        ),
        // Briefs open to the kind: those requiring it and those requiring no kind.
        (
            json!({ "creatorKinds": ["KOL"] }),
            vec![kem, laptop, ngan_hang],
        ),
        (
            json!({ "creatorKinds": ["KOS"] }),
            vec![kem, live, am_thuc, ngan_hang],
        ),
        (
            json!({ "creatorKinds": ["KOC"] }),
            vec![son, kem, am_thuc, ngan_hang],
        ),
        (
            json!({ "creatorKinds": ["KOL", "KOS"] }),
            vec![kem, laptop, live, am_thuc, ngan_hang],
        ),
        (json!({ "search": "son moi" }), vec![son]),
        (json!({ "search": "  SON   MÔI " }), vec![son]),
        (json!({ "search": "DUONG DA" }), vec![kem]),
        (json!({ "search": "dưỡng da" }), vec![kem]),
        (json!({ "search": "laptop" }), vec![laptop]),
        // The product name is searched too (the implementation's choice).
        (json!({ "search": "ao dai" }), vec![live]),
        (json!({ "search": "100%" }), vec![ngan_hang]),
        (json!({ "search": "u_t" }), vec![ngan_hang]),
        (json!({ "search": "%" }), vec![ngan_hang]),
        (json!({ "search": "_" }), vec![ngan_hang]),
        (json!({ "search": "   " }), newest_first.clone()),
        (json!({ "search": "không có gì" }), vec![]),
        (
            json!({ "niches": ["BEAUTY"], "platforms": ["INSTAGRAM"] }),
            vec![kem],
        ),
        (
            json!({ "objectives": ["SALES", "AWARENESS"], "compensationModels": ["COMMISSION"], "creatorKinds": ["KOS"] }),
            vec![live],
        ),
        // eligibleOnly is false: no effect.
        (json!({ "eligibleOnly": false }), newest_first.clone()),
    ];
    for (filter, want) in &cases {
        let want = expect(want);
        for viewer in [creator.token(), other.token(), t, admin.token()] {
            assert_eq!(
                discover(&app, viewer, filter.clone()).await,
                want,
                "{filter}"
            );
        }
    }

    // eligibleOnly for the creator: KOC, BEAUTY, VN, on TikTok and Instagram.
    let eligible = expect(&[son, kem]);
    assert_eq!(
        discover(&app, creator.token(), json!({ "eligibleOnly": true })).await,
        eligible
    );
    assert_eq!(
        discover(
            &app,
            creator.token(),
            json!({ "eligibleOnly": true, "search": "son moi" })
        )
        .await,
        expect(&[son])
    );
    assert_eq!(
        discover(
            &app,
            creator.token(),
            json!({ "eligibleOnly": true, "platforms": ["INSTAGRAM"] })
        )
        .await,
        expect(&[kem])
    );
    // ... and it pages like the rest.
    let data = app
        .ok(
            DISCOVER,
            json!({ "filter": { "eligibleOnly": true }, "first": 1 }),
            creator.token(),
        )
        .await;
    let page = &data["briefs"];
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["edges"][0]["node"]["title"], kem);
    let data = app
        .ok(
            DISCOVER,
            json!({ "filter": { "eligibleOnly": true }, "first": 1, "after": page["pageInfo"]["endCursor"] }),
            creator.token(),
        )
        .await;
    assert_eq!(data["briefs"]["edges"][0]["node"]["title"], son);
    assert_eq!(data["briefs"]["pageInfo"]["hasNextPage"], false);
    // For other viewers eligibleOnly does nothing.
    for viewer in [other.token(), t, admin.token()] {
        assert_eq!(
            discover(&app, viewer, json!({ "eligibleOnly": true })).await,
            newest_first
        );
    }

    // Changes show at once: a new title becomes searchable, a closed brief leaves the list.
    let ids: Vec<String> = app.ok(DISCOVER, json!({ "first": 100 }), t).await["briefs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    let laptop_id = &ids[newest_first.iter().position(|t| *t == laptop).unwrap()];
    update_brief(
        &app,
        &brand,
        laptop_id,
        json!({ "description": "Màn hình đẹp, pin trâu" }),
    )
    .await;
    assert_eq!(
        discover(&app, t, json!({ "search": "pin trau" })).await,
        [laptop]
    );
    assert_eq!(
        discover(&app, t, json!({ "search": "laptop" })).await,
        [laptop]
    );
    assert!(
        discover(&app, t, json!({ "search": "1000 do" }))
            .await
            .is_empty()
    );
    app.ok(CLOSE_BRIEF, json!({ "id": laptop_id }), t).await;
    assert!(
        discover(&app, t, json!({ "search": "laptop" }))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn discovery_page_size_is_bounded() {
    let app = TestApp::new().await;
    let creator = app.creator("limits@creator.vn").await;
    for first in [101, -1] {
        let error = app
            .error(DISCOVER, json!({ "first": first }), creator.token())
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("first"), &first.to_string());
    }
    let error = app
        .error(
            DISCOVER,
            json!({ "after": "not a cursor" }),
            creator.token(),
        )
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("after"), "after");
    app.ok(DISCOVER, json!({ "first": 100 }), creator.token())
        .await;
    // The default page is 20.
    let brand = brand_party(&app, "limits@brand.vn").await;
    for i in 0..21 {
        open_unfunded_brief(&app, &brand, brief_input(&format!("brief {i}"))).await;
    }
    let data = app.ok(DISCOVER, json!({}), creator.token()).await;
    assert_eq!(data["briefs"]["edges"].as_array().unwrap().len(), 20);
    assert_eq!(data["briefs"]["totalCount"], 21);
    assert_eq!(data["briefs"]["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn a_suspended_brands_briefs_leave_discovery() {
    // Not in the spec; the implementation hides the briefs of suspended brands from discovery.
    let app = TestApp::new().await;
    let brand = brand_party(&app, "suspended@brand.vn").await;
    let creator = app.creator("suspended@creator.vn").await;
    let admin = app.admin("suspended@admin.vn").await;
    open_unfunded_brief(&app, &brand, brief_input("sắp bị ẩn")).await;
    assert_eq!(
        discover(&app, creator.token(), json!(null)).await,
        ["sắp bị ẩn"]
    );
    app.suspend(&admin, &brand.session.user_id, "fraud").await;
    assert!(
        discover(&app, creator.token(), json!(null))
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------- 3. pagination

#[tokio::test]
async fn paging_through_250_briefs_visits_each_once_while_new_ones_are_published() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "many@brand.vn").await;
    let creator = app.creator("pager@creator.vn").await;
    // Made through the API, eight at a time.
    let original: HashSet<String> = stream::iter(0..250)
        .map(|i| open_unfunded_brief(&app, &brand, brief_input(&format!("brief {i:03}"))))
        .buffer_unordered(8)
        .collect()
        .await;
    assert_eq!(original.len(), 250);

    let mut seen: Vec<String> = Vec::new();
    let mut published_at: Vec<DateTime<Utc>> = Vec::new();
    let mut added = 0;
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let data = app
            .ok(
                DISCOVER,
                json!({ "first": 7, "after": after }),
                creator.token(),
            )
            .await;
        let conn = &data["briefs"];
        pages += 1;
        assert_eq!(conn["pageInfo"]["hasPreviousPage"], after.is_some());
        let edges = conn["edges"].as_array().unwrap();
        for e in edges {
            seen.push(e["node"]["id"].as_str().unwrap().to_owned());
            published_at.push(ts(&e["node"]["publishedAt"]));
        }
        if let Some(last) = edges.last() {
            assert_eq!(conn["pageInfo"]["endCursor"], last["cursor"]);
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            assert_eq!(edges.len(), 250 % 7);
            break;
        }
        assert_eq!(edges.len(), 7);
        after = Some(conn["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
        // Newer briefs arrive between pages; they sort before the cursor and shift nothing.
        open_unfunded_brief(&app, &brand, brief_input(&format!("new {added}"))).await;
        added += 1;
    }
    assert_eq!(pages, 250usize.div_ceil(7));
    assert_eq!(seen.len(), 250, "each brief once");
    let unique: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), 250, "no brief twice");
    assert_eq!(
        unique, original,
        "exactly the briefs there were at the start"
    );
    assert!(
        published_at.windows(2).all(|w| w[0] >= w[1]),
        "newest published first"
    );

    // A fresh walk now sees the added ones first, and everything once.
    let mut all = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .ok(
                DISCOVER,
                json!({ "first": 100, "after": after }),
                creator.token(),
            )
            .await;
        let conn = &data["briefs"];
        assert_eq!(conn["totalCount"], 250 + added);
        for e in conn["edges"].as_array().unwrap() {
            assert!(all.insert(e["node"]["id"].as_str().unwrap().to_owned()));
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = Some(conn["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
    assert_eq!(all.len(), 250 + added);
}

#[tokio::test]
async fn a_discovery_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::new().await;
    let owner = brand_party(&app, "many@brand.vn").await;
    let viewer = app.creator("reader@creator.vn").await;
    for i in 0..105 {
        let id = draft_brief(&app, &owner, brief_input(&format!("brief {i}"))).await;
        app.ok(PUBLISH_BRIEF, json!({ "id": id }), owner.token())
            .await;
    }
    let query = "query($first: Int) { briefs(first: $first) { totalCount nodes { id title brand { name } platforms deliverables { type } compensation { model } budget { amount } } pageInfo { hasNextPage endCursor } } }";
    let mut counts = Vec::new();
    for first in [5, 20, 100] {
        let (data, statements) = app
            .statements_during(query, json!({ "first": first }), viewer.token())
            .await;
        assert_eq!(data["briefs"]["nodes"].as_array().unwrap().len(), first);
        counts.push(statements);
    }
    assert!(
        counts.iter().all(|&c| c == counts[0]),
        "statements per page size: {counts:?}"
    );
}
