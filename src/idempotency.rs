//! Idempotency keys (SPEC.md, "Integrations"): a request sent again with the same
//! `Idempotency-Key` by the same user or API key gets the first answer again, byte for byte, for
//! 24 hours. The keys are rows of `idempotency_keys`, so they hold across restarts and instances.
//!
//! The HTTP layer calls [`claim`] before it runs a request: the first request with a key inserts
//! its row and runs; a later one with the same body is replayed once the answer is stored
//! ([`store`]), answered "in flight" until then, and one with another body is a mismatch. A
//! request that failed with an internal error gives its key back ([`release`]), so that the client
//! may try again. A row whose request never stored an answer (the process died) is taken over
//! once it is older than the request timeout allows.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::idempotency_key;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TryInsertResult,
    sea_query::Expr,
};

use crate::{digest::sha256_hex, error::AppResult};

/// How long a key is remembered.
pub const TTL: Duration = Duration::hours(24);
/// Longest key accepted.
pub const MAX_KEY: usize = 255;

/// The key as sent, if it is 1 to [`MAX_KEY`] printable ASCII characters; else why not.
pub fn parse_key(raw: &[u8]) -> Result<&str, String> {
    if raw.is_empty() {
        return Err("the Idempotency-Key header must not be empty".into());
    }
    if raw.len() > MAX_KEY {
        return Err(format!(
            "the Idempotency-Key header has at most {MAX_KEY} characters"
        ));
    }
    if !raw.iter().all(|b| (0x20..=0x7e).contains(b)) {
        return Err("the Idempotency-Key header must be printable ASCII".into());
    }
    std::str::from_utf8(raw)
        .map_err(|_| "the Idempotency-Key header must be printable ASCII".into())
}

/// The SHA-256 of a request body, in hex.
pub fn body_hash(body: &[u8]) -> String {
    sha256_hex(body)
}

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// What to do with a request that carries a key.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's: run it, then [`store`] or [`release`].
    Run,
    /// The same request was answered: send this again.
    Replay(Stored),
    /// The key was used with another body.
    Mismatch,
    /// The first request with this key is still running.
    InFlight,
}

/// Who sent a key, and the key: the row's primary key.
#[derive(Clone, Debug)]
pub struct Slot {
    pub owner: String,
    pub key: String,
}

impl Slot {
    fn find(&self) -> sea_orm::Select<idempotency_key::Entity> {
        idempotency_key::Entity::find()
            .filter(idempotency_key::Column::Owner.eq(self.owner.as_str()))
            .filter(idempotency_key::Column::Key.eq(self.key.as_str()))
    }
}

/// Claims `slot` for a request with `body_hash` at `now`; a running claim older than `stale`
/// is taken over.
pub async fn claim(
    db: &DatabaseConnection,
    slot: &Slot,
    body_hash: &str,
    now: DateTime<Utc>,
    stale: Duration,
) -> AppResult<Claim> {
    let now = now.trunc_subsecs(6);
    // Twice at most: once more after clearing an expired row.
    for _ in 0..2 {
        let row = idempotency_key::ActiveModel {
            owner: Set(slot.owner.clone()),
            key: Set(slot.key.clone()),
            body_hash: Set(body_hash.to_owned()),
            started_at: Set(now),
            response_status: Set(None),
            response_body: Set(None),
            content_type: Set(None),
            expires_at: Set(now + TTL),
        };
        let inserted = idempotency_key::Entity::insert(row)
            .on_conflict_do_nothing_on([
                idempotency_key::Column::Owner,
                idempotency_key::Column::Key,
            ])
            .exec_without_returning(db)
            .await?;
        if matches!(inserted, TryInsertResult::Inserted(1)) {
            return Ok(Claim::Run);
        }
        let Some(existing) = slot.find().one(db).await? else {
            // Released meanwhile: try to insert again.
            continue;
        };
        if existing.expires_at <= now {
            idempotency_key::Entity::delete_many()
                .filter(idempotency_key::Column::Owner.eq(slot.owner.as_str()))
                .filter(idempotency_key::Column::Key.eq(slot.key.as_str()))
                .filter(idempotency_key::Column::ExpiresAt.lte(now))
                .exec(db)
                .await?;
            continue;
        }
        if existing.body_hash != body_hash {
            return Ok(Claim::Mismatch);
        }
        if let (Some(status), Some(body)) = (existing.response_status, existing.response_body) {
            return Ok(Claim::Replay(Stored {
                status: u16::try_from(status).unwrap_or(200),
                content_type: existing.content_type.unwrap_or_default(),
                body,
            }));
        }
        if existing.started_at <= now - stale {
            let taken = idempotency_key::Entity::update_many()
                .col_expr(idempotency_key::Column::StartedAt, Expr::value(now))
                .filter(idempotency_key::Column::Owner.eq(slot.owner.as_str()))
                .filter(idempotency_key::Column::Key.eq(slot.key.as_str()))
                .filter(idempotency_key::Column::ResponseStatus.is_null())
                .filter(idempotency_key::Column::StartedAt.eq(existing.started_at))
                .exec(db)
                .await?
                .rows_affected;
            if taken == 1 {
                return Ok(Claim::Run);
            }
        }
        return Ok(Claim::InFlight);
    }
    Ok(Claim::InFlight)
}

/// Stores the answer of the request that holds `slot`.
pub async fn store(db: &DatabaseConnection, slot: &Slot, answer: &Stored) -> AppResult<()> {
    idempotency_key::Entity::update_many()
        .col_expr(
            idempotency_key::Column::ResponseStatus,
            Expr::value(i32::from(answer.status)),
        )
        .col_expr(
            idempotency_key::Column::ResponseBody,
            Expr::value(answer.body.clone()),
        )
        .col_expr(
            idempotency_key::Column::ContentType,
            Expr::value(answer.content_type.clone()),
        )
        .filter(idempotency_key::Column::Owner.eq(slot.owner.as_str()))
        .filter(idempotency_key::Column::Key.eq(slot.key.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives `slot` back: its request ended without an answer worth keeping.
pub async fn release(db: &DatabaseConnection, slot: &Slot) -> AppResult<()> {
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::Owner.eq(slot.owner.as_str()))
        .filter(idempotency_key::Column::Key.eq(slot.key.as_str()))
        .filter(idempotency_key::Column::ResponseStatus.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the keys that expired by `now`; how many.
pub async fn purge(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// How often [`purge_every`] clears expired keys.
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Clears expired keys every [`PURGE_EVERY`] until `stop` turns true.
pub async fn purge_every(db: DatabaseConnection, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(PURGE_EVERY);
    loop {
        tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => return,
            _ = tick.tick() => {}
        }
        match purge(&db, crate::clock::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(purged = n, "expired idempotency keys"),
            Err(e) => tracing::warn!(code = e.code(), "cannot purge idempotency keys"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_255_printable_ascii_characters() {
        assert_eq!(parse_key(b"order-42"), Ok("order-42"));
        assert!(parse_key(&[b'a'; 255]).is_ok());
        assert!(parse_key(&[b'a'; 256]).is_err());
        assert!(parse_key(b"").is_err());
        assert!(parse_key(b"tab\there").is_err());
        assert!(parse_key("thứ".as_bytes()).is_err());
    }
}
