//! The whole journey of a collaboration through the API only, once in VND and once in USD: sign-up,
//! a HYBRID brief, apply / offer / accept, content through one round of changes, publication and
//! metrics, clicks on the real tracking link over TCP, orders (one retried, one reversed),
//! completion, settlement, payment and both reviews. Every figure of performance, earnings and
//! stats is checked against numbers worked out by hand below, with the arithmetic in comments.
//!
//! Three creators work on the one brief, so that the brief's performance is a real sum:
//! - Linh applies, gets an offer, accepts and goes the whole way (two videos);
//! - Minh is invited and accepts; the deal stays ACTIVE (its fee already counts as cost);
//! - Hoa applies with terms the brand accepts, sells one order, then cancels: she is left out of
//!   the brief's figures, and her link answers 410 and counts nothing from then on.

mod common;

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration};
use common::{
    delivery::*,
    fixtures::hire,
    insights::*,
    market::*,
    money::{assert_ledger_balances, balances, brand_wallets, creator_wallets},
    payments::*,
    *,
};
use serde_json::{Value, json};

const PRODUCT_URL: &str = "https://shop.example.vn/son-moi";

const PERFORMANCE_FIELDS: &str = "views likes comments shares saves engagements engagementRate \
    clicks orders revenue { amount currency } conversionRate commission { amount currency } \
    cost { amount currency } roi costPerEngagement { amount currency } cpm { amount currency }";
// ---------------------------------------------------------------- the figures, by hand

/// One currency's run of the journey, and what every figure must come to.
struct Case {
    currency: &'static str,
    budget: &'static str,
    fee_min: &'static str,
    fee_max: &'static str,
    /// The commission rate of the brief and of every deal on it.
    rate: &'static str,
    /// The fees agreed with Linh, Minh and Hoa.
    fees: [&'static str; 3],
    /// Linh's orders: reference, amount, commission by hand. The last one is reversed.
    linh_orders: [(&'static str, &'static str, &'static str); 4],
    minh_order: (&'static str, &'static str, &'static str),
    hoa_order: (&'static str, &'static str, &'static str),
    /// Linh's confirmed commission, which is settled into one payout.
    linh_commission: &'static str,
    /// Linh's earnings as [fee, commission, total, paid, outstanding]: while ACTIVE; once
    /// COMPLETED (the held fee released, so paid); with the commission settled too.
    earnings: [[&'static str; 5]; 3],
    /// The brand's wallet at the end, (available, held), and Linh's available balance.
    brand_wallet: (&'static str, &'static str),
    linh_wallet: &'static str,
    /// The brief's committedBudget at the end: Linh's and Minh's fees (Hoa's was given back).
    committed: &'static str,
    /// Performance of Linh's, Minh's and Hoa's collaborations, and of the brief.
    linh: Value,
    minh: Value,
    hoa: Value,
    brief: Value,
}

/// Reach of Linh's two published videos, the same in both currencies (only the latest report of
/// each counts):
/// video 1: 12,000 views; 900 likes, 120 comments, 60 shares, 120 saves = 1,200 engagements;
/// video 2:  8,000 views; 250 likes,  40 comments,  5 shares,   5 saves =   300 engagements.
const VIDEO_1: [i64; 5] = [12_000, 900, 120, 60, 120];
const VIDEO_2: [i64; 5] = [8_000, 250, 40, 5, 5];
/// Video 1's first report, replaced by the brand's later one.
const VIDEO_1_EARLY: [i64; 5] = [5_000, 400, 10, 10, 80];

/// Clicks on each link, sent as real HTTP requests: Linh 40, Minh 10, Hoa 2, and 3 after
/// cancelling that are answered 410 and not counted.
const LINH_CLICKS: i64 = 40;
const MINH_CLICKS: i64 = 10;
const HOA_CLICKS: (i64, i64) = (2, 3);

fn linh_reach() -> Value {
    json!({
        "views": 20000,                  // 12,000 + 8,000
        "likes": 1150,                   // 900 + 250
        "comments": 160,                 // 120 + 40
        "shares": 65,                    // 60 + 5
        "saves": 125,                    // 120 + 5
        "engagements": 1500,             // 1,150 + 160 + 65 + 125
        "engagementRate": "7.50",        // 1,500 / 20,000 × 100
    })
}

/// Minh and Hoa published nothing: no reach, and the ratios over it are null.
fn no_reach() -> Value {
    json!({
        "views": 0, "likes": 0, "comments": 0, "shares": 0, "saves": 0, "engagements": 0,
        "engagementRate": null, "costPerEngagement": null, "cpm": null,
    })
}

fn money_of(currency: &'static str) -> impl Fn(&str) -> Value {
    move |amount| money(amount, currency)
}

fn vnd_case() -> Case {
    let m = money_of("VND");
    Case {
        currency: "VND",
        budget: "10000000",
        fee_min: "1000000",
        fee_max: "5000000",
        rate: "12.5",
        fees: ["3000000", "1500000", "1000000"],
        // Commission = amount × 1,250 bp, half-up to the đồng: (amount × 1,250 + 5,000) div 10,000.
        linh_orders: [
            // 1,004 × 12.5% = 125.5 → 126: the half, rounded up.
            ("DH-1001", "1004", "126"),
            // 2,500,032 × 12.5% = 312,504.
            ("DH-1002", "2500032", "312504"),
            // 1,499,996 × 12.5% = 187,499.5 → 187,500: the half again.
            ("DH-1003", "1499996", "187500"),
            // 800,000 × 12.5% = 100,000; returned, so reversed.
            ("DH-1004", "800000", "100000"),
        ],
        minh_order: ("DH-2001", "99999", "12500"), // 99,999 × 12.5% = 12,499.875 → 12,500
        hoa_order: ("DH-3001", "200000", "25000"), // 200,000 × 12.5% = 25,000
        linh_commission: "500130",                 // 126 + 312,504 + 187,500
        earnings: [
            // ACTIVE: no fee yet; commission 500,130; nothing paid.
            ["0", "500130", "500130", "0", "500130"],
            // COMPLETED: the held fee of 3,000,000 released and paid; total 3,500,130;
            // outstanding the commission, 500,130.
            ["3000000", "500130", "3500130", "3000000", "500130"],
            // Commission settled too: 3,000,000 + 500,130 = 3,500,130 paid, nothing outstanding.
            ["3000000", "500130", "3500130", "3500130", "0"],
        ],
        // Funded with the 10,000,000 budget; held 3,000,000 + 1,500,000 + 1,000,000; Hoa's
        // 1,000,000 refunded when she cancelled; Linh's 3,000,000 released from held; her
        // 500,130 commission paid from available: 10,000,000 − 5,500,000 + 1,000,000 − 500,130
        // = 4,999,870 available, Minh's 1,500,000 still held.
        brand_wallet: ("4999870", "1500000"),
        linh_wallet: "3500130", // 3,000,000 + 500,130

        committed: "4500000", // 3,000,000 + 1,500,000
        linh: with(
            linh_reach(),
            json!({
                "clicks": 40,
                "orders": 3,                          // DH-1004 reversed
                "revenue": m("4001032"),              // 1,004 + 2,500,032 + 1,499,996
                "conversionRate": "7.50",             // 3 / 40 × 100
                "commission": m("500130"),
                "cost": m("3500130"),                 // fee 3,000,000 + commission 500,130
                // (4,001,032 − 3,500,130) / 3,500,130 × 100 = 500,902 / 3,500,130 × 100 = 14.3109… → 14.31
                "roi": "14.31",
                "costPerEngagement": m("2333"),       // 3,500,130 / 1,500 = 2,333.42 → 2,333
                "cpm": m("175007"),                   // 3,500,130 × 1,000 / 20,000 = 175,006.5 → 175,007
            }),
        ),
        minh: with(
            no_reach(),
            json!({
                "clicks": 10,
                "orders": 1,
                "revenue": m("99999"),
                "conversionRate": "10.00",            // 1 / 10 × 100
                "commission": m("12500"),
                "cost": m("1512500"),                 // ACTIVE, so its fee counts: 1,500,000 + 12,500
                // (99,999 − 1,512,500) / 1,512,500 × 100 = −1,412,501 / 1,512,500 × 100 = −93.3884… → −93.39
                "roi": "-93.39",
            }),
        ),
        hoa: with(
            no_reach(),
            json!({
                "clicks": 2,                          // 2 before cancelling; none after
                "orders": 1,
                "revenue": m("200000"),
                "conversionRate": "50.00",            // 1 / 2 × 100
                "commission": m("25000"),
                "cost": m("25000"),                   // CANCELLED: no fee, only the commission
                "roi": "700.00",                      // (200,000 − 25,000) / 25,000 × 100
            }),
        ),
        brief: with(
            linh_reach(),
            json!({
                "clicks": 50,                         // Linh 40 + Minh 10 (Hoa is cancelled)
                "orders": 4,                          // 3 + 1
                "revenue": m("4101031"),              // 4,001,032 + 99,999
                "conversionRate": "8.00",             // 4 / 50 × 100
                "commission": m("512630"),            // 500,130 + 12,500
                "cost": m("5012630"),                 // fees 3,000,000 + 1,500,000 + 512,630
                // (4,101,031 − 5,012,630) / 5,012,630 × 100 = −911,599 / 5,012,630 × 100 = −18.1860… → −18.19
                "roi": "-18.19",
                "costPerEngagement": m("3342"),       // 5,012,630 / 1,500 = 3,341.75… → 3,342
                "cpm": m("250632"),                   // 5,012,630 × 1,000 / 20,000 = 250,631.5 → 250,632
            }),
        ),
    }
}

fn usd_case() -> Case {
    let m = money_of("USD");
    Case {
        currency: "USD",
        budget: "1000.00",
        fee_min: "50.00",
        fee_max: "300.00",
        rate: "7.5",
        fees: ["250.00", "120.00", "80.00"],
        // In cents: (amount × 750 + 5,000) div 10,000.
        linh_orders: [
            // 1,980¢ × 7.5% = 148.5¢ → 149¢: the half, rounded up.
            ("A-1", "19.80", "1.49"),
            // 12,000¢ × 7.5% = 900¢.
            ("A-2", "120.00", "9.00"),
            // 4,540¢ × 7.5% = 340.5¢ → 341¢: the half again.
            ("A-3", "45.40", "3.41"),
            // 6,000¢ × 7.5% = 450¢; returned, so reversed.
            ("A-4", "60.00", "4.50"),
        ],
        minh_order: ("B-1", "33.33", "2.50"), // 3,333¢ × 7.5% = 249.975¢ → 250¢
        hoa_order: ("C-1", "10.00", "0.75"),  // 1,000¢ × 7.5% = 75¢
        linh_commission: "13.90",             // 1.49 + 9.00 + 3.41
        earnings: [
            ["0.00", "13.90", "13.90", "0.00", "13.90"],
            ["250.00", "13.90", "263.90", "250.00", "13.90"],
            ["250.00", "13.90", "263.90", "263.90", "0.00"],
        ],
        // 1,000.00 − (250.00 + 120.00 + 80.00) + 80.00 − 13.90 = 616.10; Minh's 120.00 held.
        brand_wallet: ("616.10", "120.00"),
        linh_wallet: "263.90", // 250.00 + 13.90

        committed: "370.00", // 250.00 + 120.00
        linh: with(
            linh_reach(),
            json!({
                "clicks": 40,
                "orders": 3,
                "revenue": m("185.20"),               // 19.80 + 120.00 + 45.40
                "conversionRate": "7.50",             // 3 / 40 × 100
                "commission": m("13.90"),
                "cost": m("263.90"),                  // 250.00 + 13.90
                // (185.20 − 263.90) / 263.90 × 100 = −78.70 / 263.90 × 100 = −29.8219… → −29.82
                "roi": "-29.82",
                "costPerEngagement": m("0.18"),       // 26,390¢ / 1,500 = 17.59¢ → 18¢
                "cpm": m("13.20"),                    // 26,390¢ × 1,000 / 20,000 = 1,319.5¢ → 1,320¢
            }),
        ),
        minh: with(
            no_reach(),
            json!({
                "clicks": 10,
                "orders": 1,
                "revenue": m("33.33"),
                "conversionRate": "10.00",
                "commission": m("2.50"),
                "cost": m("122.50"),                  // 120.00 + 2.50
                // (33.33 − 122.50) / 122.50 × 100 = −89.17 / 122.50 × 100 = −72.7918… → −72.79
                "roi": "-72.79",
            }),
        ),
        hoa: with(
            no_reach(),
            json!({
                "clicks": 2,
                "orders": 1,
                "revenue": m("10.00"),
                "conversionRate": "50.00",
                "commission": m("0.75"),
                "cost": m("0.75"),
                "roi": "1233.33",                     // (10.00 − 0.75) / 0.75 × 100 = 1,233.333…
            }),
        ),
        brief: with(
            linh_reach(),
            json!({
                "clicks": 50,
                "orders": 4,
                "revenue": m("218.53"),               // 185.20 + 33.33
                "conversionRate": "8.00",
                "commission": m("16.40"),             // 13.90 + 2.50
                "cost": m("386.40"),                  // 250.00 + 120.00 + 16.40
                // (218.53 − 386.40) / 386.40 × 100 = −167.87 / 386.40 × 100 = −43.4446… → −43.44
                "roi": "-43.44",
                "costPerEngagement": m("0.26"),       // 38,640¢ / 1,500 = 25.76¢ → 26¢
                "cpm": m("19.32"),                    // 38,640¢ × 1,000 / 20,000 = 1,932¢
            }),
        ),
    }
}

/// Linh's stats at the end, the same in both currencies.
fn linh_stats() -> Value {
    json!({
        "activeCollaborations": 0,
        "completedCollaborations": 1,
        "averageRating": "5.00",          // one review: 5
        "reviewCount": 1,
        "onTimeRate": "100.00",           // both videos published before their dueAt (20 days out)
        "totalOrders": 3,
        // Per video: 1,200 / 12,000 = 10% and 300 / 8,000 = 3.75%; mean 6.875 → 6.88 (the half).
        "averageEngagementRate": "6.88",
        "conversionRate": "7.50",         // 3 orders / 40 clicks
    })
}

// ---------------------------------------------------------------- API helpers

impl Case {
    fn money(&self, amount: &str) -> Value {
        money(amount, self.currency)
    }

    /// A HYBRID brief in the case's currency: fee range and commission, three slots.
    fn brief_input(&self) -> Value {
        with(
            brief_input("Son môi mùa hè"),
            json!({
                "productUrl": PRODUCT_URL,
                "compensation": {
                    "model": "HYBRID",
                    "feeMin": self.money(self.fee_min),
                    "feeMax": self.money(self.fee_max),
                    "commissionRate": self.rate,
                },
                "budget": self.money(self.budget),
            }),
        )
    }

    /// HYBRID terms: `fee` plus the case's rate for `videos` short videos due in 20 days.
    fn terms(&self, fee: &str, videos: i32) -> Value {
        json!({
            "compensationModel": "HYBRID",
            "fee": self.money(fee),
            "commissionRate": self.rate,
            "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": videos }],
            "dueAt": at(Duration::days(20)),
            "revisionRounds": 1,
        })
    }
}

/// Runs a mutation aliased `r` that must succeed and returns its result.
async fn act(app: &TestApp, who: &Party, query: &str, variables: Value) -> Value {
    app.ok(query, variables, who.token()).await["r"].clone()
}

/// Publishes Linh's `n`-th video, on time: what onTimeRate counts.
async fn publish_on_time(app: &TestApp, creator: &Party, deliverable: &str, n: usize) -> Value {
    let url = format!("https://www.tiktok.com/@linh/video/{n}");
    let d = publish_deliverable(app, creator, deliverable, &url).await;
    assert_eq!(d["status"], "PUBLISHED");
    assert_eq!(d["liveUrl"], url.as_str());
    let time = |k: &str| DateTime::parse_from_rfc3339(d[k].as_str().unwrap()).unwrap();
    assert!(time("publishedAt") <= time("dueAt"), "{d}");
    d
}

/// The metrics `report` answers, without the time of the report (not worked out by hand).
async fn reported(app: &TestApp, who: &Party, deliverable: &str, counts: [i64; 5]) -> Value {
    let mut metrics = report(app, who, deliverable, counts).await;
    metrics.as_object_mut().unwrap().remove("reportedAt");
    metrics
}

/// Records an order on `code` and checks the commission worked out by hand.
async fn record_order(
    app: &TestApp,
    case: &Case,
    brand: &Party,
    code: &str,
    (order, amount, commission): (&str, &str, &str),
) -> Value {
    let c = record(app, brand, code, order, case.money(amount)).await;
    assert_eq!(c["status"], "CONFIRMED", "{order}");
    assert_eq!(c["amount"], case.money(amount), "{order}");
    assert_eq!(c["commission"], case.money(commission), "{order}");
    c
}

/// One GET of the tracking link over a real TCP connection, as a shopper's browser sends it;
/// the answer must be a 302 to the product page.
async fn tcp_click(app: &TestApp, code: &str) {
    let answer = raw_get(app.address().await, &format!("/t/{code}"))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 302"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains(&format!("location: {PRODUCT_URL}")),
        "{answer}"
    );
}

async fn clicks(app: &TestApp, code: &str, n: i64) {
    for _ in 0..n {
        tcp_click(app, code).await;
    }
}

fn performance_query() -> String {
    format!(
        "query($id: ID!) {{ collaboration(id: $id) {{ performance {{ {PERFORMANCE_FIELDS} }} }} }}"
    )
}

async fn performance(app: &TestApp, who: &Party, collaboration: &str) -> Value {
    app.ok(
        &performance_query(),
        json!({ "id": collaboration }),
        who.token(),
    )
    .await["collaboration"]["performance"]
        .clone()
}

async fn brief_performance(app: &TestApp, brand: &Party, brief: &str) -> Value {
    let q = format!(
        "query($id: ID!) {{ brief(id: $id) {{ performance {{ {PERFORMANCE_FIELDS} }} }} }}"
    );
    app.ok(&q, json!({ "id": brief }), brand.token()).await["brief"]["performance"].clone()
}

/// Waits until the API shows `want` clicks on the collaboration: the tracker counts clicks in
/// memory and writes them every second, and performance reads what is written.
async fn await_clicks(app: &TestApp, brand: &Party, collaboration: &str, want: i64) {
    let mut seen = Value::Null;
    for _ in 0..300 {
        seen = performance(app, brand, collaboration).await["clicks"].clone();
        if seen == want {
            return;
        }
        assert!(seen.as_i64().unwrap() < want, "too many clicks: {seen}");
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("clicks never reached {want}: {seen}");
}

/// Earnings as [fee, commission, total, paid, outstanding], each checked in the case's currency.
fn earnings(case: &Case, m: &Value) -> [String; 5] {
    ["fee", "commission", "total", "paid", "outstanding"].map(|k| {
        let e = &m["earnings"][k];
        assert_eq!(e["currency"], case.currency, "{k}: {e}");
        e["amount"].as_str().unwrap_or("?").to_owned()
    })
}

/// Payouts, oldest first, as (kind, amount, status).
fn payouts(m: &Value) -> Vec<(String, String, String)> {
    m["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_owned(),
                p["amount"]["amount"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn payout(kind: &str, amount: &str, status: &str) -> (String, String, String) {
    (kind.to_owned(), amount.to_owned(), status.to_owned())
}

fn code_of(collaboration: &Value) -> String {
    collaboration["trackingCode"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------- the journey

async fn journey(case: Case) {
    // Orders lock 3 seconds after they are recorded: Linh's returned order is reversed before,
    // her commission settled after.
    let app = TestApp::with_env(&[("COMMISSION_LOCK", "3s")]).await;

    // Sign-ups, through signUp (and addSocialAccount for the creators' TikTok accounts).
    let brand = brand_party(&app, "marketing@sonmoi.vn").await;
    let linh = creator_party(&app, "linh@creator.vn").await;
    let minh = creator_party(&app, "minh@creator.vn").await;
    let hoa = creator_party(&app, "hoa@creator.vn").await;

    // A HYBRID brief, created and published.
    let brief = open_brief(&app, &brand, case.brief_input()).await;

    // Linh applies; the brand offers two videos; Linh accepts.
    let p = apply(&app, &linh, &brief, None).await;
    assert_eq!(
        (&p["status"], &p["turn"]),
        (&json!("APPLIED"), &json!("BRAND"))
    );
    let offer = make_offer(&app, &brand, &id(&p), case.terms(case.fees[0], 2)).await;
    assert_eq!(offer["proposal"]["turn"], "CREATOR");
    let linh_deal = accept(&app, &linh, &id(&offer)).await;
    assert_eq!(linh_deal["status"], "ACTIVE");
    assert_eq!(linh_deal["terms"]["fee"], case.money(case.fees[0]));
    let linh_c = id(&linh_deal);
    let linh_code = code_of(&linh_deal);
    let videos: Vec<String> = linh_deal["deliverables"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(videos.len(), 2);

    // Minh is invited and accepts; Hoa applies with her terms and the brand accepts them.
    let minh_deal = hire(&app, &brand, &brief, &minh, case.terms(case.fees[1], 1)).await;
    let (minh_c, minh_code) = (id(&minh_deal), code_of(&minh_deal));
    let p = apply(&app, &hoa, &brief, Some(case.terms(case.fees[2], 1))).await;
    let hoa_deal = accept(&app, &brand, &id(&p["currentOffer"])).await;
    let (hoa_c, hoa_code) = (id(&hoa_deal), code_of(&hoa_deal));

    // Video 1: changes asked once, approved on the second version.
    let v1 = submit(&app, &linh, &videos[0], "https://cdn.example.vn/v1.mp4").await;
    assert_eq!(
        (v1["version"].clone(), v1["status"].clone()),
        (json!(1), json!("IN_REVIEW"))
    );
    let r = review(
        &app,
        &brand,
        &id(&v1),
        "REQUEST_CHANGES",
        Some("Cho thấy màu son rõ hơn"),
    )
    .await;
    assert_eq!(r["status"], "CHANGES_REQUESTED");
    assert_eq!(
        r["deliverable"],
        json!({ "id": videos[0], "status": "CHANGES_REQUESTED", "revisionsUsed": 1 })
    );
    let v2 = submit(&app, &linh, &videos[0], "https://cdn.example.vn/v2.mp4").await;
    assert_eq!(v2["version"], 2);
    let r = review(&app, &brand, &id(&v2), "APPROVE", None).await;
    assert_eq!(r["deliverable"]["status"], "APPROVED");
    publish_on_time(&app, &linh, &videos[0], 1).await;

    // Completing needs every deliverable published.
    let e = app
        .error(
            COMPLETE_COLLABORATION,
            json!({ "id": linh_c }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");

    // Video 2: approved at once.
    let s = submit(&app, &linh, &videos[1], "https://cdn.example.vn/v3.mp4").await;
    review(&app, &brand, &id(&s), "APPROVE", Some("Tuyệt vời")).await;
    publish_on_time(&app, &linh, &videos[1], 2).await;

    // Metrics: Linh's early report of video 1 is replaced by the brand's later one.
    let early = reported(&app, &linh, &videos[0], VIDEO_1_EARLY).await;
    assert_eq!(early["engagementRate"], "10.00"); // 500 / 5,000
    let m1 = reported(&app, &brand, &videos[0], VIDEO_1).await;
    assert_eq!(
        m1,
        json!({ "views": 12000, "likes": 900, "comments": 120, "shares": 60, "saves": 120,
                "engagementRate": "10.00", "reportedBy": "BRAND" }) // 1,200 / 12,000
    );
    let m2 = reported(&app, &linh, &videos[1], VIDEO_2).await;
    assert_eq!(m2["engagementRate"], "3.75"); // 300 / 8,000
    assert_eq!(m2["reportedBy"], "CREATOR");

    // Clicks on the real tracking links.
    clicks(&app, &linh_code, LINH_CLICKS).await;
    clicks(&app, &minh_code, MINH_CLICKS).await;
    clicks(&app, &hoa_code, HOA_CLICKS.0).await;

    // Orders. Only the brand records them; the creator may not.
    let [o1, o2, o3, o4] = case.linh_orders;
    let vars = json!({ "input": { "trackingCode": linh_code, "orderRef": o1.0, "amount": case.money(o1.1) } });
    let e = app.error(RECORD, vars, linh.token()).await;
    assert_eq!(code(&e), "FORBIDDEN", "{e}");
    let first = record_order(&app, &case, &brand, &linh_code, o1).await;
    for order in [o2, o3, o4] {
        record_order(&app, &case, &brand, &linh_code, order).await;
    }
    // The shop retries an order: the same conversion, counted once.
    let again = record_order(&app, &case, &brand, &linh_code, o1).await;
    assert_eq!(again["id"], first["id"]);
    // An order returned: reversed, its commission no longer counts.
    let back = reverse(&app, &brand, &linh_code, o4.0).await;
    assert_eq!(back["status"], "REVERSED");
    record_order(&app, &case, &brand, &minh_code, case.minh_order).await;
    record_order(&app, &case, &brand, &hoa_code, case.hoa_order).await;

    // Hoa cancels; her link answers 410 afterwards and counts nothing.
    let cancelled = act(
        &app,
        &hoa,
        CANCEL_COLLABORATION,
        json!({ "id": hoa_c, "reason": "Không kịp lịch quay" }),
    )
    .await;
    assert_eq!(cancelled["status"], "CANCELLED");
    for _ in 0..HOA_CLICKS.1 {
        let answer = raw_get(app.address().await, &format!("/t/{hoa_code}"))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 410"), "{answer}");
    }
    await_clicks(&app, &brand, &linh_c, LINH_CLICKS).await;
    await_clicks(&app, &brand, &minh_c, MINH_CLICKS).await;
    await_clicks(&app, &brand, &hoa_c, HOA_CLICKS.0).await;

    // While ACTIVE: commission earned, no fee yet; performance already counts the fee as cost.
    let m = ledger(&app, &linh, &linh_c).await;
    assert_eq!(earnings(&case, &m), case.earnings[0].map(String::from));
    assert_eq!(m["conversions"]["totalCount"], 4);
    let mut orders: Vec<(String, String, String)> = m["conversions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["orderRef"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
                c["commission"]["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    orders.sort();
    let status = |o: (&str, &str, &str), s: &str| (o.0.to_owned(), s.to_owned(), o.2.to_owned());
    assert_eq!(
        orders,
        [
            status(o1, "CONFIRMED"),
            status(o2, "CONFIRMED"),
            status(o3, "CONFIRMED"),
            status(o4, "REVERSED"),
        ]
    );
    assert_eq!(performance(&app, &linh, &linh_c).await, case.linh);

    // Completed: the held fee released to Linh, a FEE payout PAID at once.
    let done = complete(&app, &brand, &linh_c).await;
    assert_eq!(done["status"], "COMPLETED");
    let m = ledger(&app, &linh, &linh_c).await;
    assert_eq!(earnings(&case, &m), case.earnings[1].map(String::from));
    assert_eq!(payouts(&m), [payout("FEE", case.fees[0], "PAID")]);

    // Once the orders lock, the commission is settled from the brand's wallet into Linh's: one
    // payout, PAID; nothing is left to settle.
    until_locked(&app, &brand, &linh_c).await;
    let settled = settle(&app, &brand, &linh_c).await;
    assert_eq!(settled["kind"], "COMMISSION");
    assert_eq!(settled["amount"], case.money(case.linh_commission));
    assert_eq!(settled["status"], "PAID");
    assert!(settle(&app, &brand, &linh_c).await.is_null());
    let m = ledger(&app, &linh, &linh_c).await;
    assert_eq!(earnings(&case, &m), case.earnings[2].map(String::from));
    assert_eq!(
        payouts(&m),
        [
            payout("FEE", case.fees[0], "PAID"),
            payout("COMMISSION", case.linh_commission, "PAID"),
        ]
    );
    let brand_wallet = balances(&brand_wallets(&app, &brand).await, case.currency);
    assert_eq!(
        (brand_wallet.0.as_str(), brand_wallet.1.as_str()),
        case.brand_wallet
    );
    let linh_wallet = balances(&creator_wallets(&app, &linh).await, case.currency);
    assert_eq!(linh_wallet.0, case.linh_wallet);
    assert_ledger_balances(&app).await;

    // Both sides review.
    let r = act(
        &app,
        &brand,
        REVIEW_PARTNER,
        json!({ "input": { "collaborationId": linh_c, "rating": 5, "comment": "Video rất chuyên nghiệp" } }),
    )
    .await;
    assert_eq!((&r["author"], &r["rating"]), (&json!("BRAND"), &json!(5)));
    let r = act(
        &app,
        &linh,
        REVIEW_PARTNER,
        json!({ "input": { "collaborationId": linh_c, "rating": 4, "comment": "Thanh toán đúng hạn" } }),
    )
    .await;
    assert_eq!((&r["author"], &r["rating"]), (&json!("CREATOR"), &json!(4)));

    // Every performance figure, by hand: completing changed none of Linh's.
    assert_eq!(performance(&app, &brand, &linh_c).await, case.linh);
    assert_eq!(performance(&app, &brand, &minh_c).await, case.minh);
    assert_eq!(performance(&app, &brand, &hoa_c).await, case.hoa);
    assert_eq!(brief_performance(&app, &brand, &brief).await, case.brief);

    // The brief: Linh's and Minh's slots and fees; Hoa's were given back.
    let b = app
        .ok(
            "query($id: ID!) { brief(id: $id) { status filledSlots committedBudget { amount currency } } }",
            json!({ "id": brief }),
            brand.token(),
        )
        .await;
    assert_eq!(
        b["brief"],
        json!({ "status": "OPEN", "filledSlots": 2, "committedBudget": case.money(case.committed) })
    );

    // Stats and reviews, as anyone signed in reads them.
    let data = app
        .ok(CREATOR_STATS, json!({ "id": linh.id }), hoa.token())
        .await;
    assert_eq!(data["creator"]["stats"], linh_stats());
    assert_eq!(
        data["creator"]["reviews"],
        json!({ "totalCount": 1, "nodes": [{ "author": "BRAND", "rating": 5, "comment": "Video rất chuyên nghiệp" }] })
    );
    let data = app
        .ok(CREATOR_STATS, json!({ "id": minh.id }), linh.token())
        .await;
    assert_eq!(
        data["creator"]["stats"],
        json!({
            "activeCollaborations": 1, "completedCollaborations": 0,
            "averageRating": null, "reviewCount": 0,
            "onTimeRate": null,               // nothing published
            "totalOrders": 1,
            "averageEngagementRate": null,
            "conversionRate": "10.00",        // 1 order / 10 clicks
        })
    );
    let data = app
        .ok(CREATOR_STATS, json!({ "id": hoa.id }), linh.token())
        .await;
    assert_eq!(
        data["creator"]["stats"],
        json!({
            "activeCollaborations": 0, "completedCollaborations": 0,
            "averageRating": null, "reviewCount": 0, "onTimeRate": null,
            "totalOrders": 1,                 // confirmed before she cancelled
            "averageEngagementRate": null,
            "conversionRate": "50.00",        // 1 order / 2 clicks
        })
    );
    let data = app
        .ok(BRAND_STATS, json!({ "id": brand.id }), minh.token())
        .await;
    assert_eq!(
        data["brand"],
        json!({
            "stats": {
                "openBriefs": 1,
                "activeCollaborations": 1,    // Minh's
                "completedCollaborations": 1, // Linh's (Hoa's is cancelled)
                "averageRating": "4.00",      // Linh's 4
                "reviewCount": 1,
            },
            "reviews": { "totalCount": 1, "nodes": [{ "author": "CREATOR", "rating": 4, "comment": "Thanh toán đúng hạn" }] },
        })
    );
    let data = app
        .ok(
            "query($id: ID!) { collaboration(id: $id) { reviews { author rating } } }",
            json!({ "id": linh_c }),
            linh.token(),
        )
        .await;
    let mut reviews: Vec<String> = data["collaboration"]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r["author"].as_str().unwrap(), r["rating"]))
        .collect();
    reviews.sort();
    assert_eq!(reviews, ["BRAND 5", "CREATOR 4"]);
}

#[tokio::test]
async fn a_vnd_collaboration_from_sign_up_to_both_reviews() {
    journey(vnd_case()).await;
}

#[tokio::test]
async fn a_usd_collaboration_from_sign_up_to_both_reviews() {
    journey(usd_case()).await;
}
