//! The HTTP surface and the shared limits: GraphQL over HTTP, body and batch limits, depth and
//! page size, health and readiness, opaque internal errors, and the exported schema.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{documents::deep_selection, *};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

fn post(body: impl Into<Body>, accept: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(accept) = accept {
        r = r.header(header::ACCEPT, accept);
    }
    r.body(body.into()).unwrap()
}

fn content_type(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap()
}

#[tokio::test]
async fn typename_answers_without_a_token_in_the_media_type_asked_for() {
    let app = TestApp::new().await;
    let query = json!({ "query": "{ __typename }" }).to_string();
    for (accept, want) in [
        (
            Some("application/graphql-response+json"),
            "application/graphql-response+json",
        ),
        (Some("application/json"), "application/json"),
        (Some("*/*"), "application/json"),
        (None, "application/json"),
        (
            Some("application/json;q=0.5, application/graphql-response+json"),
            "application/graphql-response+json",
        ),
    ] {
        let (status, headers, body) = app.send(post(query.clone(), accept)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type(&headers).starts_with(want), "{accept:?}");
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
    }
    let (status, _, _) = app.send(post(query, Some("text/html"))).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn requests_that_never_execute_are_400_without_data_under_graphql_response_json() {
    let app = TestApp::new().await;
    for query in [
        json!({ "query": "{" }),
        json!({ "query": "{ noSuchField }" }),
        json!({ "query": "query($id: ID!) { __typename }", "variables": { "id": null } }),
        // A required variable left out entirely: async-graphql alone would only fail the field
        // that reads it, during execution, without a code.
        json!({ "query": "query($id: ID!) { brief(id: $id) { id } }", "variables": {} }),
        json!({ "query": "query($id: ID!) { brief(id: $id) { id } }" }),
        json!({ "query": "query A { __typename } query B($id: ID!) { brief(id: $id) { id } }", "operationName": "B" }),
    ] {
        let (status, _, body) = app
            .send(post(
                query.to_string(),
                Some("application/graphql-response+json"),
            ))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert!(body.get("data").is_none(), "{body}");
        assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");

        // Legacy clients that accept only application/json get 200.
        let (status, _, _) = app
            .send(post(query.to_string(), Some("application/json")))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn malformed_http_requests_are_refused_before_graphql() {
    let app = TestApp::new().await;
    for body in [
        "{ \"not json",
        "{}",
        r#"{"query": 1}"#,
        r#"{"query": "{ __typename }", "variables": "x"}"#,
        r#"{"query": "{ __typename }", "extensions": []}"#,
        r#"{"query": "{ __typename }", "operationName": 3}"#,
        "[]",
        "",
    ] {
        let (status, _, _) = app.send(post(body, None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"query":"{ __typename }"}"#))
        .unwrap();
    assert_eq!(
        app.send(request).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}

#[tokio::test]
async fn get_runs_queries_but_not_mutations() {
    let app = TestApp::new().await;
    let request = Request::get("/graphql?query=%7B__typename%7D")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["data"]["__typename"],
        "Query"
    );

    let request = Request::get("/graphql?query=mutation%7B__typename%7D")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn batches_of_up_to_ten_run_and_eleven_are_refused() {
    let app = TestApp::new().await;
    let op = json!({ "query": "{ __typename }" });
    let ten = Value::Array(vec![op.clone(); 10]);
    let (status, _, body) = app.send(post(ten.to_string(), None)).await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body.as_array().unwrap().len(), 10);

    let eleven = Value::Array(vec![op; 11]);
    let (status, _, body) = app.send(post(eleven.to_string(), None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_body_over_one_mebibyte_gets_413() {
    let app = TestApp::new().await;
    let padding = " ".repeat(2 * 1024 * 1024);
    let body = format!(r#"{{"query": "{{ __typename }}"{padding}}}"#);
    let (status, _, _) = app.send(post(body, None)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // Also when the client does not announce the length (a streamed body).
    let stream =
        futures_util::stream::iter((0..3).map(|_| Ok::<_, std::io::Error>(vec![b' '; 512 * 1024])));
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stream))
        .unwrap();
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type(&headers), "application/json; charset=utf-8");
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1048576 bytes"),
        "{body}"
    );

    // A streamed body within the limit is read whole.
    let query = json!({ "query": "{ __typename }" })
        .to_string()
        .into_bytes();
    let chunks = query.chunks(4).map(|c| Ok::<_, std::io::Error>(c.to_vec()));
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::iter(
            chunks.collect::<Vec<_>>(),
        )))
        .unwrap();
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
}

/// Sends `head` and then all of `body` over a fresh TCP connection, as a client that does not
/// wait for an answer before sending the whole request, and reads the answer to its end.
async fn raw_exchange(
    address: std::net::SocketAddr,
    head: &str,
    body: &[u8],
) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A small send buffer, as over a real network: the body is still on its way when the server
    // has its answer ready (over loopback, the kernel would otherwise take it all at once).
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_send_buffer_size(16 * 1024)?;
    let mut stream = socket.connect(address).await?;
    stream.write_all(head.as_bytes()).await?;
    for piece in body.chunks(16 * 1024) {
        stream.write_all(piece).await?;
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

fn assert_413(answer: &str) {
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body = &answer[answer.find("\r\n\r\n").expect("a body") + 4..];
    let body: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{answer}"));
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_413_reaches_a_client_that_sends_the_whole_body_first() {
    let app = TestApp::new().await;
    let address = app.address().await;
    let padding = " ".repeat(2 * 1024 * 1024);
    let body = format!(r#"{{"query": "{{ __typename }}"{padding}}}"#);
    // With a Content-Length and no `Expect: 100-continue`, twenty times in a row.
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    for i in 0..20 {
        let answer = raw_exchange(address, &head, body.as_bytes())
            .await
            .unwrap_or_else(|e| panic!("attempt {i}: {e}"));
        assert_413(&answer);
    }
    // Chunked, without a Content-Length: 2 MiB in 64 KiB chunks.
    let chunk = vec![b' '; 64 * 1024];
    let mut chunked = Vec::new();
    for _ in 0..32 {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(&chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\n\r\n";
    for i in 0..5 {
        let answer = raw_exchange(address, head, &chunked)
            .await
            .unwrap_or_else(|e| panic!("chunked attempt {i}: {e}"));
        assert_413(&answer);
    }
}

#[tokio::test]
async fn depth_thirteen_is_refused_before_execution() {
    let app = TestApp::new().await;
    let error = app.error(&deep_selection(13), json!({}), None).await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert!(
        error["message"].as_str().unwrap().contains("13 levels"),
        "{error}"
    );
    // Twelve levels pass the depth check (and fail only because these fields do not exist).
    let error = app.error(&deep_selection(12), json!({}), None).await;
    assert!(
        !error["message"].as_str().unwrap().contains("levels"),
        "{error}"
    );

    // A fragment that nests deeper counts too.
    let query = format!("{{ ...F }} fragment F on Query {}", deep_selection(13));
    let error = app.error(&query, json!({}), None).await;
    assert!(
        error["message"].as_str().unwrap().contains("levels"),
        "{error}"
    );
}

#[tokio::test]
async fn graphiql_introspection_passes_the_limits() {
    let app = TestApp::new().await;
    let query = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
      types { ...FullType } directives { name description locations args { ...InputValue } } } }
      fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
        inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
      fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
      fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } } }"#;
    let data = app.ok(query, json!({}), None).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn introspection_cannot_multiply_its_answer() {
    let app = TestApp::new().await;
    // Each possibleTypes/interfaces level would multiply the answer by the implementations.
    let mut inner = String::from("name");
    for i in 0..6 {
        let field = if i % 2 == 0 {
            "possibleTypes"
        } else {
            "interfaces"
        };
        inner = format!("{field} {{ {inner} }}");
    }
    let query = format!("{{ __type(name: \"Node\") {{ {inner} }} }}");
    let error = app.error(&query, json!({}), None).await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("introspection lists"),
        "{error}"
    );
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_before_validation() {
    let app = TestApp::new().await;
    // F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^30 fields once expanded.
    let mut doc = String::from("{ ...F0 }");
    for i in 0..30 {
        doc.push_str(&format!(
            " fragment F{i} on Query {{ ...F{n} ...F{n} }}",
            n = i + 1
        ));
    }
    doc.push_str(" fragment F30 on Query { __typename }");
    let error = app.error(&doc, json!({}), None).await;
    assert_eq!(code(&error), "BAD_USER_INPUT");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("fragments are expanded"),
        "{error}"
    );

    // Fragments that spread each other in a cycle, twice each.
    let cycle = "{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }";
    let error = app.error(cycle, json!({}), None).await;
    assert!(
        error["message"].as_str().unwrap().contains("cycle"),
        "{error}"
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    assert_eq!(app.send(get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(app.send(get("/readyz")).await.0, StatusCode::OK);
    let (status, headers, body) = app.send(get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type(&headers).starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("graphiql"));

    // The database goes away: not ready, but still alive.
    app.db().clone().close().await.unwrap();
    assert_eq!(
        app.send(get("/readyz")).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.send(get("/healthz")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_database_fault_reaches_the_client_as_a_bare_internal_error() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.com").await;
    app.db()
        .execute_unprepared("DROP TABLE login_failures")
        .await
        .unwrap();
    let body = app
        .gql(
            LOG_IN,
            json!({ "email": admin.email, "password": PASSWORD }),
            None,
        )
        .await;
    let error = &body["errors"][0];
    assert_eq!(code(error), "INTERNAL_SERVER_ERROR");
    assert_eq!(error["message"], "internal server error");
    let text = body.to_string().to_lowercase();
    for leak in [
        "login_failures",
        "select",
        "table",
        "sqlite",
        "postgres",
        "relation",
    ] {
        assert!(!text.contains(leak), "leaked {leak:?}: {body}");
    }
}

#[tokio::test]
async fn schema_graphql_is_the_exported_schema() {
    let on_disk = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql at the repository root");
    assert!(
        on_disk == marketplace::graphql::sdl(),
        "schema.graphql is stale: run `cargo run -- export-schema > schema.graphql`"
    );
}
