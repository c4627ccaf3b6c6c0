//! The test harness: the real router over a real, freshly migrated database, real tokens.
//!
//! The database is SQLite (a temporary file per test) unless `TEST_DATABASE_URL` names a
//! PostgreSQL database, in which case each test gets its own database, copied from a migrated
//! template (see `databases`). A PostgreSQL run never skips: an unreachable database fails the
//! test.

#![allow(dead_code)]

pub mod briefs;
pub mod creators;
pub mod databases;
pub mod delivery;
pub mod documents;
pub mod fixtures;
pub mod insights;
pub mod integrations;
pub mod market;
pub mod money;
pub mod notifications;
pub mod payments;
pub mod ws;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{
    Router,
    body::{Body, Bytes},
    http::{HeaderMap, Request, StatusCode, header},
};
pub use databases::Store;
use http_body_util::BodyExt;
use marketplace::{AppState, config::Config, db, http};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement,
};
use serde_json::{Value, json};
use tokio::{net::TcpListener, sync::OnceCell};
use tower::ServiceExt;
use uuid::Uuid;

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";

pub struct TestApp {
    /// Statements the app's pool has run so far (see `statements_during`).
    pub statements: Arc<AtomicUsize>,
    pub router: Router,
    pub state: AppState,
    /// The URL a second connection (a "restart", the CLI) would use.
    pub database_url: String,
    /// Keeps the database until the last app on it is dropped.
    pub store: Store,
    /// Settings given to `with_env`, kept for `restart`.
    env: Vec<(String, String)>,
    /// The admin who confirms the brands' fundings (`money::fund`), made when first needed and
    /// shared with restarted apps on the same database.
    banker: Arc<OnceCell<Session>>,
    /// Where `address` serves the router over TCP, once asked.
    server: OnceCell<SocketAddr>,
}

/// Whether the tests run on PostgreSQL (`TEST_DATABASE_URL`) rather than SQLite.
pub fn is_postgres() -> bool {
    databases::postgres_url().is_some()
}

fn test_config(database_url: &str, env: &[(String, String)]) -> Config {
    let url = database_url.to_owned();
    Config::from_lookup(move |name| {
        if let Some((_, value)) = env.iter().rev().find(|(key, _)| key == name) {
            return Some(value.clone());
        }
        match name {
            "DATABASE_URL" => Some(url.clone()),
            "JWT_SECRET" => Some(JWT_SECRET.to_owned()),
            "PUBLIC_URL" => Some("http://test.local".to_owned()),
            // Tests send many requests from one address; `tests/integrations.rs` turns the
            // limit on where it is the subject.
            "RATE_LIMIT_PER_MINUTE" => Some("off".to_owned()),
            _ => None,
        }
    })
    .expect("test configuration")
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_env(&[]).await
    }

    /// An app whose configuration also reads these variables, e.g.
    /// `TestApp::with_env(&[("WS_INIT_TIMEOUT_SECS", "1")])`.
    pub async fn with_env(env: &[(&str, &str)]) -> Self {
        let env = env
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        let (store, database_url) = Store::fresh().await;
        let db = db::connect(&database_url, 10)
            .await
            .expect("connect to the test database");
        Self::with_db(db, database_url, store, env, Arc::default())
    }

    fn with_db(
        mut db: DatabaseConnection,
        database_url: String,
        store: Store,
        env: Vec<(String, String)>,
        banker: Arc<OnceCell<Session>>,
    ) -> Self {
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let state = AppState::new(db, test_config(&database_url, &env));
        Self {
            statements,
            router: http::app(state.clone()),
            state,
            database_url,
            store,
            env,
            banker,
            server: OnceCell::new(),
        }
    }

    /// Serves the router on a local port, once, for clients that need a real connection
    /// (WebSockets); the server runs until the test ends.
    pub async fn address(&self) -> SocketAddr {
        *self
            .server
            .get_or_init(|| async {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                let address = listener.local_addr().expect("local address");
                let service = self
                    .router
                    .clone()
                    .into_make_service_with_connect_info::<SocketAddr>();
                tokio::spawn(axum::serve(listener, service).into_future());
                address
            })
            .await
    }

    /// A second server on the same database, as after a restart or on another instance.
    pub async fn restart(&self) -> Self {
        let db = db::connect(&self.database_url, 10)
            .await
            .expect("reconnect");
        Self::with_db(
            db,
            self.database_url.clone(),
            self.store.clone(),
            self.env.clone(),
            self.banker.clone(),
        )
    }

    /// A second server on the same database whose configuration also reads `env`, as after a
    /// restart with other settings.
    pub async fn restart_with(&self, env: &[(&str, &str)]) -> Self {
        let db = db::connect(&self.database_url, 10)
            .await
            .expect("reconnect");
        let mut settings = self.env.clone();
        settings.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Self::with_db(
            db,
            self.database_url.clone(),
            self.store.clone(),
            settings,
            self.banker.clone(),
        )
    }

    /// The admin who confirms fundings in tests.
    pub async fn banker(&self) -> &Session {
        self.banker
            .get_or_init(|| self.admin("banker@marketplace.vn"))
            .await
    }

    /// Runs one GraphQL request and returns its answer and how many SQL statements it ran.
    pub async fn statements_during(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
    ) -> (Value, usize) {
        let before = self.statements.load(Ordering::SeqCst);
        let body = self.ok(query, variables, token).await;
        (body, self.statements.load(Ordering::SeqCst) - before)
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Sends any request through the router.
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, headers, body)
    }

    /// POSTs a GraphQL operation and returns the whole JSON answer.
    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let (status, body) = self
            .post_json(json!({ "query": query, "variables": variables }), token)
            .await;
        // 400 only for requests refused before execution, which then carry no data.
        assert!(
            status == StatusCode::OK
                || (status == StatusCode::BAD_REQUEST && body.get("data").is_none()),
            "GraphQL answered {status}: {body}"
        );
        body
    }

    pub async fn post_json(&self, body: Value, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/graphql-response+json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (status, _, bytes) = self
            .send(request.body(Body::from(body.to_string())).unwrap())
            .await;
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        (status, value)
    }

    /// Data of an operation that must succeed.
    pub async fn ok(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let body = self.gql(query, variables, token).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// The first error's code of an operation that must fail.
    pub async fn error(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let body = self.gql(query, variables, token).await;
        let error = body["errors"][0].clone();
        assert!(error.is_object(), "expected an error: {body}");
        error
    }

    pub async fn sign_up(&self, role: &str, email: &str, name: &str) -> Session {
        let data = self
            .ok(
                SIGN_UP,
                json!({ "input": { "email": email, "password": PASSWORD, "role": role, "name": name } }),
                None,
            )
            .await;
        Session::from(&data["signUp"])
    }

    pub async fn creator(&self, email: &str) -> Session {
        self.sign_up("CREATOR", email, "Test Creator").await
    }

    pub async fn brand(&self, email: &str) -> Session {
        self.sign_up("BRAND", email, "Test Brand").await
    }

    /// An ADMIN, made the way the `create-admin` command makes one, then logged in.
    pub async fn admin(&self, email: &str) -> Session {
        marketplace::accounts::create_admin(self.state.accounts(), email, PASSWORD.to_owned())
            .await
            .expect("create admin");
        self.log_in(email, PASSWORD).await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Session {
        let data = self
            .ok(
                LOG_IN,
                json!({ "email": email, "password": password }),
                None,
            )
            .await;
        Session::from(&data["logIn"])
    }

    /// `admin` suspends the user `user_id` for `reason`; returns `suspendUser`'s answer.
    pub async fn suspend(&self, admin: &Session, user_id: &str, reason: &str) -> Value {
        self.ok(
            SUSPEND,
            json!({ "id": user_id, "r": reason }),
            admin.token(),
        )
        .await["suspendUser"]
            .clone()
    }

    /// The number of rows in `table`, straight from the database.
    pub async fn rows(&self, table: &str) -> i64 {
        let row = self
            .db()
            .query_one_raw(Statement::from_string(
                self.db().get_database_backend(),
                format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }
}

pub const PASSWORD: &str = "correct horse battery";

pub const AUTH_FIELDS: &str =
    "accessToken accessTokenExpiresAt refreshToken user { id email role suspended }";

pub const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) { accessToken accessTokenExpiresAt refreshToken user { id email role suspended } } }";
pub const LOG_IN: &str = "mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken accessTokenExpiresAt refreshToken user { id email role suspended } } }";
pub const REFRESH: &str = "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken accessTokenExpiresAt refreshToken user { id email role suspended } } }";
pub const SUSPEND: &str =
    "mutation($id: ID!, $r: String!) { suspendUser(userId: $id, reason: $r) { id suspended } }";
/// Any node, with the title and status of a brief.
pub const NODE: &str =
    "query($id: ID!) { node(id: $id) { id __typename ... on Brief { title status } } }";
/// A field that needs a signed-in viewer, beside one that does not.
pub const NEEDS_VIEWER: &str = "{ __typename node(id: \"x\") { id } }";

#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub refresh: String,
    pub user_id: String,
    pub email: String,
}

impl From<&Value> for Session {
    fn from(payload: &Value) -> Self {
        Self {
            token: payload["accessToken"]
                .as_str()
                .expect("accessToken")
                .to_owned(),
            refresh: payload["refreshToken"]
                .as_str()
                .expect("refreshToken")
                .to_owned(),
            user_id: payload["user"]["id"].as_str().expect("user.id").to_owned(),
            email: payload["user"]["email"]
                .as_str()
                .expect("user.email")
                .to_owned(),
        }
    }
}

impl Session {
    pub fn token(&self) -> Option<&str> {
        Some(&self.token)
    }
}

pub fn code(error: &Value) -> &str {
    error["extensions"]["code"].as_str().unwrap_or("<no code>")
}

/// Checks an error's code and, if given, the input field it names.
pub fn assert_error(error: &Value, want_code: &str, want_field: Option<&str>, context: &str) {
    assert_eq!(code(error), want_code, "{context}: {error}");
    if let Some(field) = want_field {
        assert_eq!(error["extensions"]["field"], field, "{context}: {error}");
    }
}

/// Counts the successes among the answers to requests raced against each other; every failure
/// must be a CONFLICT.
pub fn tally(answers: &[Value]) -> usize {
    let mut ok = 0;
    for body in answers {
        match body.get("errors") {
            None => ok += 1,
            Some(errors) => assert_eq!(code(&errors[0]), "CONFLICT", "{body}"),
        }
    }
    ok
}

/// The UUID inside one of our IDs.
pub fn uuid(id: &str) -> Uuid {
    marketplace::graphql::ids::decode(id)
        .expect("one of our IDs")
        .1
}

/// The stored ID of a signed-in user, found by email.
pub async fn user_uuid(app: &TestApp, session: &Session) -> Uuid {
    entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(session.email.clone()))
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .id
}
