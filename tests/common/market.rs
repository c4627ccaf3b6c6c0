//! Setting up a market: brands with open briefs, creators who may apply, money, and the
//! negotiation operations.

use std::ops::Deref;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{
    Session, TestApp,
    briefs::{CREATE_BRIEF, PUBLISH_BRIEF},
    creators::ADD_ACCOUNT,
    money,
};

pub const ME_BRAND: &str = "{ me { brand { id } } }";
pub const ME_CREATOR: &str = "{ me { creatorProfile { id } } }";

pub const TERMS_FIELDS: &str = "compensationModel fee { amount currency } commissionRate giftProduct \
    deliverables { type platform quantity notes } dueAt revisionRounds usageRightsDays";

/// A signed-in party and the ID of its brand or creator profile.
#[derive(Clone, Debug)]
pub struct Party {
    pub session: Session,
    pub id: String,
}

impl Party {
    pub fn token(&self) -> Option<&str> {
        self.session.token()
    }
}

/// A party is a signed-in session too: `party.user_id`, `&party` where a `&Session` is wanted.
impl Deref for Party {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

pub async fn brand_party(app: &TestApp, email: &str) -> Party {
    let session = app.brand(email).await;
    let data = app.ok(ME_BRAND, json!({}), session.token()).await;
    let id = data["me"]["brand"]["id"].as_str().unwrap().to_owned();
    Party { session, id }
}

/// A creator with a TikTok account of 20,000 followers, so that it may apply to TikTok briefs.
pub async fn creator_party(app: &TestApp, email: &str) -> Party {
    let session = app.creator(email).await;
    app.ok(
        ADD_ACCOUNT,
        json!({ "input": { "platform": "TIKTOK", "handle": "main", "followers": 20000, "engagementRate": "4.5" } }),
        session.token(),
    )
    .await;
    let data = app.ok(ME_CREATOR, json!({}), session.token()).await;
    let id = data["me"]["creatorProfile"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Party { session, id }
}

pub fn at(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339()
}

/// The time in an RFC 3339 string.
pub fn ts(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap_or_else(|| panic!("{value}")))
        .unwrap()
        .with_timezone(&Utc)
}

pub fn money(amount: &str, currency: &str) -> Value {
    json!({ "amount": amount, "currency": currency })
}

pub fn vnd(amount: &str) -> Value {
    money(amount, "VND")
}

pub fn usd(amount: &str) -> Value {
    money(amount, "USD")
}

/// A publishable FIXED_FEE brief in VND on TikTok: 3 slots, 10,000,000 budget.
pub fn brief_input(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Quay một video ngắn giới thiệu sản phẩm.",
        "objective": "SALES",
        "productUrl": "https://shop.example.vn/son-moi",
        "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK" }],
        "compensation": { "model": "FIXED_FEE", "feeMin": vnd("1000000"), "feeMax": vnd("3000000") },
        "budget": vnd("10000000"),
        "slots": 3,
        "applicationDeadline": at(Duration::days(14)),
        "contentDueAt": at(Duration::days(30)),
    })
}

/// `base` with the keys of `patch` replaced.
pub fn with(mut base: Value, patch: Value) -> Value {
    for (k, v) in patch.as_object().expect("patch object") {
        base[k] = v.clone();
    }
    base
}

pub async fn draft_brief(app: &TestApp, brand: &Party, input: Value) -> String {
    app.ok(CREATE_BRIEF, json!({ "input": input }), brand.token())
        .await["r"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Publishes a brief made of `input`; the brand funds its wallet with the brief's budget, so
/// that every fee the brief can commit can be held.
pub async fn open_brief(app: &TestApp, brand: &Party, input: Value) -> String {
    let budget = input["budget"].clone();
    let id = open_unfunded_brief(app, brand, input).await;
    if budget.is_object() {
        money::fund(app, brand, budget).await;
    }
    id
}

/// Publishes a brief made of `input`, and adds nothing to the brand's wallet.
pub async fn open_unfunded_brief(app: &TestApp, brand: &Party, input: Value) -> String {
    let id = draft_brief(app, brand, input).await;
    let data = app
        .ok(PUBLISH_BRIEF, json!({ "id": id }), brand.token())
        .await;
    assert_eq!(data["r"]["status"], "OPEN");
    id
}

/// FIXED_FEE terms: `fee` VND for `quantity` short videos due in 20 days.
pub fn fee_terms(fee: &str, quantity: i32) -> Value {
    json!({
        "compensationModel": "FIXED_FEE",
        "fee": vnd(fee),
        "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": quantity }],
        "dueAt": at(Duration::days(20)),
    })
}

pub const PROPOSAL_FIELDS: &str = "id origin status pitch turn createdAt updatedAt \
    brief { id title } creator { id } \
    offers { id version author status message } currentOffer { id version author } \
    collaboration { id }";

pub fn apply_query() -> String {
    format!(
        "mutation($input: ApplyToBriefInput!) {{ r: applyToBrief(input: $input) {{ {PROPOSAL_FIELDS} }} }}"
    )
}

pub fn invite_query() -> String {
    format!(
        "mutation($input: InviteCreatorInput!) {{ r: inviteCreator(input: $input) {{ {PROPOSAL_FIELDS} }} }}"
    )
}

pub const SEND: &str = "mutation($input: SendMessageInput!) { r: sendMessage(input: $input) { id author body createdAt } }";
pub const MAKE_OFFER: &str = "mutation($input: MakeOfferInput!) { r: makeOffer(input: $input) { id version author status message proposal { id status turn } } }";
pub const ACCEPT: &str = "mutation($id: ID!) { r: acceptOffer(offerId: $id) { id status trackingCode trackingUrl startedAt \
    brief { id filledSlots committedBudget { amount currency } } brand { id } creator { id } proposal { id status turn } \
    terms { compensationModel fee { amount currency } deliverables { type platform quantity } dueAt revisionRounds usageRightsDays } \
    deliverables { id type platform status dueAt revisionsUsed liveUrl publishedAt collaboration { id } } } }";

/// Applies and returns the proposal.
pub async fn apply(app: &TestApp, creator: &Party, brief: &str, terms: Option<Value>) -> Value {
    let mut input = json!({ "briefId": brief, "pitch": "Mình rất hợp với sản phẩm này!" });
    if let Some(terms) = terms {
        input["proposedTerms"] = terms;
    }
    app.ok(&apply_query(), json!({ "input": input }), creator.token())
        .await["r"]
        .clone()
}

/// Invites with `terms` and returns the proposal.
pub async fn invite(
    app: &TestApp,
    brand: &Party,
    brief: &str,
    creator: &Party,
    terms: Value,
) -> Value {
    app.ok(
        &invite_query(),
        json!({ "input": { "briefId": brief, "creatorId": creator.id, "message": "Mời bạn hợp tác", "terms": terms } }),
        brand.token(),
    )
    .await["r"]
    .clone()
}

pub async fn make_offer(app: &TestApp, who: &Party, proposal: &str, terms: Value) -> Value {
    app.ok(
        MAKE_OFFER,
        json!({ "input": { "proposalId": proposal, "terms": terms, "message": "Đề xuất mới" } }),
        who.token(),
    )
    .await["r"]
        .clone()
}

pub async fn accept(app: &TestApp, who: &Party, offer: &str) -> Value {
    app.ok(ACCEPT, json!({ "id": offer }), who.token()).await["r"].clone()
}

pub fn id(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}
