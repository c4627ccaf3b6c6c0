//! What app and portal developers rely on (SPEC.md, "Clients"), through the router: CORS for
//! browsers on other origins, compressed answers, and answers in the order of the selection.

mod common;

use std::io::Read;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use common::TestApp;
use serde_json::{Value, json};

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("/graphql")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "content-type, authorization, idempotency-key",
        )
        .body(Body::empty())
        .unwrap()
}

fn post(body: &str, extra: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn a_browser_on_an_allowed_origin_may_call_the_api_and_others_may_not() {
    let app = TestApp::with_env(&[(
        "CORS_ALLOWED_ORIGINS",
        "https://portal.comem.vn, http://localhost:3000",
    )])
    .await;
    for origin in ["https://portal.comem.vn", "http://localhost:3000"] {
        let (status, headers, _) = app.send(preflight(origin)).await;
        assert_eq!(status, StatusCode::OK, "{origin}");
        assert_eq!(headers["access-control-allow-origin"], origin);
        let allowed = headers["access-control-allow-headers"].to_str().unwrap();
        for name in ["content-type", "authorization", "idempotency-key"] {
            assert!(allowed.contains(name), "{allowed}");
        }
        assert!(
            headers["access-control-allow-methods"]
                .to_str()
                .unwrap()
                .contains("POST")
        );
        // Whatever headers the page's client adds are allowed too (Apollo's, tracing's).
        let mut asking = preflight(origin);
        asking.headers_mut().insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "apollographql-client-name, traceparent".parse().unwrap(),
        );
        let (_, headers, _) = app.send(asking).await;
        let allowed = headers["access-control-allow-headers"].to_str().unwrap();
        assert!(allowed.contains("apollographql-client-name") && allowed.contains("traceparent"));
    }
    // Another origin gets no permission: the browser refuses to send the request.
    for origin in ["https://evil.example", "http://localhost:3001"] {
        let (_, headers, _) = app.send(preflight(origin)).await;
        assert!(
            !headers.contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }
    // The request itself: allowed, with the headers a client reads exposed.
    let query = json!({ "query": "{ __typename }" }).to_string();
    let (status, headers, _) = app
        .send(post(&query, &[("origin", "https://portal.comem.vn")]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://portal.comem.vn"
    );
    let exposed = headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in [
        "ratelimit-policy",
        "ratelimit",
        "retry-after",
        "idempotent-replayed",
    ] {
        assert!(exposed.contains(name), "{exposed}");
    }
    let (_, headers, _) = app
        .send(post(&query, &[("origin", "https://evil.example")]))
        .await;
    assert!(!headers.contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn in_development_every_local_port_is_allowed_and_in_production_none() {
    let dev = TestApp::new().await;
    for origin in ["http://localhost:5173", "http://127.0.0.1:8081"] {
        let (_, headers, _) = dev.send(preflight(origin)).await;
        assert_eq!(headers["access-control-allow-origin"], origin);
    }
    let (_, headers, _) = dev.send(preflight("http://localhost.evil.example")).await;
    assert!(!headers.contains_key("access-control-allow-origin"));
    let production = TestApp::with_env(&[("APP_ENV", "production")]).await;
    let (_, headers, _) = production.send(preflight("http://localhost:5173")).await;
    assert!(!headers.contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn answers_over_a_kibibyte_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::new().await;
    // The schema's introspection is tens of kilobytes.
    let query = json!({ "query": "{ __schema { types { name description } } }" }).to_string();
    let (_, headers, plain) = app.send(post(&query, &[])).await;
    assert!(!headers.contains_key("content-encoding"));
    assert!(plain.len() > 1024);
    let (status, headers, gzipped) = app.send(post(&query, &[("accept-encoding", "gzip")])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "gzip");
    assert!(
        gzipped.len() < plain.len() / 2,
        "{} of {}",
        gzipped.len(),
        plain.len()
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    let (_, headers, _) = app.send(post(&query, &[("accept-encoding", "br")])).await;
    assert_eq!(headers["content-encoding"], "br");
    // A small answer is sent as it is.
    let small = json!({ "query": "{ __typename }" }).to_string();
    let (_, headers, _) = app.send(post(&small, &[("accept-encoding", "gzip")])).await;
    assert!(!headers.contains_key("content-encoding"));
}

#[tokio::test]
async fn answers_keep_the_order_of_the_selection() {
    let app = TestApp::new().await;
    let query = json!({ "query": "{ zeta: __typename me { id } alpha: __typename }" }).to_string();
    let (_, _, body) = app.send(post(&query, &[])).await;
    let text = String::from_utf8(body.to_vec()).unwrap();
    let at = |key: &str| text.find(key).unwrap_or_else(|| panic!("{key} in {text}"));
    assert!(
        at("\"zeta\"") < at("\"me\"") && at("\"me\"") < at("\"alpha\""),
        "{text}"
    );
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = parsed["data"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["zeta", "me", "alpha"]);
}

#[tokio::test]
async fn an_unusable_token_says_whether_to_refresh_or_sign_in_again() {
    use chrono::Utc;
    use jsonwebtoken::{Algorithm, Header};
    use marketplace::auth::{AccessClaims, token};

    let app = TestApp::new().await;
    let user = app.creator("reasons@creator.vn").await;
    let sub = common::user_uuid(&app, &user).await;
    let now = Utc::now().timestamp();
    let expired = app.state.jwt.sign_claims(
        &Header::new(Algorithm::HS256),
        &AccessClaims {
            sub,
            role: entity::enums::Role::Creator,
            iat: now - 1000,
            exp: now - 1,
            iss: token::ISSUER.into(),
            aud: token::AUDIENCE.into(),
            sid: None,
        },
    );
    let me = "{ notifications { totalCount } }";
    let reason = |error: &Value| error["extensions"]["reason"].as_str().map(str::to_owned);
    let error = app.error(me, json!({}), Some(&expired)).await;
    assert_eq!(common::code(&error), "UNAUTHENTICATED");
    assert_eq!(reason(&error).as_deref(), Some("TOKEN_EXPIRED"), "{error}");
    let forged = format!("{}x", user.token().unwrap());
    let error = app.error(me, json!({}), Some(&forged)).await;
    assert_eq!(reason(&error).as_deref(), Some("TOKEN_INVALID"), "{error}");
    // A refresh token of a login that ended: sign in again.
    let refresh = user.refresh.clone();
    app.ok(common::REFRESH, json!({ "t": refresh }), None).await;
    let error = app
        .error(common::REFRESH, json!({ "t": refresh }), None)
        .await;
    assert_eq!(
        reason(&error).as_deref(),
        Some("SESSION_REVOKED"),
        "{error}"
    );
    let error = app
        .error(common::REFRESH, json!({ "t": "not-a-refresh-token" }), None)
        .await;
    assert_eq!(reason(&error).as_deref(), Some("TOKEN_INVALID"), "{error}");
    // No token at all is no reason: nothing was sent.
    let error = app.error(me, json!({}), None).await;
    assert_eq!(reason(&error), None, "{error}");
}

#[tokio::test]
async fn avatars_and_logos_are_http_urls_that_null_or_empty_removes() {
    let app = TestApp::new().await;
    let creator = app.creator("avatar@creator.vn").await;
    let brand = app.brand("logo@brand.vn").await;
    let profile = "mutation($input: CreatorProfileInput!) { updateCreatorProfile(input: $input) { avatarUrl } }";
    let company = "mutation($input: BrandInput!) { updateBrand(input: $input) { logoUrl } }";
    for (query, token, field, key) in [
        (
            profile,
            creator.token(),
            "avatarUrl",
            "updateCreatorProfile",
        ),
        (company, brand.token(), "logoUrl", "updateBrand"),
    ] {
        let url = "https://cdn.comem.vn/images/a%20b.png";
        let set = app
            .ok(query, json!({ "input": { field: url } }), token)
            .await;
        assert_eq!(set[key][field], url);
        // Other edits keep it.
        let kept = app.ok(query, json!({ "input": {} }), token).await;
        assert_eq!(kept[key][field], url);
        for bad in ["javascript:alert(1)", "ftp://cdn.vn/a.png", "not a url"] {
            let error = app
                .error(query, json!({ "input": { field: bad } }), token)
                .await;
            common::assert_error(
                &error,
                "BAD_USER_INPUT",
                Some(&format!("input.{field}")),
                bad,
            );
        }
        let still = app.ok(query, json!({ "input": {} }), token).await;
        assert_eq!(still[key][field], url);
        for clear in [json!(null), json!("  ")] {
            app.ok(query, json!({ "input": { field: url } }), token)
                .await;
            let cleared = app
                .ok(query, json!({ "input": { field: clear } }), token)
                .await;
            assert_eq!(cleared[key][field], Value::Null);
        }
    }
    // Anyone signed in sees them.
    app.ok(
        profile,
        json!({ "input": { "avatarUrl": "https://cdn.vn/a.png" } }),
        creator.token(),
    )
    .await;
    let me = app
        .ok(
            "{ me { creatorProfile { id } } }",
            json!({}),
            creator.token(),
        )
        .await;
    let id = me["me"]["creatorProfile"]["id"].clone();
    let seen = app
        .ok(
            "query($id: ID!) { creator(id: $id) { avatarUrl } }",
            json!({ "id": id }),
            brand.token(),
        )
        .await;
    assert_eq!(seen["creator"]["avatarUrl"], "https://cdn.vn/a.png");
}

#[tokio::test]
async fn a_chat_pages_back_from_its_newest_messages() {
    use common::{
        fixtures::Opening,
        market::{SEND, apply, id},
    };
    let app = TestApp::new().await;
    let opening = Opening::new(&app, "chat", "Chiến dịch chat").await;
    let proposal = id(&apply(&app, &opening.creator, &opening.brief, None).await);
    for i in 1..=7 {
        let who = if i % 2 == 0 {
            &opening.brand
        } else {
            &opening.creator
        };
        app.ok(
            SEND,
            json!({ "input": { "proposalId": proposal, "body": format!("tin {i}") } }),
            who.token(),
        )
        .await;
    }
    let page = |vars: Value| {
        let app = &app;
        let token = opening.brand.token();
        let proposal = proposal.clone();
        async move {
            let query = "query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { \
                proposal(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) { \
                totalCount edges { cursor node { body } } \
                pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } } }";
            let mut vars = vars;
            vars["id"] = json!(proposal);
            app.ok(query, vars, token).await["proposal"]["messages"].clone()
        }
    };
    let bodies = |m: &Value| -> Vec<String> {
        m["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["body"].as_str().unwrap().to_owned())
            .collect()
    };
    // The newest three, oldest of them first, with older ones before them.
    let newest = page(json!({ "last": 3 })).await;
    assert_eq!(bodies(&newest), ["tin 5", "tin 6", "tin 7"]);
    assert_eq!(newest["totalCount"], 7);
    assert_eq!(newest["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(newest["pageInfo"]["hasNextPage"], false);
    let older = page(json!({ "last": 3, "before": newest["pageInfo"]["startCursor"] })).await;
    assert_eq!(bodies(&older), ["tin 2", "tin 3", "tin 4"]);
    assert_eq!(older["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(older["pageInfo"]["hasNextPage"], true);
    let oldest = page(json!({ "last": 3, "before": older["pageInfo"]["startCursor"] })).await;
    assert_eq!(bodies(&oldest), ["tin 1"]);
    assert_eq!(oldest["pageInfo"]["hasPreviousPage"], false);
    // Forwards from where a backward page ends meets the same messages.
    let forward = page(json!({ "first": 2, "after": older["pageInfo"]["endCursor"] })).await;
    assert_eq!(bodies(&forward), ["tin 5", "tin 6"]);
    // One direction at a time; sizes bounded like `first`.
    let query =
        "query($id: ID!) { proposal(id: $id) { messages(first: 2, last: 2) { totalCount } } }";
    let error = app
        .error(query, json!({ "id": proposal }), opening.brand.token())
        .await;
    common::assert_error(&error, "BAD_USER_INPUT", Some("last"), "both directions");
    let query = "query($id: ID!) { proposal(id: $id) { messages(last: 101) { totalCount } } }";
    let error = app
        .error(query, json!({ "id": proposal }), opening.brand.token())
        .await;
    common::assert_error(&error, "BAD_USER_INPUT", Some("last"), "too many");
    let query =
        "query($id: ID!) { proposal(id: $id) { messages(before: \"junk\") { totalCount } } }";
    let error = app
        .error(query, json!({ "id": proposal }), opening.brand.token())
        .await;
    common::assert_error(&error, "BAD_USER_INPUT", Some("before"), "bad cursor");
    // A made-up cursor with a time no database stores is refused, not sent to the database.
    use base64::Engine as _;
    let far = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(json!(["-5000-01-01T00:00:00Z", uuid::Uuid::nil()]).to_string());
    for (args, field) in [
        ("last: 2, before: $c", "before"),
        ("first: 2, after: $c", "after"),
    ] {
        let query = format!(
            "query($id: ID!, $c: String) {{ proposal(id: $id) {{ messages({args}) {{ totalCount }} }} }}"
        );
        let error = app
            .error(
                &query,
                json!({ "id": proposal, "c": far }),
                opening.brand.token(),
            )
            .await;
        common::assert_error(&error, "BAD_USER_INPUT", Some(field), "far cursor");
    }
}

#[tokio::test]
async fn briefs_come_in_each_order_page_by_page() {
    use chrono::Duration;
    use common::market::{at, brand_party, brief_input, open_unfunded_brief, usd, vnd, with};
    let app = TestApp::new().await;
    let brand = brand_party(&app, "orders@brand.vn").await;
    let creator = app.creator("orders@creator.vn").await;
    // (title, budget, application deadline in days), published in this order.
    let usd_brief = json!({
        "budget": usd("9000.00"),
        "compensation": { "model": "FIXED_FEE", "feeMin": usd("100.00"), "feeMax": usd("300.00") },
    });
    for (title, patch) in [
        (
            "A",
            json!({ "budget": vnd("10000000"), "applicationDeadline": at(Duration::days(14)) }),
        ),
        (
            "B",
            json!({ "budget": vnd("50000000"), "applicationDeadline": at(Duration::days(3)) }),
        ),
        (
            "C",
            json!({ "budget": vnd("20000000"), "applicationDeadline": null }),
        ),
        (
            "D",
            with(
                usd_brief.clone(),
                json!({ "applicationDeadline": at(Duration::days(7)) }),
            ),
        ),
        (
            "E",
            json!({ "budget": vnd("25000000"), "applicationDeadline": at(Duration::hours(73)) }),
        ),
    ] {
        open_unfunded_brief(&app, &brand, with(brief_input(title), patch)).await;
    }
    let query = "query($order: BriefOrder, $after: String) { briefs(orderBy: $order, first: 2, after: $after) { \
        totalCount nodes { title } pageInfo { hasNextPage endCursor } } }";
    let walk = |order: Option<&'static str>| {
        let app = &app;
        let token = creator.token();
        async move {
            let mut titles = Vec::new();
            let mut after = Value::Null;
            loop {
                let vars = match order {
                    Some(o) => json!({ "order": o, "after": after }),
                    None => json!({ "after": after }),
                };
                let page = app.ok(query, vars, token).await["briefs"].clone();
                assert_eq!(page["totalCount"], 5);
                titles.extend(
                    page["nodes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n["title"].as_str().unwrap().to_owned()),
                );
                if page["pageInfo"]["hasNextPage"] != true {
                    return titles;
                }
                after = page["pageInfo"]["endCursor"].clone();
            }
        }
    };
    assert_eq!(walk(None).await, ["E", "D", "C", "B", "A"]);
    assert_eq!(walk(Some("NEWEST")).await, ["E", "D", "C", "B", "A"]);
    assert_eq!(walk(Some("DEADLINE_SOON")).await, ["B", "E", "D", "A", "C"]);
    assert_eq!(walk(Some("BUDGET_DESC")).await, ["B", "E", "C", "A", "D"]);
    // A cursor of one order is no cursor of another.
    let first = app
        .ok(query, json!({ "order": "NEWEST" }), creator.token())
        .await;
    let cursor = first["briefs"]["pageInfo"]["endCursor"].clone();
    let error = app
        .error(
            query,
            json!({ "order": "BUDGET_DESC", "after": cursor }),
            creator.token(),
        )
        .await;
    common::assert_error(
        &error,
        "BAD_USER_INPUT",
        Some("after"),
        "cursor of another order",
    );
}

#[tokio::test]
async fn a_persisted_query_runs_by_hash_once_sent_with_it() {
    use sha2::{Digest, Sha256};
    let app = TestApp::new().await;
    let query = "{ __typename }";
    let hash = format!("{:x}", Sha256::digest(query.as_bytes()));
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let app = &app;
    let send = |body: Value| async move {
        let (status, _, bytes) = app.send(post(&body.to_string(), &[])).await;
        (status, serde_json::from_slice::<Value>(&bytes).unwrap())
    };
    // The hash alone, before the query was sent: the code Apollo's clients look for.
    let (status, answer) = send(json!({ "extensions": ext })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert_eq!(answer["errors"][0]["message"], "PersistedQueryNotFound");
    // Sent once with the query, then by hash alone, over POST and over GET.
    let (_, answer) = send(json!({ "query": query, "extensions": ext })).await;
    assert_eq!(answer["data"]["__typename"], "Query");
    let (_, answer) = send(json!({ "extensions": ext })).await;
    assert_eq!(answer["data"]["__typename"], "Query", "{answer}");
    let get = Request::get(format!(
        "/graphql?extensions={}",
        urlencode(&ext.to_string())
    ))
    .body(Body::empty())
    .unwrap();
    let (status, _, bytes) = app.send(get).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["data"]["__typename"], "Query");
    // A query that is not the hash's is refused, and stored under no hash.
    let (status, answer) = send(json!({ "query": "{ me { id } }", "extensions": ext })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // A mutation kept by hash still cannot run over GET.
    let mutation = "mutation { logOut(refreshToken: \"x\") }";
    let m_hash = format!("{:x}", Sha256::digest(mutation.as_bytes()));
    let m_ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": m_hash } });
    send(json!({ "query": mutation, "extensions": m_ext })).await;
    let get = Request::get(format!(
        "/graphql?extensions={}",
        urlencode(&m_ext.to_string())
    ))
    .body(Body::empty())
    .unwrap();
    let (status, _, _) = app.send(get).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_field_error_nulls_the_nearest_nullable_parent() {
    use common::{
        fixtures::Opening,
        market::{apply, id},
    };
    let app = TestApp::new().await;
    let opening = Opening::new(&app, "nulls", "Chiến dịch null").await;
    let proposal = id(&apply(&app, &opening.creator, &opening.brief, None).await);
    let creator = opening.creator.token();
    let paths = |body: &Value| -> Vec<Value> {
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].clone())
            .collect()
    };

    // A nullable field that fails is null, its key kept, its siblings answered.
    let body = app
        .gql(
            "query($id: ID!) { brief(id: $id) { title performance { clicks } } }",
            json!({ "id": opening.brief }),
            creator,
        )
        .await;
    assert_eq!(body["data"]["brief"]["title"], "Chiến dịch null", "{body}");
    assert!(body["data"]["brief"]["performance"].is_null(), "{body}");
    assert!(
        body["data"]["brief"]
            .as_object()
            .unwrap()
            .contains_key("performance"),
        "{body}"
    );
    assert_eq!(paths(&body), [json!(["brief", "performance"])]);
    assert_eq!(common::code(&body["errors"][0]), "FORBIDDEN");

    // One level down: `messages` is non-null, so the proposal holding it becomes null, while
    // the other root field answers.
    let body = app
        .gql(
            "query($id: ID!) { me { email } proposal(id: $id) { id messages(first: 1000) { totalCount } } }",
            json!({ "id": proposal }),
            creator,
        )
        .await;
    assert_eq!(body["data"]["me"]["email"], "nulls@creator.vn", "{body}");
    assert!(body["data"]["proposal"].is_null(), "{body}");
    assert!(
        body["data"].as_object().unwrap().contains_key("proposal"),
        "{body}"
    );
    assert_eq!(paths(&body), [json!(["proposal", "messages"])]);
    assert_eq!(common::code(&body["errors"][0]), "BAD_USER_INPUT");

    // Three levels down, through a non-null list of non-null proposals in a non-null
    // connection at the root: nothing nullable on the way, so `data` itself is null.
    let body = app
        .gql(
            "{ myProposals { nodes { id messages(first: 1000) { totalCount } } } }",
            json!({}),
            creator,
        )
        .await;
    assert!(body["data"].is_null(), "{body}");
    assert_eq!(
        paths(&body),
        [json!(["myProposals", "nodes", 0, "messages"])]
    );

    // One response key selected twice is resolved twice: the copy whose child failed nulls the
    // key, in either order.
    let good = "p: proposal(id: $id) { id }";
    let bad = "p: proposal(id: $id) { messages(first: 1000) { totalCount } }";
    for selection in [format!("{good} {bad}"), format!("{bad} {good}")] {
        let body = app
            .gql(
                &format!("query($id: ID!) {{ {selection} }}"),
                json!({ "id": proposal }),
                creator,
            )
            .await;
        assert!(body["data"]["p"].is_null(), "{selection}: {body}");
        assert_eq!(paths(&body), [json!(["p", "messages"])], "{selection}");
    }
}

#[tokio::test]
async fn a_failed_mutation_field_stops_the_ones_after_it() {
    use common::fixtures::Opening;
    let app = TestApp::new().await;
    let opening = Opening::new(&app, "serial", "Chiến dịch tuần tự").await;
    let brand = opening.brand.token();
    let update = |alias: &str, id: &str, title: &str| {
        format!(r#"{alias}: updateBrief(id: "{id}", input: {{ title: "{title}" }}) {{ title }}"#)
    };
    // The first runs, the second fails (another kind's ID; non-null, so `data` is null), the
    // third is never run.
    let body = app
        .gql(
            &format!(
                "mutation {{ {} {} {} }}",
                update("first", &opening.brief, "Một"),
                update("second", &opening.brand.id, "Hai"),
                update("third", &opening.brief, "Ba"),
            ),
            json!({}),
            brand,
        )
        .await;
    assert!(body["data"].is_null(), "{body}");
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["path"], json!(["second"]), "{body}");
    assert_eq!(common::code(&errors[0]), "NOT_FOUND", "{body}");
    let data = app
        .ok(
            "query($id: ID!) { brief(id: $id) { title } }",
            json!({ "id": opening.brief }),
            brand,
        )
        .await;
    assert_eq!(data["brief"]["title"], "Một", "{data}");
}

#[tokio::test]
async fn every_time_is_written_in_utc_with_milliseconds() {
    use common::{
        fixtures::Opening,
        market::{apply, id},
    };
    let app = TestApp::new().await;
    let opening = Opening::new(&app, "times", "Chiến dịch giờ").await;
    let proposal = id(&apply(&app, &opening.creator, &opening.brief, None).await);
    // The one shape: what parses as RFC 3339 and prints back unchanged in UTC with milliseconds.
    let shape = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text).is_ok_and(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                == text
        })
    };
    // Given with an offset and micro-seconds, read back in UTC with milliseconds.
    let data = app
        .ok(
            "mutation($id: ID!, $input: UpdateBriefInput!) { updateBrief(id: $id, input: $input) { \
             createdAt publishedAt applicationDeadline contentDueAt } }",
            json!({ "id": opening.brief, "input": {
                "applicationDeadline": "2027-01-15T09:30:00.123456+07:00",
                "contentDueAt": "2027-02-01T00:00:00Z" } }),
            opening.brand.token(),
        )
        .await;
    let brief = &data["updateBrief"];
    assert_eq!(brief["applicationDeadline"], "2027-01-15T02:30:00.123Z");
    assert_eq!(brief["contentDueAt"], "2027-02-01T00:00:00.000Z");
    for field in ["createdAt", "publishedAt"] {
        assert!(shape(brief[field].as_str().unwrap()), "{field}: {brief}");
    }
    let data = app
        .ok(
            "query($id: ID!) { proposal(id: $id) { createdAt updatedAt } me { createdAt } }",
            json!({ "id": proposal }),
            opening.creator.token(),
        )
        .await;
    for time in [
        &data["proposal"]["createdAt"],
        &data["proposal"]["updatedAt"],
        &data["me"]["createdAt"],
    ] {
        assert!(shape(time.as_str().unwrap()), "{data}");
    }
    // Anything but RFC 3339 with an offset is refused, inline or as a variable.
    for bad in [
        "2027-01-15T09:30:00",
        "2027-01-15",
        "15/01/2027 09:30",
        "2027-01-15T09:30:00+0700",
        "1736908200",
        "2027-01-15 09:30:00Z",
        "2027-01-15T09:30:00\u{2212}07:00",
        "2027-06-30T23:59:60Z",
    ] {
        let error = app
            .error(
                "mutation($id: ID!, $input: UpdateBriefInput!) { updateBrief(id: $id, input: $input) { id } }",
                json!({ "id": opening.brief, "input": { "applicationDeadline": bad } }),
                opening.brand.token(),
            )
            .await;
        assert_eq!(common::code(&error), "BAD_USER_INPUT", "{bad}: {error}");
    }
}

#[tokio::test]
async fn graphiql_comes_whole_from_the_server() {
    let app = TestApp::new().await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let (status, headers, body) = app.send(get("/")).await;
    assert_eq!(status, StatusCode::OK);
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let page = String::from_utf8(body.to_vec()).unwrap();
    // Every script and style sheet is the server's own, under the release's versioned path.
    let sources: Vec<&str> = page
        .split(['"'])
        .filter(|s| s.ends_with(".js") || s.ends_with(".css"))
        .collect();
    assert_eq!(sources.len(), 5, "{page}");
    let prefix = format!("/assets/graphiql-{}/", marketplace::graphiql::VERSION);
    for source in sources {
        assert!(source.starts_with(&prefix), "{source}");
        let (status, headers, body) = app.send(get(source)).await;
        assert_eq!(status, StatusCode::OK, "{source}");
        let kind = if source.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(
            headers["content-type"].to_str().unwrap().starts_with(kind),
            "{source}"
        );
        assert!(
            headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(body.len() > 100, "{source}");
    }
    assert_eq!(
        app.send(get(&format!("{prefix}unknown.js"))).await.0,
        StatusCode::NOT_FOUND
    );
}
