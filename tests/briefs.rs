//! Briefs and brands through the router: the brief lifecycle and its refusals, publishing rules,
//! money and rate validation, who sees and changes what, ownership, updates, eligibility,
//! discovery with every filter, keyset pagination under concurrent publishing, and `updateBrand`.

mod common;

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, Utc};
use common::*;
use entity::brief;
use futures_util::{StreamExt, stream};
use marketplace::graphql::ids;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use uuid::Uuid;

// ---------------------------------------------------------------- operations

macro_rules! brief_fields {
    () => {
        "id title description objective productName productUrl platforms \
         deliverables { type platform quantity notes } \
         compensation { model feeMin { amount currency } feeMax { amount currency } commissionRate giftProduct } \
         budget { amount currency } committedBudget { amount currency } slots filledSlots \
         requirements { creatorKinds niches minFollowers maxFollowers minEngagementRate countries } \
         visibility status applicationDeadline contentDueAt createdAt publishedAt brand { id }"
    };
}

const CREATE: &str = concat!(
    "mutation($input: CreateBriefInput!) { r: createBrief(input: $input) { ",
    brief_fields!(),
    " } }"
);
const UPDATE: &str = concat!(
    "mutation($id: ID!, $input: UpdateBriefInput!) { r: updateBrief(id: $id, input: $input) { ",
    brief_fields!(),
    " } }"
);
const BRIEF: &str = concat!(
    "query($id: ID!) { brief(id: $id) { ",
    brief_fields!(),
    " } }"
);
const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on Brief { title status } } }";
const PUBLISH: &str = "mutation($id: ID!) { r: publishBrief(id: $id) { id status publishedAt } }";
const CLOSE: &str = "mutation($id: ID!) { r: closeBrief(id: $id) { id status publishedAt } }";
const COMPLETE: &str = "mutation($id: ID!) { r: completeBrief(id: $id) { id status publishedAt } }";
const CANCEL: &str = "mutation($id: ID!, $reason: String!) { r: cancelBrief(id: $id, reason: $reason) { id status publishedAt } }";
const DISCOVER: &str = "query($filter: BriefFilter, $first: Int, $after: String) { \
    briefs(filter: $filter, first: $first, after: $after) { totalCount \
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } \
    edges { cursor node { id title publishedAt } } } }";
const BRAND_BRIEFS: &str = "query($id: ID!, $status: BriefStatus, $first: Int, $after: String) { \
    brand(id: $id) { id briefs(status: $status, first: $first, after: $after) { totalCount \
    pageInfo { hasNextPage endCursor } nodes { id title status visibility } } } }";
const ELIGIBILITY: &str =
    "query($id: ID!) { brief(id: $id) { id eligibility { eligible reasons } } }";
const ME_BRAND: &str = "{ me { brand { id } } }";
const UPDATE_PROFILE: &str =
    "mutation($input: CreatorProfileInput!) { updateCreatorProfile(input: $input) { id } }";
const ADD_ACCOUNT: &str =
    "mutation($input: SocialAccountInput!) { addSocialAccount(input: $input) { id } }";
const UPDATE_BRAND: &str = "mutation($input: BrandInput!) { updateBrand(input: $input) { id name industry website description } }";
const BRAND: &str = "query($id: ID!) { brand(id: $id) { id name industry website description } }";

// ---------------------------------------------------------------- helpers

/// A brand user and its brand's ID.
struct BrandUser {
    session: Session,
    brand_id: String,
}

impl BrandUser {
    fn token(&self) -> Option<&str> {
        self.session.token()
    }
}

async fn brand_user(app: &TestApp, email: &str) -> BrandUser {
    let session = app.brand(email).await;
    let data = app.ok(ME_BRAND, json!({}), session.token()).await;
    let brand_id = data["me"]["brand"]["id"].as_str().unwrap().to_owned();
    BrandUser { session, brand_id }
}

fn at(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339()
}

fn ts(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap_or_else(|| panic!("{value}")))
        .unwrap()
        .with_timezone(&Utc)
}

fn money(amount: &str, currency: &str) -> Value {
    json!({ "amount": amount, "currency": currency })
}

fn vnd(amount: &str) -> Value {
    money(amount, "VND")
}

fn usd(amount: &str) -> Value {
    money(amount, "USD")
}

/// A publishable FIXED_FEE brief in VND.
fn input(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Quay một video ngắn giới thiệu sản phẩm.",
        "objective": "AWARENESS",
        "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK" }],
        "compensation": { "model": "FIXED_FEE", "feeMin": vnd("1000000"), "feeMax": vnd("2000000") },
        "budget": vnd("10000000"),
        "slots": 3,
        "applicationDeadline": at(Duration::days(14)),
        "contentDueAt": at(Duration::days(30)),
    })
}

/// `base` with the keys of `patch` replaced (a null value sets null).
fn with(mut base: Value, patch: Value) -> Value {
    for (k, v) in patch.as_object().expect("patch object") {
        base[k] = v.clone();
    }
    base
}

async fn create(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.ok(CREATE, json!({ "input": input }), token).await["r"].clone()
}

async fn create_id(app: &TestApp, token: Option<&str>, input: Value) -> String {
    create(app, token, input).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn publish(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.ok(PUBLISH, json!({ "id": id }), token).await["r"].clone()
}

/// Creates and publishes; returns the ID.
async fn open(app: &TestApp, token: Option<&str>, input: Value) -> String {
    let id = create_id(app, token, input).await;
    assert_eq!(publish(app, token, &id).await["status"], "OPEN");
    id
}

async fn fetch(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.ok(BRIEF, json!({ "id": id }), token).await["brief"].clone()
}

async fn update(app: &TestApp, token: Option<&str>, id: &str, input: Value) -> Value {
    app.ok(UPDATE, json!({ "id": id, "input": input }), token)
        .await["r"]
        .clone()
}

async fn update_error(app: &TestApp, token: Option<&str>, id: &str, input: Value) -> Value {
    app.error(UPDATE, json!({ "id": id, "input": input }), token)
        .await
}

fn uuid(id: &str) -> Uuid {
    ids::decode(id).expect("one of our IDs").1
}

async fn row(app: &TestApp, id: &str) -> brief::Model {
    brief::Entity::find_by_id(uuid(id))
        .one(app.db())
        .await
        .unwrap()
        .expect("brief row")
}

/// Changes the stored row directly, for states the API reaches only through later features.
async fn edit_row(app: &TestApp, id: &str, change: impl FnOnce(&mut brief::ActiveModel)) {
    let mut active: brief::ActiveModel = row(app, id).await.into();
    change(&mut active);
    active.update(app.db()).await.unwrap();
}

fn assert_error(error: &Value, want_code: &str, want_field: Option<&str>, context: &str) {
    assert_eq!(code(error), want_code, "{context}: {error}");
    if let Some(field) = want_field {
        assert_eq!(error["extensions"]["field"], field, "{context}: {error}");
    }
}

/// Titles of the discovery list (one page of up to 100), in order.
async fn discover(app: &TestApp, token: Option<&str>, filter: Value) -> Vec<String> {
    let body = app
        .gql(DISCOVER, json!({ "filter": filter, "first": 100 }), token)
        .await;
    assert!(body.get("errors").is_none(), "filter {filter}: {body}");
    let conn = &body["data"]["briefs"];
    let titles: Vec<String> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        conn["totalCount"].as_i64().unwrap(),
        titles.len() as i64,
        "totalCount of {filter}"
    );
    assert_eq!(conn["pageInfo"]["hasNextPage"], false);
    titles
}

/// Statuses a brief can be driven to.
const STATUSES: [&str; 5] = ["DRAFT", "OPEN", "CLOSED", "COMPLETED", "CANCELLED"];

/// A fresh brief in `status` (CANCELLED through a cancelled DRAFT).
async fn brief_in(app: &TestApp, token: Option<&str>, status: &str, title: &str) -> String {
    let id = create_id(app, token, input(title)).await;
    let steps: &[(&str, Value)] = match status {
        "DRAFT" => &[],
        "OPEN" => &[(PUBLISH, json!({ "id": id }))],
        "CLOSED" => &[(PUBLISH, json!({ "id": id })), (CLOSE, json!({ "id": id }))],
        "COMPLETED" => &[
            (PUBLISH, json!({ "id": id })),
            (CLOSE, json!({ "id": id })),
            (COMPLETE, json!({ "id": id })),
        ],
        "CANCELLED" => &[(CANCEL, json!({ "id": id, "reason": "setup" }))],
        other => panic!("no status {other}"),
    };
    for (query, vars) in steps {
        app.ok(query, vars.clone(), token).await;
    }
    assert_eq!(fetch(app, token, &id).await["status"], status);
    id
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Update,
    Publish,
    Close,
    Complete,
    Cancel,
}

impl Op {
    const ALL: [Op; 5] = [Op::Update, Op::Publish, Op::Close, Op::Complete, Op::Cancel];

    fn request(self, id: &str) -> (&'static str, Value) {
        match self {
            Op::Update => (UPDATE, json!({ "id": id, "input": { "title": "Renamed" } })),
            Op::Publish => (PUBLISH, json!({ "id": id })),
            Op::Close => (CLOSE, json!({ "id": id })),
            Op::Complete => (COMPLETE, json!({ "id": id })),
            Op::Cancel => (CANCEL, json!({ "id": id, "reason": "  Budget cut  " })),
        }
    }
}

// ---------------------------------------------------------------- 1. lifecycle

#[tokio::test]
async fn the_lifecycle_runs_draft_open_closed_completed_with_published_at_set_once() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "lifecycle@brand.vn").await;
    let t = brand.token();

    let created = create(&app, t, input("Chiến dịch hè")).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["publishedAt"], Value::Null);
    assert_eq!(created["brand"]["id"], brand.brand_id.as_str());

    let before = Utc::now() - Duration::seconds(1);
    let published = publish(&app, t, id).await;
    assert_eq!(published["status"], "OPEN");
    let published_at = ts(&published["publishedAt"]);
    assert!(published_at >= before && published_at <= Utc::now() + Duration::seconds(1));

    let closed = app.ok(CLOSE, json!({ "id": id }), t).await["r"].clone();
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(ts(&closed["publishedAt"]), published_at);

    let completed = app.ok(COMPLETE, json!({ "id": id }), t).await["r"].clone();
    assert_eq!(completed["status"], "COMPLETED");
    assert_eq!(ts(&completed["publishedAt"]), published_at);
    let stored = fetch(&app, t, id).await;
    assert_eq!(stored["status"], "COMPLETED");
    assert_eq!(ts(&stored["publishedAt"]), published_at);
}

#[tokio::test]
async fn every_transition_is_allowed_from_exactly_its_statuses_and_conflicts_from_the_rest() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "matrix@brand.vn").await;
    let t = brand.token();

    for status in STATUSES {
        for op in Op::ALL {
            let title = format!("{status} {op:?}");
            let id = brief_in(&app, t, status, &title).await;
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
            let after = fetch(&app, t, &id).await;
            match expected {
                Some(to) => {
                    assert!(body.get("errors").is_none(), "{title}: {body}");
                    assert_eq!(body["data"]["r"]["status"], to, "{title}");
                    assert_eq!(after["status"], to, "{title}");
                    if op == Op::Cancel {
                        // The reason is stored, trimmed (the contract has no field for it).
                        assert_eq!(
                            row(&app, &id).await.cancel_reason.as_deref(),
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
                        assert_eq!(row(&app, &id).await.cancel_reason, None, "{title}");
                    } else {
                        assert_eq!(
                            row(&app, &id).await.cancel_reason.as_deref(),
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
    let brand = brand_user(&app, "reason@brand.vn").await;
    let t = brand.token();
    let id = create_id(&app, t, input("Cần lý do")).await;
    for reason in ["", "   "] {
        let error = app
            .error(CANCEL, json!({ "id": id, "reason": reason }), t)
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("reason"), reason);
    }
    let error = app
        .error(CANCEL, json!({ "id": id, "reason": "x".repeat(1_001) }), t)
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("reason"), "too long");
    assert_eq!(fetch(&app, t, &id).await["status"], "DRAFT");
    assert_eq!(row(&app, &id).await.cancel_reason, None);

    let cancelled = app
        .ok(
            CANCEL,
            json!({ "id": id, "reason": "Sản phẩm ngừng bán" }),
            t,
        )
        .await;
    assert_eq!(cancelled["r"]["status"], "CANCELLED");
    assert_eq!(cancelled["r"]["publishedAt"], Value::Null);
    assert_eq!(
        row(&app, &id).await.cancel_reason.as_deref(),
        Some("Sản phẩm ngừng bán")
    );
}

// ---------------------------------------------------------------- 2. publishing rules, money, rates

#[tokio::test]
async fn publishing_refuses_inconsistent_compensation_naming_the_field() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "comp@brand.vn").await;
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
        let id = create_id(
            &app,
            t,
            with(input(name), json!({ "compensation": compensation })),
        )
        .await;
        let error = app.error(PUBLISH, json!({ "id": id }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), name);
        let after = fetch(&app, t, &id).await;
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
        let id = create_id(
            &app,
            t,
            with(
                input("fine"),
                json!({ "compensation": compensation.clone() }),
            ),
        )
        .await;
        let published = app.gql(PUBLISH, json!({ "id": id }), t).await;
        assert_eq!(
            published["data"]["r"]["status"], "OPEN",
            "{compensation}: {published}"
        );
    }
}

#[tokio::test]
async fn publishing_needs_deliverables_slots_budget_and_future_deadlines() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "publishable@brand.vn").await;
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
        let id = create_id(&app, t, with(input(field), patch)).await;
        let error = app.error(PUBLISH, json!({ "id": id }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
        assert_eq!(fetch(&app, t, &id).await["status"], "DRAFT", "{field}");
    }
    // Deadlines are optional; without them the brief publishes.
    let id = create_id(
        &app,
        t,
        with(
            input("no deadlines"),
            json!({ "applicationDeadline": null, "contentDueAt": null }),
        ),
    )
    .await;
    assert_eq!(publish(&app, t, &id).await["status"], "OPEN");

    // A fixed draft publishes.
    let id = create_id(&app, t, with(input("fixed later"), json!({ "slots": 0 }))).await;
    app.error(PUBLISH, json!({ "id": id }), t).await;
    update(&app, t, &id, json!({ "slots": 1 })).await;
    assert_eq!(publish(&app, t, &id).await["status"], "OPEN");
}

#[tokio::test]
async fn rates_and_amounts_are_validated_at_create_with_the_field_named() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "money@brand.vn").await;
    let t = brand.token();
    let commission = |rate: &str| {
        with(
            input("rate"),
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
                input("fee decimals VND"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("1500000.5"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.amount",
        ),
        (
            with(
                input("fee decimals USD"),
                json!({ "budget": usd("1000"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("10"), "feeMax": usd("10.505") } }),
            ),
            "input.compensation.feeMax.amount",
        ),
        (
            with(
                input("negative fee"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("-1"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.amount",
        ),
        (
            with(
                input("budget decimals VND"),
                json!({ "budget": vnd("1000.5") }),
            ),
            "input.budget.amount",
        ),
        (
            with(
                input("budget decimals USD"),
                json!({ "budget": usd("1000.123") }),
            ),
            "input.budget.amount",
        ),
        (
            with(input("negative budget"), json!({ "budget": vnd("-10") })),
            "input.budget.amount",
        ),
        (
            with(
                input("fee in USD, budget in VND"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": usd("100"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMin.currency",
        ),
        (
            with(
                input("feeMax in EUR"),
                json!({ "compensation": { "model": "HYBRID", "feeMin": vnd("1"), "feeMax": money("100", "EUR"), "commissionRate": "5" } }),
            ),
            "input.compensation.feeMax.currency",
        ),
        (
            with(
                input("JPY has no decimals either"),
                json!({ "budget": money("100.5", "JPY"), "compensation": { "model": "GIFTING", "giftProduct": true } }),
            ),
            "input.budget.amount",
        ),
        // Implementation's choice: feeMin above feeMax is refused at create, naming feeMax.
        (
            with(
                input("min above max"),
                json!({ "compensation": { "model": "FIXED_FEE", "feeMin": vnd("3000000"), "feeMax": vnd("2000000") } }),
            ),
            "input.compensation.feeMax",
        ),
        (
            with(
                input("engagement"),
                json!({ "requirements": { "minEngagementRate": "100.01" } }),
            ),
            "input.requirements.minEngagementRate",
        ),
        (
            with(
                input("engagement"),
                json!({ "requirements": { "minEngagementRate": "2.555" } }),
            ),
            "input.requirements.minEngagementRate",
        ),
    ];
    // Lengths and counts (the documented maxima).
    bad.extend([
        (
            with(input("x"), json!({ "title": "t".repeat(201) })),
            "input.title",
        ),
        (with(input("x"), json!({ "title": "   " })), "input.title"),
        (
            with(input("x"), json!({ "description": "d".repeat(5_001) })),
            "input.description",
        ),
        (with(input("x"), json!({ "slots": -1 })), "input.slots"),
        (with(input("x"), json!({ "slots": 10_001 })), "input.slots"),
        (
            with(
                input("x"),
                json!({ "deliverables": [{ "type": "POST", "platform": "FACEBOOK", "quantity": 0 }] }),
            ),
            "input.deliverables.0.quantity",
        ),
        (
            with(
                input("x"),
                json!({ "deliverables": [{ "type": "POST", "platform": "FACEBOOK" }, { "type": "POST", "platform": "FACEBOOK", "quantity": 21 }] }),
            ),
            "input.deliverables.1.quantity",
        ),
        (
            with(
                input("x"),
                json!({ "deliverables": vec![json!({ "type": "POST", "platform": "ZALO" }); 21] }),
            ),
            "input.deliverables",
        ),
        (
            with(input("x"), json!({ "productUrl": "ftp://shop.vn/son" })),
            "input.productUrl",
        ),
        (
            with(input("x"), json!({ "productUrl": "javascript:alert(1)" })),
            "input.productUrl",
        ),
        // 2,034 characters sent, 4,044 once its spaces are percent-encoded.
        (
            with(
                input("x"),
                json!({ "productUrl": format!("https://shop.example.vn/{}", " x".repeat(1005)) }),
            ),
            "input.productUrl",
        ),
        (
            with(input("x"), json!({ "description": "mô tả\u{0}" })),
            "input.description",
        ),
        (
            with(input("x"), json!({ "productName": "Son\u{1b}[31m" })),
            "input.productName",
        ),
        (with(input("x"), json!({ "title": "\u{200B}\u{2060}" })), "input.title"),
        (
            with(
                input("x"),
                json!({ "requirements": { "countries": ["VN", "XX"] } }),
            ),
            "input.requirements.countries.1",
        ),
        (
            with(
                input("x"),
                json!({ "requirements": { "minFollowers": 5000, "maxFollowers": 4999 } }),
            ),
            "input.requirements.maxFollowers",
        ),
        (
            with(input("x"), json!({ "requirements": { "minFollowers": -1 } })),
            "input.requirements.minFollowers",
        ),
    ]);
    for (input, field) in bad {
        let error = app.error(CREATE, json!({ "input": input }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), &input.to_string());
    }
    // Nothing half-made stayed behind.
    let data = app
        .ok(BRAND_BRIEFS, json!({ "id": brand.brand_id }), t)
        .await;
    assert_eq!(data["brand"]["briefs"]["totalCount"], 0);

    // The bounds are accepted and read back with the unit's digits.
    for (rate, shown) in [
        ("100", "100.00"),
        ("0.01", "0.01"),
        ("12.5", "12.50"),
        ("7.25", "7.25"),
    ] {
        let brief = create(&app, t, commission(rate)).await;
        assert_eq!(brief["compensation"]["commissionRate"], shown, "{rate}");
        assert_eq!(brief["compensation"]["feeMin"], Value::Null);
    }
    let brief = create(
        &app,
        t,
        with(
            input("USD"),
            json!({ "budget": usd("5000.5"), "compensation": { "model": "FIXED_FEE", "feeMin": usd("10"), "feeMax": usd("250.75") } }),
        ),
    )
    .await;
    assert_eq!(brief["budget"], usd("5000.50"));
    assert_eq!(brief["compensation"]["feeMin"], usd("10.00"));
    assert_eq!(brief["compensation"]["feeMax"], usd("250.75"));
    let brief = create(&app, t, input("VND")).await;
    assert_eq!(brief["budget"], vnd("10000000"));
    assert_eq!(brief["compensation"]["feeMin"], vnd("1000000"));
    // Implementation's choice: trailing zeros carry no value, so "1500000.00" VND is accepted.
    let brief = create(
        &app,
        t,
        with(input("zeros"), json!({ "budget": vnd("1500000.00") })),
    )
    .await;
    assert_eq!(brief["budget"], vnd("1500000"));
    // A zero minimum engagement is allowed (a requirement, not a commission rate).
    let brief = create(
        &app,
        t,
        with(
            input("zero engagement"),
            json!({ "requirements": { "minEngagementRate": "0" } }),
        ),
    )
    .await;
    assert_eq!(brief["requirements"]["minEngagementRate"], "0.00");
    // Exactly 200 characters of title.
    create(
        &app,
        t,
        with(input("x"), json!({ "title": "t".repeat(200) })),
    )
    .await;
}

#[tokio::test]
async fn a_fee_in_another_currency_is_refused_on_update_too() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "currency@brand.vn").await;
    let t = brand.token();
    let id = create_id(&app, t, input("VND brief")).await;
    let error = update_error(
        &app,
        t,
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
    let moved = update(
        &app,
        t,
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
    let brand = brand_user(&app, "reinterpret@brand.vn").await;
    let t = brand.token();
    // Fees 1,000,000 to 2,000,000 VND.
    let id = create_id(&app, t, input("VND fees")).await;
    // Moving the budget to USD without restating the fees would turn 1,000,000 đồng into
    // 10,000.00 dollars; it is refused, and the brief is unchanged.
    let error = update_error(&app, t, &id, json!({ "budget": usd("500") })).await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.compensation"), "");
    let after = fetch(&app, t, &id).await;
    assert_eq!(after["budget"], vnd("10000000"));
    assert_eq!(after["compensation"]["feeMin"], vnd("1000000"));
    // A brief without fees may change currency freely.
    let id = create_id(
        &app,
        t,
        with(
            input("commission only"),
            json!({ "compensation": { "model": "COMMISSION", "commissionRate": "10" } }),
        ),
    )
    .await;
    let moved = update(&app, t, &id, json!({ "budget": usd("500") })).await;
    assert_eq!(moved["budget"], usd("500.00"));
    assert_eq!(moved["compensation"]["commissionRate"], "10.00");
}

// ---------------------------------------------------------------- 3. visibility

#[tokio::test]
async fn drafts_and_invite_only_briefs_are_invisible_and_untouchable_to_others() {
    let app = TestApp::new().await;
    let owner = brand_user(&app, "owner@brand.vn").await;
    let other = brand_user(&app, "other@brand.vn").await;
    let creator = app.creator("viewer@creator.vn").await;
    let admin = app.admin("root@market.vn").await;
    let t = owner.token();

    let draft = create_id(&app, t, input("draft")).await;
    let invite_draft = create_id(
        &app,
        t,
        with(
            input("invite draft"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let invite_open = open(
        &app,
        t,
        with(input("invite open"), json!({ "visibility": "INVITE_ONLY" })),
    )
    .await;
    let invite_closed = open(
        &app,
        t,
        with(
            input("invite closed"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    app.ok(CLOSE, json!({ "id": invite_closed }), t).await;
    let public_open = open(&app, t, input("public open")).await;
    let public_closed = brief_in(&app, t, "CLOSED", "public closed").await;
    let public_completed = brief_in(&app, t, "COMPLETED", "public completed").await;
    let public_cancelled = brief_in(&app, t, "OPEN", "public cancelled").await;
    app.ok(
        CANCEL,
        json!({ "id": public_cancelled, "reason": "stop" }),
        t,
    )
    .await;

    let hidden = [&draft, &invite_draft, &invite_open, &invite_closed];
    let shown = [
        (&public_open, "public open"),
        (&public_closed, "public closed"),
        (&public_completed, "public completed"),
        (&public_cancelled, "public cancelled"),
    ];
    for viewer in [other.token(), creator.token()] {
        for id in hidden {
            assert_eq!(fetch(&app, viewer, id).await, Value::Null, "brief({id})");
            let data = app.ok(NODE, json!({ "id": id }), viewer).await;
            assert_eq!(data["node"], Value::Null, "node({id})");
        }
        for (id, title) in shown {
            let brief = fetch(&app, viewer, id).await;
            assert_eq!(brief["title"], title);
            // committedBudget is the owner's business.
            assert_eq!(brief["committedBudget"], Value::Null, "{title}");
            assert_eq!(brief["brand"]["id"], owner.brand_id.as_str());
            let data = app.ok(NODE, json!({ "id": id }), viewer).await;
            assert_eq!(data["node"]["title"], title);
        }
    }
    // The owner and admins see everything; only the owner sees committedBudget.
    for id in hidden.into_iter().chain(shown.iter().map(|(id, _)| *id)) {
        let mine = fetch(&app, t, id).await;
        assert_eq!(mine["id"], id.as_str());
        assert_eq!(mine["committedBudget"], vnd("0"));
        let seen = fetch(&app, admin.token(), id).await;
        assert_eq!(seen["id"], id.as_str());
        assert_eq!(seen["committedBudget"], Value::Null);
        let data = app.ok(NODE, json!({ "id": id }), admin.token()).await;
        assert_eq!(data["node"]["id"], id.as_str());
    }

    // Another brand's mutations: NOT_FOUND, whether or not it may read the brief.
    for id in [
        &draft,
        &invite_draft,
        &invite_open,
        &public_open,
        &public_closed,
    ] {
        for op in Op::ALL {
            let (query, vars) = op.request(id);
            let error = app.error(query, vars, other.token()).await;
            assert_error(&error, "NOT_FOUND", None, &format!("{op:?} {id}"));
        }
    }
    // Creators and admins may not change briefs at all: FORBIDDEN (the role is checked first).
    for viewer in [creator.token(), admin.token()] {
        for op in Op::ALL {
            let (query, vars) = op.request(&draft);
            let error = app.error(query, vars, viewer).await;
            assert_error(&error, "FORBIDDEN", None, &format!("{op:?}"));
        }
    }
    // Nothing moved.
    assert_eq!(fetch(&app, t, &draft).await["status"], "DRAFT");
    assert_eq!(fetch(&app, t, &draft).await["title"], "draft");
    assert_eq!(fetch(&app, t, &invite_open).await["status"], "OPEN");
    assert_eq!(fetch(&app, t, &public_open).await["status"], "OPEN");
    assert_eq!(fetch(&app, t, &public_closed).await["status"], "CLOSED");

    // IDs of another type or not ours at all.
    assert_eq!(fetch(&app, t, &owner.brand_id).await, Value::Null);
    assert_eq!(fetch(&app, t, "bm90LWFuLWlk").await, Value::Null);
    let error = app.error(PUBLISH, json!({ "id": owner.brand_id }), t).await;
    assert_error(&error, "NOT_FOUND", None, "brand ID as brief ID");
    let error = app.error(PUBLISH, json!({ "id": "garbage" }), t).await;
    assert_error(&error, "BAD_USER_INPUT", Some("id"), "garbage ID");
    let unknown = ids::encode(ids::Kind::Brief, Uuid::new_v4());
    let error = app.error(PUBLISH, json!({ "id": unknown }), t).await;
    assert_error(&error, "NOT_FOUND", None, "unknown brief");

    // Discovery lists only the PUBLIC OPEN one.
    assert_eq!(
        discover(&app, creator.token(), json!(null)).await,
        ["public open"]
    );
}

#[tokio::test]
async fn brand_briefs_shows_others_public_non_drafts_and_the_owner_and_admins_everything() {
    let app = TestApp::new().await;
    let owner = brand_user(&app, "list-owner@brand.vn").await;
    let other = brand_user(&app, "list-other@brand.vn").await;
    let creator = app.creator("list@creator.vn").await;
    let admin = app.admin("list-admin@market.vn").await;
    let t = owner.token();

    // Created in this order; the list is newest created first.
    let mut all = Vec::new();
    for (title, status, visibility) in [
        ("draft", "DRAFT", "PUBLIC"),
        ("open", "OPEN", "PUBLIC"),
        ("closed", "CLOSED", "PUBLIC"),
        ("completed", "COMPLETED", "PUBLIC"),
        ("cancelled", "CANCELLED", "PUBLIC"),
        ("invite draft", "DRAFT", "INVITE_ONLY"),
        ("invite open", "OPEN", "INVITE_ONLY"),
        ("invite closed", "CLOSED", "INVITE_ONLY"),
    ] {
        let id = brief_in(&app, t, status, title).await;
        if visibility == "INVITE_ONLY" {
            // Set on the row, as the API changes visibility only while DRAFT or OPEN.
            edit_row(&app, &id, |r| {
                r.visibility = Set(entity::enums::BriefVisibility::InviteOnly)
            })
            .await;
        }
        all.push((title, status, visibility));
    }
    all.reverse();

    let list = |token: Option<&str>, status: Option<&str>| {
        let vars = json!({ "id": owner.brand_id, "status": status, "first": 50 });
        let token = token.map(str::to_owned);
        let app = &app;
        async move {
            let data = app.ok(BRAND_BRIEFS, vars, token.as_deref()).await;
            let conn = data["brand"]["briefs"].clone();
            let titles: Vec<String> = conn["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["title"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(conn["totalCount"], titles.len());
            titles
        }
    };
    let titles = |pred: &dyn Fn(&str, &str) -> bool| -> Vec<String> {
        all.iter()
            .filter(|(_, s, v)| pred(s, v))
            .map(|(t, _, _)| t.to_string())
            .collect()
    };

    let everything = titles(&|_, _| true);
    assert_eq!(list(t, None).await, everything);
    assert_eq!(list(admin.token(), None).await, everything);
    // "cancelled" was cancelled as a draft, never published: it stays private.
    let public = titles(&|s, v| v == "PUBLIC" && s != "DRAFT" && s != "CANCELLED");
    assert_eq!(public, ["completed", "closed", "open"].map(String::from));
    assert_eq!(list(other.token(), None).await, public);
    assert_eq!(list(creator.token(), None).await, public);

    for status in STATUSES {
        assert_eq!(
            list(t, Some(status)).await,
            titles(&|s, _| s == status),
            "owner {status}"
        );
        assert_eq!(
            list(admin.token(), Some(status)).await,
            titles(&|s, _| s == status),
            "admin {status}"
        );
        assert_eq!(
            list(other.token(), Some(status)).await,
            titles(&|s, v| s == status && v == "PUBLIC" && s != "DRAFT" && s != "CANCELLED"),
            "other {status}"
        );
    }
    assert_eq!(
        list(t, Some("DRAFT")).await,
        ["invite draft", "draft"].map(String::from)
    );
    assert!(list(other.token(), Some("DRAFT")).await.is_empty());

    // The owner pages through its list, newest first, each exactly once.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .ok(
                BRAND_BRIEFS,
                json!({ "id": owner.brand_id, "first": 3, "after": after }),
                t,
            )
            .await;
        let conn = &data["brand"]["briefs"];
        for n in conn["nodes"].as_array().unwrap() {
            seen.push(n["title"].as_str().unwrap().to_owned());
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = Some(conn["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, everything);
}

#[tokio::test]
async fn a_draft_cancelled_before_publishing_stays_private() {
    // Cancelling a draft does not publish it: others never saw it, and still do not.
    let app = TestApp::new().await;
    let owner = brand_user(&app, "cancel-draft@brand.vn").await;
    let creator = app.creator("cancel-draft@creator.vn").await;
    let id = brief_in(&app, owner.token(), "CANCELLED", "never published").await;
    let q = "query($id: ID!) { brief(id: $id) { id } node(id: $id) { id } }";
    let data = app.ok(q, json!({ "id": id }), creator.token()).await;
    assert_eq!(data["brief"], Value::Null);
    assert_eq!(data["node"], Value::Null);
    let brief = fetch(&app, owner.token(), &id).await;
    assert_eq!(brief["status"], "CANCELLED");
    assert_eq!(brief["publishedAt"], Value::Null);
    assert!(
        discover(&app, creator.token(), json!(null))
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------- 4. ownership and roles

#[tokio::test]
async fn a_brief_belongs_to_the_signed_in_brand_whatever_the_input_says() {
    let app = TestApp::new().await;
    let mine = brand_user(&app, "mine@brand.vn").await;
    let theirs = brand_user(&app, "theirs@brand.vn").await;
    let victim = theirs.brand_id.as_str();
    let created = create(
        &app,
        mine.token(),
        with(
            input(victim),
            json!({
                "description": victim,
                "productName": victim,
                "productUrl": format!("https://shop.example.vn/?brand={victim}"),
                "deliverables": [{ "type": "POST", "platform": "FACEBOOK", "notes": victim }],
            }),
        ),
    )
    .await;
    assert_eq!(created["brand"]["id"], mine.brand_id.as_str());
    assert_ne!(created["brand"]["id"], victim);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        fetch(&app, mine.token(), id).await["brand"]["id"],
        mine.brand_id.as_str()
    );

    // The input has no brand field: naming one is a validation error, and nothing is made.
    let error = app
        .error(
            CREATE,
            json!({ "input": with(input("with brandId"), json!({ "brandId": victim })) }),
            mine.token(),
        )
        .await;
    assert!(
        error["message"].as_str().unwrap().contains("brandId"),
        "{error}"
    );
    let error = update_error(&app, mine.token(), id, json!({ "brandId": victim })).await;
    assert!(
        error["message"].as_str().unwrap().contains("brandId"),
        "{error}"
    );

    let count = |b: &BrandUser| {
        let vars = json!({ "id": b.brand_id });
        let token = b.token().map(str::to_owned);
        let app = &app;
        async move {
            app.ok(BRAND_BRIEFS, vars, token.as_deref()).await["brand"]["briefs"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count(&mine).await, 1);
    assert_eq!(count(&theirs).await, 0);
    assert_eq!(
        fetch(&app, mine.token(), id).await["brand"]["id"],
        mine.brand_id.as_str()
    );
}

#[tokio::test]
async fn only_signed_in_brands_create_briefs() {
    let app = TestApp::new().await;
    let creator = app.creator("no-briefs@creator.vn").await;
    let admin = app.admin("no-briefs@admin.vn").await;
    let vars = json!({ "input": input("not allowed") });
    let error = app.error(CREATE, vars.clone(), creator.token()).await;
    assert_error(&error, "FORBIDDEN", None, "creator");
    // Implementation's choice: admins do not write briefs either.
    let error = app.error(CREATE, vars.clone(), admin.token()).await;
    assert_error(&error, "FORBIDDEN", None, "admin");
    let error = app.error(CREATE, vars.clone(), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "no token");
    let error = app.error(CREATE, vars, Some("not.a.jwt")).await;
    assert_error(&error, "UNAUTHENTICATED", None, "bad token");

    // Reading needs a token too.
    let brand = brand_user(&app, "reader@brand.vn").await;
    let id = open(&app, brand.token(), input("needs a token")).await;
    let error = app.error(BRIEF, json!({ "id": id }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "brief without token");
    let error = app.error(DISCOVER, json!({ "filter": null }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "briefs without token");
    let error = app.error(PUBLISH, json!({ "id": id }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "publish without token");
}

// ---------------------------------------------------------------- 5. updates

#[tokio::test]
async fn every_field_of_a_draft_round_trips_and_null_clears_the_optional_ones() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "edit@brand.vn").await;
    let t = brand.token();
    let id = create_id(
        &app,
        t,
        with(
            input("Bản nháp"),
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
    let updated = update(&app, t, &id, patch).await;
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
        assert_eq!(ts(&b["applicationDeadline"]), ts(&json!(deadline)));
        assert_eq!(ts(&b["contentDueAt"]), ts(&json!(due)));
        assert_eq!(b["publishedAt"], Value::Null);
        assert_eq!(b["brand"]["id"], brand.brand_id.as_str());
    };
    check(&updated);
    check(&fetch(&app, t, &id).await);

    // An empty update changes nothing.
    check(&update(&app, t, &id, json!({})).await);
    // Omitted fields stay; null clears the optional ones.
    let cleared = update(
        &app,
        t,
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
    let stored = fetch(&app, t, &id).await;
    assert_eq!(stored["productUrl"], Value::Null);
    assert_eq!(stored["applicationDeadline"], Value::Null);

    // Replacing the deliverables replaces the platforms; none leaves none.
    let b = update(
        &app,
        t,
        &id,
        json!({ "deliverables": [{ "type": "POST", "platform": "ZALO" }, { "type": "POST", "platform": "FACEBOOK" }] }),
    )
    .await;
    assert_eq!(b["platforms"], json!(["ZALO", "FACEBOOK"]));
    let b = update(&app, t, &id, json!({ "deliverables": [] })).await;
    assert_eq!(b["platforms"], json!([]));
    assert_eq!(b["deliverables"], json!([]));
    // Requirements given again replace the old ones entirely.
    let b = update(&app, t, &id, json!({ "requirements": {} })).await;
    assert_eq!(
        b["requirements"],
        json!({
            "creatorKinds": [], "niches": [], "minFollowers": null, "maxFollowers": null,
            "minEngagementRate": null, "countries": []
        })
    );
    // Invalid values are refused with the field named, and change nothing.
    let error = update_error(
        &app,
        t,
        &id,
        json!({ "productUrl": "mailto:a@b.vn", "title": "X" }),
    )
    .await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.productUrl"), "url");
    let error = update_error(&app, t, &id, json!({ "slots": -2 })).await;
    assert_error(&error, "BAD_USER_INPUT", Some("input.slots"), "slots");
    assert_eq!(fetch(&app, t, &id).await["title"], "Son môi mùa hè");
}

#[tokio::test]
async fn an_open_brief_keeps_its_currency_filled_slots_committed_budget_and_consistency() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "open-edit@brand.vn").await;
    let t = brand.token();
    let id = open(&app, t, with(input("Đang mở"), json!({ "slots": 5 }))).await;

    // The currency of an OPEN brief cannot change.
    let error = update_error(
        &app,
        t,
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
    edit_row(&app, &id, |r| {
        r.filled_slots = Set(3);
        r.committed_minor = Set(5_000_000);
    })
    .await;
    let b = fetch(&app, t, &id).await;
    assert_eq!(b["filledSlots"], 3);
    assert_eq!(b["committedBudget"], vnd("5000000"));

    let error = update_error(&app, t, &id, json!({ "slots": 2, "title": "Đổi tên" })).await;
    assert_error(&error, "CONFLICT", Some("input.slots"), "slots");
    let error = update_error(
        &app,
        t,
        &id,
        json!({ "budget": vnd("4999999"), "title": "Đổi tên" }),
    )
    .await;
    assert_error(&error, "CONFLICT", Some("input.budget.amount"), "budget");
    // Nothing of a refused update stays.
    let b = fetch(&app, t, &id).await;
    assert_eq!(b["title"], "Đang mở");
    assert_eq!(b["slots"], 5);
    assert_eq!(b["budget"], vnd("10000000"));

    // Down to exactly what is filled and committed is fine.
    let b = update(
        &app,
        t,
        &id,
        json!({ "slots": 3, "budget": vnd("5000000") }),
    )
    .await;
    assert_eq!(b["slots"], 3);
    assert_eq!(b["budget"], vnd("5000000"));
    assert_eq!(b["status"], "OPEN");
    // Same currency given again is not a change.
    let b = update(&app, t, &id, json!({ "budget": vnd("6000000") })).await;
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
        let error = update_error(&app, t, &id, patch).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
    }
    let b = fetch(&app, t, &id).await;
    assert_eq!(b["compensation"]["model"], "FIXED_FEE");
    assert_eq!(b["platforms"], json!(["TIKTOK"]));
    // A consistent change of model on an OPEN brief is fine.
    let b = update(
        &app,
        t,
        &id,
        json!({ "compensation": { "model": "COMMISSION", "commissionRate": "15" } }),
    )
    .await;
    assert_eq!(b["compensation"]["model"], "COMMISSION");
    assert_eq!(b["compensation"]["feeMin"], Value::Null);
}

// ---------------------------------------------------------------- 6. eligibility

/// A creator with a profile and accounts: `(platform, followers, engagement rate)`.
async fn creator_with(
    app: &TestApp,
    email: &str,
    profile: Value,
    accounts: &[(&str, i64, Option<&str>)],
) -> Session {
    let creator = app.creator(email).await;
    app.ok(UPDATE_PROFILE, json!({ "input": profile }), creator.token())
        .await;
    for (i, (platform, followers, rate)) in accounts.iter().enumerate() {
        app.ok(
            ADD_ACCOUNT,
            json!({ "input": {
                "platform": platform, "handle": format!("acc{i}"),
                "followers": followers, "engagementRate": rate
            } }),
            creator.token(),
        )
        .await;
    }
    creator
}

fn on(platforms: &[&str]) -> Value {
    Value::Array(
        platforms
            .iter()
            .map(|p| json!({ "type": "SHORT_VIDEO", "platform": p }))
            .collect(),
    )
}

#[tokio::test]
async fn eligibility_reports_each_failed_requirement_counting_only_the_briefs_platforms() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "elig@brand.vn").await;
    let t = brand.token();
    // 8,000 TikTok followers at 6%, 2,000 Instagram at 1%, 100,000 YouTube with no rate stated.
    let creator = creator_with(
        &app,
        "elig@creator.vn",
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
    let other = brand_user(&app, "elig-other@brand.vn").await;
    for (name, platforms, requirements, reasons) in cases {
        let id = open(
            &app,
            t,
            with(
                input(name),
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
    let id = open(
        &app,
        t,
        with(
            input("country for nowhere"),
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
    let id = open(
        &app,
        t,
        with(
            input("KOL only"),
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

// ---------------------------------------------------------------- 7. discovery

#[tokio::test]
async fn discovery_filters_match_exact_sets_and_leave_out_what_is_not_open_and_public() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "discover@brand.vn").await;
    let t = brand.token();
    let creator = creator_with(
        &app,
        "discover@creator.vn",
        json!({ "kind": "KOC", "niches": ["BEAUTY"], "country": "VN" }),
        &[
            ("TIKTOK", 5_000, Some("4")),
            ("INSTAGRAM", 3_000, Some("2")),
        ],
    )
    .await;
    let other = brand_user(&app, "discover-other@brand.vn").await;
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
        open(
            &app,
            t,
            with(with(input(title), json!({ "title": title })), patch.clone()),
        )
        .await;
    }

    // Briefs that match every filter but must never be listed.
    let lure = |title: &str| {
        with(
            input(title),
            json!({
                "description": "son moi duong da laptop 100% Son môi dưỡng da",
                "objective": "SALES", "compensation": commission,
                "deliverables": on(&["TIKTOK", "INSTAGRAM", "YOUTUBE", "SHOPEE", "FACEBOOK", "ZALO"]),
            }),
        )
    };
    create_id(&app, t, lure("lure draft")).await;
    let closed = open(&app, t, lure("lure closed")).await;
    app.ok(CLOSE, json!({ "id": closed }), t).await;
    let completed = open(&app, t, lure("lure completed")).await;
    app.ok(CLOSE, json!({ "id": completed }), t).await;
    app.ok(COMPLETE, json!({ "id": completed }), t).await;
    let cancelled = open(&app, t, lure("lure cancelled")).await;
    app.ok(CANCEL, json!({ "id": cancelled, "reason": "x" }), t)
        .await;
    open(
        &app,
        t,
        with(
            lure("lure invite only"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let expired = open(&app, t, lure("lure past deadline")).await;
    edit_row(&app, &expired, |r| {
        r.application_deadline = Set(Some(Utc::now() - Duration::minutes(1)))
    })
    .await;
    // The expired brief is still OPEN and readable; it is just not listed.
    assert_eq!(
        fetch(&app, creator.token(), &expired).await["status"],
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
    update(
        &app,
        t,
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
    app.ok(CLOSE, json!({ "id": laptop_id }), t).await;
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
    let brand = brand_user(&app, "limits@brand.vn").await;
    for i in 0..21 {
        open(&app, brand.token(), input(&format!("brief {i}"))).await;
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
    let brand = brand_user(&app, "suspended@brand.vn").await;
    let creator = app.creator("suspended@creator.vn").await;
    let admin = app.admin("suspended@admin.vn").await;
    open(&app, brand.token(), input("sắp bị ẩn")).await;
    assert_eq!(
        discover(&app, creator.token(), json!(null)).await,
        ["sắp bị ẩn"]
    );
    app.ok(
        "mutation($id: ID!) { suspendUser(userId: $id, reason: \"fraud\") { id } }",
        json!({ "id": brand.session.user_id }),
        admin.token(),
    )
    .await;
    assert!(
        discover(&app, creator.token(), json!(null))
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------- 8. pagination

#[tokio::test]
async fn paging_through_250_briefs_visits_each_once_while_new_ones_are_published() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "many@brand.vn").await;
    let creator = app.creator("pager@creator.vn").await;
    let t = brand.token();
    // Made through the API, eight at a time.
    let original: HashSet<String> = stream::iter(0..250)
        .map(|i| open(&app, t, input(&format!("brief {i:03}"))))
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
        open(&app, t, input(&format!("new {added}"))).await;
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

// ---------------------------------------------------------------- 9. brands

#[tokio::test]
async fn update_brand_round_trips_and_any_signed_in_user_reads_the_brand() {
    let app = TestApp::new().await;
    let brand = brand_user(&app, "profile@brand.vn").await;
    let t = brand.token();
    let updated = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": {
                "name": "  Cỏ Mềm  ", "industry": "Mỹ phẩm",
                "website": "https://comem.vn/gioi-thieu", "description": "Mỹ phẩm thuần chay."
            } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    let want = json!({
        "id": brand.brand_id, "name": "Cỏ Mềm", "industry": "Mỹ phẩm",
        "website": "https://comem.vn/gioi-thieu", "description": "Mỹ phẩm thuần chay."
    });
    assert_eq!(updated, want);

    let creator = app.creator("reads-brand@creator.vn").await;
    let other = brand_user(&app, "reads-brand@brand.vn").await;
    let admin = app.admin("reads-brand@admin.vn").await;
    for viewer in [t, creator.token(), other.token(), admin.token()] {
        let data = app.ok(BRAND, json!({ "id": brand.brand_id }), viewer).await;
        assert_eq!(data["brand"], want);
    }
    let error = app
        .error(BRAND, json!({ "id": brand.brand_id }), None)
        .await;
    assert_error(&error, "UNAUTHENTICATED", None, "brand without token");
    // Unknown or other-typed IDs read as null.
    let unknown = ids::encode(ids::Kind::Brand, Uuid::new_v4());
    let data = app.ok(BRAND, json!({ "id": unknown }), t).await;
    assert_eq!(data["brand"], Value::Null);
    let data = app
        .ok(BRAND, json!({ "id": brand.session.user_id }), t)
        .await;
    assert_eq!(data["brand"], Value::Null);
    let data = app
        .ok(
            "query($id: ID!) { node(id: $id) { id ... on Brand { name } } }",
            json!({ "id": brand.brand_id }),
            creator.token(),
        )
        .await;
    assert_eq!(data["node"]["name"], "Cỏ Mềm");

    // Omitted fields stay; http is fine too.
    let b = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "website": "http://comem.vn" } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    // The URL comes back in its normal form (the implementation's choice).
    assert_eq!(b["website"], "http://comem.vn/");
    assert_eq!(b["name"], "Cỏ Mềm");
    assert_eq!(b["industry"], "Mỹ phẩm");

    // The website must be an http(s) URL.
    for website in [
        "ftp://comem.vn",
        "javascript:alert(1)",
        "comem.vn",
        "not a url",
        "https://",
    ] {
        let error = app
            .error(
                UPDATE_BRAND,
                json!({ "input": { "website": website, "name": "Changed" } }),
                t,
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("input.website"), website);
    }
    for (input, field) in [
        (json!({ "name": "   " }), "input.name"),
        (json!({ "name": null }), "input.name"),
        (json!({ "industry": "i".repeat(101) }), "input.industry"),
        (
            json!({ "description": "d".repeat(2_001) }),
            "input.description",
        ),
    ] {
        let error = app.error(UPDATE_BRAND, json!({ "input": input }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
    }
    // A refused update changed nothing.
    let data = app.ok(BRAND, json!({ "id": brand.brand_id }), t).await;
    assert_eq!(data["brand"]["name"], "Cỏ Mềm");
    assert_eq!(data["brand"]["website"], "http://comem.vn/");

    // Null (or empty) clears the optional fields.
    let b = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "industry": null, "website": "", "description": null } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    assert_eq!(
        b,
        json!({ "id": brand.brand_id, "name": "Cỏ Mềm", "industry": null, "website": null, "description": null })
    );

    // Only the brand user edits its brand.
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            creator.token(),
        )
        .await;
    assert_error(&error, "FORBIDDEN", None, "creator");
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            admin.token(),
        )
        .await;
    assert_error(&error, "FORBIDDEN", None, "admin");
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            None,
        )
        .await;
    assert_error(&error, "UNAUTHENTICATED", None, "no token");
    // Another brand's update changes its own brand only.
    app.ok(
        UPDATE_BRAND,
        json!({ "input": { "name": "Khác" } }),
        other.token(),
    )
    .await;
    let data = app.ok(BRAND, json!({ "id": brand.brand_id }), t).await;
    assert_eq!(data["brand"]["name"], "Cỏ Mềm");
    let data = app.ok(BRAND, json!({ "id": other.brand_id }), t).await;
    assert_eq!(data["brand"]["name"], "Khác");
}

#[tokio::test]
async fn a_discovery_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::new().await;
    let owner = brand_user(&app, "many@brand.vn").await;
    let viewer = app.creator("reader@creator.vn").await;
    for i in 0..105 {
        let id = create_id(&app, owner.token(), input(&format!("brief {i}"))).await;
        app.ok(PUBLISH, json!({ "id": id }), owner.token()).await;
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
