//! Performance, stats and reviews through the router. The rows that delivery and sales produce
//! (published deliverables, metrics, clicks, conversions, completion) are written here directly,
//! so that every figure can be checked against numbers worked out by hand.

mod common;

use chrono::{Duration, Utc};
use common::{fixtures::*, insights::*, market::*, *};
use entity::{
    collaboration, conversion, deliverable, deliverable_metrics,
    enums::{CollaborationStatus, ConversionStatus, CurrencyCode, DeliverableStatus, Party},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use uuid::Uuid;

const PERFORMANCE: &str = "views likes comments shares saves engagements engagementRate clicks orders \
    revenue { amount currency } conversionRate commission { amount } cost { amount } roi \
    costPerEngagement { amount } cpm { amount }";

async fn set_collaboration(app: &TestApp, id: &str, status: CollaborationStatus, clicks: i64) {
    let row = collaboration::Entity::find_by_id(uuid(id))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut row: collaboration::ActiveModel = row.into();
    row.status = Set(status);
    row.clicks = Set(clicks);
    if status == CollaborationStatus::Completed {
        row.completed_at = Set(Some(Utc::now()));
    }
    row.update(app.db()).await.unwrap();
}

/// Writes a deliverable as published (late or on time) with metrics `[views, likes, comments,
/// shares, saves]`.
async fn write_published(app: &TestApp, id: &str, on_time: bool, metrics: [i64; 5]) {
    let row = deliverable::Entity::find_by_id(uuid(id))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let due = row.due_at;
    let mut row: deliverable::ActiveModel = row.into();
    row.status = Set(DeliverableStatus::Published);
    row.live_url = Set(Some("https://tiktok.com/@x/video/1".into()));
    row.published_at = Set(Some(if on_time {
        due - Duration::days(1)
    } else {
        due + Duration::days(1)
    }));
    row.update(app.db()).await.unwrap();
    let [views, likes, comments, shares, saves] = metrics;
    deliverable_metrics::ActiveModel {
        deliverable_id: Set(uuid(id)),
        views: Set(views),
        likes: Set(likes),
        comments: Set(comments),
        shares: Set(shares),
        saves: Set(saves),
        reported_by: Set(Party::Creator),
        reported_at: Set(Utc::now()),
    }
    .insert(app.db())
    .await
    .unwrap();
}

async fn convert(
    app: &TestApp,
    collaboration: &str,
    order: &str,
    amount: i64,
    commission: i64,
    status: ConversionStatus,
) {
    conversion::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(uuid(collaboration)),
        order_ref: Set(order.into()),
        amount_minor: Set(amount),
        original_amount_minor: Set(None),
        commission_minor: Set(commission),
        currency: Set(CurrencyCode::Vnd),
        status: Set(status),
        occurred_at: Set(Utc::now()),
        reversed_at: Set(None),
        reversal_reason: Set(None),
        payout_id: Set(None),
        livestream_session_id: Set(None),
        created_at: Set(Utc::now()),
        locks_at: Set(Utc::now() + chrono::Duration::days(14)),
    }
    .insert(app.db())
    .await
    .unwrap();
}

#[tokio::test]
async fn performance_stats_and_reviews_add_up_to_hand_worked_figures() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "perf", "Hiệu quả").await;
    let dropped = creator_party(&app, "dropped@creator.vn").await;
    let outsider = brand_party(&app, "outsider@brand.vn").await;

    // A HYBRID deal: fee 2,000,000 VND + 10% commission, two videos.
    let hybrid = json!({
        "compensationModel": "HYBRID", "fee": vnd("2000000"), "commissionRate": "10",
        "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": 2 }],
        "dueAt": at(Duration::days(20)),
    });
    let c = hire(&app, &brand, &brief, &creator, hybrid).await;
    let collab = id(&c);
    let d: Vec<String> = c["deliverables"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    write_published(&app, &d[0], true, [10_000, 700, 80, 20, 100]).await;
    write_published(&app, &d[1], false, [6_000, 300, 0, 0, 0]).await;
    // Orders: 1,250,000 and 750,005 confirmed; one reversed that no longer counts.
    convert(
        &app,
        &collab,
        "A-1",
        1_250_000,
        125_000,
        ConversionStatus::Confirmed,
    )
    .await;
    convert(
        &app,
        &collab,
        "A-2",
        750_005,
        75_001,
        ConversionStatus::Confirmed,
    )
    .await;
    convert(
        &app,
        &collab,
        "A-3",
        999_999,
        100_000,
        ConversionStatus::Reversed,
    )
    .await;
    set_collaboration(&app, &collab, CollaborationStatus::Completed, 400).await;

    // A cancelled collaboration on the same brief: its fee and figures stay out of the brief's.
    let other = id(&hire(&app, &brand, &brief, &dropped, fee_terms("3000000", 1)).await);
    convert(&app, &other, "B-1", 500_000, 0, ConversionStatus::Confirmed).await;
    set_collaboration(&app, &other, CollaborationStatus::Cancelled, 50).await;

    // views 16,000; engagements 900 + 300 = 1,200; clicks 400; orders 2; revenue 2,000,005;
    // commission 200,001; cost 2,200,001.
    let want = json!({
        "views": 16000, "likes": 1000, "comments": 80, "shares": 20, "saves": 100,
        "engagements": 1200,
        "engagementRate": "7.50",            // 1,200 / 16,000
        "clicks": 400, "orders": 2,
        "revenue": { "amount": "2000005", "currency": "VND" },
        "conversionRate": "0.50",            // 2 / 400
        "commission": { "amount": "200001" },
        "cost": { "amount": "2200001" },
        "roi": "-9.09",                      // -200,004 / 2,200,001 = -9.0910…
        "costPerEngagement": { "amount": "1833" }, // 1,833.33…
        "cpm": { "amount": "137500" },       // 137,500.06…
    });
    let q = format!(
        "query($id: ID!) {{ collaboration(id: $id) {{ performance {{ {PERFORMANCE} }} }} }}"
    );
    let data = app.ok(&q, json!({ "id": collab }), brand.token()).await;
    assert_eq!(data["collaboration"]["performance"], want);
    let q = format!("query($id: ID!) {{ brief(id: $id) {{ performance {{ {PERFORMANCE} }} }} }}");
    let data = app.ok(&q, json!({ "id": brief }), brand.token()).await;
    assert_eq!(
        data["brief"]["performance"], want,
        "the cancelled one is left out"
    );
    // Only the owner (and admins) see a brief's performance.
    let e = app.error(&q, json!({ "id": brief }), creator.token()).await;
    assert_eq!(code(&e), "FORBIDDEN");
    let e = app
        .error(&q, json!({ "id": brief }), outsider.token())
        .await;
    assert_eq!(code(&e), "FORBIDDEN");

    // The cancelled collaboration on its own: no fee, its one order over 50 clicks.
    let q = format!(
        "query($id: ID!) {{ collaboration(id: $id) {{ performance {{ {PERFORMANCE} }} }} }}"
    );
    let data = app.ok(&q, json!({ "id": other }), brand.token()).await;
    let perf = &data["collaboration"]["performance"];
    assert_eq!(perf["cost"]["amount"], "0");
    assert_eq!(perf["roi"], Value::Null);
    assert_eq!(perf["engagementRate"], Value::Null);
    assert_eq!(perf["cpm"], Value::Null);
    assert_eq!(perf["conversionRate"], "2.00");

    // Reviews: once each, only after completion, 1 to 5, parties only.
    let review = |rating: i32| json!({ "input": { "collaborationId": collab, "rating": rating, "comment": "Rất chuyên nghiệp" } });
    for bad in [0, 6] {
        let e = app.error(REVIEW_PARTNER, review(bad), brand.token()).await;
        assert_eq!(code(&e), "BAD_USER_INPUT");
        assert_eq!(e["extensions"]["field"], "input.rating");
    }
    let e = app.error(REVIEW_PARTNER, review(5), outsider.token()).await;
    assert_eq!(code(&e), "NOT_FOUND");
    let e = app
        .error(
            REVIEW_PARTNER,
            json!({ "input": { "collaborationId": other, "rating": 3 } }),
            brand.token(),
        )
        .await;
    assert_eq!(
        code(&e),
        "CONFLICT",
        "a cancelled collaboration is not reviewed"
    );
    let r = app.ok(REVIEW_PARTNER, review(5), brand.token()).await;
    assert_eq!(r["r"]["author"], "BRAND");
    let e = app.error(REVIEW_PARTNER, review(4), brand.token()).await;
    assert_eq!(code(&e), "CONFLICT", "reviewing twice");
    app.ok(REVIEW_PARTNER, review(4), creator.token()).await;

    let data = app
        .ok(CREATOR_STATS, json!({ "id": creator.id }), outsider.token())
        .await;
    assert_eq!(
        data["creator"]["stats"],
        json!({
            "activeCollaborations": 0, "completedCollaborations": 1,
            "averageRating": "5.00", "reviewCount": 1,
            "onTimeRate": "50.00",          // 1 of 2 published on time
            "totalOrders": 2,
            // 900 / 10,000 = 9% and 300 / 6,000 = 5%: the mean of the two.
            "averageEngagementRate": "7.00",
            "conversionRate": "0.50",
        })
    );
    assert_eq!(
        data["creator"]["reviews"],
        json!({ "totalCount": 1, "nodes": [{ "author": "BRAND", "rating": 5, "comment": "Rất chuyên nghiệp" }] })
    );
    let data = app
        .ok(BRAND_STATS, json!({ "id": brand.id }), creator.token())
        .await;
    assert_eq!(
        data["brand"]["stats"],
        json!({ "openBriefs": 1, "activeCollaborations": 0, "completedCollaborations": 1,
                "averageRating": "4.00", "reviewCount": 1 })
    );
    assert_eq!(data["brand"]["reviews"]["nodes"][0]["author"], "CREATOR");
    // Anyone may read the reviews, but not the deal behind them.
    const REVIEW_DEAL: &str = "query($id: ID!) { creator(id: $id) { reviews { nodes { rating collaboration { id } } } } }";
    let body = app
        .gql(REVIEW_DEAL, json!({ "id": creator.id }), outsider.token())
        .await;
    assert_eq!(code(&body["errors"][0]), "NOT_FOUND");
    let data = app
        .ok(REVIEW_DEAL, json!({ "id": creator.id }), brand.token())
        .await;
    assert_eq!(
        data["creator"]["reviews"]["nodes"][0]["collaboration"]["id"],
        collab.as_str()
    );
    let data = app
        .ok(
            "query($id: ID!) { collaboration(id: $id) { reviews { author rating } } }",
            json!({ "id": collab }),
            creator.token(),
        )
        .await;
    assert_eq!(
        data["collaboration"]["reviews"].as_array().unwrap().len(),
        2
    );
}

#[tokio::test]
async fn open_briefs_counts_only_what_the_viewer_may_read() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "count@brand.vn").await;
    let invited = creator_party(&app, "invited@creator.vn").await;
    let other_creator = creator_party(&app, "other@creator.vn").await;
    let other_brand = brand_party(&app, "other@brand.vn").await;
    let admin = app.admin("count@admin.vn").await;
    let invite_only =
        |title: &str| with(brief_input(title), json!({ "visibility": "INVITE_ONLY" }));
    // OPEN: one public, two INVITE_ONLY (one with an invitation); and a public DRAFT.
    open_brief(&app, &brand, brief_input("Công khai")).await;
    let secret = open_brief(&app, &brand, invite_only("Mời riêng")).await;
    open_brief(&app, &brand, invite_only("Chưa mời ai")).await;
    draft_brief(&app, &brand, brief_input("Nháp")).await;
    invite(&app, &brand, &secret, &invited, fee_terms("1000000", 1)).await;

    const OPEN_BRIEFS: &str = "query($id: ID!) { brand(id: $id) { stats { openBriefs } } }";
    for (viewer, want) in [
        (brand.token(), 3),
        (admin.token(), 3),
        (invited.token(), 2),
        (other_creator.token(), 1),
        (other_brand.token(), 1),
    ] {
        let data = app.ok(OPEN_BRIEFS, json!({ "id": brand.id }), viewer).await;
        assert_eq!(data["brand"]["stats"]["openBriefs"], want, "{want}");
    }
}
