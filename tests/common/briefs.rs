//! Briefs through the API: every field of a brief, the operations of its lifecycle, discovery,
//! and the stored row for the states the API reaches only through later features.

use entity::brief;
use sea_orm::{ActiveModelTrait, EntityTrait};
use serde_json::{Value, json};

use super::{
    TestApp,
    market::{Party, brief_input},
    uuid,
};

/// Every field of a brief.
#[macro_export]
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

pub const CREATE_BRIEF: &str = concat!(
    "mutation($input: CreateBriefInput!) { r: createBrief(input: $input) { ",
    brief_fields!(),
    " } }"
);
pub const UPDATE_BRIEF: &str = concat!(
    "mutation($id: ID!, $input: UpdateBriefInput!) { r: updateBrief(id: $id, input: $input) { ",
    brief_fields!(),
    " } }"
);
pub const BRIEF: &str = concat!(
    "query($id: ID!) { brief(id: $id) { ",
    brief_fields!(),
    " } }"
);
pub const PUBLISH_BRIEF: &str =
    "mutation($id: ID!) { r: publishBrief(id: $id) { id status publishedAt } }";
pub const CLOSE_BRIEF: &str =
    "mutation($id: ID!) { r: closeBrief(id: $id) { id status publishedAt } }";
pub const COMPLETE_BRIEF: &str =
    "mutation($id: ID!) { r: completeBrief(id: $id) { id status publishedAt } }";
pub const CANCEL_BRIEF: &str = "mutation($id: ID!, $reason: String!) { r: cancelBrief(id: $id, reason: $reason) { id status publishedAt } }";
pub const DISCOVER: &str = "query($filter: BriefFilter, $first: Int, $after: String) { \
    briefs(filter: $filter, first: $first, after: $after) { totalCount \
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } \
    edges { cursor node { id title publishedAt } } } }";
pub const BRAND_BRIEFS: &str = "query($id: ID!, $status: BriefStatus, $first: Int, $after: String) { \
    brand(id: $id) { id briefs(status: $status, first: $first, after: $after) { totalCount \
    pageInfo { hasNextPage endCursor } nodes { id title status visibility } } } }";
pub const ELIGIBILITY: &str =
    "query($id: ID!) { brief(id: $id) { id eligibility { eligible reasons } } }";

/// Statuses a brief can be driven to.
pub const STATUSES: [&str; 5] = ["DRAFT", "OPEN", "CLOSED", "COMPLETED", "CANCELLED"];

/// Creates a draft and returns it whole.
pub async fn create_brief(app: &TestApp, brand: &Party, input: Value) -> Value {
    app.ok(CREATE_BRIEF, json!({ "input": input }), brand.token())
        .await["r"]
        .clone()
}

pub async fn publish_brief(app: &TestApp, brand: &Party, id: &str) -> Value {
    app.ok(PUBLISH_BRIEF, json!({ "id": id }), brand.token())
        .await["r"]
        .clone()
}

/// The brief as `token`'s viewer reads it (null if it may not).
pub async fn fetch_brief(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.ok(BRIEF, json!({ "id": id }), token).await["brief"].clone()
}

pub async fn update_brief(app: &TestApp, brand: &Party, id: &str, input: Value) -> Value {
    app.ok(
        UPDATE_BRIEF,
        json!({ "id": id, "input": input }),
        brand.token(),
    )
    .await["r"]
        .clone()
}

/// The error of an update that must fail.
pub async fn update_brief_error(app: &TestApp, brand: &Party, id: &str, input: Value) -> Value {
    app.error(
        UPDATE_BRIEF,
        json!({ "id": id, "input": input }),
        brand.token(),
    )
    .await
}

/// A fresh brief of `brief_input(title)` in `status` (CANCELLED through a cancelled DRAFT).
pub async fn brief_in(app: &TestApp, brand: &Party, status: &str, title: &str) -> String {
    let id = super::market::draft_brief(app, brand, brief_input(title)).await;
    let steps: &[(&str, Value)] = match status {
        "DRAFT" => &[],
        "OPEN" => &[(PUBLISH_BRIEF, json!({ "id": id }))],
        "CLOSED" => &[
            (PUBLISH_BRIEF, json!({ "id": id })),
            (CLOSE_BRIEF, json!({ "id": id })),
        ],
        "COMPLETED" => &[
            (PUBLISH_BRIEF, json!({ "id": id })),
            (CLOSE_BRIEF, json!({ "id": id })),
            (COMPLETE_BRIEF, json!({ "id": id })),
        ],
        "CANCELLED" => &[(CANCEL_BRIEF, json!({ "id": id, "reason": "setup" }))],
        other => panic!("no status {other}"),
    };
    for (query, vars) in steps {
        app.ok(query, vars.clone(), brand.token()).await;
    }
    assert_eq!(fetch_brief(app, brand.token(), &id).await["status"], status);
    id
}

/// What a brand may do to a brief.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Update,
    Publish,
    Close,
    Complete,
    Cancel,
}

impl Op {
    pub const ALL: [Op; 5] = [Op::Update, Op::Publish, Op::Close, Op::Complete, Op::Cancel];

    pub fn request(self, id: &str) -> (&'static str, Value) {
        match self {
            Op::Update => (
                UPDATE_BRIEF,
                json!({ "id": id, "input": { "title": "Renamed" } }),
            ),
            Op::Publish => (PUBLISH_BRIEF, json!({ "id": id })),
            Op::Close => (CLOSE_BRIEF, json!({ "id": id })),
            Op::Complete => (COMPLETE_BRIEF, json!({ "id": id })),
            Op::Cancel => (
                CANCEL_BRIEF,
                json!({ "id": id, "reason": "  Budget cut  " }),
            ),
        }
    }
}

/// Titles of the discovery list (one page of up to 100), in order.
pub async fn discover(app: &TestApp, token: Option<&str>, filter: Value) -> Vec<String> {
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

/// One short video on each of these platforms.
pub fn on(platforms: &[&str]) -> Value {
    Value::Array(
        platforms
            .iter()
            .map(|p| json!({ "type": "SHORT_VIDEO", "platform": p }))
            .collect(),
    )
}

pub async fn brief_row(app: &TestApp, id: &str) -> brief::Model {
    brief::Entity::find_by_id(uuid(id))
        .one(app.db())
        .await
        .unwrap()
        .expect("brief row")
}

/// Changes the stored row directly, for states the API reaches only through later features.
pub async fn edit_brief_row(app: &TestApp, id: &str, change: impl FnOnce(&mut brief::ActiveModel)) {
    let mut active: brief::ActiveModel = brief_row(app, id).await.into();
    change(&mut active);
    active.update(app.db()).await.unwrap();
}
