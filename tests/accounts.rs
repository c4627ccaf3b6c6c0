//! Accounts through the router: sign-up, log-in and its throttle, refresh rotation, log-out,
//! password change, suspension and the admin's user list.

mod common;

use common::*;
use serde_json::json;

fn sign_up_vars(email: &str, password: &str, role: &str) -> serde_json::Value {
    json!({ "input": { "email": email, "password": password, "role": role, "name": "Ana" } })
}

#[tokio::test]
async fn sign_up_makes_a_creator_with_an_empty_profile_and_a_brand_with_its_name() {
    let app = TestApp::new().await;
    let creator = app
        .sign_up("CREATOR", "  Ana@Example.COM ", "Ana Trần")
        .await;
    assert_eq!(creator.email, "ana@example.com");
    let brand = app.sign_up("BRAND", "shop@example.com", "Cỏ Mềm").await;

    let me = "{ me { email role suspended creatorProfile { displayName kind bio } brand { name industry } } }";
    let data = app.ok(me, json!({}), creator.token()).await;
    assert_eq!(data["me"]["role"], "CREATOR");
    assert_eq!(data["me"]["creatorProfile"]["displayName"], "Ana Trần");
    assert_eq!(data["me"]["creatorProfile"]["kind"], "KOC");
    assert_eq!(data["me"]["brand"], serde_json::Value::Null);

    let data = app.ok(me, json!({}), brand.token()).await;
    assert_eq!(data["me"]["brand"]["name"], "Cỏ Mềm");
    assert_eq!(data["me"]["creatorProfile"], serde_json::Value::Null);
}

#[tokio::test]
async fn sign_up_refuses_bad_input_with_the_field_named_and_leaves_nothing_behind() {
    let app = TestApp::new().await;
    let cases = [
        (
            "not-an-email",
            PASSWORD,
            "CREATOR",
            "BAD_USER_INPUT",
            "input.email",
        ),
        (
            "a@b.vn",
            "short12",
            "CREATOR",
            "BAD_USER_INPUT",
            "input.password",
        ),
        (
            "a@b.vn",
            &"x".repeat(129),
            "CREATOR",
            "BAD_USER_INPUT",
            "input.password",
        ),
        ("a@b.vn", PASSWORD, "ADMIN", "BAD_USER_INPUT", "input.role"),
    ];
    for (email, password, role, want, field) in cases {
        let error = app
            .error(SIGN_UP, sign_up_vars(email, password, role), None)
            .await;
        assert_eq!(code(&error), want, "{email} {role}: {error}");
        assert_eq!(error["extensions"]["field"], field, "{error}");
    }
    let error = app
        .error(
            SIGN_UP,
            json!({ "input": { "email": "a@b.vn", "password": PASSWORD, "role": "BRAND", "name": "   " } }),
            None,
        )
        .await;
    assert_eq!(error["extensions"]["field"], "input.name");

    // Nothing was made: the email is still free, at both password bounds.
    app.ok(SIGN_UP, sign_up_vars("a@b.vn", "12345678", "CREATOR"), None)
        .await;
    app.ok(
        SIGN_UP,
        sign_up_vars("c@d.vn", &"y".repeat(128), "BRAND"),
        None,
    )
    .await;
}

#[tokio::test]
async fn an_email_is_unique_whatever_its_case() {
    let app = TestApp::new().await;
    app.creator("duplicate@example.com").await;
    let error = app
        .error(
            SIGN_UP,
            sign_up_vars(" DUPLICATE@Example.com", PASSWORD, "BRAND"),
            None,
        )
        .await;
    assert_eq!(code(&error), "CONFLICT");
    assert_eq!(error["extensions"]["field"], "input.email");
}

#[tokio::test]
async fn log_in_gives_the_same_error_for_an_unknown_email_and_a_wrong_password() {
    let app = TestApp::new().await;
    app.creator("known@example.com").await;
    let session = app.log_in("KNOWN@example.com ", PASSWORD).await;
    assert_eq!(session.email, "known@example.com");

    let wrong = app
        .error(
            LOG_IN,
            json!({ "email": "known@example.com", "password": "wrong password" }),
            None,
        )
        .await;
    let unknown = app
        .error(
            LOG_IN,
            json!({ "email": "nobody@example.com", "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&wrong), "UNAUTHENTICATED");
    assert_eq!(wrong["message"], unknown["message"]);
    assert_eq!(wrong["extensions"], unknown["extensions"]);
}

#[tokio::test]
async fn five_failures_rate_limit_the_email_even_with_the_right_password_across_restarts() {
    let app = TestApp::new().await;
    app.creator("target@example.com").await;
    let other = app.creator("bystander@example.com").await;
    for _ in 0..5 {
        let error = app
            .error(
                LOG_IN,
                json!({ "email": "target@example.com", "password": "guess-guess" }),
                None,
            )
            .await;
        assert_eq!(code(&error), "UNAUTHENTICATED");
    }
    let error = app
        .error(
            LOG_IN,
            json!({ "email": "target@example.com", "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&error), "RATE_LIMITED");
    assert!(error["extensions"]["retryAfterSeconds"].as_i64().unwrap() > 800);

    // Kept in the database: another instance refuses too.
    let restarted = app.restart().await;
    let error = restarted
        .error(
            LOG_IN,
            json!({ "email": "Target@example.com", "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&error), "RATE_LIMITED");

    // Other emails are unaffected.
    restarted.log_in(&other.email, PASSWORD).await;
}

#[tokio::test]
async fn unknown_emails_are_throttled_like_known_ones() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        app.error(
            LOG_IN,
            json!({ "email": "ghost@example.com", "password": "whatever1" }),
            None,
        )
        .await;
    }
    let error = app
        .error(
            LOG_IN,
            json!({ "email": "ghost@example.com", "password": "whatever1" }),
            None,
        )
        .await;
    assert_eq!(code(&error), "RATE_LIMITED");
}

#[tokio::test]
async fn a_success_before_the_fifth_failure_resets_the_count() {
    let app = TestApp::new().await;
    let s = app.creator("reset@example.com").await;
    for _ in 0..4 {
        app.error(
            LOG_IN,
            json!({ "email": s.email, "password": "nope-nope" }),
            None,
        )
        .await;
    }
    app.log_in(&s.email, PASSWORD).await;
    for _ in 0..4 {
        app.error(
            LOG_IN,
            json!({ "email": s.email, "password": "nope-nope" }),
            None,
        )
        .await;
    }
    app.log_in(&s.email, PASSWORD).await;
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_its_successors() {
    let app = TestApp::new().await;
    let first = app.creator("rotate@example.com").await;

    let data = app.ok(REFRESH, json!({ "t": first.refresh }), None).await;
    let second = Session::from(&data["refreshSession"]);
    assert_ne!(second.refresh, first.refresh);
    assert_eq!(second.user_id, first.user_id);
    // The new access token works.
    let me = app.ok("{ me { email } }", json!({}), second.token()).await;
    assert_eq!(me["me"]["email"], "rotate@example.com");

    // The retired token again: refused, and the whole family with it.
    let error = app
        .error(REFRESH, json!({ "t": first.refresh }), None)
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    let error = app
        .error(REFRESH, json!({ "t": second.refresh }), None)
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");

    // Another login is another family, untouched.
    let other = app.log_in(&first.email, PASSWORD).await;
    app.ok(REFRESH, json!({ "t": other.refresh }), None).await;
}

#[tokio::test]
async fn garbage_refresh_tokens_are_refused() {
    let app = TestApp::new().await;
    for t in ["", "garbage", &"A".repeat(43)] {
        let error = app.error(REFRESH, json!({ "t": t }), None).await;
        assert_eq!(code(&error), "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn parallel_refreshes_of_one_token_succeed_once_and_revoke_the_family() {
    let app = TestApp::new().await;
    let session = app.creator("race@example.com").await;
    let attempts = (0..10).map(|_| {
        let app = &app;
        let t = session.refresh.clone();
        async move { app.gql(REFRESH, json!({ "t": t }), None).await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let winners: Vec<_> = answers
        .iter()
        .filter(|a| a.get("errors").is_none())
        .collect();
    assert_eq!(winners.len(), 1, "{answers:?}");
    for a in answers.iter().filter(|a| a.get("errors").is_some()) {
        assert_eq!(code(&a["errors"][0]), "UNAUTHENTICATED", "{a}");
    }
    // The losers presented a retired token: theft is assumed, so the winner's pair dies too.
    let successor = winners[0]["data"]["refreshSession"]["refreshToken"].clone();
    let error = app.error(REFRESH, json!({ "t": successor }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_at_most_five_checked() {
    let app = TestApp::new().await;
    let s = app.creator("burst@example.com").await;
    let guesses = (0..20).map(|i| {
        let app = &app;
        async move {
            app.gql(
                LOG_IN,
                json!({ "email": "burst@example.com", "password": format!("guess-{i:04}") }),
                None,
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|a| code(&a["errors"][0]) == "UNAUTHENTICATED")
        .count();
    let limited = answers
        .iter()
        .filter(|a| code(&a["errors"][0]) == "RATE_LIMITED")
        .count();
    assert!(checked <= 5, "{checked} guesses were checked");
    assert_eq!(checked + limited, 20);
    let error = app
        .error(
            LOG_IN,
            json!({ "email": s.email, "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&error), "RATE_LIMITED");
}

#[tokio::test]
async fn an_unknown_email_costs_a_password_verification_like_a_known_one() {
    let app = TestApp::new().await;
    app.creator("real@example.com").await;
    let before = app.state.hasher.runs();
    app.error(
        LOG_IN,
        json!({ "email": "real@example.com", "password": "wrong password" }),
        None,
    )
    .await;
    let known = app.state.hasher.runs() - before;
    let before = app.state.hasher.runs();
    app.error(
        LOG_IN,
        json!({ "email": "nobody@example.com", "password": "wrong password" }),
        None,
    )
    .await;
    let unknown = app.state.hasher.runs() - before;
    assert_eq!(known, 1);
    assert_eq!(unknown, known);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled_too() {
    let app = TestApp::new().await;
    let s = app.creator("victim@example.com").await;
    let change = "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"attacker password\") }";
    for i in 0..5 {
        let error = app
            .error(change, json!({ "c": format!("guess-{i:04}") }), s.token())
            .await;
        assert_eq!(code(&error), "BAD_USER_INPUT");
    }
    let error = app.error(change, json!({ "c": PASSWORD }), s.token()).await;
    assert_eq!(code(&error), "RATE_LIMITED");
    // Nothing changed: the password is still the old one (once the lock is over).
    let error = app
        .error(
            LOG_IN,
            json!({ "email": s.email, "password": "attacker password" }),
            None,
        )
        .await;
    assert_eq!(code(&error), "RATE_LIMITED");
}

#[tokio::test]
async fn log_out_retires_one_refresh_token() {
    let app = TestApp::new().await;
    let s = app.creator("bye@example.com").await;
    let other = app.log_in(&s.email, PASSWORD).await;
    let log_out = "mutation($t: String!) { logOut(refreshToken: $t) }";
    let data = app.ok(log_out, json!({ "t": s.refresh }), s.token()).await;
    assert_eq!(data["logOut"], true);
    let data = app.ok(log_out, json!({ "t": s.refresh }), s.token()).await;
    assert_eq!(data["logOut"], false);
    let error = app.error(REFRESH, json!({ "t": s.refresh }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    // The other session goes on.
    app.ok(REFRESH, json!({ "t": other.refresh }), None).await;
    // Logging out needs a signed-in user.
    let error = app
        .error(log_out, json!({ "t": other.refresh }), None)
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
}

#[tokio::test]
async fn change_password_retires_every_refresh_token() {
    let app = TestApp::new().await;
    let s = app.creator("change@example.com").await;
    let second = app.log_in(&s.email, PASSWORD).await;
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";

    let error = app
        .error(
            change,
            json!({ "c": "not the password", "n": "brand new password" }),
            s.token(),
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "currentPassword");
    let error = app
        .error(change, json!({ "c": PASSWORD, "n": "short" }), s.token())
        .await;
    assert_eq!(error["extensions"]["field"], "newPassword");

    let data = app
        .ok(
            change,
            json!({ "c": PASSWORD, "n": "brand new password" }),
            s.token(),
        )
        .await;
    assert_eq!(data["changePassword"], true);
    for t in [&s.refresh, &second.refresh] {
        let error = app.error(REFRESH, json!({ "t": t }), None).await;
        assert_eq!(code(&error), "UNAUTHENTICATED");
    }
    let error = app
        .error(
            LOG_IN,
            json!({ "email": s.email, "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    app.log_in(&s.email, "brand new password").await;
}

const REINSTATE: &str = "mutation($id: ID!) { reinstateUser(userId: $id) { id suspended } }";

#[tokio::test]
async fn suspension_blocks_the_next_request_login_and_refresh_until_reinstated() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.com").await;
    let user = app.creator("naughty@example.com").await;
    app.ok("{ me { email } }", json!({}), user.token()).await;

    let data = app
        .ok(
            SUSPEND,
            json!({ "id": user.user_id, "r": "fake followers" }),
            admin.token(),
        )
        .await;
    assert_eq!(data["suspendUser"]["suspended"], true);

    // The access token still verifies, but the user is read at every request.
    let me = app.ok("{ me { email } }", json!({}), user.token()).await;
    assert_eq!(me["me"], serde_json::Value::Null);
    let error = app
        .error("{ node(id: \"x\") { id } }", json!({}), user.token())
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    let error = app
        .error(
            LOG_IN,
            json!({ "email": user.email, "password": PASSWORD }),
            None,
        )
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    let error = app.error(REFRESH, json!({ "t": user.refresh }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED");

    let data = app
        .ok(REINSTATE, json!({ "id": user.user_id }), admin.token())
        .await;
    assert_eq!(data["reinstateUser"]["suspended"], false);
    let again = app.log_in(&user.email, PASSWORD).await;
    app.ok("{ node(id: \"x\") { id } }", json!({}), again.token())
        .await;
}

#[tokio::test]
async fn only_admins_list_suspend_and_reinstate() {
    let app = TestApp::new().await;
    let creator = app.creator("c@example.com").await;
    let brand = app.brand("b@example.com").await;
    for s in [&creator, &brand] {
        let error = app
            .error("{ users { totalCount } }", json!({}), s.token())
            .await;
        assert_eq!(code(&error), "FORBIDDEN");
        let error = app
            .error(
                SUSPEND,
                json!({ "id": creator.user_id, "r": "no" }),
                s.token(),
            )
            .await;
        assert_eq!(code(&error), "FORBIDDEN");
        let error = app
            .error(REINSTATE, json!({ "id": creator.user_id }), s.token())
            .await;
        assert_eq!(code(&error), "FORBIDDEN");
    }
    let error = app.error("{ users { totalCount } }", json!({}), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED");

    let admin = app.admin("root@example.com").await;
    let error = app
        .error(SUSPEND, json!({ "id": "bm9wZQ", "r": "x" }), admin.token())
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    let error = app
        .error(
            SUSPEND,
            json!({ "id": creator.user_id, "r": "  " }),
            admin.token(),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "reason");
    let error = app
        .error(
            SUSPEND,
            json!({ "id": admin.user_id, "r": "oops" }),
            admin.token(),
        )
        .await;
    assert_eq!(code(&error), "CONFLICT");
}

#[tokio::test]
async fn admins_page_through_users_by_role_without_skips_or_repeats() {
    let app = TestApp::new().await;
    let admin = app.admin("boss@example.com").await;
    for i in 0..7 {
        app.creator(&format!("creator{i}@example.com")).await;
    }
    for i in 0..3 {
        app.brand(&format!("brand{i}@example.com")).await;
    }
    let page = "query($role: Role, $first: Int, $after: String) { users(role: $role, first: $first, after: $after) { totalCount edges { cursor node { email role } } nodes { email } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let data = app
            .ok(
                page,
                json!({ "role": "CREATOR", "first": 3, "after": after }),
                admin.token(),
            )
            .await;
        let users = &data["users"];
        assert_eq!(users["totalCount"], 7);
        for node in users["nodes"].as_array().unwrap() {
            seen.push(node["email"].as_str().unwrap().to_owned());
        }
        for edge in users["edges"].as_array().unwrap() {
            assert_eq!(edge["node"]["role"], "CREATOR");
        }
        if !users["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = users["pageInfo"]["endCursor"].clone();
    }
    let mut expected: Vec<String> = (0..7)
        .rev()
        .map(|i| format!("creator{i}@example.com"))
        .collect();
    assert_eq!(seen, expected, "newest first, each once");

    let data = app.ok(page, json!({}), admin.token()).await;
    assert_eq!(data["users"]["totalCount"], 11);
    expected.truncate(0);

    for (first, field) in [(101, "first"), (-1, "first")] {
        let error = app
            .error(page, json!({ "first": first }), admin.token())
            .await;
        assert_eq!(code(&error), "BAD_USER_INPUT");
        assert_eq!(error["extensions"]["field"], field);
    }
    let error = app
        .error(page, json!({ "after": "%%%" }), admin.token())
        .await;
    assert_eq!(error["extensions"]["field"], "after");
    let data = app.ok(page, json!({ "first": 100 }), admin.token()).await;
    assert_eq!(data["users"]["nodes"].as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn node_finds_what_the_viewer_may_see_and_nothing_else() {
    let app = TestApp::new().await;
    let ana = app.creator("ana@example.com").await;
    let bob = app.brand("bob@example.com").await;
    let q = "query($id: ID!) { node(id: $id) { id __typename ... on User { email } ... on CreatorProfile { displayName } ... on Brand { name } } }";

    let data = app.ok(q, json!({ "id": ana.user_id }), ana.token()).await;
    assert_eq!(data["node"]["email"], "ana@example.com");
    // Another user's account is private: null, as if it did not exist.
    let data = app.ok(q, json!({ "id": ana.user_id }), bob.token()).await;
    assert_eq!(data["node"], serde_json::Value::Null);

    // Profiles and brands are readable by any signed-in user.
    let profile = app
        .ok("{ me { creatorProfile { id } } }", json!({}), ana.token())
        .await["me"]["creatorProfile"]["id"]
        .clone();
    let data = app.ok(q, json!({ "id": profile }), bob.token()).await;
    assert_eq!(data["node"]["__typename"], "CreatorProfile");
    assert_eq!(data["node"]["id"], profile);
    let brand = app
        .ok("{ me { brand { id } } }", json!({}), bob.token())
        .await["me"]["brand"]["id"]
        .clone();
    let data = app.ok(q, json!({ "id": brand }), ana.token()).await;
    assert_eq!(data["node"]["name"], "Test Brand");

    for id in ["garbage", "AQ", ""] {
        let data = app.ok(q, json!({ "id": id }), ana.token()).await;
        assert_eq!(data["node"], serde_json::Value::Null);
    }
    let error = app.error(q, json!({ "id": brand }), None).await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_failed_log_in_prunes_old_failures_of_every_email() {
    use entity::login_failure;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

    let app = TestApp::new().await;
    let now = marketplace::clock::now();
    // Twenty made-up emails tried 31 and 29 minutes ago: past WINDOW + LOCKOUT (30 minutes) the
    // first can lock nothing any more; the second still counts.
    for (i, minutes) in (0..20).map(|i| (i, 31)).chain([(20, 29)]) {
        login_failure::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            email: Set(format!("ghost{i}@example.com")),
            failed_at: Set(now - chrono::Duration::minutes(minutes)),
        }
        .insert(app.db())
        .await
        .unwrap();
    }
    let error = app
        .error(
            LOG_IN,
            json!({ "email": "someone@example.com", "password": "whatever1" }),
            None,
        )
        .await;
    assert_eq!(code(&error), "UNAUTHENTICATED");
    let left: Vec<String> = login_failure::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.email)
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains(&"ghost20@example.com".to_owned()));
    assert!(left.contains(&"someone@example.com".to_owned()));
}
