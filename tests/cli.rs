//! The `marketplace` binary's subcommands, run as a newcomer or an operator would.

mod common;

use std::{
    io::Write,
    process::{Command, Stdio},
};

use common::*;
use serde_json::json;

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
