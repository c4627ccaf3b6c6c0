//! API keys as credentials: how a key looks, how it is stored, and the viewer it stands for.
//! Making, listing and revoking keys is `crate::api_keys`'s.
//!
//! A key is `mk_live_` and 32 random bytes in base64url. Only its SHA-256 is stored: a key has 256
//! bits of entropy, so a slow password hash would add nothing but time to every request. Each
//! request looks its key up (one query, joined to its brand and user), so a revocation or a
//! suspension takes effect at the next request.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use entity::{
    api_key,
    enums::{ApiScope, Role},
};
use rand::RngCore;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    auth::{KeyGrant, Viewer},
    clock,
    db::Sql,
    digest::sha256_hex,
    error::{AppError, AppResult, CredentialProblem},
    i18n::msg,
};

/// What every key starts with.
pub const PREFIX: &str = "mk_live_";
/// How much of a key `ApiKey.prefix` shows: the prefix and four characters.
pub const SHOWN: usize = PREFIX.len() + 4;
/// `last_used_at` is written at most this often per key.
pub const LAST_USED_EVERY: Duration = Duration::minutes(1);

/// A key as its brand gets it, once, and what is kept of it.
pub struct KeySecret {
    pub secret: String,
    pub hash: String,
}

impl KeySecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
        let hash = hash(&secret);
        Self { secret, hash }
    }

    /// The first characters, to recognise the key by.
    pub fn shown(&self) -> String {
        self.secret[..SHOWN].to_owned()
    }
}

/// Whether a bearer credential is an API key rather than an access token.
pub fn is_api_key(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// The SHA-256 of a key, in hex: what is stored and looked up.
pub fn hash(secret: &str) -> String {
    sha256_hex(secret)
}

/// The scopes as stored: names, comma-separated.
pub fn scopes_text(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The scopes of a stored key; a name this version does not know grants nothing.
pub fn scopes_of(text: &str) -> Vec<ApiScope> {
    text.split(',').filter_map(ApiScope::parse).collect()
}

/// The viewer a key stands for: its brand's user, within the key's scopes. UNAUTHENTICATED for an
/// unknown or revoked key and for a suspended brand user, as for a bad token.
pub async fn authenticate(db: &DatabaseConnection, secret: &str) -> AppResult<Viewer> {
    let invalid = || AppError::credential(CredentialProblem::TokenInvalid, msg!("api-key-invalid"));
    // A well-formed key is exactly 43 base64url characters after the prefix.
    let body = &secret[PREFIX.len()..];
    if body.len() != 43 || URL_SAFE_NO_PAD.decode(body).is_err() {
        return Err(invalid());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT k.id, k.scopes, k.revoked_at, k.last_used_at, b.id AS brand_id, \
         u.id AS user_id, u.suspended_at \
         FROM api_keys k JOIN brands b ON b.id = k.brand_id JOIN users u ON u.id = b.user_id \
         WHERE k.secret_hash = ",
    )
    .bind(hash(secret));
    let row = db
        .query_one_raw(sql.statement())
        .await?
        .ok_or_else(invalid)?;
    let key_id: Uuid = row.try_get("", "id")?;
    let revoked_at: Option<DateTime<Utc>> = row.try_get("", "revoked_at")?;
    let suspended_at: Option<DateTime<Utc>> = row.try_get("", "suspended_at")?;
    if revoked_at.is_some() {
        return Err(AppError::credential(
            CredentialProblem::SessionRevoked,
            msg!("api-key-revoked"),
        ));
    }
    if suspended_at.is_some() {
        return Err(AppError::credential(
            CredentialProblem::SessionRevoked,
            msg!("account-suspended"),
        ));
    }
    let last_used_at: Option<DateTime<Utc>> = row.try_get("", "last_used_at")?;
    let now = clock::now();
    // Best effort: a read must not fail because the use could not be written down.
    if last_used_at.is_none_or(|t| t <= now - LAST_USED_EVERY)
        && let Err(err) = touch(db, key_id, now).await
    {
        tracing::warn!(key = %key_id, code = err.code(), "cannot record an API key's use");
    }
    let scopes: String = row.try_get("", "scopes")?;
    Ok(Viewer {
        user_id: row.try_get("", "user_id")?,
        role: Role::Brand,
        brand_id: Some(row.try_get("", "brand_id")?),
        creator_id: None,
        api_key: Some(KeyGrant {
            key_id,
            scopes: scopes_of(&scopes),
        }),
    })
}

/// Records a use. Conditional, so that of several requests in the same minute on several
/// instances one writes and the others change nothing.
async fn touch(db: &DatabaseConnection, key_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    api_key::Entity::update_many()
        .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
        .filter(api_key::Column::Id.eq(key_id))
        .filter(
            api_key::Column::LastUsedAt
                .is_null()
                .or(api_key::Column::LastUsedAt.lte(now - LAST_USED_EVERY)),
        )
        .exec(db)
        .await?;
    Ok(())
}
