//! The `marketplace` binary's subcommands, run as a newcomer or an operator would.

mod common;

use std::{
    io::Write,
    process::{Command, Stdio},
};

use common::*;
use serde_json::{Value, json};

fn marketplace(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marketplace");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn create_admin_reads_the_password_from_stdin() {
    let app = TestApp::new().await;
    let out = marketplace(
        &app,
        &["create-admin", "--email", "Ops@Example.com"],
        "a strong admin password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let admin = app
        .log_in("ops@example.com", "a strong admin password")
        .await;
    let data = app
        .ok(
            "{ me { role } users { totalCount } }",
            json!({}),
            admin.token(),
        )
        .await;
    assert_eq!(data["me"]["role"], "ADMIN");

    // A second admin with the same email, or a short password, is refused.
    let out = marketplace(
        &app,
        &["create-admin", "--email", "ops@example.com"],
        "another password\n",
    );
    assert!(!out.status.success());
    let out = marketplace(
        &app,
        &["create-admin", "--email", "new@example.com"],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("BAD_USER_INPUT"));
}

#[tokio::test]
async fn seed_demo_prints_working_logins_and_is_idempotent() {
    let app = TestApp::new().await;
    let first = marketplace(&app, &["seed-demo"], "");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let printed = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(printed.contains("admin@demo.vn"), "{printed}");
    let second = marketplace(&app, &["seed-demo"], "");
    assert!(second.status.success());
    assert_eq!(printed, String::from_utf8_lossy(&second.stdout));

    let admin = app
        .log_in("admin@demo.vn", marketplace::seed::DEMO_PASSWORD)
        .await;
    let data = app
        .ok(
            "{ brands: users(role: BRAND) { totalCount } creators: users(role: CREATOR) { totalCount nodes { creatorProfile { displayName kind city country } } } }",
            json!({}),
            admin.token(),
        )
        .await;
    assert_eq!(data["brands"]["totalCount"], 3);
    assert_eq!(data["creators"]["totalCount"], 5);
    for node in data["creators"]["nodes"].as_array().unwrap() {
        assert_eq!(node["creatorProfile"]["country"], "VN");
    }
}

/// Rows in each table the demo's deals, delivery and money write.
async fn demo_rows(app: &TestApp) -> Vec<(&'static str, i64)> {
    let mut rows = Vec::new();
    for table in [
        "proposals",
        "offers",
        "messages",
        "collaborations",
        "deliverables",
        "content_submissions",
        "deliverable_metrics",
        "conversions",
        "payouts",
        "reviews",
        "notifications",
        "fundings",
        "wallets",
        "ledger_transfers",
        "ledger_entries",
        "payout_methods",
        "withdrawals",
    ] {
        rows.push((table, app.rows(table).await));
    }
    rows
}

const DEMO_COLLABORATIONS: &str = "query($status: CollaborationStatus) {
  myCollaborations(status: $status, first: 5) {
    nodes {
      status
      brief { performance { engagementRate conversionRate roi } }
      performance { engagementRate conversionRate roi clicks orders }
      reviews { author rating }
      payouts { kind status amount { amount } }
      earnings { total { amount } paid { amount } outstanding { amount } }
      escrow { held { amount } released { amount } refunded { amount } killFee { amount } }
      conversions(first: 50) { totalCount nodes { status locked } }
      deliverables {
        status revisionsUsed metrics { engagementRate } submissions { version status }
      }
    }
  }
}";

#[tokio::test]
async fn seed_demo_shows_finished_collaborations_with_real_numbers() {
    let app = TestApp::new().await;
    let first = marketplace(&app, &["seed-demo"], "");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let rows = demo_rows(&app).await;

    let brand = app
        .log_in("brand@comem.vn", marketplace::seed::DEMO_PASSWORD)
        .await;
    let data = app
        .ok(
            DEMO_COLLABORATIONS,
            json!({ "status": "COMPLETED" }),
            brand.token(),
        )
        .await;
    let completed = data["myCollaborations"]["nodes"].as_array().unwrap();
    assert_eq!(completed.len(), 2, "{data}");
    for c in completed {
        for figure in ["engagementRate", "conversionRate", "roi"] {
            assert!(c["performance"][figure].is_string(), "{figure}: {c}");
            assert!(
                c["brief"]["performance"][figure].is_string(),
                "{figure}: {c}"
            );
        }
        let mut authors: Vec<_> = c["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["author"].as_str().unwrap())
            .collect();
        authors.sort_unstable();
        assert_eq!(authors, ["BRAND", "CREATOR"], "{c}");
        for d in c["deliverables"].as_array().unwrap() {
            assert_eq!(d["status"], "PUBLISHED");
            assert!(d["metrics"]["engagementRate"].is_string(), "{d}");
        }
    }
    let all_payouts: Vec<&Value> = completed
        .iter()
        .flat_map(|c| c["payouts"].as_array().unwrap())
        .collect();
    let has = |kind: &str, status: &str| {
        all_payouts
            .iter()
            .any(|p| p["kind"] == kind && p["status"] == status)
    };
    assert!(has("FEE", "PAID"), "{all_payouts:?}");
    // Commission waits for the orders to lock (COMMISSION_LOCK, 14 days after they were recorded).
    assert!(!has("COMMISSION", "PAID"), "{all_payouts:?}");
    let conversions: Vec<&Value> = completed
        .iter()
        .flat_map(|c| c["conversions"]["nodes"].as_array().unwrap())
        .collect();
    assert_eq!(
        conversions
            .iter()
            .filter(|v| v["status"] == "REVERSED")
            .count(),
        1
    );
    // One revision round: a deliverable whose version 1 went back for changes.
    let revised = completed
        .iter()
        .flat_map(|c| c["deliverables"].as_array().unwrap())
        .filter(|d| d["revisionsUsed"] == 1)
        .collect::<Vec<_>>();
    assert_eq!(revised.len(), 1);
    assert_eq!(revised[0]["submissions"][0]["status"], "CHANGES_REQUESTED");
    assert_eq!(revised[0]["submissions"][1]["status"], "APPROVED");
    // The fixed-fee collaboration: ROI and earnings by hand. Revenue 4,935,000 on a 15,000,000
    // fee: (4,935,000 − 15,000,000) / 15,000,000 = −67.1%; the fee is paid in full.
    let lipstick = completed
        .iter()
        .find(|c| c["payouts"][0]["kind"] == "FEE")
        .unwrap();
    assert_eq!(lipstick["performance"]["roi"], "-67.10");
    assert_eq!(lipstick["performance"]["clicks"], 1240);
    assert_eq!(lipstick["earnings"]["outstanding"]["amount"], "0");
    assert_eq!(lipstick["escrow"]["held"]["amount"], "15000000");
    assert_eq!(lipstick["escrow"]["released"]["amount"], "15000000");
    // The commission collaboration: 13 confirmed orders of 9,837,000, one of them (1,290,000)
    // partly refunded to 918,000: 9,465,000 at 12.5% = 1,183,125 owed once they lock.
    let livestream = completed
        .iter()
        .find(|c| c["payouts"].as_array().unwrap().is_empty())
        .unwrap();
    assert_eq!(livestream["performance"]["orders"], 13);
    assert_eq!(livestream["performance"]["roi"], "700.00");
    assert_eq!(livestream["earnings"]["total"]["amount"], "1183125");
    assert_eq!(livestream["earnings"]["outstanding"]["amount"], "1183125");
    assert!(livestream["escrow"].is_null(), "no fee, no escrow");
    assert!(
        livestream["conversions"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["locked"] == false)
    );

    // One collaboration waits for the brand's review; one was cancelled.
    let data = app
        .ok(
            DEMO_COLLABORATIONS,
            json!({ "status": "ACTIVE" }),
            app.log_in("brand@bepnhamai.vn", marketplace::seed::DEMO_PASSWORD)
                .await
                .token(),
        )
        .await;
    let active = &data["myCollaborations"]["nodes"][0];
    assert_eq!(active["deliverables"][0]["status"], "IN_REVIEW", "{data}");
    let data = app
        .ok(
            DEMO_COLLABORATIONS,
            json!({ "status": "CANCELLED" }),
            app.log_in("brand@saoviet.vn", marketplace::seed::DEMO_PASSWORD)
                .await
                .token(),
        )
        .await;
    assert_eq!(
        data["myCollaborations"]["nodes"].as_array().unwrap().len(),
        1
    );
    // The brand cancelled after Minh's draft: he keeps the 30% kill fee of the 3,000,000 fee.
    let escrow = &data["myCollaborations"]["nodes"][0]["escrow"];
    assert_eq!(escrow["held"]["amount"], "3000000", "{data}");
    assert_eq!(escrow["killFee"]["amount"], "900000");
    assert_eq!(escrow["refunded"]["amount"], "2100000");

    // The money, wallet by wallet: each brand funded 200,000,000 by bank transfer.
    let wallet = |email: &'static str| {
        let app = &app;
        async move {
            let who = app.log_in(email, marketplace::seed::DEMO_PASSWORD).await;
            let data = app
                .ok(
                    "{ me { brand { wallets { currency available { amount } held { amount } \
                     entries(first: 20) { nodes { kind balance amount { amount } } } } } \
                     creatorProfile { wallets { currency available { amount } held { amount } \
                     entries(first: 20) { nodes { kind balance amount { amount } } } } } } }",
                    json!({}),
                    who.token(),
                )
                .await;
            let me = &data["me"];
            let wallets = if me["brand"].is_object() {
                &me["brand"]["wallets"]
            } else {
                &me["creatorProfile"]["wallets"]
            };
            let w = &wallets[0];
            assert_eq!(w["currency"], "VND", "{data}");
            let mut entries: Vec<String> = w["entries"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{} {} {}", e["kind"], e["balance"], e["amount"]["amount"]))
                .map(|e| e.replace('"', ""))
                .collect();
            entries.sort();
            (
                w["available"]["amount"].as_str().unwrap().to_owned(),
                w["held"]["amount"].as_str().unwrap().to_owned(),
                entries,
            )
        }
    };
    // Cỏ Mềm: 200,000,000 in; the lipstick fee held, then released to Linh.
    assert_eq!(
        wallet("brand@comem.vn").await,
        (
            "185000000".to_owned(),
            "0".to_owned(),
            vec![
                "FUNDING AVAILABLE 200000000".to_owned(),
                "HOLD AVAILABLE -15000000".to_owned(),
                "HOLD HELD 15000000".to_owned(),
                "RELEASE HELD -15000000".to_owned(),
            ]
        )
    );
    // Sao Việt: the buds fee held; on cancelling, 900,000 kept by Minh and 2,100,000 back.
    assert_eq!(
        wallet("brand@saoviet.vn").await,
        (
            "199100000".to_owned(),
            "0".to_owned(),
            vec![
                "FUNDING AVAILABLE 200000000".to_owned(),
                "HOLD AVAILABLE -3000000".to_owned(),
                "HOLD HELD 3000000".to_owned(),
                "KILL_FEE HELD -900000".to_owned(),
                "REFUND AVAILABLE 2100000".to_owned(),
                "REFUND HELD -2100000".to_owned(),
            ]
        )
    );
    // Linh: the 15,000,000 fee, 2,000,000 of it withdrawn to Vietcombank.
    assert_eq!(
        wallet("linh.beauty@demo.vn").await,
        (
            "13000000".to_owned(),
            "0".to_owned(),
            vec![
                "RELEASE AVAILABLE 15000000".to_owned(),
                "WITHDRAWAL AVAILABLE -2000000".to_owned(),
            ]
        )
    );
    // Minh: the 900,000 kill fee, 500,000 of it asked for on MoMo.
    assert_eq!(
        wallet("minh.review@demo.vn").await,
        (
            "400000".to_owned(),
            "0".to_owned(),
            vec![
                "KILL_FEE AVAILABLE 900000".to_owned(),
                "WITHDRAWAL AVAILABLE -500000".to_owned(),
            ]
        )
    );
    let admin = app
        .log_in("admin@demo.vn", marketplace::seed::DEMO_PASSWORD)
        .await;
    let data = app
        .ok(
            "{ withdrawals(first: 10) { nodes { status amount { amount } method { kind accountNumber accountName } } } \
             fundings(first: 10) { totalCount nodes { status reference } } }",
            json!({}),
            admin.token(),
        )
        .await;
    let mut withdrawals: Vec<String> = data["withdrawals"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{} {} {} {} {}",
                w["status"],
                w["amount"]["amount"],
                w["method"]["kind"],
                w["method"]["accountNumber"],
                w["method"]["accountName"]
            )
            .replace('"', "")
        })
        .collect();
    withdrawals.sort();
    assert_eq!(
        withdrawals,
        [
            "PAID 2000000 BANK_TRANSFER 0071001236789 NGUYEN THUY LINH",
            "REQUESTED 500000 MOMO +84903456789 TRAN QUANG MINH",
        ]
    );
    assert_eq!(data["fundings"]["totalCount"], 3);
    for f in data["fundings"]["nodes"].as_array().unwrap() {
        assert_eq!(f["status"], "CONFIRMED");
        assert!(f["reference"].as_str().unwrap().starts_with("MKT"), "{f}");
    }
    let problems = marketplace::ledger::audit(app.db()).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");

    // Both sides' stats and reviews, as anyone may read them.
    let data = app
        .ok(
            "{ me { brand { stats { completedCollaborations averageRating reviewCount } \
             reviews { totalCount } } } }",
            json!({}),
            brand.token(),
        )
        .await;
    let b = &data["me"]["brand"];
    assert_eq!(b["stats"]["completedCollaborations"], 2);
    assert_eq!(b["stats"]["averageRating"], "4.50");
    assert_eq!(b["reviews"]["totalCount"], 2);
    let creator = app
        .log_in("linh.beauty@demo.vn", marketplace::seed::DEMO_PASSWORD)
        .await;
    let data = app
        .ok(
            "{ me { creatorProfile { stats { completedCollaborations averageRating reviewCount \
             onTimeRate totalOrders averageEngagementRate conversionRate } \
             reviews { totalCount } } } }",
            json!({}),
            creator.token(),
        )
        .await;
    let stats = &data["me"]["creatorProfile"]["stats"];
    assert_eq!(stats["completedCollaborations"], 2, "{data}");
    assert_eq!(stats["reviewCount"], 2);
    assert_eq!(stats["totalOrders"], 21);
    for figure in [
        "averageRating",
        "onTimeRate",
        "averageEngagementRate",
        "conversionRate",
    ] {
        assert!(stats[figure].is_string(), "{figure}: {data}");
    }

    // A second run adds nothing.
    let second = marketplace(&app, &["seed-demo"], "");
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(demo_rows(&app).await, rows);
}

#[test]
fn export_schema_prints_the_sdl() {
    let out = Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .arg("export-schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        marketplace::graphql::sdl()
    );
}
