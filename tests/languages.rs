//! Languages through the router: the same notification written in Vietnamese and in English, with
//! money the reader's way; error messages in the language of the signed-in user (its setting, else
//! its country's default), or for a request without a viewer in the one its `Accept-Language`
//! prefers; `setLanguage`, `User.language`, `User.languageSetting` and `Brand.country`. Codes and
//! fields stay as they are in every language.

mod common;

use axum::{
    body::Body,
    http::{Request, header},
};
use common::{
    briefs::CREATE_BRIEF, creators::UPDATE_PROFILE, fixtures::*, integrations::api_key, market::*,
    money::fund, notifications::NOTIFICATIONS, *,
};
use serde_json::{Value, json};

const ME: &str = "{ me { id language languageSetting } }";
const SET_LANGUAGE: &str =
    "mutation($l: Language) { setLanguage(language: $l) { id language languageSetting } }";
const UPDATE_BRAND: &str =
    "mutation($input: BrandInput!) { updateBrand(input: $input) { id country } }";

/// The messages of `who`'s notifications of `kind`, oldest first.
async fn messages(app: &TestApp, who: &Session, kind: &str) -> Vec<String> {
    let data = app.ok(NOTIFICATIONS, json!({}), who.token()).await;
    let mut messages: Vec<String> = data["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["message"].as_str().unwrap().to_owned())
        .collect();
    messages.reverse();
    messages
}

/// `who`'s effective language and its own setting, as `me` reads them.
async fn language(app: &TestApp, who: &Session) -> (Value, Value) {
    let me = app.ok(ME, json!({}), who.token()).await["me"].clone();
    (me["language"].clone(), me["languageSetting"].clone())
}

async fn set_language(app: &TestApp, who: &Session, language: Value) -> Value {
    app.ok(SET_LANGUAGE, json!({ "l": language }), who.token())
        .await["setLanguage"]
        .clone()
}

/// A GraphQL request with an `Accept-Language` header (none when `accept` is None), answered in
/// whole.
async fn gql_accepting(
    app: &TestApp,
    query: &str,
    variables: Value,
    accept: Option<&str>,
) -> Value {
    let mut request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json");
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_LANGUAGE, accept);
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    let (_, _, bytes) = app.send(request.body(Body::from(body)).unwrap()).await;
    serde_json::from_slice(&bytes).unwrap()
}

// ---------------------------------------------------------------- notifications

#[tokio::test]
async fn the_same_notifications_in_vietnamese_and_in_english() {
    let app = TestApp::new().await;
    // A brand in Vietnam reads Vietnamese without choosing it; a brand without a country, English.
    let vi = brand_party(&app, "vi@brand.vn").await;
    let en = brand_party(&app, "en@brand.com").await;
    let set = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "country": "VN" } }),
            vi.token(),
        )
        .await;
    assert_eq!(set["updateBrand"]["country"], "VN");
    assert_eq!(language(&app, &vi).await, (json!("VI"), Value::Null));
    assert_eq!(language(&app, &en).await, (json!("EN"), Value::Null));

    // FUNDS_RECEIVED, with money in it.
    let vi_funding = fund(&app, &vi, vnd("3500000")).await;
    let en_funding = fund(&app, &en, vnd("3500000")).await;
    assert_eq!(
        messages(&app, &vi, "FUNDS_RECEIVED").await,
        [format!(
            "3.500.000 ₫ đã về ví của bạn (chuyển khoản {})",
            vi_funding["reference"].as_str().unwrap()
        )]
    );
    assert_eq!(
        messages(&app, &en, "FUNDS_RECEIVED").await,
        [format!(
            "3,500,000 VND arrived in your wallet (transfer {})",
            en_funding["reference"].as_str().unwrap()
        )]
    );

    // APPLICATION_RECEIVED, with the creator's name and the brief's title as they are.
    let creator = creator_party(&app, "lan@creator.vn").await;
    for brand in [&vi, &en] {
        let brief = open_brief(&app, brand, brief_input("Son môi mùa hè")).await;
        apply(&app, &creator, &brief, None).await;
    }
    assert_eq!(
        messages(&app, &vi, "APPLICATION_RECEIVED").await,
        ["Test Creator đã ứng tuyển vào “Son môi mùa hè”"]
    );
    assert_eq!(
        messages(&app, &en, "APPLICATION_RECEIVED").await,
        ["Test Creator applied to “Son môi mùa hè”"]
    );
}

#[tokio::test]
async fn a_commission_is_written_in_each_creators_language() {
    let app = TestApp::new().await;
    // HYBRID terms: a fee and 12.5% of every order.
    let terms = with(
        fee_terms("1000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "12.5" }),
    );
    let vi = Deal::on(&app, "vi", brief_input("Kem chống nắng"), terms.clone()).await;
    let en = Deal::on(&app, "en", brief_input("Kem chống nắng"), terms).await;
    // A creator without a country reads English until it chooses Vietnamese.
    let chosen = set_language(&app, &vi.creator, json!("VI")).await;
    assert_eq!(chosen["language"], "VI");
    assert_eq!(chosen["languageSetting"], "VI");

    vi.record(&app, "DH-001", vnd("3500000")).await;
    en.record(&app, "DH-001", vnd("3500000")).await;
    assert_eq!(
        messages(&app, &vi.creator, "CONVERSION_RECORDED").await,
        [
            "Test Brand đã ghi nhận đơn hàng DH-001 trị giá 3.500.000 ₫ cho “Kem chống nắng”: hoa hồng 437.500 ₫"
        ]
    );
    assert_eq!(
        messages(&app, &en.creator, "CONVERSION_RECORDED").await,
        [
            "Test Brand recorded order DH-001 of 3,500,000 VND on “Kem chống nắng”: 437,500 VND commission"
        ]
    );
}

// ---------------------------------------------------------------- errors and the setting

#[tokio::test]
async fn a_creator_in_vietnam_reads_errors_in_vietnamese_until_it_chooses_english() {
    let app = TestApp::new().await;
    let creator = app.creator("lan@creator.vn").await;
    app.ok(
        UPDATE_PROFILE,
        json!({ "input": { "country": "vn" } }),
        creator.token(),
    )
    .await;
    assert_eq!(language(&app, &creator).await, (json!("VI"), Value::Null));

    // A field's own check, a role's refusal with the action in it, and a bound checked before
    // anything runs.
    let bad_country = json!({ "input": { "country": "Việt Nam" } });
    let brief = json!({ "input": brief_input("Son môi") });
    let long_bio = json!({ "input": { "bio": "a".repeat(10_001) } });
    let errors = async |app: &TestApp| {
        let country = app
            .error(UPDATE_PROFILE, bad_country.clone(), creator.token())
            .await;
        assert_error(&country, "BAD_USER_INPUT", Some("input.country"), "country");
        let brief = app
            .error(CREATE_BRIEF, brief.clone(), creator.token())
            .await;
        assert_error(&brief, "FORBIDDEN", None, "createBrief");
        let bio = app
            .error(UPDATE_PROFILE, long_bio.clone(), creator.token())
            .await;
        assert_error(&bio, "BAD_USER_INPUT", Some("input.bio"), "bio");
        [country, brief, bio].map(|e| e["message"].as_str().unwrap().to_owned())
    };
    let vietnamese = [
        "phải là mã quốc gia ISO 3166-1 alpha-2, ví dụ VN",
        "chỉ tài khoản nhãn hàng mới được tạo chiến dịch",
        "input.bio: tối đa 10000 ký tự",
    ];
    assert_eq!(errors(&app).await, vietnamese);

    let chosen = set_language(&app, &creator, json!("EN")).await;
    assert_eq!(chosen["id"], creator.user_id.as_str());
    assert_eq!(chosen["language"], "EN");
    assert_eq!(chosen["languageSetting"], "EN");
    assert_eq!(language(&app, &creator).await, (json!("EN"), json!("EN")));
    assert_eq!(
        errors(&app).await,
        [
            "must be an ISO 3166-1 alpha-2 country code, e.g. VN",
            "only brand users may create briefs",
            "input.bio: must have at most 10000 characters",
        ]
    );

    // Null (or no argument) clears the choice: the country's default again.
    let cleared = set_language(&app, &creator, Value::Null).await;
    assert_eq!(cleared["language"], "VI");
    assert_eq!(cleared["languageSetting"], Value::Null);
    assert_eq!(errors(&app).await, vietnamese);
    set_language(&app, &creator, json!("EN")).await;
    let omitted = app
        .ok(
            "mutation { setLanguage { language languageSetting } }",
            json!({}),
            creator.token(),
        )
        .await;
    assert_eq!(
        omitted["setLanguage"],
        json!({ "language": "VI", "languageSetting": null })
    );
}

#[tokio::test]
async fn only_a_signed_in_person_sets_a_language() {
    let app = TestApp::new().await;
    let anonymous = app.error(SET_LANGUAGE, json!({ "l": "VI" }), None).await;
    assert_error(&anonymous, "UNAUTHENTICATED", None, "without a token");
    assert_eq!(anonymous["message"], "authentication required");

    let brand = brand_party(&app, "shop@brand.vn").await;
    let (key, _) = api_key(&app, &brand, &["MARKET_READ"]).await;
    let by_key = app
        .error(SET_LANGUAGE, json!({ "l": "VI" }), Some(&key))
        .await;
    assert_error(&by_key, "FORBIDDEN", None, "with an API key");
    assert_eq!(language(&app, &brand).await, (json!("EN"), Value::Null));
}

#[tokio::test]
async fn an_anonymous_request_reads_the_language_it_accepts() {
    let app = TestApp::new().await;
    app.creator("lan@creator.vn").await;
    let log_in = json!({ "email": "lan@creator.vn", "password": "not the password" });
    for (accept, message) in [
        (Some("vi-VN,vi;q=0.9"), "sai email hoặc mật khẩu"),
        (Some("fr-FR,en;q=0.5"), "wrong email or password"),
        (None, "wrong email or password"),
    ] {
        let body = gql_accepting(&app, LOG_IN, log_in.clone(), accept).await;
        let error = &body["errors"][0];
        assert_error(error, "UNAUTHENTICATED", None, &format!("{accept:?}"));
        assert_eq!(error["message"], message, "{accept:?}");
    }
}

#[tokio::test]
async fn a_brand_in_vietnam_defaults_to_vietnamese() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "shop@brand.vn").await;
    assert_eq!(language(&app, &brand).await, (json!("EN"), Value::Null));
    let bad = |country: &str| json!({ "input": { "country": country } });

    // In English while the brand has no country.
    let error = app.error(UPDATE_BRAND, bad("VNM"), brand.token()).await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.country"), "VNM");
    assert_eq!(
        error["message"],
        "must be an ISO 3166-1 alpha-2 country code, e.g. VN"
    );

    // Upper-cased and trimmed, like a creator profile's.
    let set = app.ok(UPDATE_BRAND, bad(" vn "), brand.token()).await;
    assert_eq!(set["updateBrand"]["country"], "VN");
    assert_eq!(language(&app, &brand).await, (json!("VI"), Value::Null));
    let read = app
        .ok(
            "query($id: ID!) { brand(id: $id) { country } }",
            json!({ "id": brand.id }),
            brand.token(),
        )
        .await;
    assert_eq!(read["brand"]["country"], "VN");
    for country in ["XX", "Vietnam", "V"] {
        let error = app.error(UPDATE_BRAND, bad(country), brand.token()).await;
        assert_error(&error, "BAD_USER_INPUT", Some("input.country"), country);
        assert_eq!(
            error["message"], "phải là mã quốc gia ISO 3166-1 alpha-2, ví dụ VN",
            "{country}"
        );
    }

    // Empty clears it, as null does: English again.
    let cleared = app.ok(UPDATE_BRAND, bad(""), brand.token()).await;
    assert_eq!(cleared["updateBrand"]["country"], Value::Null);
    assert_eq!(language(&app, &brand).await, (json!("EN"), Value::Null));
    app.ok(UPDATE_BRAND, bad("VN"), brand.token()).await;
    let nulled = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "country": null } }),
            brand.token(),
        )
        .await;
    assert_eq!(nulled["updateBrand"]["country"], Value::Null);
}
