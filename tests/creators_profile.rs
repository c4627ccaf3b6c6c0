//! A creator's profile through the router: every field round-trips normalised, input is
//! validated with the field named, only the creator edits it, rate cards, and reading a profile
//! by ID (`creator`, `node`).

mod common;

use std::collections::BTreeSet;

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use common::{creators::*, fixtures::creator_with, *};
use serde_json::{Value, json};

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
        assert_error(&error, "BAD_USER_INPUT", Some(field), &input.to_string());
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

// ------------------------------------------------------------------------------- rate card

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
        assert_error(&error, "BAD_USER_INPUT", Some(field), &vars.to_string());
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
