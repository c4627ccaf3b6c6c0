//! Creators through the API: the profile with its audience, social accounts, rate cards, and the
//! `creators` list.

use serde_json::{Map, Value, json};

use super::{Session, TestApp};

/// Every field of a creator's profile.
#[macro_export]
macro_rules! profile_fields {
    () => {
        "id displayName bio kind niches country city languages totalFollowers tier engagementRate \
         socialAccounts { id platform handle url followers avgViews engagementRate } \
         rateCard { deliverableType platform price { amount currency } } createdAt"
    };
}

/// Every field of a social account.
#[macro_export]
macro_rules! account_fields {
    () => {
        "id platform handle url followers avgViews engagementRate"
    };
}

pub const MY_PROFILE: &str = concat!("{ me { creatorProfile { ", profile_fields!(), " } } }");
pub const CREATOR: &str = concat!(
    "query($id: ID!) { creator(id: $id) { ",
    profile_fields!(),
    " } }"
);
pub const UPDATE_PROFILE: &str = concat!(
    "mutation($input: CreatorProfileInput!) { updateCreatorProfile(input: $input) { ",
    profile_fields!(),
    " } }"
);
pub const ADD_ACCOUNT: &str = concat!(
    "mutation($input: SocialAccountInput!) { addSocialAccount(input: $input) { ",
    account_fields!(),
    " } }"
);
pub const UPDATE_ACCOUNT: &str = concat!(
    "mutation($id: ID!, $input: SocialAccountInput!) { updateSocialAccount(id: $id, input: $input) { ",
    account_fields!(),
    " } }"
);
pub const REMOVE_ACCOUNT: &str = "mutation($id: ID!) { removeSocialAccount(id: $id) }";
pub const SET_RATE_CARD: &str = "mutation($items: [RateCardItemInput!]!) { setRateCard(items: $items) { id rateCard { deliverableType platform price { amount currency } } } }";
pub const LIST: &str = "query($filter: CreatorFilter, $order: CreatorOrder, $first: Int, $after: String) { creators(filter: $filter, orderBy: $order, first: $first, after: $after) { totalCount nodes { id displayName totalFollowers engagementRate tier } edges { cursor node { displayName } } pageInfo { hasNextPage endCursor } } }";

/// A social account: platform, followers, engagement rate.
pub type Account<'a> = (&'a str, i64, Option<&'a str>);

pub async fn add_account(
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

pub async fn my_profile(app: &TestApp, who: &Session) -> Value {
    let data = app.ok(MY_PROFILE, json!({}), who.token()).await;
    let profile = data["me"]["creatorProfile"].clone();
    assert!(profile.is_object(), "no profile: {data}");
    profile
}

pub async fn accounts_of(app: &TestApp, who: &Session) -> Value {
    my_profile(app, who).await["socialAccounts"].clone()
}

/// A rate card item.
pub fn item(kind: &str, platform: &str, amount: &str, currency: &str) -> Value {
    json!({ "deliverableType": kind, "platform": platform, "price": { "amount": amount, "currency": currency } })
}

/// `creators(...)` with only the variables given (an absent `orderBy` takes its default).
pub async fn list(
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

/// The display names of a page of creators, in order.
pub fn names(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["displayName"].as_str().expect("displayName").to_owned())
        .collect()
}

pub fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}
