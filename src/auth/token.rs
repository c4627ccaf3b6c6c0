//! Access tokens (HS256 JWTs, 15 minutes) and refresh tokens (256 random bits, stored hashed).
//!
//! An access token also names its login in `sid`: the `family_id` its refresh tokens share. A
//! request over HTTP does not look at it; a subscription does, to stop when that login ends (see
//! [`crate::auth::LiveAccess`]).

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use entity::enums::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    config::Secret,
    digest::sha256_hex,
    error::{AppError, AppResult, CredentialProblem},
    i18n::msg,
};

pub const ISSUER: &str = "influencer-marketplace";
pub const AUDIENCE: &str = "influencer-marketplace-api";
pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);
pub const REFRESH_TOKEN_TTL: Duration = Duration::days(30);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    /// The login (refresh-token family) this token was issued for. Tokens issued before the claim
    /// existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
}

/// Keys and validation rules, built once from configuration.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &Secret) -> Self {
        // Pinned: HS256 only, zero leeway, and every claim we rely on must be present.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.validate_nbf = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.expose()),
            decoding: DecodingKey::from_secret(secret.expose()),
            validation,
        }
    }

    /// A token for `user_id` in the login `session` (its refresh-token family).
    pub fn issue(
        &self,
        user_id: Uuid,
        role: Role,
        session: Uuid,
    ) -> AppResult<(String, DateTime<Utc>)> {
        let now = Utc::now();
        let expires_at = now + ACCESS_TOKEN_TTL;
        let claims = AccessClaims {
            sub: user_id,
            role,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sid: Some(session),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        let expires_at = DateTime::from_timestamp(claims.exp, 0).unwrap_or(expires_at);
        Ok((token, expires_at))
    }

    /// Encodes arbitrary claims with this key; for tests that need a token we would never issue.
    pub fn sign_claims<T: Serialize>(&self, header: &Header, claims: &T) -> String {
        jsonwebtoken::encode(header, claims, &self.encoding).expect("claims serialize")
    }

    pub fn verify(&self, token: &str) -> AppResult<AccessClaims> {
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|err| {
                tracing::debug!(error = %err, "access token refused");
                match err.kind() {
                    jsonwebtoken::errors::ErrorKind::ExpiredSignature => AppError::credential(
                        CredentialProblem::TokenExpired,
                        msg!("access-token-expired"),
                    ),
                    _ => AppError::credential(
                        CredentialProblem::TokenInvalid,
                        msg!("access-token-invalid"),
                    ),
                }
            })
    }
}

/// A refresh token as the client holds it; only its hash is stored.
pub struct RefreshSecret {
    pub token: String,
    pub hash: String,
}

impl RefreshSecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = Self::hash(&token);
        Self { token, hash }
    }

    pub fn hash(token: &str) -> String {
        sha256_hex(token)
    }
}
