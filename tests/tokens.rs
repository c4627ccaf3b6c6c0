//! Access tokens: only an HS256 JWT signed with our key, for our issuer and audience, unexpired,
//! is accepted. Everything else is UNAUTHENTICATED, and only on the fields that need a viewer.

mod common;

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use common::*;
use jsonwebtoken::{Algorithm, Header};
use marketplace::{
    auth::{AccessClaims, JwtKeys, token},
    config::Secret,
};
use serde_json::json;
use uuid::Uuid;

fn claims(sub: Uuid) -> AccessClaims {
    let now = Utc::now().timestamp();
    AccessClaims {
        sub,
        role: entity::enums::Role::Creator,
        iat: now,
        exp: now + 600,
        iss: token::ISSUER.into(),
        aud: token::AUDIENCE.into(),
        sid: None,
    }
}

#[tokio::test]
async fn a_valid_token_works_and_bad_ones_fail_only_the_fields_that_need_a_viewer() {
    let app = TestApp::new().await;
    let session = app.creator("tok@example.com").await;
    let sub = user_uuid(&app, &session).await;
    let keys = JwtKeys::new(&Secret::new(JWT_SECRET));

    // A token we signed ourselves with the real key is accepted: the checks below are not vacuous.
    let good = keys.sign_claims(&Header::new(Algorithm::HS256), &claims(sub));
    app.ok(NEEDS_VIEWER, json!({}), Some(&good)).await;

    let expired = keys.sign_claims(
        &Header::new(Algorithm::HS256),
        &AccessClaims {
            iat: Utc::now().timestamp() - 1000,
            exp: Utc::now().timestamp() - 1,
            ..claims(sub)
        },
    );
    let wrong_signature =
        JwtKeys::new(&Secret::new("another-secret-another-secret-another-secret"))
            .sign_claims(&Header::new(Algorithm::HS256), &claims(sub));
    let wrong_audience = keys.sign_claims(
        &Header::new(Algorithm::HS256),
        &AccessClaims {
            aud: "someone-else".into(),
            ..claims(sub)
        },
    );
    let wrong_issuer = keys.sign_claims(
        &Header::new(Algorithm::HS256),
        &AccessClaims {
            iss: "someone-else".into(),
            ..claims(sub)
        },
    );
    let hs512 = keys.sign_claims(&Header::new(Algorithm::HS512), &claims(sub));
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(sub)).unwrap())
    );
    let no_exp = keys.sign_claims(
        &Header::new(Algorithm::HS256),
        &json!({ "sub": sub, "role": "CREATOR", "iat": 0, "iss": token::ISSUER, "aud": token::AUDIENCE }),
    );
    let unknown_user = keys.sign_claims(&Header::new(Algorithm::HS256), &claims(Uuid::new_v4()));

    for (name, bad) in [
        ("expired", expired.as_str()),
        ("wrong signature", &wrong_signature),
        ("wrong audience", &wrong_audience),
        ("wrong issuer", &wrong_issuer),
        ("HS512", &hs512),
        ("alg none", &alg_none),
        ("no exp", &no_exp),
        ("unknown user", &unknown_user),
        ("garbage", "garbage"),
        ("empty", ""),
    ] {
        let body = app.gql(NEEDS_VIEWER, json!({}), Some(bad)).await;
        assert_eq!(body["data"]["__typename"], "Query", "{name}: {body}");
        assert_eq!(
            code(&body["errors"][0]),
            "UNAUTHENTICATED",
            "{name}: {body}"
        );
        // `me` is null rather than an error.
        let me = app.ok("{ me { id } }", json!({}), Some(bad)).await;
        assert_eq!(me["me"], serde_json::Value::Null, "{name}");
    }

    // Missing token.
    let body = app.gql(NEEDS_VIEWER, json!({}), None).await;
    assert_eq!(body["data"]["__typename"], "Query");
    assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED");
}

#[tokio::test]
async fn issued_tokens_carry_the_pinned_claims_and_last_fifteen_minutes() {
    let app = TestApp::new().await;
    let data = app
        .ok(
            SIGN_UP,
            json!({ "input": { "email": "claims@example.com", "password": PASSWORD, "role": "BRAND", "name": "B" } }),
            None,
        )
        .await;
    let token = data["signUp"]["accessToken"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(header["alg"], "HS256");
    assert_eq!(claims["role"], "BRAND");
    assert_eq!(claims["iss"], token::ISSUER);
    assert_eq!(claims["aud"], token::AUDIENCE);
    assert!(Uuid::parse_str(claims["sub"].as_str().unwrap()).is_ok());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );
    let expires_at = chrono::DateTime::parse_from_rfc3339(
        data["signUp"]["accessTokenExpiresAt"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(expires_at.timestamp(), claims["exp"].as_i64().unwrap());
}

#[tokio::test]
async fn a_non_bearer_authorization_header_is_a_bad_token() {
    let app = TestApp::new().await;
    let session = app.creator("basic@example.com").await;
    use axum::{
        body::Body,
        http::{Request, header},
    };
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Basic {}", session.token))
        .body(Body::from(json!({ "query": NEEDS_VIEWER }).to_string()))
        .unwrap();
    let (_, _, body) = app.send(request).await;
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED");
}

#[tokio::test]
async fn an_access_token_names_its_login_which_a_refresh_keeps_and_a_new_login_does_not() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    let session = app.creator("sid@example.com").await;
    let keys = JwtKeys::new(&Secret::new(JWT_SECRET));
    let db = app.db();
    let family = |refresh: String| async move {
        entity::refresh_token::Entity::find()
            .filter(
                entity::refresh_token::Column::TokenHash
                    .eq(marketplace::auth::RefreshSecret::hash(&refresh)),
            )
            .one(db)
            .await
            .unwrap()
            .expect("the refresh token is stored")
            .family_id
    };
    let sid = |token: &str| keys.verify(token).expect("a valid token").sid;

    let login = sid(&session.token).expect("issued tokens carry sid");
    assert_eq!(login, family(session.refresh.clone()).await);

    let data = app.ok(REFRESH, json!({ "t": session.refresh }), None).await;
    let refreshed = Session::from(&data["refreshSession"]);
    assert_eq!(
        sid(&refreshed.token),
        Some(login),
        "a refresh stays in the login"
    );
    assert_eq!(family(refreshed.refresh.clone()).await, login);

    let again = app.log_in("sid@example.com", PASSWORD).await;
    assert_ne!(
        sid(&again.token),
        Some(login),
        "a new login is another session"
    );
}
