//! Recommendations through the router: `recommendedCreators` for a brief's owner and
//! `recommendedBriefs` for a creator. Eligible pairs only, ranked by the score of
//! docs/rules.md with hand-worked figures, a record of past work raising a creator, and every
//! refusal. Also `creators(orderBy: RATING_DESC)`, which reads the same ratings.

mod common;

use common::{creators::Account, delivery::*, fixtures::*, insights::REVIEW_PARTNER, market::*, *};
use serde_json::{Value, json};

const RECOMMENDED_CREATORS: &str = "query($brief: ID!, $first: Int) { \
    recommendedCreators(briefId: $brief, first: $first) { creator { id displayName } score reasons } }";
const RECOMMENDED_BRIEFS: &str = "query($first: Int) { \
    recommendedBriefs(first: $first) { brief { id title } score reasons } }";

/// A creator `<name>@creator.vn`, displayed as `name`, in these niches, with these accounts.
async fn creator_in(app: &TestApp, name: &str, niches: &[&str], accounts: &[Account<'_>]) -> Party {
    creator_with(
        app,
        &format!("{name}@creator.vn"),
        name,
        json!({ "niches": niches }),
        accounts,
    )
    .await
}

/// A TikTok brief asking for these niches and this minimum engagement rate.
fn brief_asking(title: &str, niches: &[&str], min_engagement: Option<&str>) -> Value {
    with(
        brief_input(title),
        json!({ "requirements": {
            "niches": niches, "minFollowers": 10000, "minEngagementRate": min_engagement } }),
    )
}

/// (id, score, reasons) of each match, in order.
fn matches(list: &Value, key: &str) -> Vec<(String, String, Vec<String>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m[key]["id"].as_str().unwrap().to_owned(),
                m["score"].as_str().unwrap().to_owned(),
                m["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn reasons(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn creators_are_the_eligible_ones_ranked_by_the_documented_score() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "owner@brand.vn").await;
    let brief = open_brief(
        &app,
        &brand,
        brief_asking("Son và đồ ăn", &["BEAUTY", "FOOD"], Some("3")),
    )
    .await;

    // Scores: niche 30 × matched/2, engagement 30 × min(rate, 6%) / 6%, and half marks (7.5,
    // 7.5, 5) for a conversion, on-time and rating record none of them has yet.
    // 30 + 30 + 20 = 80.00
    let both = creator_in(
        &app,
        "both",
        &["BEAUTY", "FOOD"],
        &[("TIKTOK", 50_000, Some("7.5"))],
    )
    .await;
    // 15 + 30 × 4.5/6 = 22.5, + 20 = 57.50
    let beauty = creator_in(
        &app,
        "beauty",
        &["BEAUTY"],
        &[("TIKTOK", 20_000, Some("4.5"))],
    )
    .await;
    // 15 + 30 × 3/6 = 15, + 20 = 50.00; exactly the minimum asked still reads as a reason.
    let food = creator_in(
        &app,
        "food",
        &["FOOD", "TRAVEL"],
        &[
            ("TIKTOK", 12_000, Some("3")),
            ("INSTAGRAM", 90_000, Some("0.5")),
        ],
    )
    .await;

    // Each of these fails one requirement, or may not be asked.
    creator_in(&app, "tech", &["TECH"], &[("TIKTOK", 80_000, Some("9"))]).await;
    creator_in(&app, "small", &["BEAUTY"], &[("TIKTOK", 5_000, Some("9"))]).await;
    creator_in(
        &app,
        "insta",
        &["BEAUTY"],
        &[("INSTAGRAM", 100_000, Some("9"))],
    )
    .await;
    creator_in(
        &app,
        "flat",
        &["BEAUTY"],
        &[("TIKTOK", 40_000, Some("2.9"))],
    )
    .await;
    let applied = creator_in(
        &app,
        "applied",
        &["BEAUTY"],
        &[("TIKTOK", 30_000, Some("8"))],
    )
    .await;
    apply(&app, &applied, &brief, None).await;
    let banned = creator_in(
        &app,
        "banned",
        &["BEAUTY"],
        &[("TIKTOK", 30_000, Some("8"))],
    )
    .await;
    let admin = app.admin("admin@demo.vn").await;
    let user = app.ok("{ me { id } }", json!({}), banned.token()).await;
    app.suspend(&admin, user["me"]["id"].as_str().unwrap(), "spam")
        .await;

    let data = app
        .ok(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief }),
            brand.token(),
        )
        .await;
    assert_eq!(
        matches(&data["recommendedCreators"], "creator"),
        vec![
            (
                both.id.clone(),
                "80.00".into(),
                reasons(&["niche match: BEAUTY, FOOD", "engagement 7.5% vs 3% asked"])
            ),
            (
                beauty.id.clone(),
                "57.50".into(),
                reasons(&["niche match: BEAUTY", "engagement 4.5% vs 3% asked"])
            ),
            (
                food.id.clone(),
                "50.00".into(),
                reasons(&["niche match: FOOD", "engagement 3% vs 3% asked"])
            ),
        ]
    );

    // `first` cuts the ranking; admins read it too.
    let data = app
        .ok(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief, "first": 2 }),
            admin.token(),
        )
        .await;
    let ids: Vec<String> = matches(&data["recommendedCreators"], "creator")
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert_eq!(ids, vec![both.id.clone(), beauty.id.clone()]);

    // Refusals.
    let error = app
        .error(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief, "first": 101 }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "first");
    let error = app
        .error(
            RECOMMENDED_CREATORS,
            json!({ "brief": "not-an-id" }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    let error = app
        .error(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief }),
            both.token(),
        )
        .await;
    assert_eq!(code(&error), "FORBIDDEN", "a creator");
    let rival = brand_party(&app, "rival@brand.vn").await;
    let error = app
        .error(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief }),
            rival.token(),
        )
        .await;
    assert_eq!(
        code(&error),
        "FORBIDDEN",
        "another brand, on a public brief"
    );
    let draft = draft_brief(&app, &rival, brief_input("Bản nháp")).await;
    let error = app
        .error(
            RECOMMENDED_CREATORS,
            json!({ "brief": draft }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&error), "NOT_FOUND", "another brand's draft");
    let error = app
        .error(RECOMMENDED_CREATORS, json!({ "brief": brief }), None)
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
}

#[tokio::test]
async fn briefs_are_the_open_public_eligible_ones_ranked_for_the_creator() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "shop@brand.vn").await;
    let me = creator_in(&app, "me", &["BEAUTY"], &[("TIKTOK", 20_000, Some("4.5"))]).await;

    // 30 + 30 × 4.5/6 = 22.5, + 20 = 72.50
    let beauty = open_brief(&app, &brand, brief_asking("Beauty", &["BEAUTY"], Some("3"))).await;
    // 15 + 30 × min(4.5, 4)/4 = 30, + 20 = 65.00
    let mixed = open_brief(
        &app,
        &brand,
        brief_asking("Mixed", &["BEAUTY", "FOOD"], Some("2")),
    )
    .await;
    // No niche asked: 15; no rate asked: against 3%, 30 × 4.5/6 = 22.5; + 20 = 57.50
    let any = open_brief(&app, &brand, brief_asking("Any", &[], None)).await;

    // Left out: not eligible, not open to all, not open yet, already applied, full.
    open_brief(&app, &brand, brief_asking("Tech", &["TECH"], None)).await;
    open_brief(
        &app,
        &brand,
        with(
            brief_asking("Instagram", &[], None),
            json!({ "deliverables": [{ "type": "POST", "platform": "INSTAGRAM" }] }),
        ),
    )
    .await;
    open_brief(
        &app,
        &brand,
        with(
            brief_asking("Invite only", &[], None),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    draft_brief(&app, &brand, brief_asking("Draft", &[], None)).await;
    let applied = open_brief(&app, &brand, brief_asking("Applied", &[], None)).await;
    apply(&app, &me, &applied, None).await;
    let full = open_brief(
        &app,
        &brand,
        with(brief_asking("Full", &[], None), json!({ "slots": 1 })),
    )
    .await;
    let other = creator_in(
        &app,
        "other",
        &["BEAUTY"],
        &[("TIKTOK", 20_000, Some("4.5"))],
    )
    .await;
    hire(&app, &brand, &full, &other, fee_terms("1000000", 1)).await;

    let data = app.ok(RECOMMENDED_BRIEFS, json!({}), me.token()).await;
    assert_eq!(
        matches(&data["recommendedBriefs"], "brief"),
        vec![
            (
                beauty.clone(),
                "72.50".into(),
                reasons(&["niche match: BEAUTY", "engagement 4.5% vs 3% asked"])
            ),
            (
                mixed.clone(),
                "65.00".into(),
                reasons(&["niche match: BEAUTY", "engagement 4.5% vs 2% asked"])
            ),
            (
                any.clone(),
                "57.50".into(),
                reasons(&["engagement 4.5% vs 3% typical"])
            ),
        ]
    );
    let data = app
        .ok(RECOMMENDED_BRIEFS, json!({ "first": 1 }), me.token())
        .await;
    assert_eq!(data["recommendedBriefs"][0]["brief"]["id"], beauty.as_str());
    assert_eq!(data["recommendedBriefs"].as_array().unwrap().len(), 1);
    let data = app
        .ok(RECOMMENDED_BRIEFS, json!({ "first": 0 }), me.token())
        .await;
    assert_eq!(data["recommendedBriefs"], json!([]));

    let error = app
        .error(RECOMMENDED_BRIEFS, json!({ "first": -1 }), me.token())
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    let error = app
        .error(RECOMMENDED_BRIEFS, json!({}), brand.token())
        .await;
    assert_eq!(code(&error), "FORBIDDEN");
}

/// A collaboration of `creator` with `brand`, delivered on time and completed, then rated by
/// the brand with `rating` stars. Every step goes through the API.
async fn completed_and_rated(
    app: &TestApp,
    brand: &Party,
    creator: &Party,
    title: &str,
    rating: i32,
) -> String {
    let brief = open_brief(app, brand, brief_input(title)).await;
    let collaboration = hire(app, brand, &brief, creator, fee_terms("1000000", 1)).await;
    deliver(app, brand, creator, &id(&collaboration["deliverables"][0])).await;
    let done = complete(app, brand, &id(&collaboration)).await;
    assert_eq!(done["status"], "COMPLETED");
    app.ok(
        REVIEW_PARTNER,
        json!({ "input": { "collaborationId": id(&collaboration), "rating": rating } }),
        brand.token(),
    )
    .await;
    brief
}

#[tokio::test]
async fn a_record_of_past_work_and_ratings_moves_creators_up() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "repeat@brand.vn").await;
    // The same audience; only their records differ.
    let star = creator_in(
        &app,
        "star",
        &["BEAUTY"],
        &[("TIKTOK", 20_000, Some("4.5"))],
    )
    .await;
    let poor = creator_in(
        &app,
        "poor",
        &["BEAUTY"],
        &[("TIKTOK", 20_000, Some("4.5"))],
    )
    .await;
    let fresh = creator_in(
        &app,
        "fresh",
        &["BEAUTY"],
        &[("TIKTOK", 20_000, Some("4.5"))],
    )
    .await;
    let first = completed_and_rated(&app, &brand, &star, "Lần đầu", 5).await;
    let second = completed_and_rated(&app, &brand, &poor, "Lần hai", 2).await;

    let brief = open_brief(
        &app,
        &brand,
        brief_asking("Lần sau", &["BEAUTY"], Some("3")),
    )
    .await;
    let data = app
        .ok(
            RECOMMENDED_CREATORS,
            json!({ "brief": brief }),
            brand.token(),
        )
        .await;
    // Niche 30, engagement 22.5 for all three. No clicks yet: conversion 7.5 each.
    // star: on time 1 of 1 → 15, rated 5 → 10: 85.00
    // fresh: halves 7.5 + 5: 72.50
    // poor: on time 15, rated 2 → 4: 79.00
    assert_eq!(
        matches(&data["recommendedCreators"], "creator"),
        vec![
            (
                star.id.clone(),
                "85.00".into(),
                reasons(&[
                    "niche match: BEAUTY",
                    "engagement 4.5% vs 3% asked",
                    "on time: 1 of 1 deliverables",
                    "rated 5.0 from 1 review",
                ])
            ),
            (
                poor.id.clone(),
                "79.00".into(),
                reasons(&[
                    "niche match: BEAUTY",
                    "engagement 4.5% vs 3% asked",
                    "on time: 1 of 1 deliverables",
                ])
            ),
            (
                fresh.id.clone(),
                "72.50".into(),
                reasons(&["niche match: BEAUTY", "engagement 4.5% vs 3% asked"])
            ),
        ]
    );

    // The brand's rating is what a creator is told of a brief: the star rates the brand 4.
    // (Reviews need a completed collaboration; the star's is the first one.)
    let collaborations = app
        .ok(
            "{ myCollaborations(status: COMPLETED) { nodes { id } } }",
            json!({}),
            star.token(),
        )
        .await;
    app.ok(
        REVIEW_PARTNER,
        json!({ "input": { "collaborationId": collaborations["myCollaborations"]["nodes"][0]["id"],
            "rating": 4 } }),
        star.token(),
    )
    .await;
    let data = app.ok(RECOMMENDED_BRIEFS, json!({}), fresh.token()).await;
    // Niche 30, engagement 22.5, fresh's halves 7.5 + 7.5, the brand's 4 stars → 8: 75.50.
    // The two earlier briefs still have free slots and ask no niche: 15 + 22.5 + 15 + 8 =
    // 60.50, the newer first.
    let earlier = reasons(&[
        "engagement 4.5% vs 3% typical",
        "brand rated 4.0 from 1 review",
    ]);
    assert_eq!(
        matches(&data["recommendedBriefs"], "brief"),
        vec![
            (
                brief.clone(),
                "75.50".into(),
                reasons(&[
                    "niche match: BEAUTY",
                    "engagement 4.5% vs 3% asked",
                    "brand rated 4.0 from 1 review",
                ])
            ),
            (second, "60.50".into(), earlier.clone()),
            (first, "60.50".into(), earlier),
        ]
    );

    // RATING_DESC: rated creators by their mean, then the unrated.
    let data = app
        .ok(
            "{ creators(orderBy: RATING_DESC, first: 3) { nodes { id } } }",
            json!({}),
            brand.token(),
        )
        .await;
    let order: Vec<&str> = data["creators"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [star.id.as_str(), poor.id.as_str(), fresh.id.as_str()]
    );
}
