//! Requests a hostile client would send: each is refused with a coded error before anything runs,
//! leaves nothing behind, and none stops the server. The first test runs the real binary, since a
//! stack overflow would abort the process rather than fail a request.

mod common;

use std::{
    net::TcpListener as StdListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use common::{briefs::CREATE_BRIEF, documents::nested, market::*, *};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// The `field` and code of a request refused before execution.
fn refusal(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    assert!(
        body.get("data").is_none(),
        "refused before execution: {body}"
    );
    (
        code(error),
        error["extensions"]["field"].as_str().unwrap_or(""),
    )
}

// --- the real binary -------------------------------------------------------------------------

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn start(app: &TestApp) -> Server {
    let port = StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run marketplace serve");
    let mut server = Server { child, port };
    for _ in 0..200 {
        if server.healthy().await {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

impl Server {
    /// One HTTP/1.1 request on its own connection; the status and the body.
    async fn request(&self, head: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))
            .await
            .expect("connect");
        let request = format!(
            "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("read");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> (u16, Value) {
        let auth = token
            .map(|t| format!("\r\nAuthorization: Bearer {t}"))
            .unwrap_or_default();
        let head = format!(
            "POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json{auth}"
        );
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, text) = self.request(&head, &body).await;
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{status}, not JSON: {text:.300}"));
        (status, value)
    }

    async fn healthy(&mut self) -> bool {
        if self.child.try_wait().expect("wait").is_some() {
            panic!("the server process has exited");
        }
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)).await else {
            return false;
        };
        let sent = stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await;
        let mut answer = Vec::new();
        sent.is_ok()
            && stream.read_to_end(&mut answer).await.is_ok()
            && answer.starts_with(b"HTTP/1.1 200")
    }
}

#[tokio::test]
async fn the_real_binary_survives_what_used_to_abort_it() {
    let app = TestApp::new().await;
    let mut server = start(&app).await;

    // Values nested 2,000 levels deep, as a literal, an object, a variable's default; POST and GET.
    let deep = [
        format!("{{ __typename(x: {}) }}", nested("[", "1", "]", 2_000)),
        format!("{{ __typename(x: {}) }}", nested("{a:", "1", "}", 2_000)),
        format!(
            "query($x: [Int] = {}) {{ __typename }}",
            nested("[", "1", "]", 2_000)
        ),
    ];
    for query in &deep {
        let (status, body) = server.graphql(query, json!({}), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
        assert!(body.to_string().contains("32 levels"), "{body}");
        assert!(server.healthy().await);
    }
    // A chain of fragments has no brackets to count, but would overflow the stack all the same.
    let (status, body) = server
        .graphql(&fragment_chain(20_000), json!({}), None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
    assert!(server.healthy().await);

    let get = format!(
        "GET /graphql?query={} HTTP/1.1\r\nAccept: application/json",
        url_escape(&deep[0])
    );
    let (status, body) = server.request(&get, "").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("BAD_USER_INPUT"), "{body}");
    assert!(server.healthy().await);

    // Long filter lists and texts, as a signed-in creator and brand.
    let creator = signed_up(&server, "CREATOR", "c@hostile.vn").await;
    let brand = signed_up(&server, "BRAND", "b@hostile.vn").await;
    let cases = [
        (
            "query($v: [Niche!]) { briefs(filter: { niches: $v }) { totalCount } }",
            json!(vec!["BEAUTY"; 20_000]),
            "filter.niches",
        ),
        (
            "query($v: [CreatorKind!]) { briefs(filter: { creatorKinds: $v }) { totalCount } }",
            json!(vec!["KOC"; 25_000]),
            "filter.creatorKinds",
        ),
        (
            "query($v: [CreatorTier!]) { creators(filter: { tiers: $v }) { totalCount } }",
            json!(vec!["NANO"; 20_000]),
            "filter.tiers",
        ),
        (
            "mutation($v: [ID!]) { markNotificationsRead(ids: $v) }",
            json!(vec!["Tm90aWZpY2F0aW9uOjEyMzQ1Njc4OTA"; 30_000]),
            "ids",
        ),
        (
            "query($v: String) { creators(filter: { search: $v }) { totalCount } }",
            json!("review ".repeat(7_200)),
            "filter.search",
        ),
    ];
    for (query, value, field) in cases {
        let (status, body) = server
            .graphql(query, json!({ "v": value }), Some(&creator))
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(refusal(&body), ("BAD_USER_INPUT", field), "{body}");
        assert!(server.healthy().await);
    }

    // A huge amount in a two-decimal currency used to panic into a bare 500.
    let input = with(
        brief_input("Quá lớn"),
        json!({ "budget": { "amount": "1e28", "currency": "USD" },
                "compensation": { "model": "FIXED_FEE",
                    "feeMin": { "amount": "1", "currency": "USD" }, "feeMax": { "amount": "2", "currency": "USD" } } }),
    );
    let (status, body) = server
        .graphql(CREATE_BRIEF, json!({ "input": input }), Some(&brand))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "input.budget.amount"
    );
    assert!(server.healthy().await);
}

/// `{ ...f0 }` where each fragment spreads the next, `links` long.
fn fragment_chain(links: usize) -> String {
    let mut query = String::from("query { ...f0 }\n");
    for i in 0..links {
        query.push_str(&format!("fragment f{i} on Query {{ ...f{} }}\n", i + 1));
    }
    query.push_str(&format!("fragment f{links} on Query {{ __typename }}\n"));
    query
}

async fn signed_up(server: &Server, role: &str, email: &str) -> String {
    let (_, body) = server
        .graphql(
            SIGN_UP,
            json!({ "input": { "email": email, "password": PASSWORD, "role": role, "name": "Hostile" } }),
            None,
        )
        .await;
    body["data"]["signUp"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("sign-up failed: {body}"))
        .to_owned()
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// --- through the router ----------------------------------------------------------------------

const CREATORS_MIN_FOLLOWERS: &str =
    "query($f: CreatorFilter) { creators(filter: $f) { totalCount } }";

#[tokio::test]
async fn malformed_scalars_are_bad_input_naming_the_path_in_literals_and_variables() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "brand@scalars.vn").await;
    let token = brand.token();

    // Decimal, deep inside an input object, as a variable.
    let bad_decimals = [
        json!("abc"),
        json!("NaN"),
        json!("1e400"),
        json!(""),
        json!("0x10"),
        json!(true),
        json!([1]),
        json!("1.2.3"),
        json!("--1"),
    ];
    for amount in bad_decimals {
        let input = with(
            brief_input("Sai số"),
            json!({ "budget": { "amount": amount, "currency": "VND" } }),
        );
        let body = app
            .gql(CREATE_BRIEF, json!({ "input": input }), token)
            .await;
        assert_eq!(
            refusal(&body),
            ("BAD_USER_INPUT", "input.budget.amount"),
            "{amount}: {body}"
        );
    }
    // The same as a literal, deeper: a fee inside the compensation.
    let body = app
        .gql(
            r#"mutation { createBrief(input: { title: "t", description: "d", objective: SALES,
                deliverables: [{ type: SHORT_VIDEO, platform: TIKTOK }],
                compensation: { model: FIXED_FEE, feeMin: { amount: "NaN", currency: VND } },
                budget: { amount: "1", currency: VND }, slots: 1 }) { id } }"#,
            json!({}),
            token,
        )
        .await;
    assert_eq!(
        refusal(&body),
        ("BAD_USER_INPUT", "input.compensation.feeMin.amount"),
        "{body}"
    );

    // DateTime: no offset, a date alone, garbage, an impossible offset, a number.
    for when in [
        json!("garbage"),
        json!("2030-01-01"),
        json!("2030-01-01T10:00:00"),
        json!("2030-01-01T10:00:00+25:00"),
        json!("2030-02-30T10:00:00Z"),
        json!("0000-01-01T00:00:00+23:59"),
        json!(1_900_000_000),
    ] {
        let input = with(
            brief_input("Sai giờ"),
            json!({ "applicationDeadline": when }),
        );
        let body = app
            .gql(CREATE_BRIEF, json!({ "input": input }), token)
            .await;
        assert_eq!(
            refusal(&body),
            ("BAD_USER_INPUT", "input.applicationDeadline"),
            "{when}: {body}"
        );
    }

    // An Int past 2^31 inside an input object, as a literal and as a variable.
    let body = app
        .gql(
            "{ creators(filter: { minFollowers: 2147483648 }) { totalCount } }",
            json!({}),
            token,
        )
        .await;
    assert_eq!(
        refusal(&body),
        ("BAD_USER_INPUT", "filter.minFollowers"),
        "{body}"
    );
    let body = app
        .gql(
            CREATORS_MIN_FOLLOWERS,
            json!({ "f": { "maxFollowers": -2147483649i64 } }),
            token,
        )
        .await;
    assert_eq!(
        refusal(&body),
        ("BAD_USER_INPUT", "filter.maxFollowers"),
        "{body}"
    );
    // Within range still works.
    app.ok(
        CREATORS_MIN_FOLLOWERS,
        json!({ "f": { "minFollowers": 2147483647 } }),
        token,
    )
    .await;

    // Nothing was made by any of these.
    assert_eq!(app.rows("briefs").await, 0);
}

#[tokio::test]
async fn amounts_too_large_for_the_currency_are_refused_everywhere() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "brand@amounts.vn").await;
    let creator = creator_party(&app, "creator@amounts.vn").await;

    for amount in ["1e28", "79228162514264337593543950335", "10000000000.01"] {
        let input = with(
            brief_input("Lớn quá"),
            json!({ "budget": usd(amount),
                    "compensation": { "model": "FIXED_FEE", "feeMin": usd("1"), "feeMax": usd(amount) } }),
        );
        let body = app
            .gql(CREATE_BRIEF, json!({ "input": input }), brand.token())
            .await;
        let error = &body["errors"][0];
        assert_eq!(code(error), "BAD_USER_INPUT", "{amount}: {body}");
        assert!(
            error["message"].as_str().unwrap().contains("too large"),
            "{body}"
        );

        let body = app
            .gql(
                "mutation($items: [RateCardItemInput!]!) { setRateCard(items: $items) { id } }",
                json!({ "items": [{ "deliverableType": "SHORT_VIDEO", "platform": "TIKTOK", "price": usd(amount) }] }),
                creator.token(),
            )
            .await;
        let error = &body["errors"][0];
        assert_eq!(code(error), "BAD_USER_INPUT", "{amount}: {body}");
        assert_eq!(
            error["extensions"]["field"], "items.0.price.amount",
            "{body}"
        );
    }

    // A fee of an enormous amount in an offer, and a conversion on a real collaboration.
    let brief = open_brief(&app, &brand, brief_input("Đơn hàng")).await;
    let proposal = apply(&app, &creator, &brief, Some(fee_terms("2000000", 1))).await;
    let body = app
        .gql(
            MAKE_OFFER,
            json!({ "input": { "proposalId": id(&proposal), "terms": fee_terms("1e28", 1) } }),
            brand.token(),
        )
        .await;
    let error = &body["errors"][0];
    assert_eq!(code(error), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        error["extensions"]["field"], "input.terms.fee.amount",
        "{body}"
    );
    assert!(
        error["message"].as_str().unwrap().contains("too large"),
        "{body}"
    );
    let collaboration = accept(&app, &brand, &id(&proposal["currentOffer"])).await;
    let code_ = collaboration["trackingCode"].as_str().unwrap();
    let body = app
        .gql(
            "mutation($input: RecordConversionInput!) { recordConversion(input: $input) { id } }",
            json!({ "input": { "trackingCode": code_, "orderRef": "A-1", "amount": vnd("1e28") } }),
            brand.token(),
        )
        .await;
    let error = &body["errors"][0];
    assert_eq!(code(error), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        error["extensions"]["field"], "input.amount.amount",
        "{body}"
    );

    assert_eq!(app.rows("briefs").await, 1, "only the real brief");
    assert_eq!(app.rows("rate_card_items").await, 0);
    assert_eq!(app.rows("conversions").await, 0);
}

#[tokio::test]
async fn lists_texts_and_ids_are_bounded_before_anything_runs() {
    let app = TestApp::new().await;
    let creator = app.creator("creator@lists.vn").await;
    let token = creator.token();

    let cases = [
        (
            "query($v: [Niche!]) { briefs(filter: { niches: $v }) { totalCount } }",
            json!(vec!["BEAUTY"; 101]),
            "filter.niches",
        ),
        (
            "mutation($v: [ID!]) { markNotificationsRead(ids: $v) }",
            json!(vec!["x"; 101]),
            "ids",
        ),
        (
            "query($v: String) { creators(filter: { search: $v }) { totalCount } }",
            json!("a".repeat(10_001)),
            "filter.search",
        ),
        (
            "query($v: ID!) { node(id: $v) { id } }",
            json!("x".repeat(129)),
            "id",
        ),
        (
            "query($v: String) { creators(filter: { country: $v }) { totalCount } }",
            json!("V\u{0}N"),
            "filter.country",
        ),
    ];
    for (query, value, field) in cases {
        let body = app.gql(query, json!({ "v": value }), token).await;
        assert_eq!(refusal(&body), ("BAD_USER_INPUT", field), "{field}: {body}");
    }

    // DEL and C1 controls are control characters too.
    for name in ["A\u{7F}B", "A\u{85}B"] {
        let error = app
            .error(
                "mutation($v: String) { updateCreatorProfile(input: { displayName: $v }) { id } }",
                json!({ "v": name }),
                token,
            )
            .await;
        assert_eq!(code(&error), "BAD_USER_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], "input.displayName");
    }

    // A search has its own, tighter bound, checked by discovery.
    let error = app
        .error(
            "query($v: String) { briefs(filter: { search: $v }) { totalCount } }",
            json!({ "v": "a".repeat(201) }),
            token,
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "filter.search");
    assert!(
        error["message"].as_str().unwrap().contains("200"),
        "{error}"
    );

    // Repeats of enum values are folded: 100 copies of one niche filter like one.
    let body = app
        .ok(
            "query($v: [Niche!]) { briefs(filter: { niches: $v }) { totalCount } }",
            json!({ "v": vec!["BEAUTY"; 100] }),
            token,
        )
        .await;
    assert_eq!(body["briefs"]["totalCount"], 0);
    let body = app
        .ok(
            "query($v: [CreatorKind!]) { briefs(filter: { creatorKinds: $v }) { totalCount } }",
            json!({ "v": vec!["KOC"; 100] }),
            token,
        )
        .await;
    assert_eq!(body["briefs"]["totalCount"], 0);
}

/// GraphiQL's introspection query, as its "Docs" pane sends it.
const INTROSPECTION: &str = r#"query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType {
    kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}"#;

#[tokio::test]
async fn introspection_counts_against_a_bound_and_passwords_against_a_budget() {
    let app = TestApp::new().await;

    // GraphiQL's own query still works, without a token.
    let data = app.ok(INTROSPECTION, json!({}), None).await;
    assert!(data["__schema"]["types"].as_array().unwrap().len() > 50);

    // 999 aliases of a small introspection are refused before anything runs.
    let aliases: String = (0..999)
        .map(|i| format!("a{i}: __schema {{ types {{ fields {{ args {{ name }} }} }} }} "))
        .collect();
    let body = app.gql(&format!("{{ {aliases} }}"), json!({}), None).await;
    let (code_, _) = refusal(&body);
    assert_eq!(code_, "BAD_USER_INPUT", "{body}");
    assert!(body.to_string().contains("__schema"), "{body}");
    // So are many aliases of `__type` on the widest type; a few are fine.
    let types: String = (0..1_250)
        .map(|i| format!("t{i}: __type(name: \"Mutation\") {{ fields {{ name description }} }} "))
        .collect();
    let body = app.gql(&format!("{{ {types} }}"), json!({}), None).await;
    assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
    app.ok(
        r#"{ a: __type(name: "Mutation") { name } b: __type(name: "Query") { name } }"#,
        json!({}),
        None,
    )
    .await;
    // One full introspection per HTTP request: a batch's second is refused.
    let (status, body) = app
        .post_json(
            json!([{ "query": "{ __schema { types { name } } }" }, { "query": "{ __schema { types { name } } }" }]),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body[0]["data"]["__schema"]["types"].is_array(), "{body}");
    assert_eq!(code(&body[1]["errors"][0]), "BAD_USER_INPUT", "{body}");

    // Fragments that spread each other hundreds deep are refused before they are walked.
    let body = app.gql(&fragment_chain(200), json!({}), None).await;
    assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
    assert!(body.to_string().contains("64 levels"), "{body}");
    app.ok(&fragment_chain(20), json!({}), None).await;

    // Twenty aliases of logIn with unknown emails: refused whole, no password checked.
    let logins: String = (0..20)
        .map(|i| format!("l{i}: logIn(email: \"nobody{i}@x.vn\", password: \"wrong-password\") {{ accessToken }} "))
        .collect();
    let body = app
        .gql(&format!("mutation {{ {logins} }}"), json!({}), None)
        .await;
    assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
    // Only the selected operation counts: a GraphiQL tab with both sign-up and log-in is fine.
    let body = app
        .post_json(
            json!({
                "query": "mutation SignUp { signUp(input: { email: \"tab@x.vn\", password: \"long enough pw\", role: CREATOR, name: \"Tab\" }) { accessToken } }\n\
                          mutation LogIn { logIn(email: \"nobody@tab.vn\", password: \"wrong-password\") { accessToken } }",
                "operationName": "LogIn",
            }),
            None,
        )
        .await
        .1;
    assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED", "{body}");
    // A batch shares one budget: the second logIn is refused, the first runs.
    let (status, body) = app
        .post_json(
            json!([
                { "query": "mutation { logIn(email: \"nobody@x.vn\", password: \"wrong-password\") { accessToken } }" },
                { "query": "mutation { logIn(email: \"nobody2@x.vn\", password: \"wrong-password\") { accessToken } }" },
            ]),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(code(&body[0]["errors"][0]), "UNAUTHENTICATED", "{body}");
    assert_eq!(code(&body[1]["errors"][0]), "BAD_USER_INPUT", "{body}");
    assert!(body[1].get("data").is_none(), "{body}");

    assert_eq!(
        app.rows("login_failures").await,
        2,
        "only the logIns that ran were recorded"
    );
}

/// The classes of `.ci/fuzz/FOUND.md`, each once more as the fuzzer sent it: coded, never internal.
#[tokio::test]
async fn the_fuzzers_findings_stay_fixed() {
    let app = TestApp::new().await;
    let brand = app.brand("brand@fuzz.vn").await;
    let creator = app.creator("creator@fuzz.vn").await;
    const BRIEF_LITERAL: &str = r#"title: "t", description: "d", objective: SALES, deliverables: [{type: POST, platform: TIKTOK}], compensation: {model: GIFTING}, slots: 1"#;

    // Before execution, so the same for anyone, signed in or not.
    let mut before: Vec<(String, Value, &str)> = Vec::new();
    for rate in [
        json!("abc"),
        json!("NaN"),
        json!("1e400"),
        json!(""),
        json!("0x10"),
        json!(true),
        json!([1]),
    ] {
        before.push((
            "query($f: CreatorFilter) { creators(filter: $f) { totalCount } }".into(),
            json!({ "f": { "minEngagementRate": rate } }),
            "filter.minEngagementRate",
        ));
    }
    for when in [
        "garbage",
        "2030-01-01",
        "2030-01-01T00:00:00",
        "2030-01-01T00:00:00+25:00",
        "+275760-09-13T00:00:00Z",
        "2030-01-01T00:00:00+05:60",
    ] {
        before.push((
            format!(r#"mutation($d: DateTime) {{ createBrief(input: {{ {BRIEF_LITERAL}, budget: {{ amount: "100", currency: USD }}, applicationDeadline: $d }}) {{ id }} }}"#),
            json!({ "d": when }),
            "input.applicationDeadline",
        ));
    }
    before.push((
        format!(r#"mutation {{ createBrief(input: {{ {BRIEF_LITERAL}, budget: {{ amount: "100", currency: USD }}, applicationDeadline: false }}) {{ id }} }}"#),
        json!({}),
        "input.applicationDeadline",
    ));
    before.push((
        "query($f: CreatorFilter) { creators(filter: $f) { totalCount } }".into(),
        json!({ "f": { "minFollowers": 2147483648i64 } }),
        "filter.minFollowers",
    ));
    for (list, value) in [
        ("kinds", "KOC"),
        ("niches", "BEAUTY"),
        ("tiers", "NANO"),
        ("platforms", "TIKTOK"),
    ] {
        before.push((
            format!(
                "query($v: [String!]) {{ creators(filter: {{ {list}: $v }}) {{ totalCount }} }}"
            )
            .replace(
                "[String!]",
                match list {
                    "kinds" => "[CreatorKind!]",
                    "niches" => "[Niche!]",
                    "tiers" => "[CreatorTier!]",
                    _ => "[Platform!]",
                },
            ),
            json!({ "v": vec![value; 1_100] }),
            list,
        ));
    }
    for token in [None, brand.token(), creator.token()] {
        for (query, variables, field) in &before {
            let body = app.gql(query, variables.clone(), token).await;
            let (code_, got) = refusal(&body);
            assert_eq!(code_, "BAD_USER_INPUT", "{query} {variables}: {body}");
            assert!(got.ends_with(field), "{field} in {got}: {body}");
        }
    }

    // Well-formed but huge amounts: refused by the rules, as the client's fault.
    let huge = [
        (format!(r#"mutation {{ createBrief(input: {{ {BRIEF_LITERAL}, budget: {{ amount: "1e28", currency: USD }} }}) {{ id }} }}"#), brand.token()),
        (format!(r#"mutation {{ createBrief(input: {{ {BRIEF_LITERAL}, budget: {{ amount: "79228162514264337593543950335", currency: EUR }} }}) {{ id }} }}"#), brand.token()),
        (r#"mutation { setRateCard(items: [{ deliverableType: POST, platform: TIKTOK, price: { amount: "1e28", currency: USD } }]) { id } }"#.into(), creator.token()),
        (r#"mutation { recordConversion(input: { trackingCode: "x", orderRef: "o", amount: { amount: "1e28", currency: USD } }) { id } }"#.into(), brand.token()),
        (r#"mutation { inviteCreator(input: { briefId: "x", creatorId: "y", terms: { compensationModel: GIFTING, deliverables: [{type: POST, platform: TIKTOK}], fee: { amount: "1e28", currency: USD }, dueAt: "2031-01-01T00:00:00Z" } }) { id } }"#.into(), brand.token()),
    ];
    for (query, token) in huge {
        let (status, body) = app.post_json(json!({ "query": query }), token).await;
        assert_eq!(status, 200, "{query}: {body}");
        let code_ = code(&body["errors"][0]);
        assert!(
            matches!(code_, "BAD_USER_INPUT" | "NOT_FOUND"),
            "{query}: {body}"
        );
    }
    assert_eq!(app.rows("briefs").await, 0);
    assert_eq!(app.rows("rate_card_items").await, 0);
}

/// Documents whose validation would answer one error per repeat, and batches whose operations are
/// each within the complexity bound but not together.
#[tokio::test]
async fn repeats_are_refused_and_answers_stay_small() {
    let app = TestApp::new().await;
    let creator = app.creator("creator@repeats.vn").await;

    let variables: String = (0..101).map(|i| format!("$v{i}: Int, ")).collect();
    let arguments: String = (0..51).map(|i| format!("first: {i}, ")).collect();
    let operations: String = (0..51)
        .map(|i| format!("query q{i} {{ __typename }} "))
        .collect();
    let fragments: String = (0..501)
        .map(|i| format!("fragment f{i} on Query {{ __typename }} "))
        .collect();
    for (query, limit) in [
        (
            format!("query({variables}) {{ __typename }}"),
            "100 variables",
        ),
        (
            format!("{{ creators({arguments}) {{ totalCount }} }}"),
            "50 arguments",
        ),
        (operations, "50 operations"),
        (format!("{{ __typename }} {fragments}"), "500 fragments"),
    ] {
        let body = app.gql(&query, json!({}), creator.token()).await;
        assert_eq!(refusal(&body).0, "BAD_USER_INPUT", "{body}");
        assert!(body.to_string().contains(limit), "{limit}: {body}");
    }

    // A document with many mistakes gets its first 50, not one per mistake.
    let unknown: String = (0..200).map(|i| format!("unknown{i} ")).collect();
    let body = app.gql(&format!("{{ {unknown} }}"), json!({}), None).await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 50, "{body}");

    // Large texts weigh more: two pages of 100 briefs with their descriptions fit one operation,
    // and one HTTP request holds two such operations, not three.
    let heavy = "{ a: briefs(first: 100) { nodes { description } } b: briefs(first: 100) { nodes { description } } }";
    let (status, body) = app
        .post_json(
            json!([{ "query": heavy }, { "query": heavy }, { "query": heavy }]),
            creator.token(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(body[0]["data"]["a"]["nodes"].is_array(), "{body}");
    assert!(body[1]["data"]["b"]["nodes"].is_array(), "{body}");
    assert_eq!(code(&body[2]["errors"][0]), "BAD_USER_INPUT", "{body}");
    assert!(body[2].get("data").is_none(), "{body}");
}
