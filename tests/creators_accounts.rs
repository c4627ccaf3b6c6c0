//! Social accounts and the audience computed from them, through the router: tiers from the summed
//! followers, the followers-weighted engagement, adding, updating and removing accounts with
//! their refusals, and discovery's stored copy of the audience.

mod common;

use std::collections::BTreeSet;

use common::{creators::*, fixtures::creator_with, *};
use serde_json::{Value, json};

fn account_input(platform: &str, handle: &str, extra: Value) -> Value {
    let mut input = json!({ "platform": platform, "handle": handle, "followers": 1_000 });
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    json!({ "input": input })
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

// ------------------------------------------------------------------------------- social accounts

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
        assert_error(
            &error,
            "BAD_USER_INPUT",
            Some(field),
            &format!("add {vars}"),
        );
        let mut update = vars.clone();
        update["id"] = existing["id"].clone();
        let error = app.error(UPDATE_ACCOUNT, update, lan.token()).await;
        assert_error(
            &error,
            "BAD_USER_INPUT",
            Some(field),
            &format!("update {vars}"),
        );
        assert_eq!(accounts_of(&app, &lan).await, before, "after {vars}");
    }
    let error = app
        .error(
            UPDATE_ACCOUNT,
            json!({ "id": "garbage", "input": { "platform": "TIKTOK", "handle": "x", "followers": 1 } }),
            lan.token(),
        )
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("id"), "garbage id");
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
