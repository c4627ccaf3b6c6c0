//! API keys, idempotent requests and webhook receivers, as a shop's system uses them.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, Request, StatusCode, header},
    routing::post,
};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::{TestApp, market::Party};

pub const CREATE_KEY: &str = "mutation($name: String!, $scopes: [ApiScope!]!) { \
    createApiKey(name: $name, scopes: $scopes) { secret apiKey { id name prefix scopes createdAt lastUsedAt revokedAt } } }";
pub const REVOKE_KEY: &str = "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }";
pub const CREATE_ENDPOINT: &str = "mutation($url: String!, $events: [NotificationKind!]!) { \
    createWebhookEndpoint(url: $url, events: $events) { secret endpoint { id url events enabled } } }";
pub const ENDPOINTS: &str = "{ webhookEndpoints { id url enabled \
    deliveries(first: 100) { totalCount nodes { id event payload status attempts lastResponseStatus nextAttemptAt deliveredAt } } } }";
pub const RECORD_MANY: &str = "mutation($inputs: [RecordConversionInput!]!) { \
    recordConversions(inputs: $inputs) { id orderRef amount { amount currency } status } }";

/// The brand makes a key with `scopes`: its secret and its ID.
pub async fn api_key(app: &TestApp, brand: &Party, scopes: &[&str]) -> (String, String) {
    let data = app
        .ok(
            CREATE_KEY,
            json!({ "name": "Cửa hàng Shopee", "scopes": scopes }),
            brand.token(),
        )
        .await;
    let created = &data["createApiKey"];
    (
        created["secret"].as_str().unwrap().to_owned(),
        created["apiKey"]["id"].as_str().unwrap().to_owned(),
    )
}

/// A POST of `body` with an `Idempotency-Key` (when given): status, headers and the raw body.
pub async fn post_raw(
    app: &TestApp,
    body: &str,
    token: &str,
    idempotency_key: Option<&str>,
) -> (StatusCode, HeaderMap, Bytes) {
    let mut request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(key) = idempotency_key {
        request = request.header("idempotency-key", key);
    }
    app.send(request.body(Body::from(body.to_owned())).unwrap())
        .await
}

/// One request a receiver got.
#[derive(Clone, Debug)]
pub struct Hit {
    pub headers: HeaderMap,
    pub body: String,
}

/// A local HTTP server standing for a shop's webhook endpoint: it answers 500 to its first
/// `failures` requests and 200 after, each after `delay`, and keeps every request.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

#[derive(Clone)]
struct Behaviour {
    hits: Arc<Mutex<Vec<Hit>>>,
    failures: usize,
    delay: Duration,
}

impl Receiver {
    pub async fn start(failures: usize, delay: Duration) -> Self {
        let hits = Arc::new(Mutex::new(Vec::new()));
        let behaviour = Behaviour {
            hits: hits.clone(),
            failures,
            delay,
        };
        let router = Router::new()
            .route("/hook", post(receive))
            .with_state(behaviour);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(axum::serve(listener, router).into_future());
        Self {
            url: format!("http://{address}/hook"),
            hits,
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

async fn receive(State(b): State<Behaviour>, headers: HeaderMap, body: String) -> StatusCode {
    tokio::time::sleep(b.delay).await;
    let n = {
        let mut hits = b.hits.lock().unwrap();
        hits.push(Hit { headers, body });
        hits.len()
    };
    if n <= b.failures {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// The user registers `url` for `events`: the endpoint's ID and its signing secret.
pub async fn endpoint(app: &TestApp, token: &str, url: &str, events: &[&str]) -> (String, String) {
    let data = app
        .ok(
            CREATE_ENDPOINT,
            json!({ "url": url, "events": events }),
            Some(token),
        )
        .await;
    let created = &data["createWebhookEndpoint"];
    (
        created["endpoint"]["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

/// The user's endpoints with their deliveries, as the API lists them.
pub async fn endpoints(app: &TestApp, token: &str) -> Value {
    app.ok(ENDPOINTS, json!({}), Some(token)).await["webhookEndpoints"].clone()
}

/// Runs the webhook worker of `app` once: how many deliveries it took.
pub async fn send_due(app: &TestApp) -> usize {
    marketplace::webhooks::worker::run(app.db(), &app.state.webhooks)
        .await
        .expect("the webhook worker runs")
}

/// Waits (at most 30 s) until `done` holds of the user's endpoints.
pub async fn until(app: &TestApp, token: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let now = endpoints(app, token).await;
        if done(&now) {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not reached in 30 s: {}", endpoints(app, token).await);
}
