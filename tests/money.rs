//! Money held and paid, through the router, on SQLite and PostgreSQL: fundings, the fee held at
//! `acceptOffer` and released, refunded or partly kept as a kill fee, locked commission settled
//! from the brand's wallet, payout methods and withdrawals. Two journeys worked out by hand, the
//! refusals of bad input (each leaving nothing behind), and the races SPEC.md names. After each
//! test that moves money, `assert_ledger_balances` checks that every transfer sums to zero and
//! every wallet's balances equal the sums of its entries.

mod common;

use chrono::{Duration, Utc};
use common::{
    delivery::*,
    fixtures::*,
    market::*,
    money::*,
    notifications::kinds,
    payments::{LEDGER, SETTLE, record, reverse, settle, until_locked},
    *,
};
use entity::funding;
use futures_util::future::join_all;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::{Value, json};

const ESCROW: &str = "query($id: ID!) { collaboration(id: $id) { status \
    escrow { held { amount currency } released { amount } refunded { amount } killFee { amount } } \
    payouts { kind amount { amount } status reference } \
    earnings { fee { amount } commission { amount } total { amount } paid { amount } outstanding { amount } } \
    brief { filledSlots committedBudget { amount } } terms { killFeePercent } } }";
const ADJUST: &str = "mutation($input: AdjustConversionInput!) { r: adjustConversion(input: $input) { \
    id amount { amount } originalAmount { amount } commission { amount } locked } }";

/// (available, held) of the brand's VND wallet.
async fn brand_vnd(app: &TestApp, brand: &Party) -> (String, String) {
    balances(&brand_wallets(app, brand).await, "VND")
}

/// (available, held) of the creator's VND wallet.
async fn creator_vnd(app: &TestApp, creator: &Party) -> (String, String) {
    balances(&creator_wallets(app, creator).await, "VND")
}

fn pair(available: &str, held: &str) -> (String, String) {
    (available.to_owned(), held.to_owned())
}

/// The entries of a wallet, newest first, as "KIND BALANCE amount availableAfter/heldAfter";
/// entries of one transfer (made at the same instant) in a fixed order.
fn ledger_lines(wallets: &Value) -> Vec<String> {
    let w = &wallets[0];
    let mut rows: Vec<(String, String)> = w["entries"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["createdAt"].as_str().unwrap().to_owned(),
                format!(
                    "{} {} {} {}/{}",
                    e["kind"].as_str().unwrap(),
                    e["balance"].as_str().unwrap(),
                    e["amount"]["amount"].as_str().unwrap(),
                    e["availableAfter"]["amount"].as_str().unwrap(),
                    e["heldAfter"]["amount"].as_str().unwrap(),
                ),
            )
        })
        .collect();
    // Newest first, as the API answers; within one instant, by text.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    rows.into_iter().map(|(_, line)| line).collect()
}

async fn escrow(app: &TestApp, who: &Party, collaboration: &str) -> Value {
    app.ok(ESCROW, json!({ "id": collaboration }), who.token())
        .await["collaboration"]
        .clone()
}

/// A brand with an OPEN VND brief (budget 10,000,000, 3 slots, fees 1,000,000 to 3,000,000) and
/// nothing in its wallet, and a creator who may apply.
async fn unfunded_opening(app: &TestApp, tag: &str) -> Opening {
    let brand = brand_party(app, &format!("{tag}@brand.vn")).await;
    let creator = creator_party(app, &format!("{tag}@creator.vn")).await;
    let brief = open_unfunded_brief(app, &brand, brief_input(&format!("Chiến dịch {tag}"))).await;
    Opening {
        brand,
        creator,
        brief,
    }
}

/// A creator with `fee` VND in its wallet: a fixed-fee deal delivered and completed.
async fn paid_creator(app: &TestApp, tag: &str, fee: &str) -> Deal {
    let deal = Deal::new(app, tag, fee_terms(fee, 1)).await;
    deal.deliver(app, &deal.deliverable(0)).await;
    complete(app, &deal.brand, &deal.id()).await;
    assert_eq!(creator_vnd(app, &deal.creator).await, pair(fee, "0"));
    deal
}

// ---------------------------------------------------------------- the journeys, by hand

#[tokio::test]
async fn fund_accept_submit_then_the_brand_cancels_kill_fee_and_refund() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = unfunded_opening(&app, "kill").await;
    let banker = app.banker().await.clone();
    assert!(
        brand_wallets(&app, &brand)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The brand asks to add 5,000,000 đồng: a PENDING funding with a reference for the memo,
    // "MKT" and 6 characters without look-alikes, expiring 7 days later.
    let f = app
        .ok(
            REQUEST_FUNDING,
            json!({ "a": vnd("5000000") }),
            brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(f["status"], "PENDING");
    assert_eq!(f["amount"], vnd("5000000"));
    assert_eq!(f["brand"]["id"], brand.id.as_str());
    let reference = f["reference"].as_str().unwrap();
    assert_eq!(reference.len(), 9);
    assert!(reference.starts_with("MKT"), "{reference}");
    assert!(
        reference[3..]
            .chars()
            .all(|c| "ACDEFGHJKMNPQRTUVWXY34679".contains(c)),
        "{reference}"
    );
    assert_eq!(ts(&f["expiresAt"]) - ts(&f["createdAt"]), Duration::days(7));
    // Nothing arrives until an admin confirms the transfer.
    assert!(
        brand_wallets(&app, &brand)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let confirmed = app
        .ok(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "FT26120100001" }),
            banker.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(confirmed["status"], "CONFIRMED");
    assert_eq!(confirmed["bankTransactionId"], "FT26120100001");
    assert!(confirmed["confirmedAt"].is_string());
    assert_eq!(brand_vnd(&app, &brand).await, pair("5000000", "0"));
    assert_eq!(
        kinds(&app, &brand, None).await.last().unwrap(),
        "FUNDS_RECEIVED"
    );

    // Invited on a 2,000,000 fee with a 25.5% kill fee; the creator accepts: the fee is held.
    let terms = with(fee_terms("2000000", 1), json!({ "killFeePercent": "25.5" }));
    let c = hire(&app, &brand, &brief, &creator, terms).await;
    let collaboration = id(&c);
    assert_eq!(brand_vnd(&app, &brand).await, pair("3000000", "2000000"));
    let e = escrow(&app, &brand, &collaboration).await;
    assert_eq!(e["terms"]["killFeePercent"], "25.50");
    assert_eq!(
        e["escrow"],
        json!({ "held": vnd("2000000"), "released": { "amount": "0" },
                "refunded": { "amount": "0" }, "killFee": { "amount": "0" } })
    );

    // The creator submits a draft; then the brand calls the deal off.
    submit(&app, &creator, &id(&c["deliverables"][0]), MEDIA_URL).await;
    let cancelled = app
        .ok(
            CANCEL_COLLABORATION,
            json!({ "id": collaboration, "reason": "Đổi kế hoạch ra mắt" }),
            brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(cancelled["status"], "CANCELLED");

    // Kill fee: 2,000,000 × 25.5% = 510,000 to the creator; the other 1,490,000 back to the
    // brand's available: 3,000,000 + 1,490,000 = 4,490,000.
    assert_eq!(brand_vnd(&app, &brand).await, pair("4490000", "0"));
    assert_eq!(creator_vnd(&app, &creator).await, pair("510000", "0"));
    let e = escrow(&app, &creator, &collaboration).await;
    assert_eq!(
        e["escrow"],
        json!({ "held": vnd("2000000"), "released": { "amount": "0" },
                "refunded": { "amount": "1490000" }, "killFee": { "amount": "510000" } })
    );
    assert_eq!(e["payouts"][0]["kind"], "FEE");
    assert_eq!(e["payouts"][0]["amount"]["amount"], "510000");
    assert_eq!(e["payouts"][0]["status"], "PAID");
    assert_eq!(
        e["earnings"],
        json!({ "fee": { "amount": "510000" }, "commission": { "amount": "0" },
                "total": { "amount": "510000" }, "paid": { "amount": "510000" },
                "outstanding": { "amount": "0" } })
    );
    // The brief's slot and budget are back (its brand reads the budget).
    assert_eq!(
        escrow(&app, &brand, &collaboration).await["brief"],
        json!({ "filledSlots": 0, "committedBudget": { "amount": "0" } })
    );

    // Every entry, newest first, with the balances after its transfer.
    assert_eq!(
        ledger_lines(&brand_wallets(&app, &brand).await),
        [
            "REFUND AVAILABLE 1490000 4490000/0",
            "REFUND HELD -1490000 4490000/0",
            "KILL_FEE HELD -510000 3000000/1490000",
            "HOLD AVAILABLE -2000000 3000000/2000000",
            "HOLD HELD 2000000 3000000/2000000",
            "FUNDING AVAILABLE 5000000 5000000/0",
        ]
    );
    assert_eq!(
        ledger_lines(&creator_wallets(&app, &creator).await),
        ["KILL_FEE AVAILABLE 510000 510000/0"]
    );
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn fund_accept_deliver_complete_orders_settle_withdraw_and_paid() {
    // Orders lock 3 seconds after they are recorded.
    let app = TestApp::with_env(&[("COMMISSION_LOCK", "3s")]).await;
    let Opening {
        brand,
        creator,
        brief,
    } = unfunded_opening(&app, "whole").await;
    fund(&app, &brand, vnd("10000000")).await;

    // HYBRID: a 3,000,000 fee and 10% of each order.
    let terms = with(
        fee_terms("3000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "10" }),
    );
    let c = hire(&app, &brand, &brief, &creator, terms).await;
    let (collaboration, tracking) = (id(&c), c["trackingCode"].as_str().unwrap().to_owned());
    assert_eq!(brand_vnd(&app, &brand).await, pair("7000000", "3000000"));

    // Delivered and completed: the held fee goes to the creator.
    deliver(&app, &brand, &creator, &id(&c["deliverables"][0])).await;
    complete(&app, &brand, &collaboration).await;
    assert_eq!(brand_vnd(&app, &brand).await, pair("7000000", "0"));
    assert_eq!(creator_vnd(&app, &creator).await, pair("3000000", "0"));

    // Orders: O1 1,000,000 → 100,000; O2 500,005 → 50,000.5 → 50,001; O3 200,000 → 20,000.
    record(&app, &brand, &tracking, "O1", vnd("1000000")).await;
    record(&app, &brand, &tracking, "O2", vnd("500005")).await;
    record(&app, &brand, &tracking, "O3", vnd("200000")).await;
    // O1 partly refunded to 600,000 (commission 60,000); O3 returned.
    let o1 = app
        .ok(
            ADJUST,
            json!({ "input": { "trackingCode": tracking, "orderRef": "O1", "amount": vnd("600000"), "reason": "Trả một món" } }),
            brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(
        (
            &o1["amount"]["amount"],
            &o1["originalAmount"]["amount"],
            &o1["commission"]["amount"]
        ),
        (&json!("600000"), &json!("1000000"), &json!("60000"))
    );
    reverse(&app, &brand, &tracking, "O3").await;
    // Commission 60,000 + 50,001 = 110,001; the fee 3,000,000 is paid, the commission not yet.
    let e = escrow(&app, &creator, &collaboration).await;
    assert_eq!(
        e["earnings"],
        json!({ "fee": { "amount": "3000000" }, "commission": { "amount": "110001" },
                "total": { "amount": "3110001" }, "paid": { "amount": "3000000" },
                "outstanding": { "amount": "110001" } })
    );
    assert_eq!(
        e["escrow"]["released"]["amount"], "3000000",
        "the whole fee was released"
    );

    // Locked, then settled from the brand's available into the creator's wallet.
    until_locked(&app, &brand, &collaboration).await;
    let p = settle(&app, &brand, &collaboration).await;
    assert_eq!(p["kind"], "COMMISSION");
    assert_eq!(p["amount"]["amount"], "110001");
    assert_eq!(p["status"], "PAID");
    assert_eq!(brand_vnd(&app, &brand).await, pair("6889999", "0")); // 7,000,000 − 110,001
    assert_eq!(creator_vnd(&app, &creator).await, pair("3110001", "0"));
    let e = escrow(&app, &creator, &collaboration).await;
    assert_eq!(e["earnings"]["paid"]["amount"], "3110001");
    assert_eq!(e["earnings"]["outstanding"]["amount"], "0");

    // The creator withdraws 3,000,000 to Vietcombank; 110,001 is left, not enough for another
    // 200,000.
    let vcb = add_bank_account(&app, &creator, "0071001236789").await;
    let w = app
        .ok(
            WITHDRAW,
            json!({ "a": vnd("3000000"), "m": vcb }),
            creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(w["status"], "REQUESTED");
    assert_eq!(w["method"]["accountNumber"], "••••6789");
    assert_eq!(creator_vnd(&app, &creator).await, pair("110001", "0"));
    let error = app
        .error(
            WITHDRAW,
            json!({ "a": vnd("200000"), "m": vcb }),
            creator.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT", "{error}");
    assert_eq!(error["extensions"]["reason"], "INSUFFICIENT_FUNDS");

    // An admin sends it.
    let paid = app
        .ok(
            MARK_PAID,
            json!({ "id": w["id"], "ref": "VCB-FT26120199" }),
            app.banker().await.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(
        (&paid["status"], &paid["reference"]),
        (&json!("PAID"), &json!("VCB-FT26120199"))
    );
    assert!(paid["paidAt"].is_string());
    let told = kinds(&app, &creator, None).await;
    assert_eq!(told.last().unwrap(), "WITHDRAWAL_PAID", "{told:?}");
    for kind in [
        "CONVERSION_ADJUSTED",
        "CONVERSION_REVERSED",
        "COMMISSION_SETTLED",
    ] {
        assert!(told.iter().any(|k| k == kind), "{kind}: {told:?}");
    }
    assert_eq!(creator_vnd(&app, &creator).await, pair("110001", "0"));

    assert_eq!(
        ledger_lines(&brand_wallets(&app, &brand).await),
        [
            "COMMISSION AVAILABLE -110001 6889999/0",
            "RELEASE HELD -3000000 7000000/0",
            "HOLD AVAILABLE -3000000 7000000/3000000",
            "HOLD HELD 3000000 7000000/3000000",
            "FUNDING AVAILABLE 10000000 10000000/0",
        ]
    );
    assert_eq!(
        ledger_lines(&creator_wallets(&app, &creator).await),
        [
            "WITHDRAWAL AVAILABLE -3000000 110001/0",
            "COMMISSION AVAILABLE 110001 3110001/0",
            "RELEASE AVAILABLE 3000000 3000000/0",
        ]
    );
    assert_ledger_balances(&app).await;
}

// ---------------------------------------------------------------- fundings

#[tokio::test]
async fn fundings_are_checked_confirmed_once_and_seen_by_their_brand_and_admins() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "fund@brand.vn").await;
    let other = brand_party(&app, "other@brand.vn").await;
    let creator = creator_party(&app, "fund@creator.vn").await;
    let banker = app.banker().await.clone();

    // Bad amounts, and the wrong roles: refused, nothing made.
    for (amount, field) in [
        (vnd("0"), "amount.amount"),
        (vnd("-100"), "amount.amount"),
        (vnd("100.5"), "amount.amount"),
        (usd("10.001"), "amount.amount"),
        (vnd("1000000000001"), "amount.amount"),
    ] {
        let e = app
            .error(REQUEST_FUNDING, json!({ "a": amount }), brand.token())
            .await;
        assert_error(&e, "BAD_USER_INPUT", Some(field), &format!("{amount}"));
    }
    for who in [creator.token(), banker.token()] {
        let e = app
            .error(REQUEST_FUNDING, json!({ "a": vnd("1000") }), who)
            .await;
        assert_eq!(code(&e), "FORBIDDEN", "{e}");
    }
    assert_eq!(app.rows("fundings").await, 0);

    let f = app
        .ok(
            REQUEST_FUNDING,
            json!({ "a": usd("250.50") }),
            brand.token(),
        )
        .await["r"]
        .clone();
    let g = app
        .ok(
            REQUEST_FUNDING,
            json!({ "a": vnd("700000") }),
            other.token(),
        )
        .await["r"]
        .clone();
    assert_ne!(f["reference"], g["reference"]);

    // Only admins confirm; a bad id, an empty or too long bank id are refused.
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "T1" }),
            brand.token(),
        )
        .await;
    assert_eq!(code(&e), "FORBIDDEN", "{e}");
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": "nope", "tx": "T1" }),
            banker.token(),
        )
        .await;
    assert_error(&e, "BAD_USER_INPUT", Some("fundingId"), "a bad id");
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": brand.id, "tx": "T1" }),
            banker.token(),
        )
        .await;
    assert_eq!(code(&e), "NOT_FOUND", "another kind's id: {e}");
    for tx in ["  ", &"9".repeat(101)] {
        let e = app
            .error(
                CONFIRM_FUNDING,
                json!({ "id": f["id"], "tx": tx }),
                banker.token(),
            )
            .await;
        assert_error(&e, "BAD_USER_INPUT", Some("bankTransactionId"), tx);
    }
    assert_eq!(app.rows("ledger_entries").await, 0);

    // Confirmed; the same bank id again changes nothing; another bank id is CONFLICT; the same
    // bank id for another funding is CONFLICT.
    let once = app
        .ok(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "FT-1" }),
            banker.token(),
        )
        .await["r"]
        .clone();
    let again = app
        .ok(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "FT-1" }),
            banker.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(once, again);
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "FT-2" }),
            banker.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", Some("bankTransactionId"), "another bank id");
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": g["id"], "tx": "FT-1" }),
            banker.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", Some("bankTransactionId"), "a used bank id");
    assert_eq!(
        balances(&brand_wallets(&app, &brand).await, "USD"),
        pair("250.50", "0.00")
    );
    assert!(other_wallets_empty(&app, &other).await);
    assert_eq!(app.rows("ledger_entries").await, 2);

    // Past its 7 days a funding is EXPIRED and cannot be confirmed.
    let row = funding::Entity::find_by_id(uuid(g["id"].as_str().unwrap()))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut expired: funding::ActiveModel = row.into();
    expired.expires_at = Set(Utc::now() - Duration::minutes(1));
    expired.update(app.db()).await.unwrap();
    let e = app
        .error(
            CONFIRM_FUNDING,
            json!({ "id": g["id"], "tx": "FT-3" }),
            banker.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");
    assert!(other_wallets_empty(&app, &other).await);

    // Each brand lists its own; admins all; creators none. The status filter reads expiry.
    let list = |who: Option<&str>, status: Value| {
        let app = &app;
        let who = who.map(str::to_owned);
        async move {
            let data = app
                .ok(FUNDINGS, json!({ "s": status }), who.as_deref())
                .await;
            let refs: Vec<String> = data["fundings"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    format!(
                        "{} {}",
                        n["status"].as_str().unwrap(),
                        n["amount"]["currency"].as_str().unwrap()
                    )
                })
                .collect();
            refs
        }
    };
    assert_eq!(list(brand.token(), Value::Null).await, ["CONFIRMED USD"]);
    assert_eq!(list(other.token(), Value::Null).await, ["EXPIRED VND"]);
    assert_eq!(
        list(other.token(), json!("PENDING")).await,
        Vec::<String>::new()
    );
    assert_eq!(list(other.token(), json!("EXPIRED")).await, ["EXPIRED VND"]);
    assert_eq!(
        list(banker.token(), Value::Null).await,
        ["EXPIRED VND", "CONFIRMED USD"]
    );
    assert_eq!(
        list(banker.token(), json!("CONFIRMED")).await,
        ["CONFIRMED USD"]
    );
    assert!(list(creator.token(), Value::Null).await.is_empty());

    // Fundings and entries are nodes for their brand and admins only.
    let wallets = brand_wallets(&app, &brand).await;
    let entry = wallets[0]["entries"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (node, typename) in [
        (f["id"].as_str().unwrap(), "Funding"),
        (&entry, "LedgerEntry"),
    ] {
        for who in [brand.token(), banker.token()] {
            let data = app.ok(NODE, json!({ "id": node }), who).await;
            assert_eq!(data["node"]["__typename"], typename);
        }
        for who in [other.token(), creator.token()] {
            let data = app.ok(NODE, json!({ "id": node }), who).await;
            assert!(data["node"].is_null(), "{typename} seen by a stranger");
        }
    }
    // Another brand's wallets read as null.
    let data = app
        .ok(
            &brand_wallets_query(),
            json!({ "id": brand.id }),
            other.token(),
        )
        .await;
    assert!(data["brand"]["wallets"].is_null());
    let data = app
        .ok(
            &brand_wallets_query(),
            json!({ "id": brand.id }),
            banker.token(),
        )
        .await;
    assert_eq!(data["brand"]["wallets"][0]["currency"], "USD");
    assert_ledger_balances(&app).await;
}

async fn other_wallets_empty(app: &TestApp, brand: &Party) -> bool {
    brand_wallets(app, brand)
        .await
        .as_array()
        .unwrap()
        .is_empty()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_racing_confirmations_of_one_funding_credit_it_once() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "race-fund@brand.vn").await;
    let banker = app.banker().await.clone();
    let f = app
        .ok(
            REQUEST_FUNDING,
            json!({ "a": vnd("1000000") }),
            brand.token(),
        )
        .await["r"]
        .clone();
    let answers = join_all((0..10).map(|_| {
        app.gql(
            CONFIRM_FUNDING,
            json!({ "id": f["id"], "tx": "FT-RACE" }),
            banker.token(),
        )
    }))
    .await;
    for a in &answers {
        assert!(a.get("errors").is_none(), "{a}");
        assert_eq!(a["data"]["r"]["status"], "CONFIRMED");
    }
    assert_eq!(brand_vnd(&app, &brand).await, pair("1000000", "0"));
    let wallets = brand_wallets(&app, &brand).await;
    assert_eq!(entries(&wallets, "VND").len(), 1, "one FUNDING entry");
    assert_eq!(app.rows("ledger_transfers").await, 1);

    // One bank transaction id for two fundings, confirmed at once: it credits one of them.
    let mut twins = Vec::new();
    for _ in 0..2 {
        twins.push(
            app.ok(
                REQUEST_FUNDING,
                json!({ "a": vnd("500000") }),
                brand.token(),
            )
            .await["r"]["id"]
                .clone(),
        );
    }
    let answers = join_all(twins.iter().map(|f| {
        app.gql(
            CONFIRM_FUNDING,
            json!({ "id": f, "tx": "FT-TWIN" }),
            banker.token(),
        )
    }))
    .await;
    assert_eq!(tally(&answers), 1, "{answers:?}");
    assert_eq!(brand_vnd(&app, &brand).await, pair("1500000", "0"));
    assert_eq!(app.rows("ledger_transfers").await, 2);
    assert_ledger_balances(&app).await;
}

// ---------------------------------------------------------------- holds and kill fees

#[tokio::test]
async fn accepting_without_the_money_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = unfunded_opening(&app, "broke").await;
    fund(&app, &brand, vnd("999999")).await;
    let p = invite(&app, &brand, &brief, &creator, fee_terms("1000000", 1)).await;
    let offer = id(&p["currentOffer"]);
    let e = app
        .error(ACCEPT, json!({ "id": offer }), creator.token())
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");
    assert_eq!(e["extensions"]["reason"], "INSUFFICIENT_FUNDS", "{e}");
    assert_eq!(brand_vnd(&app, &brand).await, pair("999999", "0"));
    assert_eq!(app.rows("collaborations").await, 0);
    let data = app
        .ok(
            "query($id: ID!) { proposal(id: $id) { status currentOffer { id status } brief { filledSlots committedBudget { amount } } } }",
            json!({ "id": id(&p) }),
            brand.token(),
        )
        .await;
    assert_eq!(
        data["proposal"],
        json!({ "status": "INVITED", "currentOffer": { "id": offer, "status": "OPEN" },
                "brief": { "filledSlots": 0, "committedBudget": { "amount": "0" } } })
    );
    // One more đồng, and the same offer goes through.
    fund(&app, &brand, vnd("1")).await;
    let c = accept(&app, &creator, &offer).await;
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(brand_vnd(&app, &brand).await, pair("0", "1000000"));
    // Terms without a fee hold nothing and have no escrow.
    let gift = creator_party(&app, "gift@creator.vn").await;
    let g = hire(
        &app,
        &brand,
        &brief,
        &gift,
        json!({ "compensationModel": "GIFTING", "giftProduct": true,
                "deliverables": [{ "type": "SHORT_VIDEO", "platform": "TIKTOK", "quantity": 1 }],
                "dueAt": at(Duration::days(20)) }),
    )
    .await;
    assert!(escrow(&app, &brand, &id(&g)).await["escrow"].is_null());
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn kill_fees_are_negotiated_checked_and_kept_only_when_the_brand_cancels_after_content() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "kf", "Phí hủy").await;
    // Out of range or too precise: BAD_USER_INPUT on the field, no proposal made.
    for bad in ["100.01", "-1", "12.345"] {
        let e = app
            .error(
                &invite_query(),
                json!({ "input": { "briefId": brief, "creatorId": creator.id,
                    "terms": with(fee_terms("1000000", 1), json!({ "killFeePercent": bad })) } }),
                brand.token(),
            )
            .await;
        assert_error(
            &e,
            "BAD_USER_INPUT",
            Some("input.terms.killFeePercent"),
            bad,
        );
    }
    assert_eq!(app.rows("proposals").await, 0);

    // Negotiated like any term: the brand offers none, the creator asks 50, the brand settles on
    // 40; the accepted offer's is the collaboration's.
    let p = invite(&app, &brand, &brief, &creator, fee_terms("2000000", 1)).await;
    let data = app
        .ok(
            "query($id: ID!) { proposal(id: $id) { currentOffer { terms { killFeePercent } } } }",
            json!({ "id": id(&p) }),
            brand.token(),
        )
        .await;
    assert_eq!(
        data["proposal"]["currentOffer"]["terms"]["killFeePercent"],
        "0.00"
    );
    make_offer(
        &app,
        &creator,
        &id(&p),
        with(fee_terms("2000000", 1), json!({ "killFeePercent": "50" })),
    )
    .await;
    let o = make_offer(
        &app,
        &brand,
        &id(&p),
        with(fee_terms("2000000", 1), json!({ "killFeePercent": "40" })),
    )
    .await;
    let c = accept(&app, &creator, &id(&o)).await;
    let collaboration = id(&c);
    assert_eq!(
        escrow(&app, &creator, &collaboration).await["terms"]["killFeePercent"],
        "40.00"
    );

    // The creator walks away after submitting: no kill fee, all of it back to the brand.
    submit(&app, &creator, &id(&c["deliverables"][0]), MEDIA_URL).await;
    app.ok(
        CANCEL_COLLABORATION,
        json!({ "id": collaboration, "reason": "Bận lịch quay" }),
        creator.token(),
    )
    .await;
    let e = escrow(&app, &brand, &collaboration).await;
    assert_eq!(e["escrow"]["refunded"]["amount"], "2000000");
    assert_eq!(e["escrow"]["killFee"]["amount"], "0");
    assert!(e["payouts"].as_array().unwrap().is_empty());
    assert_eq!(brand_vnd(&app, &brand).await, pair("10000000", "0"));

    // The brand cancels before any content: no kill fee either.
    let second = creator_party(&app, "kf2@creator.vn").await;
    let c = hire(
        &app,
        &brand,
        &brief,
        &second,
        with(fee_terms("1000000", 1), json!({ "killFeePercent": "100" })),
    )
    .await;
    app.ok(
        CANCEL_COLLABORATION,
        json!({ "id": id(&c), "reason": "Đổi kế hoạch" }),
        brand.token(),
    )
    .await;
    assert_eq!(
        escrow(&app, &brand, &id(&c)).await["escrow"]["killFee"]["amount"],
        "0"
    );

    // Once every deliverable is published, neither side may cancel: the brand completes.
    let third = creator_party(&app, "kf3@creator.vn").await;
    let c = hire(&app, &brand, &brief, &third, fee_terms("1000000", 1)).await;
    deliver(&app, &brand, &third, &id(&c["deliverables"][0])).await;
    for who in [&brand, &third] {
        let e = app
            .error(
                CANCEL_COLLABORATION,
                json!({ "id": id(&c), "reason": "Muộn rồi" }),
                who.token(),
            )
            .await;
        assert_eq!(code(&e), "CONFLICT", "{e}");
    }
    assert_eq!(escrow(&app, &brand, &id(&c)).await["status"], "ACTIVE");
    complete(&app, &brand, &id(&c)).await;
    assert_eq!(creator_vnd(&app, &third).await, pair("1000000", "0"));
    // 10,000,000 funded; the second's 1,000,000 refunded; the third's 1,000,000 released.
    assert_eq!(brand_vnd(&app, &brand).await, pair("9000000", "0"));
    assert_ledger_balances(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_accepts_racing_over_funds_for_three_fees_make_three_collaborations() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "race-hold@brand.vn").await;
    let brief = open_unfunded_brief(
        &app,
        &brand,
        with(
            brief_input("Đua giữ tiền"),
            json!({ "slots": 20, "budget": vnd("40000000") }),
        ),
    )
    .await;
    fund(&app, &brand, vnd("3000000")).await;
    let mut offers = Vec::new();
    for i in 0..20 {
        let creator = creator_party(&app, &format!("race-hold{i}@creator.vn")).await;
        let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
        offers.push(id(&p["currentOffer"]));
    }
    let answers = join_all(
        offers
            .iter()
            .map(|o| app.gql(ACCEPT, json!({ "id": o }), brand.token())),
    )
    .await;
    assert_eq!(tally(&answers), 3);
    let refused = answers
        .iter()
        .filter(|a| a["errors"][0]["extensions"]["reason"] == "INSUFFICIENT_FUNDS")
        .count();
    assert_eq!(refused, 17);
    assert_eq!(app.rows("collaborations").await, 3);
    assert_eq!(brand_vnd(&app, &brand).await, pair("0", "3000000"));
    let data = app
        .ok(
            "query($id: ID!) { brief(id: $id) { filledSlots committedBudget { amount } } }",
            json!({ "id": brief }),
            brand.token(),
        )
        .await;
    assert_eq!(
        data["brief"],
        json!({ "filledSlots": 3, "committedBudget": { "amount": "3000000" } })
    );
    assert_ledger_balances(&app).await;
}

// ---------------------------------------------------------------- payout methods

fn method(kind: &str, bank: Option<&str>, number: &str, name: &str) -> Value {
    json!({ "input": { "kind": kind, "bankCode": bank, "accountNumber": number, "accountName": name } })
}

#[tokio::test]
async fn payout_methods_are_checked_normalised_masked_and_bounded() {
    let app = TestApp::new().await;
    let creator = creator_party(&app, "methods@creator.vn").await;
    let other = creator_party(&app, "other@creator.vn").await;
    let brand = brand_party(&app, "methods@brand.vn").await;
    let banker = app.banker().await.clone();

    for (vars, field) in [
        (
            method("BANK_TRANSFER", Some("XYZ"), "0071001236789", "Lan"),
            "input.bankCode",
        ),
        (
            method("BANK_TRANSFER", None, "0071001236789", "Lan"),
            "input.bankCode",
        ),
        (
            method("BANK_TRANSFER", Some("VCB"), "00710012A6789", "Lan"),
            "input.accountNumber",
        ),
        (
            method("BANK_TRANSFER", Some("VCB"), "12345", "Lan"),
            "input.accountNumber",
        ),
        (
            method("BANK_TRANSFER", Some("VCB"), "12345678901234567890", "Lan"),
            "input.accountNumber",
        ),
        (
            method("MOMO", None, "+65 9123 4567", "Lan"),
            "input.accountNumber",
        ),
        (
            method("ZALOPAY", None, "0201234567", "Lan"),
            "input.accountNumber",
        ),
        (
            method("MOMO", Some("VCB"), "0901234567", "Lan"),
            "input.bankCode",
        ),
        (
            method("MOMO", None, "0901234567", "   "),
            "input.accountName",
        ),
        (
            method("MOMO", None, "0901234567", "Lan 123"),
            "input.accountName",
        ),
        (
            method("MOMO", None, "0901234567", &"A".repeat(101)),
            "input.accountName",
        ),
        // 60 characters as typed, but 239 once printed as a bank prints it ("BEI BEI ...").
        (
            method("MOMO", None, "0901234567", &"北".repeat(60)),
            "input.accountName",
        ),
    ] {
        let e = app.error(ADD_METHOD, vars.clone(), creator.token()).await;
        assert_error(&e, "BAD_USER_INPUT", Some(field), &vars.to_string());
    }
    let e = app
        .error(
            ADD_METHOD,
            method("MOMO", None, "0901234567", "Lan"),
            brand.token(),
        )
        .await;
    assert_eq!(code(&e), "FORBIDDEN", "{e}");
    assert_eq!(app.rows("payout_methods").await, 0);

    // Stored the way banks print names; numbers as digits, phones as +84; shown masked.
    let bank = app
        .ok(
            ADD_METHOD,
            method(
                "BANK_TRANSFER",
                Some("tcb"),
                "1903 4567 8901 23",
                "  Nguyễn   Thị Lan ",
            ),
            creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(
        (
            &bank["bankCode"],
            &bank["accountNumber"],
            &bank["accountName"]
        ),
        (&json!("TCB"), &json!("••••0123"), &json!("NGUYEN THI LAN"))
    );
    let momo = app
        .ok(
            ADD_METHOD,
            method("MOMO", None, "090 123 4567", "Đặng Văn Đức"),
            creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(
        (
            &momo["bankCode"],
            &momo["accountNumber"],
            &momo["accountName"]
        ),
        (&Value::Null, &json!("••••4567"), &json!("DANG VAN DUC"))
    );
    // The same wallet again (typed another way): CONFLICT.
    let e = app
        .error(
            ADD_METHOD,
            method("MOMO", None, "+84901234567", "Duc"),
            creator.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");
    // Admins see the numbers in full; other users see no methods at all.
    let query = creator_wallets_query();
    let data = app
        .ok(&query, json!({ "id": creator.id }), banker.token())
        .await;
    let numbers: Vec<&str> = data["creator"]["payoutMethods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["accountNumber"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["19034567890123", "+84901234567"]);
    for who in [other.token(), brand.token()] {
        let data = app.ok(&query, json!({ "id": creator.id }), who).await;
        assert!(data["creator"]["payoutMethods"].is_null(), "{data}");
        assert!(data["creator"]["wallets"].is_null(), "{data}");
    }
    for (who, seen) in [
        (creator.token(), true),
        (banker.token(), true),
        (other.token(), false),
    ] {
        let data = app.ok(NODE, json!({ "id": momo["id"] }), who).await;
        assert_eq!(data["node"]["__typename"] == "PayoutMethod", seen, "{data}");
    }

    // At most five.
    for n in ["0071000000001", "0071000000002", "0071000000003"] {
        app.ok(
            ADD_METHOD,
            method("BANK_TRANSFER", Some("VCB"), n, "Lan"),
            creator.token(),
        )
        .await;
    }
    let e = app
        .error(
            ADD_METHOD,
            method("BANK_TRANSFER", Some("VCB"), "0071000000004", "Lan"),
            creator.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");
    assert_eq!(app.rows("payout_methods").await, 5);

    // Removed by its creator only; then a sixth fits.
    let e = app
        .error(REMOVE_METHOD, json!({ "id": momo["id"] }), other.token())
        .await;
    assert_eq!(code(&e), "NOT_FOUND", "{e}");
    let ok = app
        .ok(REMOVE_METHOD, json!({ "id": momo["id"] }), creator.token())
        .await;
    assert_eq!(ok["r"], true);
    let e = app
        .error(REMOVE_METHOD, json!({ "id": momo["id"] }), creator.token())
        .await;
    assert_eq!(code(&e), "NOT_FOUND", "removed twice: {e}");
    app.ok(
        ADD_METHOD,
        method("ZALOPAY", None, "0387654321", "Lan"),
        creator.token(),
    )
    .await;
}

// ---------------------------------------------------------------- withdrawals

#[tokio::test]
async fn withdrawals_are_bounded_and_admins_pay_or_fail_them() {
    let app = TestApp::new().await;
    let deal = paid_creator(&app, "wd", "2000000").await;
    let creator = &deal.creator;
    let banker = app.banker().await.clone();
    let account = add_bank_account(&app, creator, "0071001236789").await;
    let stranger = creator_party(&app, "wd-other@creator.vn").await;
    let theirs = add_bank_account(&app, &stranger, "0071009999999").await;

    // Below the minimum, above the balance, bad amounts, someone else's method, a brand.
    for (amount, field) in [
        (vnd("99999"), "amount.amount"),
        (vnd("0"), "amount.amount"),
        (vnd("-100000"), "amount.amount"),
        (vnd("100000.5"), "amount.amount"),
        (usd("4.99"), "amount.amount"),
    ] {
        let e = app
            .error(
                WITHDRAW,
                json!({ "a": amount, "m": account }),
                creator.token(),
            )
            .await;
        assert_error(&e, "BAD_USER_INPUT", Some(field), &format!("{amount}"));
    }
    let e = app
        .error(
            WITHDRAW,
            json!({ "a": vnd("2000001"), "m": account }),
            creator.token(),
        )
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");
    assert_eq!(e["extensions"]["reason"], "INSUFFICIENT_FUNDS");
    let e = app
        .error(
            WITHDRAW,
            json!({ "a": usd("10.00"), "m": account }),
            creator.token(),
        )
        .await;
    assert_error(
        &e,
        "BAD_USER_INPUT",
        Some("amount.currency"),
        "no USD wallet",
    );
    let e = app
        .error(
            WITHDRAW,
            json!({ "a": vnd("100000"), "m": theirs }),
            creator.token(),
        )
        .await;
    assert_eq!(code(&e), "NOT_FOUND", "{e}");
    let e = app
        .error(
            WITHDRAW,
            json!({ "a": vnd("100000"), "m": account }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(code(&e), "FORBIDDEN", "{e}");
    assert_eq!(app.rows("withdrawals").await, 0);
    assert_eq!(creator_vnd(&app, creator).await, pair("2000000", "0"));

    // Two withdrawals: the first is paid, the second fails and its money comes back.
    let first = app
        .ok(
            WITHDRAW,
            json!({ "a": vnd("100000"), "m": account }),
            creator.token(),
        )
        .await["r"]
        .clone();
    let second = app
        .ok(
            WITHDRAW,
            json!({ "a": vnd("1500000"), "m": account }),
            creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(creator_vnd(&app, creator).await, pair("400000", "0"));
    // Its method cannot be removed while a withdrawal to it waits.
    let e = app
        .error(REMOVE_METHOD, json!({ "id": account }), creator.token())
        .await;
    assert_eq!(code(&e), "CONFLICT", "{e}");

    for (query, vars) in [
        (MARK_PAID, json!({ "id": first["id"], "ref": "VCB-1" })),
        (
            FAIL,
            json!({ "id": first["id"], "why": "Sai số tài khoản" }),
        ),
    ] {
        let e = app.error(query, vars, creator.token()).await;
        assert_eq!(code(&e), "FORBIDDEN", "{e}");
    }
    let e = app
        .error(
            MARK_PAID,
            json!({ "id": first["id"], "ref": " " }),
            banker.token(),
        )
        .await;
    assert_error(&e, "BAD_USER_INPUT", Some("reference"), "a blank reference");
    let e = app
        .error(
            FAIL,
            json!({ "id": first["id"], "why": "" }),
            banker.token(),
        )
        .await;
    assert_error(&e, "BAD_USER_INPUT", Some("reason"), "a blank reason");
    let paid = app
        .ok(
            MARK_PAID,
            json!({ "id": first["id"], "ref": "VCB-1" }),
            banker.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(paid["status"], "PAID");
    let failed = app
        .ok(
            FAIL,
            json!({ "id": second["id"], "why": "Ngân hàng từ chối: sai tên chủ tài khoản" }),
            banker.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(
        failed["failureReason"],
        "Ngân hàng từ chối: sai tên chủ tài khoản"
    );
    assert!(failed["failedAt"].is_string());
    assert_eq!(creator_vnd(&app, creator).await, pair("1900000", "0"));
    // Both only from REQUESTED.
    for (query, vars) in [
        (MARK_PAID, json!({ "id": first["id"], "ref": "VCB-2" })),
        (FAIL, json!({ "id": first["id"], "why": "x" })),
        (MARK_PAID, json!({ "id": second["id"], "ref": "VCB-2" })),
        (FAIL, json!({ "id": second["id"], "why": "x" })),
    ] {
        let e = app.error(query, vars, banker.token()).await;
        assert_eq!(code(&e), "CONFLICT", "{e}");
    }
    let told = kinds(&app, creator, None).await;
    assert_eq!(
        told[told.len() - 2..],
        ["WITHDRAWAL_PAID", "WITHDRAWAL_FAILED"]
    );
    assert_eq!(
        ledger_lines(&creator_wallets(&app, creator).await)[..3],
        [
            "WITHDRAWAL_RETURNED AVAILABLE 1500000 1900000/0",
            "WITHDRAWAL AVAILABLE -1500000 400000/0",
            "WITHDRAWAL AVAILABLE -100000 1900000/0",
        ]
    );

    // Lists: the creator's own, everyone's for admins, of one status if asked.
    let listed = |who: Option<&str>, status: Value| {
        let app = &app;
        let who = who.map(str::to_owned);
        async move {
            app.ok(WITHDRAWALS, json!({ "s": status }), who.as_deref())
                .await["withdrawals"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["status"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed(creator.token(), Value::Null).await,
        ["FAILED", "PAID"]
    );
    assert_eq!(listed(creator.token(), json!("PAID")).await, ["PAID"]);
    assert_eq!(
        listed(banker.token(), Value::Null).await,
        ["FAILED", "PAID"]
    );
    assert!(listed(stranger.token(), Value::Null).await.is_empty());
    assert!(listed(deal.brand.token(), Value::Null).await.is_empty());
    for (who, seen) in [
        (creator.token(), true),
        (banker.token(), true),
        (stranger.token(), false),
    ] {
        let data = app.ok(NODE, json!({ "id": first["id"] }), who).await;
        assert_eq!(data["node"]["__typename"] == "Withdrawal", seen, "{data}");
    }
    assert_ledger_balances(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_racing_withdrawals_of_forty_percent_each_leave_two() {
    let app = TestApp::new().await;
    let deal = paid_creator(&app, "race-wd", "1000000").await;
    let account = add_bank_account(&app, &deal.creator, "0071001236789").await;
    let answers = join_all((0..10).map(|_| {
        app.gql(
            WITHDRAW,
            json!({ "a": vnd("400000"), "m": account }),
            deal.creator.token(),
        )
    }))
    .await;
    assert_eq!(tally(&answers), 2);
    assert_eq!(app.rows("withdrawals").await, 2);
    assert_eq!(creator_vnd(&app, &deal.creator).await, pair("200000", "0"));
    assert_ledger_balances(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_settlements_pay_each_conversion_once() {
    let app = TestApp::with_env(&[("COMMISSION_LOCK", "0s")]).await;
    let terms = with(
        fee_terms("1000000", 1),
        json!({ "compensationModel": "HYBRID", "commissionRate": "10" }),
    );
    let deal = Deal::new(&app, "race-settle", terms).await;
    for i in 0..5 {
        record(
            &app,
            &deal.brand,
            &deal.code,
            &format!("R-{i}"),
            vnd("100000"),
        )
        .await;
    }
    let answers =
        join_all((0..10).map(|_| app.gql(SETTLE, json!({ "id": deal.id() }), deal.brand.token())))
            .await;
    let paid: Vec<&Value> = answers
        .iter()
        .map(|a| {
            assert!(a.get("errors").is_none(), "{a}");
            &a["data"]["r"]
        })
        .filter(|r| !r.is_null())
        .collect();
    assert_eq!(paid.len(), 1, "{answers:?}");
    assert_eq!(paid[0]["amount"]["amount"], "50000"); // 5 × 10,000
    assert_eq!(creator_vnd(&app, &deal.creator).await, pair("50000", "0"));
    let m = app
        .ok(LEDGER, json!({ "id": deal.id() }), deal.creator.token())
        .await;
    assert_eq!(m["collaboration"]["earnings"]["paid"]["amount"], "50000");
    assert_eq!(m["collaboration"]["payouts"].as_array().unwrap().len(), 1);
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn the_database_refuses_a_negative_balance_whatever_the_code_does() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "check@brand.vn").await;
    fund(&app, &brand, vnd("1000")).await;
    let db = app.db();
    let sql =
        "UPDATE wallets SET available_minor = available_minor - 1001 WHERE owner_kind = 'BRAND'";
    let refused = db
        .execute_unprepared(sql)
        .await
        .expect_err("the CHECK constraint refuses it");
    assert!(
        refused.to_string().to_lowercase().contains("check"),
        "{refused}"
    );
    let sql = "UPDATE wallets SET available_minor = 1 WHERE owner_kind = 'MARKETPLACE'";
    assert!(
        db.execute_unprepared(sql).await.is_err(),
        "the bank account above zero"
    );
    assert_eq!(brand_vnd(&app, &brand).await, pair("1000", "0"));
    assert_ledger_balances(&app).await;
}
