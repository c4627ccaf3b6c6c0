//! One-call set-ups, made through the API as a client would: a creator with a given audience, a
//! brand with an open brief and a creator to work on it, and an ACTIVE collaboration between them.

use serde_json::{Value, json};

use super::{
    TestApp,
    creators::{Account, UPDATE_PROFILE, add_account},
    delivery,
    market::{
        ME_CREATOR, Party, accept, brand_party, brief_input, creator_party, id, invite, open_brief,
    },
    payments,
};

/// A creator signed up as `name`, with the profile fields of `profile` (if any) and one social
/// account per entry, with the handles `h0`, `h1`, ...
pub async fn creator_with(
    app: &TestApp,
    email: &str,
    name: &str,
    profile: Value,
    accounts: &[Account<'_>],
) -> Party {
    let session = app.sign_up("CREATOR", email, name).await;
    if profile.as_object().is_some_and(|p| !p.is_empty()) {
        app.ok(UPDATE_PROFILE, json!({ "input": profile }), session.token())
            .await;
    }
    for (i, (platform, followers, rate)) in accounts.iter().enumerate() {
        add_account(app, &session, platform, &format!("h{i}"), *followers, *rate).await;
    }
    let data = app.ok(ME_CREATOR, json!({}), session.token()).await;
    let id = data["me"]["creatorProfile"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Party { session, id }
}

/// A brand (`<tag>@brand.vn`) with an OPEN brief, and a creator (`<tag>@creator.vn`, 20,000
/// TikTok followers) who may apply to it.
pub struct Opening {
    pub brand: Party,
    pub creator: Party,
    pub brief: String,
}

impl Opening {
    /// The brief is `brief_input(title)`.
    pub async fn new(app: &TestApp, tag: &str, title: &str) -> Self {
        Self::with_brief(app, tag, brief_input(title)).await
    }

    /// The brief is made of `input`.
    pub async fn with_brief(app: &TestApp, tag: &str, input: Value) -> Self {
        let brand = brand_party(app, &format!("{tag}@brand.vn")).await;
        let creator = creator_party(app, &format!("{tag}@creator.vn")).await;
        let brief = open_brief(app, &brand, input).await;
        Self {
            brand,
            creator,
            brief,
        }
    }
}

/// `brand` invites `creator` to `brief` on `terms` and the creator accepts: the ACTIVE
/// collaboration, as `acceptOffer` answers it.
pub async fn hire(
    app: &TestApp,
    brand: &Party,
    brief: &str,
    creator: &Party,
    terms: Value,
) -> Value {
    let proposal = invite(app, brand, brief, creator, terms).await;
    accept(app, creator, &id(&proposal["currentOffer"])).await
}

/// An ACTIVE collaboration on `terms` between the brand and the creator of an `Opening`.
pub struct Deal {
    pub brand: Party,
    pub creator: Party,
    pub brief: String,
    /// As `acceptOffer` answered it, with its terms and deliverables.
    pub collaboration: Value,
    /// Its tracking code.
    pub code: String,
}

impl Deal {
    /// On a VND brief titled "Chiến dịch <tag>".
    pub async fn new(app: &TestApp, tag: &str, terms: Value) -> Self {
        Self::on(app, tag, brief_input(&format!("Chiến dịch {tag}")), terms).await
    }

    /// On a brief made of `input`.
    pub async fn on(app: &TestApp, tag: &str, input: Value, terms: Value) -> Self {
        let Opening {
            brand,
            creator,
            brief,
        } = Opening::with_brief(app, tag, input).await;
        let collaboration = hire(app, &brand, &brief, &creator, terms).await;
        let code = collaboration["trackingCode"].as_str().unwrap().to_owned();
        Self {
            brand,
            creator,
            brief,
            collaboration,
            code,
        }
    }

    /// The collaboration's ID.
    pub fn id(&self) -> String {
        id(&self.collaboration)
    }

    /// The ID of its `i`-th deliverable.
    pub fn deliverable(&self, i: usize) -> String {
        id(&self.collaboration["deliverables"][i])
    }

    /// The creator submits content for the deliverable, the brand approves it, the creator
    /// publishes it.
    pub async fn deliver(&self, app: &TestApp, deliverable: &str) {
        delivery::deliver(app, &self.brand, &self.creator, deliverable).await;
    }

    /// The brand records an order on the tracking code.
    pub async fn record(&self, app: &TestApp, order: &str, amount: Value) -> Value {
        payments::record(app, &self.brand, &self.code, order, amount).await
    }

    /// The brand reverses an order.
    pub async fn reverse(&self, app: &TestApp, order: &str) -> Value {
        payments::reverse(app, &self.brand, &self.code, order).await
    }

    /// The brand settles the confirmed commission.
    pub async fn settle(&self, app: &TestApp) -> Value {
        payments::settle(app, &self.brand, &self.id()).await
    }

    /// The collaboration's conversions, payouts and earnings, as the creator reads them.
    pub async fn ledger(&self, app: &TestApp) -> Value {
        payments::ledger(app, &self.creator, &self.id()).await
    }
}
