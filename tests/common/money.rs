//! Money held and paid, through the API: fundings, wallets and their entries, payout methods and
//! withdrawals; and the ledger's own audit, straight from the database.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{TestApp, market::Party};

pub const REQUEST_FUNDING: &str = "mutation($a: MoneyInput!) { r: requestFunding(amount: $a) { \
    id reference status amount { amount currency } bankTransactionId createdAt confirmedAt expiresAt brand { id } } }";
pub const CONFIRM_FUNDING: &str = "mutation($id: ID!, $tx: String!) { r: confirmFunding(fundingId: $id, bankTransactionId: $tx) { \
    id reference status amount { amount currency } bankTransactionId confirmedAt } }";
pub const FUNDINGS: &str = "query($s: FundingStatus) { fundings(status: $s, first: 50) { totalCount \
    nodes { id reference status amount { amount currency } brand { id } } } }";
const WALLET_FIELDS: &str = "currency available { amount currency } held { amount currency } \
    entries(first: 100) { totalCount nodes { id kind balance amount { amount currency } \
    availableAfter { amount } heldAfter { amount } memo createdAt collaboration { id } } }";
pub const ADD_METHOD: &str = "mutation($input: PayoutMethodInput!) { r: addPayoutMethod(input: $input) { \
    id kind bankCode accountNumber accountName createdAt } }";
pub const REMOVE_METHOD: &str = "mutation($id: ID!) { r: removePayoutMethod(id: $id) }";
pub const WITHDRAW: &str = "mutation($a: MoneyInput!, $m: ID!) { r: requestWithdrawal(amount: $a, payoutMethodId: $m) { \
    id amount { amount currency } status reference failureReason requestedAt paidAt failedAt \
    method { id kind accountNumber } } }";
pub const MARK_PAID: &str = "mutation($id: ID!, $ref: String!) { r: markWithdrawalPaid(withdrawalId: $id, reference: $ref) { \
    id status reference paidAt amount { amount } } }";
pub const FAIL: &str = "mutation($id: ID!, $why: String!) { r: failWithdrawal(withdrawalId: $id, reason: $why) { \
    id status failureReason failedAt amount { amount } } }";
pub const WITHDRAWALS: &str = "query($s: WithdrawalStatus) { withdrawals(status: $s, first: 50) { totalCount \
    nodes { id status amount { amount currency } } } }";

pub fn brand_wallets_query() -> String {
    format!("query($id: ID!) {{ brand(id: $id) {{ wallets {{ {WALLET_FIELDS} }} }} }}")
}

pub fn creator_wallets_query() -> String {
    format!(
        "query($id: ID!) {{ creator(id: $id) {{ wallets {{ {WALLET_FIELDS} }} \
         payoutMethods {{ id kind bankCode accountNumber accountName }} }} }}"
    )
}

/// The brand asks for a funding of `amount`, and the app's banker confirms it with a fresh bank
/// transaction id: the confirmed funding.
pub async fn fund(app: &TestApp, brand: &Party, amount: Value) -> Value {
    let requested = app
        .ok(REQUEST_FUNDING, json!({ "a": amount }), brand.token())
        .await["r"]
        .clone();
    let banker = app.banker().await;
    let tx = format!("FT{}", Uuid::new_v4().simple());
    app.ok(
        CONFIRM_FUNDING,
        json!({ "id": requested["id"], "tx": tx }),
        banker.token(),
    )
    .await["r"]
        .clone()
}

/// The brand's wallets, as its owner reads them.
pub async fn brand_wallets(app: &TestApp, brand: &Party) -> Value {
    app.ok(
        &brand_wallets_query(),
        json!({ "id": brand.id }),
        brand.token(),
    )
    .await["brand"]["wallets"]
        .clone()
}

/// The creator's wallets, as the creator reads them.
pub async fn creator_wallets(app: &TestApp, creator: &Party) -> Value {
    app.ok(
        &creator_wallets_query(),
        json!({ "id": creator.id }),
        creator.token(),
    )
    .await["creator"]["wallets"]
        .clone()
}

/// `(available, held)` of the wallet in `currency` among `wallets`, as decimal strings; ("0", "0")
/// when there is none.
pub fn balances(wallets: &Value, currency: &str) -> (String, String) {
    wallets
        .as_array()
        .expect("wallets")
        .iter()
        .find(|w| w["currency"] == currency)
        .map(|w| {
            (
                w["available"]["amount"].as_str().unwrap().to_owned(),
                w["held"]["amount"].as_str().unwrap().to_owned(),
            )
        })
        .unwrap_or_else(|| ("0".to_owned(), "0".to_owned()))
}

/// The entries of the wallet in `currency` among `wallets`, newest first, as (kind, balance,
/// amount).
pub fn entries(wallets: &Value, currency: &str) -> Vec<(String, String, String)> {
    wallets
        .as_array()
        .expect("wallets")
        .iter()
        .find(|w| w["currency"] == currency)
        .map(|w| {
            w["entries"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["kind"].as_str().unwrap().to_owned(),
                        e["balance"].as_str().unwrap().to_owned(),
                        e["amount"]["amount"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The creator adds a VCB account and gets its id.
pub async fn add_bank_account(app: &TestApp, creator: &Party, number: &str) -> String {
    app.ok(
        ADD_METHOD,
        json!({ "input": { "kind": "BANK_TRANSFER", "bankCode": "VCB", "accountNumber": number, "accountName": "Nguyễn Thị Lan" } }),
        creator.token(),
    )
    .await["r"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Fails unless every transfer sums to zero and every wallet's balances equal its entries' sums.
pub async fn assert_ledger_balances(app: &TestApp) {
    let problems = marketplace::ledger::audit(app.db()).await.expect("audit");
    assert!(
        problems.is_empty(),
        "the ledger is off:\n{}",
        problems.join("\n")
    );
}
