//! The `creators` list through the router: every filter alone and combined, every order, keyset
//! pagination while others sign up, its bounds, and the statements a page costs.

mod common;

use std::collections::{BTreeSet, HashSet};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use common::{creators::*, fixtures::creator_with, market::Party, *};
use futures_util::future::join_all;
use serde_json::{Value, json};

/// Eight creators, signed up in this order, with distinct totals and rates:
///
/// | name | kind | niches | country | accounts | total | tier | rate |
/// |---|---|---|---|---|---|---|---|
/// | Lan Beauty | KOC | BEAUTY FASHION | VN | TIKTOK 800 @6 | 800 | EMERGING | 6.00 |
/// | Minh Tech | KOL | TECH | VN | YOUTUBE 2000 @3, FACEBOOK 500 | 2500 | NANO | 3.00 |
/// | Hoa Food | KOS | FOOD | VN | SHOPEE 7000 @2.5 | 7000 | MICRO | 2.50 |
/// | Tuấn Fit | KOL | FITNESS HEALTH | TH | INSTAGRAM 50000 @1.2, TIKTOK 10000 @4.2 | 60000 | MACRO | 1.70 |
/// | Mai Skin | KOC | BEAUTY | VN | TIKTOK 1200000 | 1200000 | MEGA | null |
/// | Ngọc Travel | KOL | TRAVEL LIFESTYLE | SG | INSTAGRAM 9999 @5.1 | 9999 | MICRO | 5.10 |
/// | Quân Gaming | KOS | GAMING | — | none | 0 | EMERGING | null |
/// | Linh Mom | KOC | PARENTING BEAUTY | VN | FACEBOOK 4999 @0.8, ZALO 1 @9 | 5000 | MICRO | 0.80 |
async fn market(app: &TestApp) -> Vec<(String, Party)> {
    let creators: Vec<(&str, Value, Vec<Account>)> = vec![
        (
            "Lan Beauty",
            json!({ "kind": "KOC", "niches": ["BEAUTY", "FASHION"], "country": "VN", "bio": "Chuyên Son môi giá rẻ" }),
            vec![("TIKTOK", 800, Some("6"))],
        ),
        (
            "Minh Tech",
            json!({ "kind": "KOL", "niches": ["TECH"], "country": "VN", "bio": "Review điện thoại" }),
            vec![("YOUTUBE", 2_000, Some("3")), ("FACEBOOK", 500, None)],
        ),
        (
            "Hoa Food",
            json!({ "kind": "KOS", "niches": ["FOOD"], "country": "vn", "bio": "Ăn uống Sài Gòn" }),
            vec![("SHOPEE", 7_000, Some("2.5"))],
        ),
        (
            "Tuấn Fit",
            json!({ "kind": "KOL", "niches": ["FITNESS", "HEALTH"], "country": "TH", "bio": "Gym every day" }),
            vec![
                ("INSTAGRAM", 50_000, Some("1.2")),
                ("TIKTOK", 10_000, Some("4.2")),
            ],
        ),
        (
            "Mai Skin",
            json!({ "kind": "KOC", "niches": ["BEAUTY"], "country": "VN", "bio": "Kem dưỡng da ban đêm" }),
            vec![("TIKTOK", 1_200_000, None)],
        ),
        (
            "Ngọc Travel",
            json!({ "kind": "KOL", "niches": ["TRAVEL", "LIFESTYLE"], "country": "SG" }),
            vec![("INSTAGRAM", 9_999, Some("5.1"))],
        ),
        (
            "Quân Gaming",
            json!({ "kind": "KOS", "niches": ["GAMING"], "bio": "Livestream game 100% vui" }),
            vec![],
        ),
        (
            "Linh Mom",
            json!({ "kind": "KOC", "niches": ["PARENTING", "BEAUTY"], "country": "VN", "bio": "Mẹ bỉm sữa, DƯỠNG DA cho bé" }),
            vec![("FACEBOOK", 4_999, Some("0.8")), ("ZALO", 1, Some("9"))],
        ),
    ];
    let mut out = Vec::new();
    for (i, (name, profile, accounts)) in creators.into_iter().enumerate() {
        let s = creator_with(app, &format!("m{i}@example.com"), name, profile, &accounts).await;
        out.push((name.to_owned(), s));
    }
    out
}

// ------------------------------------------------------------------------------- filters and orders

#[tokio::test]
async fn every_filter_alone_and_combined_finds_exactly_the_matching_creators() {
    let app = TestApp::new().await;
    market(&app).await;
    let brand = app.brand("brand@example.com").await;
    // Results come in the default order, followers descending (all totals differ).
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({}),
            vec![
                "Mai Skin",
                "Tuấn Fit",
                "Ngọc Travel",
                "Hoa Food",
                "Linh Mom",
                "Minh Tech",
                "Lan Beauty",
                "Quân Gaming",
            ],
        ),
        (
            json!({ "kinds": ["KOL"] }),
            vec!["Tuấn Fit", "Ngọc Travel", "Minh Tech"],
        ),
        (
            json!({ "kinds": ["KOC", "KOS"] }),
            vec![
                "Mai Skin",
                "Hoa Food",
                "Linh Mom",
                "Lan Beauty",
                "Quân Gaming",
            ],
        ),
        (
            json!({ "niches": ["BEAUTY"] }),
            vec!["Mai Skin", "Linh Mom", "Lan Beauty"],
        ),
        (
            json!({ "niches": ["TECH", "FOOD"] }),
            vec!["Hoa Food", "Minh Tech"],
        ),
        (json!({ "niches": ["AUTOMOTIVE"] }), vec![]),
        (
            json!({ "platforms": ["TIKTOK"] }),
            vec!["Mai Skin", "Tuấn Fit", "Lan Beauty"],
        ),
        (
            json!({ "platforms": ["SHOPEE", "ZALO"] }),
            vec!["Hoa Food", "Linh Mom"],
        ),
        (
            json!({ "platforms": ["FACEBOOK"] }),
            vec!["Linh Mom", "Minh Tech"],
        ),
        (
            json!({ "tiers": ["MICRO"] }),
            vec!["Ngọc Travel", "Hoa Food", "Linh Mom"],
        ),
        (
            json!({ "tiers": ["EMERGING", "MEGA"] }),
            vec!["Mai Skin", "Lan Beauty", "Quân Gaming"],
        ),
        (
            json!({ "tiers": ["NANO", "MACRO"] }),
            vec!["Tuấn Fit", "Minh Tech"],
        ),
        (
            json!({ "minFollowers": 9_999 }),
            vec!["Mai Skin", "Tuấn Fit", "Ngọc Travel"],
        ),
        (
            json!({ "maxFollowers": 5_000 }),
            vec!["Linh Mom", "Minh Tech", "Lan Beauty", "Quân Gaming"],
        ),
        (
            json!({ "minFollowers": 2_500, "maxFollowers": 9_999 }),
            vec!["Ngọc Travel", "Hoa Food", "Linh Mom", "Minh Tech"],
        ),
        (
            json!({ "minEngagementRate": "3" }),
            vec!["Ngọc Travel", "Minh Tech", "Lan Beauty"],
        ),
        (
            json!({ "minEngagementRate": "0.8" }),
            vec![
                "Tuấn Fit",
                "Ngọc Travel",
                "Hoa Food",
                "Linh Mom",
                "Minh Tech",
                "Lan Beauty",
            ],
        ),
        (
            json!({ "minEngagementRate": "1.71" }),
            vec!["Ngọc Travel", "Hoa Food", "Minh Tech", "Lan Beauty"],
        ),
        (
            json!({ "country": "vn" }),
            vec![
                "Mai Skin",
                "Hoa Food",
                "Linh Mom",
                "Minh Tech",
                "Lan Beauty",
            ],
        ),
        (json!({ "country": "SG" }), vec!["Ngọc Travel"]),
        (json!({ "country": "US" }), vec![]),
        (json!({ "search": "son moi" }), vec!["Lan Beauty"]),
        (json!({ "search": "SON MÔI" }), vec!["Lan Beauty"]),
        (
            json!({ "search": "DUONG DA" }),
            vec!["Mai Skin", "Linh Mom"],
        ),
        (json!({ "search": "ngoc" }), vec!["Ngọc Travel"]),
        (json!({ "search": "  quân   gaming " }), vec!["Quân Gaming"]),
        (json!({ "search": "dien thoai" }), vec!["Minh Tech"]),
        (json!({ "search": "sai gon" }), vec!["Hoa Food"]),
        (json!({ "search": "100%" }), vec!["Quân Gaming"]),
        // LIKE's wildcards are plain characters.
        (json!({ "search": "%" }), vec!["Quân Gaming"]),
        (json!({ "search": "_" }), vec![]),
        (json!({ "search": "nobody here" }), vec![]),
        // Combined: every condition holds.
        (
            json!({ "niches": ["BEAUTY"], "country": "VN", "tiers": ["MICRO", "MEGA"] }),
            vec!["Mai Skin", "Linh Mom"],
        ),
        (
            json!({ "kinds": ["KOL"], "minEngagementRate": "2", "platforms": ["INSTAGRAM", "YOUTUBE"] }),
            vec!["Ngọc Travel", "Minh Tech"],
        ),
        (
            json!({ "search": "da", "kinds": ["KOC"], "maxFollowers": 10_000 }),
            vec!["Linh Mom"],
        ),
        (
            json!({ "platforms": ["TIKTOK"], "minFollowers": 1_000, "minEngagementRate": "1" }),
            vec!["Tuấn Fit"],
        ),
    ];
    for (filter, want) in cases {
        let page = list(&app, brand.token(), filter.clone(), None, None, None).await;
        assert_eq!(names(&page), owned(&want), "filter {filter}");
        assert_eq!(page["totalCount"], want.len(), "filter {filter}");
        assert_eq!(page["pageInfo"]["hasNextPage"], false, "filter {filter}");
    }

    // Bad filters name their field.
    for (filter, field) in [
        (json!({ "country": "XX" }), "filter.country"),
        (
            json!({ "minEngagementRate": "101" }),
            "filter.minEngagementRate",
        ),
        (
            json!({ "minEngagementRate": "1.234" }),
            "filter.minEngagementRate",
        ),
    ] {
        let error = app
            .error(LIST, json!({ "filter": filter }), brand.token())
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), &filter.to_string());
    }
    let error = app.error(LIST, json!({}), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
}

#[tokio::test]
async fn every_order_sorts_exactly_and_totals_count_the_whole_list() {
    let app = TestApp::new().await;
    let market = market(&app).await;
    let viewer = &market[0].1;
    let all: BTreeSet<String> = market.iter().map(|(n, _)| n.clone()).collect();

    let page = list(
        &app,
        viewer.token(),
        json!({}),
        Some("FOLLOWERS_DESC"),
        None,
        None,
    )
    .await;
    assert_eq!(
        names(&page),
        owned(&[
            "Mai Skin",
            "Tuấn Fit",
            "Ngọc Travel",
            "Hoa Food",
            "Linh Mom",
            "Minh Tech",
            "Lan Beauty",
            "Quân Gaming",
        ])
    );
    let followers: Vec<i64> = page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["totalFollowers"].as_i64().unwrap())
        .collect();
    assert_eq!(
        followers,
        vec![1_200_000, 60_000, 9_999, 7_000, 5_000, 2_500, 800, 0]
    );
    assert_eq!(page["totalCount"], 8);

    // Engagement descending, creators without a rate last (in any order).
    let page = list(
        &app,
        viewer.token(),
        json!({}),
        Some("ENGAGEMENT_RATE_DESC"),
        None,
        None,
    )
    .await;
    let got = names(&page);
    assert_eq!(
        got[..6],
        owned(&[
            "Lan Beauty",
            "Ngọc Travel",
            "Minh Tech",
            "Hoa Food",
            "Tuấn Fit",
            "Linh Mom",
        ])
    );
    let rates: Vec<Value> = page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["engagementRate"].clone())
        .collect();
    assert_eq!(
        rates[..6],
        [
            json!("6.00"),
            json!("5.10"),
            json!("3.00"),
            json!("2.50"),
            json!("1.70"),
            json!("0.80")
        ]
    );
    assert_eq!(
        got[6..].iter().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from(["Mai Skin".to_owned(), "Quân Gaming".to_owned()])
    );
    assert_eq!(page["totalCount"], 8);

    // Nobody has a rating yet: every creator once, in some order.
    let page = list(
        &app,
        viewer.token(),
        json!({}),
        Some("RATING_DESC"),
        None,
        None,
    )
    .await;
    let got = names(&page);
    assert_eq!(got.len(), 8);
    assert_eq!(got.iter().cloned().collect::<BTreeSet<_>>(), all);
    assert_eq!(page["totalCount"], 8);
    // And the order is stable from one request to the next, across pages too.
    let again = names(
        &list(
            &app,
            viewer.token(),
            json!({}),
            Some("RATING_DESC"),
            None,
            None,
        )
        .await,
    );
    assert_eq!(got, again);
    let first = list(
        &app,
        viewer.token(),
        json!({}),
        Some("RATING_DESC"),
        Some(3),
        None,
    )
    .await;
    let rest = list(
        &app,
        viewer.token(),
        json!({}),
        Some("RATING_DESC"),
        Some(10),
        Some(&first["pageInfo"]["endCursor"]),
    )
    .await;
    let mut paged = names(&first);
    paged.extend(names(&rest));
    assert_eq!(paged, got);

    // Newest first: the reverse of the sign-up order.
    let page = list(&app, viewer.token(), json!({}), Some("NEWEST"), None, None).await;
    let mut newest: Vec<String> = market.iter().map(|(n, _)| n.clone()).collect();
    newest.reverse();
    assert_eq!(names(&page), newest);

    // totalCount counts the whole filtered list, not the page.
    let page = list(&app, viewer.token(), json!({}), None, Some(2), None).await;
    assert_eq!(names(&page), owned(&["Mai Skin", "Tuấn Fit"]));
    assert_eq!(page["totalCount"], 8);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let page = list(
        &app,
        viewer.token(),
        json!({ "niches": ["BEAUTY"] }),
        Some("ENGAGEMENT_RATE_DESC"),
        Some(1),
        None,
    )
    .await;
    assert_eq!(names(&page), owned(&["Lan Beauty"]));
    assert_eq!(page["totalCount"], 3);
    let page = list(&app, viewer.token(), json!({}), None, Some(0), None).await;
    assert_eq!(names(&page), Vec::<String>::new());
    assert_eq!(page["totalCount"], 8);
}

#[tokio::test]
async fn an_omitted_or_null_order_means_followers_descending() {
    let app = TestApp::new().await;
    let small = creator_with(
        &app,
        "s@example.com",
        "Small",
        json!({}),
        &[("TIKTOK", 10, None)],
    )
    .await;
    creator_with(
        &app,
        "b@example.com",
        "Big",
        json!({}),
        &[("TIKTOK", 9_000, None)],
    )
    .await;
    creator_with(
        &app,
        "m@example.com",
        "Mid",
        json!({}),
        &[("TIKTOK", 500, None)],
    )
    .await;
    let want = owned(&["Big", "Mid", "Small"]);
    // The contract's `orderBy: CreatorOrder = FOLLOWERS_DESC`: a client's nullable variable may
    // be left out or sent as null.
    for vars in [
        json!({}),
        json!({ "order": null }),
        json!({ "filter": null, "order": null }),
    ] {
        let data = app.ok(LIST, vars.clone(), small.token()).await;
        assert_eq!(names(&data["creators"]), want, "{vars}");
    }
    let data = app
        .ok(
            "{ creators(orderBy: null) { nodes { displayName } } }",
            json!({}),
            small.token(),
        )
        .await;
    assert_eq!(names(&data["creators"]), want);
    let data = app
        .ok(
            "{ creators { nodes { displayName } } }",
            json!({}),
            small.token(),
        )
        .await;
    assert_eq!(names(&data["creators"]), want);
}

#[tokio::test]
async fn a_suspended_creator_is_not_listed() {
    let app = TestApp::new().await;
    let market = market(&app).await;
    let admin = app.admin("admin@example.com").await;
    let brand = app.brand("brand@example.com").await;
    let hoa = &market.iter().find(|(n, _)| n == "Hoa Food").unwrap().1;
    app.ok(
        SUSPEND,
        json!({ "id": hoa.user_id, "r": "fake followers" }),
        admin.token(),
    )
    .await;
    for order in [
        "FOLLOWERS_DESC",
        "ENGAGEMENT_RATE_DESC",
        "RATING_DESC",
        "NEWEST",
    ] {
        let page = list(&app, brand.token(), json!({}), Some(order), None, None).await;
        let got = names(&page);
        assert!(!got.contains(&"Hoa Food".to_owned()), "{order}: {got:?}");
        assert_eq!(got.len(), 7, "{order}");
        assert_eq!(page["totalCount"], 7, "{order}");
    }
    let page = list(
        &app,
        brand.token(),
        json!({ "niches": ["FOOD"] }),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(names(&page), Vec::<String>::new());
    assert_eq!(page["totalCount"], 0);
}

// ------------------------------------------------------------------------------- pagination

/// Pages through `creators` seven at a time, calling `between` after each page.
async fn walk<F, Fut>(app: &TestApp, token: Option<&str>, order: &str, mut between: F) -> Vec<Value>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut seen = Vec::new();
    let mut after: Option<Value> = None;
    for page_number in 0.. {
        assert!(page_number < 20, "paging does not end");
        let page = list(app, token, json!({}), Some(order), Some(7), after.as_ref()).await;
        let nodes = page["nodes"].as_array().unwrap();
        let edges = page["edges"].as_array().unwrap();
        assert_eq!(nodes.len(), edges.len());
        assert!(nodes.len() <= 7);
        for (node, edge) in nodes.iter().zip(edges) {
            assert_eq!(node["displayName"], edge["node"]["displayName"]);
        }
        seen.extend(nodes.iter().cloned());
        if let Some(last) = edges.last() {
            assert_eq!(page["pageInfo"]["endCursor"], last["cursor"]);
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        assert_eq!(nodes.len(), 7, "a page before the last is full");
        after = Some(page["pageInfo"]["endCursor"].clone());
        between(page_number).await;
    }
    seen
}

#[tokio::test]
async fn keyset_pages_visit_every_creator_once_while_others_sign_up() {
    let app = TestApp::new().await;
    let brand = app.brand("brand@example.com").await;
    // Thirty creators whose totals tie in threes (0, 1000, ..., 9000), so that pages split ties.
    let mut originals = Vec::new();
    for i in 0..30i64 {
        let name = format!("Original {i:02}");
        let followers = (i % 10) * 1_000;
        let accounts: Vec<Account> = match i {
            0 | 20 => vec![],
            10 => vec![("TIKTOK", 0, None)],
            _ => vec![
                ("TIKTOK", followers / 2, None),
                ("YOUTUBE", followers - followers / 2, None),
            ],
        };
        creator_with(
            &app,
            &format!("o{i}@example.com"),
            &name,
            json!({}),
            &accounts,
        )
        .await;
        originals.push((name, followers));
    }
    let total = list(&app, brand.token(), json!({}), None, Some(1), None).await;
    assert_eq!(total["totalCount"], 30);

    // Followers descending; newcomers land before, inside and after the cursor's tie group.
    let newcomers = [9_000, 4_000, 5_000, 0, 2_000_000, 3_000, 7_000, 1_000];
    let counter = std::cell::Cell::new(0usize);
    let seen = walk(&app, brand.token(), "FOLLOWERS_DESC", |page| {
        let app = &app;
        let counter = &counter;
        async move {
            for k in 0..2 {
                let n = counter.get();
                counter.set(n + 1);
                let followers = newcomers[(page * 2 + k) % newcomers.len()];
                creator_with(
                    app,
                    &format!("new{n}@example.com"),
                    &format!("Newcomer {n}"),
                    json!({}),
                    &[("FACEBOOK", followers, None)],
                )
                .await;
            }
        }
    })
    .await;
    assert!(counter.get() >= 8, "newcomers joined between pages");
    let names_seen: Vec<String> = seen
        .iter()
        .map(|n| n["displayName"].as_str().unwrap().to_owned())
        .collect();
    let unique: HashSet<&String> = names_seen.iter().collect();
    assert_eq!(unique.len(), names_seen.len(), "no repeats: {names_seen:?}");
    let originals_seen: BTreeSet<String> = names_seen
        .iter()
        .filter(|n| n.starts_with("Original"))
        .cloned()
        .collect();
    let all_originals: BTreeSet<String> = originals.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(originals_seen, all_originals, "no skips");
    let followers: Vec<i64> = seen
        .iter()
        .map(|n| n["totalFollowers"].as_i64().unwrap())
        .collect();
    assert!(
        followers.windows(2).all(|w| w[0] >= w[1]),
        "followers descending: {followers:?}"
    );
    // Each original shows its own total.
    for node in &seen {
        let name = node["displayName"].as_str().unwrap();
        if let Some((_, f)) = originals.iter().find(|(n, _)| n == name) {
            assert_eq!(node["totalFollowers"], *f, "{name}");
        }
    }

    // Newest first: those who sign up while paging are newer than every cursor, so the walk
    // shows exactly the creators that existed, newest first.
    let existing: Vec<String> = names(
        &list(
            &app,
            brand.token(),
            json!({}),
            Some("NEWEST"),
            Some(100),
            None,
        )
        .await,
    );
    assert_eq!(existing.len(), 30 + counter.get());
    let seen = walk(&app, brand.token(), "NEWEST", |_| {
        let app = &app;
        let counter = &counter;
        async move {
            let n = counter.get();
            counter.set(n + 1);
            app.sign_up(
                "CREATOR",
                &format!("new{n}@example.com"),
                &format!("Newcomer {n}"),
            )
            .await;
        }
    })
    .await;
    let seen: Vec<String> = seen
        .iter()
        .map(|n| n["displayName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, existing);
    let mut expected_originals: Vec<String> = originals.iter().map(|(n, _)| n.clone()).collect();
    expected_originals.reverse();
    let originals_in_order: Vec<String> = seen
        .iter()
        .filter(|n| n.starts_with("Original"))
        .cloned()
        .collect();
    assert_eq!(originals_in_order, expected_originals);
}

#[tokio::test]
async fn page_size_and_cursor_are_validated() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    for (vars, field) in [
        (json!({ "first": 101 }), "first"),
        (json!({ "first": -1 }), "first"),
        (json!({ "after": "garbage%%%" }), "after"),
        (json!({ "after": "e30" }), "after"), // base64 of "{}"
        (json!({ "after": "" }), "after"),
    ] {
        let error = app.error(LIST, vars.clone(), lan.token()).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), &vars.to_string());
    }
    // A well-formed cursor whose time is out of range is refused too, not a server fault.
    let cursor = URL_SAFE_NO_PAD
        .encode(json!({ "k": i64::MAX, "id": "00000000-0000-4000-8000-000000000000" }).to_string());
    let error = app
        .error(
            LIST,
            json!({ "order": "NEWEST", "after": cursor }),
            lan.token(),
        )
        .await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        Some("after"),
        "NEWEST with an out-of-range time",
    );
    let page = list(&app, lan.token(), json!({}), None, Some(100), None).await;
    assert_eq!(names(&page), owned(&["Test Creator"]));
}

// ------------------------------------------------------------------------------- statement count

const WIDE_PAGE: &str = "query($first: Int) { creators(first: $first, filter: {niches: [BEAUTY]}, orderBy: ENGAGEMENT_RATE_DESC) { totalCount nodes { displayName niches totalFollowers tier engagementRate socialAccounts { platform followers } rateCard { price { amount } } } } }";

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::new().await;
    // 110 beauty creators (and a few others) with accounts, rates and some rate cards.
    let indexes: Vec<usize> = (0..116).collect();
    for chunk in indexes.chunks(12) {
        join_all(chunk.iter().map(|&i| {
            let app = &app;
            async move {
                let who = app
                    .sign_up(
                        "CREATOR",
                        &format!("bulk{i}@example.com"),
                        &format!("Bulk {i:03}"),
                    )
                    .await;
                let niches = if i < 110 {
                    json!(["BEAUTY", "FASHION"])
                } else {
                    json!(["TECH"])
                };
                app.ok(
                    UPDATE_PROFILE,
                    json!({ "input": { "niches": niches } }),
                    who.token(),
                )
                .await;
                let rate = format!("{}.{:02}", i % 10, i % 100);
                add_account(
                    app,
                    &who,
                    "TIKTOK",
                    "main",
                    1_000 + i as i64,
                    Some(rate.as_str()),
                )
                .await;
                if i % 3 == 0 {
                    add_account(app, &who, "YOUTUBE", "tube", 10 * i as i64, None).await;
                }
                if i % 5 == 4 {
                    app.ok(
                        SET_RATE_CARD,
                        json!({ "items": [
                            item("POST", "TIKTOK", "100000", "VND"),
                            item("VIDEO_REVIEW", "YOUTUBE", "12.50", "USD"),
                        ] }),
                        who.token(),
                    )
                    .await;
                }
            }
        }))
        .await;
    }
    let viewer = app.brand("brand@example.com").await;

    let mut counts = Vec::new();
    for first in [5, 20, 100] {
        let (data, statements) = app
            .statements_during(WIDE_PAGE, json!({ "first": first }), viewer.token())
            .await;
        let page = &data["creators"];
        assert_eq!(page["totalCount"], 110);
        let nodes = page["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), first);
        for node in nodes {
            assert!(
                node["niches"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("BEAUTY"))
            );
            assert!(!node["socialAccounts"].as_array().unwrap().is_empty());
        }
        assert!(
            nodes
                .iter()
                .any(|n| !n["rateCard"].as_array().unwrap().is_empty()),
            "some rate cards are loaded"
        );
        let rates: Vec<f64> = nodes
            .iter()
            .map(|n| n["engagementRate"].as_str().unwrap().parse().unwrap())
            .collect();
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
        counts.push(statements);
    }
    // One query per relation whatever the page size: the DataLoaders' batches must not split.
    assert_eq!(
        counts[0], counts[2],
        "statements for pages of 5, 20 and 100: {counts:?}"
    );
    assert_eq!(
        counts[1], counts[2],
        "statements for pages of 5, 20 and 100: {counts:?}"
    );
}
