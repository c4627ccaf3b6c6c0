//! Creators through the router: the audience computed from social accounts (tiers, weighted
//! engagement), profile edits, social accounts, rate cards, discovery with its filters, orders and
//! keyset pagination, the statement count of a page, and reading a profile by ID.

mod common;

use std::collections::{BTreeSet, HashSet};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use common::*;
use futures_util::future::join_all;
use serde_json::{Map, Value, json};

macro_rules! profile_fields {
    () => {
        "id displayName bio kind niches country city languages totalFollowers tier engagementRate \
         socialAccounts { id platform handle url followers avgViews engagementRate } \
         rateCard { deliverableType platform price { amount currency } } createdAt"
    };
}

macro_rules! account_fields {
    () => {
        "id platform handle url followers avgViews engagementRate"
    };
}

const ME: &str = concat!("{ me { creatorProfile { ", profile_fields!(), " } } }");
const CREATOR: &str = concat!(
    "query($id: ID!) { creator(id: $id) { ",
    profile_fields!(),
    " } }"
);
const UPDATE_PROFILE: &str = concat!(
    "mutation($input: CreatorProfileInput!) { updateCreatorProfile(input: $input) { ",
    profile_fields!(),
    " } }"
);
const ADD_ACCOUNT: &str = concat!(
    "mutation($input: SocialAccountInput!) { addSocialAccount(input: $input) { ",
    account_fields!(),
    " } }"
);
const UPDATE_ACCOUNT: &str = concat!(
    "mutation($id: ID!, $input: SocialAccountInput!) { updateSocialAccount(id: $id, input: $input) { ",
    account_fields!(),
    " } }"
);
const REMOVE_ACCOUNT: &str = "mutation($id: ID!) { removeSocialAccount(id: $id) }";
const SET_RATE_CARD: &str = "mutation($items: [RateCardItemInput!]!) { setRateCard(items: $items) { id rateCard { deliverableType platform price { amount currency } } } }";
const LIST: &str = "query($filter: CreatorFilter, $order: CreatorOrder, $first: Int, $after: String) { creators(filter: $filter, orderBy: $order, first: $first, after: $after) { totalCount nodes { id displayName totalFollowers engagementRate tier } edges { cursor node { displayName } } pageInfo { hasNextPage endCursor } } }";
const SUSPEND: &str =
    "mutation($id: ID!, $r: String!) { suspendUser(userId: $id, reason: $r) { id suspended } }";

/// A social account: platform, followers, engagement rate.
type Acc<'a> = (&'a str, i64, Option<&'a str>);

/// A creator named `name`, with the profile fields of `profile` and one account per entry.
async fn creator_with(
    app: &TestApp,
    email: &str,
    name: &str,
    profile: Value,
    accounts: &[Acc<'_>],
) -> Session {
    let session = app.sign_up("CREATOR", email, name).await;
    if profile.as_object().is_some_and(|p| !p.is_empty()) {
        app.ok(UPDATE_PROFILE, json!({ "input": profile }), session.token())
            .await;
    }
    for (i, (platform, followers, rate)) in accounts.iter().enumerate() {
        add_account(app, &session, platform, &format!("h{i}"), *followers, *rate).await;
    }
    session
}

async fn add_account(
    app: &TestApp,
    who: &Session,
    platform: &str,
    handle: &str,
    followers: i64,
    rate: Option<&str>,
) -> Value {
    app.ok(
        ADD_ACCOUNT,
        json!({ "input": { "platform": platform, "handle": handle, "followers": followers, "engagementRate": rate } }),
        who.token(),
    )
    .await["addSocialAccount"]
        .clone()
}

async fn my_profile(app: &TestApp, who: &Session) -> Value {
    let data = app.ok(ME, json!({}), who.token()).await;
    let profile = data["me"]["creatorProfile"].clone();
    assert!(profile.is_object(), "no profile: {data}");
    profile
}

async fn accounts_of(app: &TestApp, who: &Session) -> Value {
    my_profile(app, who).await["socialAccounts"].clone()
}

/// `creators(...)` with only the variables given (an absent `orderBy` takes its default).
async fn list(
    app: &TestApp,
    token: Option<&str>,
    filter: Value,
    order: Option<&str>,
    first: Option<i64>,
    after: Option<&Value>,
) -> Value {
    let mut vars = Map::new();
    vars.insert("filter".into(), filter);
    if let Some(order) = order {
        vars.insert("order".into(), json!(order));
    }
    if let Some(first) = first {
        vars.insert("first".into(), json!(first));
    }
    if let Some(after) = after {
        vars.insert("after".into(), after.clone());
    }
    app.ok(LIST, Value::Object(vars), token).await["creators"].clone()
}

fn names(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["displayName"].as_str().expect("displayName").to_owned())
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

fn set(v: &Value) -> BTreeSet<String> {
    strs(v).into_iter().collect()
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn assert_bad_input(error: &Value, field: &str, context: &str) {
    assert_eq!(code(error), "BAD_USER_INPUT", "{context}: {error}");
    assert_eq!(error["extensions"]["field"], field, "{context}: {error}");
}

// ------------------------------------------------------------------------------- audience

#[tokio::test]
async fn tiers_follow_the_summed_followers_at_every_boundary() {
    let app = TestApp::new().await;
    let brand = app.brand("viewer@example.com").await;
    // Each total is split over two platforms, so the tier needs the sum.
    let cases: [(i64, &str); 8] = [
        (999, "EMERGING"),
        (1_000, "NANO"),
        (4_999, "NANO"),
        (5_000, "MICRO"),
        (9_999, "MICRO"),
        (10_000, "MACRO"),
        (999_999, "MACRO"),
        (1_000_000, "MEGA"),
    ];
    for (total, tier) in cases {
        let first = total / 3;
        let who = creator_with(
            &app,
            &format!("c{total}@example.com"),
            &format!("Total {total}"),
            json!({}),
            &[("TIKTOK", first, None), ("YOUTUBE", total - first, None)],
        )
        .await;
        let profile = my_profile(&app, &who).await;
        assert_eq!(profile["totalFollowers"], total, "{profile}");
        assert_eq!(profile["tier"], tier, "{total}: {profile}");
        assert_eq!(
            profile["engagementRate"],
            Value::Null,
            "no account states one"
        );
        // Others read the same numbers.
        let seen = app
            .ok(CREATOR, json!({ "id": profile["id"] }), brand.token())
            .await;
        assert_eq!(seen["creator"]["tier"], tier);
        assert_eq!(seen["creator"]["totalFollowers"], total);
    }
    // A creator without accounts is EMERGING with nothing.
    let empty = app.creator("empty@example.com").await;
    let profile = my_profile(&app, &empty).await;
    assert_eq!(profile["totalFollowers"], 0);
    assert_eq!(profile["tier"], "EMERGING");
    assert_eq!(profile["engagementRate"], Value::Null);
    assert_eq!(profile["socialAccounts"], json!([]));

    // Discovery's SQL draws the same boundaries.
    let expect = [
        ("EMERGING", vec!["Test Creator", "Total 999"]),
        ("NANO", vec!["Total 1000", "Total 4999"]),
        ("MICRO", vec!["Total 5000", "Total 9999"]),
        ("MACRO", vec!["Total 10000", "Total 999999"]),
        ("MEGA", vec!["Total 1000000"]),
    ];
    for (tier, want) in expect {
        let page = list(
            &app,
            brand.token(),
            json!({ "tiers": [tier] }),
            None,
            None,
            None,
        )
        .await;
        let got: BTreeSet<String> = names(&page).into_iter().collect();
        let want: BTreeSet<String> = want.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(got, want, "{tier}");
        assert_eq!(page["totalCount"], want.len(), "{tier}");
        for node in page["nodes"].as_array().unwrap() {
            assert_eq!(node["tier"], tier);
        }
    }
}

#[tokio::test]
async fn engagement_is_the_followers_weighted_average_over_accounts_that_state_a_rate() {
    let app = TestApp::new().await;
    let who = creator_with(
        &app,
        "weighted@example.com",
        "Weighted",
        json!({}),
        &[
            ("TIKTOK", 1_000, Some("5")),
            ("FACEBOOK", 3_000, Some("1")),
            ("YOUTUBE", 50_000, None),
        ],
    )
    .await;
    let profile = my_profile(&app, &who).await;
    assert_eq!(profile["totalFollowers"], 54_000);
    assert_eq!(profile["tier"], "MACRO");
    assert_eq!(profile["engagementRate"], "2.00", "{profile}");
    let rates: Vec<Value> = profile["socialAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["engagementRate"].clone())
        .collect();
    assert_eq!(rates, vec![json!("5.00"), json!("1.00"), Value::Null]);

    // Half a basis point rounds up: (2 × 0.01 + 2 × 0.02) / 4 = 0.015.
    let half = creator_with(
        &app,
        "half@example.com",
        "Half",
        json!({}),
        &[("TIKTOK", 2, Some("0.01")), ("ZALO", 2, Some("0.02"))],
    )
    .await;
    assert_eq!(my_profile(&app, &half).await["engagementRate"], "0.02");

    // A rate on an account without followers weighs nothing: still no rate.
    let none = creator_with(
        &app,
        "none@example.com",
        "None",
        json!({}),
        &[("TIKTOK", 0, Some("9")), ("ZALO", 500, None)],
    )
    .await;
    let profile = my_profile(&app, &none).await;
    assert_eq!(profile["engagementRate"], Value::Null, "{profile}");
    assert_eq!(profile["totalFollowers"], 500);

    // Discovery computes the same rate in SQL.
    let page = list(
        &app,
        who.token(),
        json!({ "minEngagementRate": "0.02" }),
        Some("ENGAGEMENT_RATE_DESC"),
        None,
        None,
    )
    .await;
    assert_eq!(names(&page), owned(&["Weighted", "Half"]));
    assert_eq!(page["nodes"][0]["engagementRate"], "2.00");
    assert_eq!(page["nodes"][1]["engagementRate"], "0.02");
    let page = list(
        &app,
        who.token(),
        json!({ "minEngagementRate": "2.01" }),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(names(&page), Vec::<String>::new());
    let page = list(
        &app,
        who.token(),
        json!({ "minEngagementRate": "2" }),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(names(&page), owned(&["Weighted"]));
}

// ------------------------------------------------------------------------------- profile

#[tokio::test]
async fn every_profile_field_round_trips_normalised() {
    let app = TestApp::new().await;
    let lan = app.sign_up("CREATOR", "lan@example.com", "Lan").await;
    let brand = app.brand("brand@example.com").await;
    let data = app
        .ok(
            UPDATE_PROFILE,
            json!({ "input": {
                "displayName": "  Lan Nguyễn  ",
                "bio": "Chuyên Son môi",
                "kind": "KOL",
                "niches": ["FOOD", "BEAUTY", "FOOD"],
                "country": " vn ",
                "city": "Hà Nội",
                "languages": ["vi", "EN-us", "zh-hant-tw", "vi"],
            } }),
            lan.token(),
        )
        .await;
    let updated = &data["updateCreatorProfile"];
    let check = |p: &Value| {
        assert_eq!(p["displayName"], "Lan Nguyễn", "{p}");
        assert_eq!(p["bio"], "Chuyên Son môi");
        assert_eq!(p["kind"], "KOL");
        assert_eq!(
            set(&p["niches"]),
            BTreeSet::from(["BEAUTY".into(), "FOOD".into()])
        );
        assert_eq!(p["niches"].as_array().unwrap().len(), 2, "{p}");
        assert_eq!(p["country"], "VN");
        assert_eq!(p["city"], "Hà Nội");
        assert_eq!(p["languages"], json!(["vi", "en-US", "zh-Hant-TW"]));
    };
    check(updated);
    check(&my_profile(&app, &lan).await);
    let seen = app
        .ok(CREATOR, json!({ "id": updated["id"] }), brand.token())
        .await;
    check(&seen["creator"]);

    // An absent field stays as it is.
    let data = app
        .ok(
            UPDATE_PROFILE,
            json!({ "input": { "city": "Đà Nẵng", "kind": "KOS" } }),
            lan.token(),
        )
        .await;
    let p = &data["updateCreatorProfile"];
    assert_eq!(p["city"], "Đà Nẵng");
    assert_eq!(p["kind"], "KOS");
    assert_eq!(p["displayName"], "Lan Nguyễn");
    assert_eq!(p["bio"], "Chuyên Son môi");
    assert_eq!(p["country"], "VN");
    assert_eq!(p["languages"], json!(["vi", "en-US", "zh-Hant-TW"]));
    assert_eq!(p["niches"].as_array().unwrap().len(), 2);

    // Null clears the optional ones.
    let data = app
        .ok(
            UPDATE_PROFILE,
            json!({ "input": { "bio": null, "city": null, "country": null, "niches": [], "languages": [] } }),
            lan.token(),
        )
        .await;
    let p = &data["updateCreatorProfile"];
    assert_eq!(p["bio"], Value::Null);
    assert_eq!(p["city"], Value::Null);
    assert_eq!(p["country"], Value::Null);
    assert_eq!(p["niches"], json!([]));
    assert_eq!(p["languages"], json!([]));
    assert_eq!(p["displayName"], "Lan Nguyễn");
    let p = my_profile(&app, &lan).await;
    assert_eq!(p["bio"], Value::Null);
    assert_eq!(p["city"], Value::Null);
    assert_eq!(p["country"], Value::Null);
    assert_eq!(p["niches"], json!([]));
}

#[tokio::test]
async fn profile_input_is_validated_with_the_field_named_and_nothing_is_half_saved() {
    let app = TestApp::new().await;
    let lan = app.sign_up("CREATOR", "lan@example.com", "Lan").await;
    app.ok(
        UPDATE_PROFILE,
        json!({ "input": { "bio": "old bio", "niches": ["BEAUTY"], "country": "VN", "languages": ["vi"], "city": "Huế" } }),
        lan.token(),
    )
    .await;
    let before = my_profile(&app, &lan).await;

    let six = json!(["BEAUTY", "FASHION", "FOOD", "TECH", "TRAVEL", "GAMING"]);
    let eleven: Vec<String> = (b'a'..=b'k').map(|c| format!("a{}", c as char)).collect();
    let cases = [
        (json!({ "country": "XX" }), "input.country"),
        (json!({ "country": "VNM" }), "input.country"),
        (json!({ "languages": ["english"] }), "input.languages.0"),
        (json!({ "languages": ["vi", "e1"] }), "input.languages.1"),
        (json!({ "languages": eleven }), "input.languages"),
        (json!({ "displayName": "   " }), "input.displayName"),
        (json!({ "displayName": null }), "input.displayName"),
        (
            json!({ "displayName": "x".repeat(101) }),
            "input.displayName",
        ),
        (json!({ "bio": "x".repeat(2_001) }), "input.bio"),
        (json!({ "city": "x".repeat(101) }), "input.city"),
        (json!({ "kind": null }), "input.kind"),
        (json!({ "niches": six }), "input.niches"),
        // Valid fields beside an invalid one are not saved either.
        (
            json!({ "displayName": "Changed", "bio": "new bio", "niches": six }),
            "input.niches",
        ),
        (
            json!({ "displayName": "Changed", "city": null, "languages": ["english"] }),
            "input.languages.0",
        ),
        (
            json!({ "niches": ["FOOD"], "country": "XX" }),
            "input.country",
        ),
    ];
    for (input, field) in cases {
        let error = app
            .error(UPDATE_PROFILE, json!({ "input": input }), lan.token())
            .await;
        assert_bad_input(&error, field, &input.to_string());
        assert_eq!(my_profile(&app, &lan).await, before, "after {input}");
    }
    // The bounds themselves are fine; five niches (repeats counted once) are allowed.
    let data = app
        .ok(
            UPDATE_PROFILE,
            json!({ "input": {
                "displayName": "x".repeat(100),
                "niches": ["BEAUTY", "FASHION", "FOOD", "TECH", "TRAVEL", "BEAUTY"],
            } }),
            lan.token(),
        )
        .await;
    assert_eq!(
        data["updateCreatorProfile"]["niches"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[tokio::test]
async fn only_the_creator_edits_its_profile() {
    let app = TestApp::new().await;
    let brand = app.brand("brand@example.com").await;
    let admin = app.admin("admin@example.com").await;
    let input = json!({ "input": { "displayName": "Hijack" } });
    for who in [&brand, &admin] {
        let error = app.error(UPDATE_PROFILE, input.clone(), who.token()).await;
        assert_eq!(code(&error), "FORBIDDEN", "{error}");
    }
    let error = app.error(UPDATE_PROFILE, input, None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
}

// ------------------------------------------------------------------------------- social accounts

fn account_input(platform: &str, handle: &str, extra: Value) -> Value {
    let mut input = json!({ "platform": platform, "handle": handle, "followers": 1_000 });
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    json!({ "input": input })
}

#[tokio::test]
async fn social_accounts_are_added_updated_and_removed() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    let data = app
        .ok(
            ADD_ACCOUNT,
            json!({ "input": {
                "platform": "TIKTOK",
                "handle": " @lan.review ",
                "url": "https://www.tiktok.com/@lan.review",
                "followers": 12_000,
                "avgViews": 3_000,
                "engagementRate": "4.5",
            } }),
            lan.token(),
        )
        .await;
    let added = data["addSocialAccount"].clone();
    assert_eq!(added["platform"], "TIKTOK");
    assert_eq!(added["handle"], "@lan.review");
    assert_eq!(added["url"], "https://www.tiktok.com/@lan.review");
    assert_eq!(added["followers"], 12_000);
    assert_eq!(added["avgViews"], 3_000);
    assert_eq!(added["engagementRate"], "4.50");
    assert_eq!(accounts_of(&app, &lan).await, json!([added.clone()]));
    let profile = my_profile(&app, &lan).await;
    assert_eq!(profile["totalFollowers"], 12_000);
    assert_eq!(profile["tier"], "MACRO");
    assert_eq!(profile["engagementRate"], "4.50");

    // Update replaces every field; omitted optional ones become null.
    let data = app
        .ok(
            UPDATE_ACCOUNT,
            json!({ "id": added["id"], "input": { "platform": "YOUTUBE", "handle": "LanReview", "followers": 4_000 } }),
            lan.token(),
        )
        .await;
    let updated = data["updateSocialAccount"].clone();
    assert_eq!(updated["id"], added["id"]);
    assert_eq!(updated["platform"], "YOUTUBE");
    assert_eq!(updated["handle"], "LanReview");
    assert_eq!(updated["url"], Value::Null);
    assert_eq!(updated["followers"], 4_000);
    assert_eq!(updated["avgViews"], Value::Null);
    assert_eq!(updated["engagementRate"], Value::Null);
    let profile = my_profile(&app, &lan).await;
    assert_eq!(profile["socialAccounts"], json!([updated.clone()]));
    assert_eq!(profile["totalFollowers"], 4_000);
    assert_eq!(profile["tier"], "NANO");
    assert_eq!(profile["engagementRate"], Value::Null);

    // The bounds of a valid account.
    let edge = add_account(&app, &lan, "ZALO", "edge", 0, Some("100")).await;
    assert_eq!(edge["engagementRate"], "100.00");
    assert_eq!(edge["followers"], 0);
    let zero = add_account(&app, &lan, "OTHER", "zero", 10, Some("0")).await;
    assert_eq!(zero["engagementRate"], "0.00");

    let data = app
        .ok(REMOVE_ACCOUNT, json!({ "id": edge["id"] }), lan.token())
        .await;
    assert_eq!(data["removeSocialAccount"], true);
    app.ok(REMOVE_ACCOUNT, json!({ "id": zero["id"] }), lan.token())
        .await;
    assert_eq!(accounts_of(&app, &lan).await, json!([updated.clone()]));
    let error = app
        .error(REMOVE_ACCOUNT, json!({ "id": edge["id"] }), lan.token())
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "removed twice: {error}");
    let error = app
        .error(
            UPDATE_ACCOUNT,
            json!({ "id": edge["id"], "input": { "platform": "ZALO", "handle": "edge", "followers": 1 } }),
            lan.token(),
        )
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "updated after removal: {error}");
    assert_eq!(accounts_of(&app, &lan).await, json!([updated]));
}

#[tokio::test]
async fn bad_social_account_input_names_the_field_and_changes_nothing() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    let existing = add_account(&app, &lan, "TIKTOK", "lan", 5_000, Some("3.25")).await;
    let before = accounts_of(&app, &lan).await;

    let cases = [
        (json!({ "followers": -1 }), "input.followers"),
        (json!({ "avgViews": -1 }), "input.avgViews"),
        (json!({ "url": "javascript:alert(1)" }), "input.url"),
        (json!({ "url": "ftp://example.com/lan" }), "input.url"),
        (json!({ "url": "not a url" }), "input.url"),
        (
            json!({ "engagementRate": "100.01" }),
            "input.engagementRate",
        ),
        (json!({ "engagementRate": "1.234" }), "input.engagementRate"),
        (json!({ "engagementRate": "-0.5" }), "input.engagementRate"),
    ];
    let handles = [
        ("   ", "input.handle"),
        ("", "input.handle"),
        ("two words", "input.handle"),
    ];
    let long_handle = "h".repeat(101);
    let mut all: Vec<(Value, &str)> = cases
        .iter()
        .map(|(extra, field)| (account_input("INSTAGRAM", "lan.ig", extra.clone()), *field))
        .collect();
    for (handle, field) in handles {
        all.push((account_input("INSTAGRAM", handle, json!({})), field));
    }
    all.push((
        account_input("INSTAGRAM", &long_handle, json!({})),
        "input.handle",
    ));
    for (vars, field) in &all {
        let error = app.error(ADD_ACCOUNT, vars.clone(), lan.token()).await;
        assert_bad_input(&error, field, &format!("add {vars}"));
        let mut update = vars.clone();
        update["id"] = existing["id"].clone();
        let error = app.error(UPDATE_ACCOUNT, update, lan.token()).await;
        assert_bad_input(&error, field, &format!("update {vars}"));
        assert_eq!(accounts_of(&app, &lan).await, before, "after {vars}");
    }
    let error = app
        .error(
            UPDATE_ACCOUNT,
            json!({ "id": "garbage", "input": { "platform": "TIKTOK", "handle": "x", "followers": 1 } }),
            lan.token(),
        )
        .await;
    assert_bad_input(&error, "id", "garbage id");
}

#[tokio::test]
async fn the_same_platform_and_handle_twice_is_a_conflict_whatever_the_case() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    let tiktok = add_account(&app, &lan, "TIKTOK", "@Lan.Review", 5_000, None).await;
    let error = app
        .error(
            ADD_ACCOUNT,
            account_input("TIKTOK", "@lan.REVIEW", json!({})),
            lan.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    // The same handle on another platform is another account.
    let instagram = add_account(&app, &lan, "INSTAGRAM", "@lan.review", 2_000, None).await;
    let before = accounts_of(&app, &lan).await;
    assert_eq!(before.as_array().unwrap().len(), 2);

    // Moving one onto the other is a conflict too, and changes nothing.
    let error = app
        .error(
            UPDATE_ACCOUNT,
            json!({ "id": instagram["id"], "input": { "platform": "TIKTOK", "handle": "@LAN.review", "followers": 9 } }),
            lan.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    assert_eq!(accounts_of(&app, &lan).await, before);

    // An account may keep its own handle, with another case.
    let data = app
        .ok(
            UPDATE_ACCOUNT,
            json!({ "id": tiktok["id"], "input": { "platform": "TIKTOK", "handle": "@lan.review", "followers": 6_000 } }),
            lan.token(),
        )
        .await;
    assert_eq!(data["updateSocialAccount"]["handle"], "@lan.review");
    assert_eq!(my_profile(&app, &lan).await["totalFollowers"], 8_000);
}

#[tokio::test]
async fn nobody_else_touches_my_social_accounts() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    let mai = app.creator("mai@example.com").await;
    let brand = app.brand("brand@example.com").await;
    let mine = add_account(&app, &lan, "TIKTOK", "lan", 5_000, Some("2")).await;
    let before = accounts_of(&app, &lan).await;
    let update = json!({ "id": mine["id"], "input": { "platform": "TIKTOK", "handle": "stolen", "followers": 1 } });
    let remove = json!({ "id": mine["id"] });

    // Another creator: as if the account did not exist.
    let error = app.error(UPDATE_ACCOUNT, update.clone(), mai.token()).await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    let error = app.error(REMOVE_ACCOUNT, remove.clone(), mai.token()).await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");
    // An ID of another type finds nothing either.
    let lan_profile = my_profile(&app, &lan).await["id"].clone();
    let error = app
        .error(REMOVE_ACCOUNT, json!({ "id": lan_profile }), lan.token())
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "{error}");

    // A brand may not have social accounts at all.
    let error = app
        .error(
            ADD_ACCOUNT,
            account_input("TIKTOK", "brand", json!({})),
            brand.token(),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");
    let error = app
        .error(UPDATE_ACCOUNT, update.clone(), brand.token())
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");
    let error = app
        .error(REMOVE_ACCOUNT, remove.clone(), brand.token())
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");

    for (query, vars) in [
        (ADD_ACCOUNT, account_input("TIKTOK", "anon", json!({}))),
        (UPDATE_ACCOUNT, update),
        (REMOVE_ACCOUNT, remove),
    ] {
        let error = app.error(query, vars, None).await;
        assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    }
    assert_eq!(accounts_of(&app, &lan).await, before);
    assert_eq!(accounts_of(&app, &mai).await, json!([]));
}

// ------------------------------------------------------------------------------- rate card

fn item(kind: &str, platform: &str, amount: &str, currency: &str) -> Value {
    json!({ "deliverableType": kind, "platform": platform, "price": { "amount": amount, "currency": currency } })
}

#[tokio::test]
async fn set_rate_card_replaces_the_whole_card_in_minor_units() {
    let app = TestApp::new().await;
    let lan = app.creator("lan@example.com").await;
    let brand = app.brand("brand@example.com").await;
    let data = app
        .ok(
            SET_RATE_CARD,
            json!({ "items": [
                item("VIDEO_REVIEW", "TIKTOK", "1500000", "VND"),
                item("POST", "INSTAGRAM", "12.50", "USD"),
                item("LIVESTREAM", "SHOPEE", "12.5", "USD"),
                item("VIDEO_REVIEW", "YOUTUBE", "3000", "JPY"),
            ] }),
            lan.token(),
        )
        .await;
    let card = json!([
        item("VIDEO_REVIEW", "TIKTOK", "1500000", "VND"),
        item("POST", "INSTAGRAM", "12.50", "USD"),
        item("LIVESTREAM", "SHOPEE", "12.50", "USD"),
        item("VIDEO_REVIEW", "YOUTUBE", "3000", "JPY"),
    ]);
    assert_eq!(data["setRateCard"]["rateCard"], card);
    let id = data["setRateCard"]["id"].clone();
    assert_eq!(id, my_profile(&app, &lan).await["id"]);
    // Anyone signed in reads it.
    let seen = app.ok(CREATOR, json!({ "id": id }), brand.token()).await;
    assert_eq!(seen["creator"]["rateCard"], card);

    // A new card replaces the old one entirely.
    let data = app
        .ok(
            SET_RATE_CARD,
            json!({ "items": [item("STORY", "FACEBOOK", "200000", "VND")] }),
            lan.token(),
        )
        .await;
    let card = json!([item("STORY", "FACEBOOK", "200000", "VND")]);
    assert_eq!(data["setRateCard"]["rateCard"], card);
    assert_eq!(my_profile(&app, &lan).await["rateCard"], card);

    // Bad cards are refused whole, naming the item, and leave the card as it was.
    let cases = [
        (
            vec![item("POST", "TIKTOK", "1500000.5", "VND")],
            "items.0.price.amount",
        ),
        (
            vec![
                item("POST", "TIKTOK", "1", "USD"),
                item("STORY", "TIKTOK", "12.505", "USD"),
            ],
            "items.1.price.amount",
        ),
        (
            vec![item("POST", "TIKTOK", "-1", "USD")],
            "items.0.price.amount",
        ),
        (
            vec![item("POST", "TIKTOK", "100.5", "JPY")],
            "items.0.price.amount",
        ),
        (
            vec![
                item("POST", "TIKTOK", "100000", "VND"),
                item("POST", "TIKTOK", "200000", "VND"),
            ],
            "items.1",
        ),
        (
            vec![
                item("POST", "TIKTOK", "100000", "VND"),
                item("STORY", "TIKTOK", "100000", "VND"),
                item("POST", "INSTAGRAM", "100000", "VND"),
                item("STORY", "TIKTOK", "5", "USD"),
            ],
            "items.3",
        ),
    ];
    for (items, field) in cases {
        let vars = json!({ "items": items });
        let error = app.error(SET_RATE_CARD, vars.clone(), lan.token()).await;
        assert_bad_input(&error, field, &vars.to_string());
        assert_eq!(
            my_profile(&app, &lan).await["rateCard"],
            card,
            "after {vars}"
        );
    }

    // An empty card clears it.
    let data = app
        .ok(SET_RATE_CARD, json!({ "items": [] }), lan.token())
        .await;
    assert_eq!(data["setRateCard"]["rateCard"], json!([]));
    assert_eq!(my_profile(&app, &lan).await["rateCard"], json!([]));

    let vars = json!({ "items": [item("POST", "TIKTOK", "1", "USD")] });
    let error = app.error(SET_RATE_CARD, vars.clone(), brand.token()).await;
    assert_eq!(code(&error), "FORBIDDEN", "{error}");
    let error = app.error(SET_RATE_CARD, vars, None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    assert_eq!(my_profile(&app, &lan).await["rateCard"], json!([]));
}

// ------------------------------------------------------------------------------- discovery

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
async fn market(app: &TestApp) -> Vec<(String, Session)> {
    let creators: Vec<(&str, Value, Vec<Acc>)> = vec![
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
        assert_bad_input(&error, field, &filter.to_string());
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
        let accounts: Vec<Acc> = match i {
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
        assert_bad_input(&error, field, &vars.to_string());
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
    assert_bad_input(&error, "after", "NEWEST with an out-of-range time");
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

// ------------------------------------------------------------------------------- by ID

#[tokio::test]
async fn creator_and_node_read_a_profile_for_any_signed_in_user() {
    let app = TestApp::new().await;
    let lan = creator_with(
        &app,
        "lan@example.com",
        "Lan",
        json!({ "bio": "Son môi", "niches": ["BEAUTY"] }),
        &[("TIKTOK", 1_500, Some("4"))],
    )
    .await;
    let mai = app.creator("mai@example.com").await;
    let brand = app.brand("brand@example.com").await;
    let admin = app.admin("admin@example.com").await;
    let own = my_profile(&app, &lan).await;
    let id = own["id"].clone();
    let account_id = own["socialAccounts"][0]["id"].clone();
    let node = concat!(
        "query($id: ID!) { node(id: $id) { id __typename ... on CreatorProfile { ",
        profile_fields!(),
        " } ... on SocialAccount { handle followers } } }"
    );
    for who in [&lan, &mai, &brand, &admin] {
        let data = app.ok(CREATOR, json!({ "id": id }), who.token()).await;
        assert_eq!(data["creator"], own, "{}", who.email);
        let data = app.ok(node, json!({ "id": id }), who.token()).await;
        assert_eq!(data["node"]["__typename"], "CreatorProfile");
        let mut seen = data["node"].clone();
        seen.as_object_mut().unwrap().remove("__typename");
        assert_eq!(seen, own, "{}", who.email);
        let data = app.ok(node, json!({ "id": account_id }), who.token()).await;
        assert_eq!(data["node"]["__typename"], "SocialAccount");
        assert_eq!(data["node"]["handle"], "h0");
        assert_eq!(data["node"]["followers"], 1_500);
    }

    // IDs of other types, unknown IDs and garbage find nothing.
    let mut unknown = vec![2u8];
    unknown.extend_from_slice(&[0x42; 16]);
    let unknown = URL_SAFE_NO_PAD.encode(unknown);
    let others = [
        json!(lan.user_id),
        account_id.clone(),
        json!(unknown),
        json!("garbage"),
        json!(""),
        json!("AQ"),
    ];
    for other in &others {
        let data = app.ok(CREATOR, json!({ "id": other }), brand.token()).await;
        assert_eq!(data["creator"], Value::Null, "creator({other})");
    }
    let data = app.ok(node, json!({ "id": unknown }), brand.token()).await;
    assert_eq!(data["node"], Value::Null);
    let data = app
        .ok(node, json!({ "id": "garbage" }), brand.token())
        .await;
    assert_eq!(data["node"], Value::Null);

    let error = app.error(CREATOR, json!({ "id": id }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    let error = app.error(node, json!({ "id": id }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
    let error = app
        .error(CREATOR, json!({ "id": id }), Some("not-a-token"))
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED", "{error}");
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
async fn discoverys_audience_copy_follows_every_account_change() {
    use sea_orm::EntityTrait;
    let app = TestApp::new().await;
    let c = app.creator("copy@example.com").await;
    let add = "mutation($i: SocialAccountInput!) { addSocialAccount(input: $i) { id } }";
    let upd = "mutation($id: ID!, $i: SocialAccountInput!) { updateSocialAccount(id: $id, input: $i) { id } }";
    let del = "mutation($id: ID!) { removeSocialAccount(id: $id) }";
    let me = "{ me { creatorProfile { totalFollowers engagementRate } } }";
    let stored = |app: &TestApp| {
        let db = app.db().clone();
        async move {
            let p = entity::creator_profile::Entity::find()
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            (p.audience_followers, p.audience_engagement_bp)
        }
    };
    let a = app
        .ok(add, json!({ "i": { "platform": "TIKTOK", "handle": "a", "followers": 1000, "engagementRate": "5" } }), c.token())
        .await["addSocialAccount"]["id"]
        .clone();
    app.ok(add, json!({ "i": { "platform": "YOUTUBE", "handle": "b", "followers": 3000, "engagementRate": "1" } }), c.token())
        .await;
    assert_eq!(stored(&app).await, (4000, Some(200)));
    let api = app.ok(me, json!({}), c.token()).await;
    assert_eq!(api["me"]["creatorProfile"]["totalFollowers"], 4000);
    assert_eq!(api["me"]["creatorProfile"]["engagementRate"], "2.00");

    app.ok(
        upd,
        json!({ "id": a, "i": { "platform": "TIKTOK", "handle": "a", "followers": 5000 } }),
        c.token(),
    )
    .await;
    assert_eq!(stored(&app).await, (8000, Some(100)));
    app.ok(del, json!({ "id": a }), c.token()).await;
    assert_eq!(stored(&app).await, (3000, Some(100)));
}
