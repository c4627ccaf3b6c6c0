//! The tracking link and the money through the API: clicks, conversions, settlement, payouts and
//! earnings.

use std::net::SocketAddr;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Value, json};

use super::{TestApp, market::Party};

pub const RECORD: &str = "mutation($input: RecordConversionInput!) { r: recordConversion(input: $input) { \
    id orderRef amount { amount currency } commission { amount currency } status occurredAt reversedAt reversalReason } }";
pub const REVERSE: &str = "mutation($input: ReverseConversionInput!) { r: reverseConversion(input: $input) { \
    id orderRef status commission { amount } reversedAt reversalReason } }";
pub const SETTLE: &str = "mutation($id: ID!) { r: settleCommission(collaborationId: $id) { \
    id kind amount { amount currency } status reference createdAt paidAt } }";
pub const PAY: &str = "mutation($id: ID!, $ref: String!) { r: markPayoutPaid(payoutId: $id, reference: $ref) { \
    id kind amount { amount currency } status reference paidAt } }";
/// A collaboration's ledger: its conversions, payouts and earnings.
pub const LEDGER: &str = "query($id: ID!) { collaboration(id: $id) { id status \
    conversions(first: 50) { totalCount nodes { id orderRef status amount { amount } commission { amount } } } \
    payouts { id kind amount { amount currency } status reference } \
    earnings { fee { amount currency } commission { amount currency } total { amount currency } \
    paid { amount currency } outstanding { amount currency } } } }";

/// Variables of an order of `amount` on the tracking code.
pub fn conversion(code: &str, order: &str, amount: Value) -> Value {
    json!({ "input": { "trackingCode": code, "orderRef": order, "amount": amount } })
}

/// The brand records an order on `code`.
pub async fn record(app: &TestApp, brand: &Party, code: &str, order: &str, amount: Value) -> Value {
    app.ok(RECORD, conversion(code, order, amount), brand.token())
        .await["r"]
        .clone()
}

/// The brand reverses an order: the customer sent it back.
pub async fn reverse(app: &TestApp, brand: &Party, code: &str, order: &str) -> Value {
    app.ok(
        REVERSE,
        json!({ "input": { "trackingCode": code, "orderRef": order, "reason": "Khách trả hàng" } }),
        brand.token(),
    )
    .await["r"]
        .clone()
}

/// The brand settles the confirmed commission into a payout (null if there is none).
pub async fn settle(app: &TestApp, brand: &Party, collaboration: &str) -> Value {
    app.ok(SETTLE, json!({ "id": collaboration }), brand.token())
        .await["r"]
        .clone()
}

/// The brand marks a payout paid.
pub async fn pay(app: &TestApp, brand: &Party, payout: &str, reference: &str) -> Value {
    app.ok(
        PAY,
        json!({ "id": payout, "ref": reference }),
        brand.token(),
    )
    .await["r"]
        .clone()
}

/// The collaboration's conversions, payouts and earnings, as `who` reads them.
pub async fn ledger(app: &TestApp, who: &Party, collaboration: &str) -> Value {
    app.ok(LEDGER, json!({ "id": collaboration }), who.token())
        .await["collaboration"]
        .clone()
}

/// Sleeps until every conversion of the collaboration has locked (`locksAt`, as `who` reads it).
pub async fn until_locked(app: &TestApp, who: &Party, collaboration: &str) {
    let data = app
        .ok(
            "query($id: ID!) { collaboration(id: $id) { conversions(first: 100) { nodes { locksAt } } } }",
            json!({ "id": collaboration }),
            who.token(),
        )
        .await;
    let last = data["collaboration"]["conversions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            chrono::DateTime::parse_from_rfc3339(c["locksAt"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc)
        })
        .max()
        .expect("a conversion");
    let wait = last - chrono::Utc::now() + chrono::Duration::milliseconds(50);
    if let Ok(wait) = wait.to_std() {
        tokio::time::sleep(wait).await;
    }
}

/// A request for the tracking link of `code` through the router: the status and the Location.
pub async fn visit(app: &TestApp, method: Method, code: &str) -> (StatusCode, Option<String>) {
    let request = Request::builder()
        .method(method)
        .uri(format!("/t/{code}"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = app.send(request).await;
    let location = headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, location)
}

/// A GET of the tracking link of `code` through the router.
pub async fn click(app: &TestApp, code: &str) -> (StatusCode, Option<String>) {
    visit(app, Method::GET, code).await
}

/// One GET over a fresh TCP connection, as a shopper's browser sends it; the whole answer.
pub async fn raw_get(address: SocketAddr, path: &str) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer)
}
