//! The tracking link, `GET /t/{code}`: counts a click and redirects to the brief's product page.
//! `HEAD` answers the same and counts nothing; a CANCELLED collaboration's link answers 410 Gone
//! and counts nothing (an ACTIVE or COMPLETED one redirects and counts).
//!
//! It must stay fast under heavy traffic, so a click touches no database row:
//! - the code is resolved to (collaboration, product URL, cancelled or not) from an in-memory
//!   cache, read from the database on a miss and again after [`CACHE_TTL`] (so a changed product
//!   URL shows within it). Cancelling a collaboration drops its code from this instance's cache at
//!   once ([`Tracker::forget`]); other instances see the cancellation within [`CACHE_TTL`];
//! - the click is added to an in-memory counter, and a background task adds the counted clicks to
//!   `collaborations.clicks` in one transaction every [`FLUSH_EVERY`];
//! - graceful shutdown flushes once more after the last request (see `main.rs`).
//!
//! No click is lost: a batch is taken out of the counters only into `in_flight`, and goes back
//! into the counters if its transaction fails. [`Tracker::clicks_of`] adds what is not yet flushed
//! to what is stored, exactly, at any moment.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, Weak,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use entity::{brief, collaboration, enums::CollaborationStatus};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::error::AppResult;

/// How often counted clicks are written to the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// How long a resolved code is trusted before it is read again.
pub const CACHE_TTL: Duration = Duration::from_secs(60);
/// Most codes kept in the cache; past it the cache starts over (codes are cheap to read again).
pub const CACHE_CAPACITY: usize = 100_000;

/// What a tracking code leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// 302 to the brief's productUrl.
    Redirect(Arc<str>),
    /// 410: the collaboration was cancelled.
    Gone,
    /// 404: no such code, or a brief without a productUrl.
    Unknown,
}

#[derive(Clone, Debug)]
struct Target {
    collaboration_id: Uuid,
    /// The brief's productUrl; none means the link answers 404.
    url: Option<Arc<str>>,
    cancelled: bool,
    loaded_at: Instant,
}

#[derive(Default)]
struct Counts {
    /// Clicks counted and not yet taken by a flush.
    pending: HashMap<Uuid, u64>,
    /// Clicks a flush is writing right now.
    in_flight: HashMap<Uuid, u64>,
}

/// Counts clicks in memory and writes them in batches. Shared by the router and the flusher.
pub struct Tracker {
    db: DatabaseConnection,
    cache: Mutex<HashMap<String, Target>>,
    /// Bumped by every `forget`, under the cache's lock: a look-up that read the database before
    /// a `forget` does not cache what it read.
    generation: AtomicU64,
    counts: Mutex<Counts>,
    /// Held by a flush from its first write to the clearing of `in_flight` (one flush at a time),
    /// and by `clicks_of` while it reads, so that a read never sees a batch twice or not at all.
    flushing: tokio::sync::Mutex<()>,
}

impl Tracker {
    /// A tracker over `db`, with its background flusher (when a runtime is running), which ends
    /// when the tracker is dropped.
    pub fn start(db: DatabaseConnection) -> Arc<Self> {
        let tracker = Arc::new(Self::new(db));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(flush_loop(Arc::downgrade(&tracker)));
        }
        tracker
    }

    /// A tracker without the background flusher (call [`Tracker::flush`] yourself).
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            cache: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
            counts: Mutex::new(Counts::default()),
            flushing: tokio::sync::Mutex::new(()),
        }
    }

    /// A click on `code`: where it leads, counting the click only when that is a redirect.
    pub async fn click(&self, code: &str) -> AppResult<Link> {
        let (link, collaboration_id) = self.link(code).await?;
        if let (Link::Redirect(_), Some(id)) = (&link, collaboration_id) {
            *lock(&self.counts).pending.entry(id).or_default() += 1;
        }
        Ok(link)
    }

    /// Where `code` leads, counting nothing (`HEAD`).
    pub async fn peek(&self, code: &str) -> AppResult<Link> {
        Ok(self.link(code).await?.0)
    }

    /// Drops `code` from the cache, so that the next click reads its collaboration again (after
    /// a cancellation).
    pub fn forget(&self, code: &str) {
        let mut cache = lock(&self.cache);
        cache.remove(&normalize_code(code));
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    async fn link(&self, code: &str) -> AppResult<(Link, Option<Uuid>)> {
        // A livestream session's link ("K7MXR4TQ-2") leads where its collaboration's does.
        let code = normalize_code(code);
        let (code, _) = split_code(&code);
        if !could_be_code(code) {
            return Ok((Link::Unknown, None));
        }
        let Some(target) = self.resolve(code).await? else {
            return Ok((Link::Unknown, None));
        };
        let link = match (target.cancelled, target.url) {
            (true, _) => Link::Gone,
            (false, Some(url)) => Link::Redirect(url),
            (false, None) => Link::Unknown,
        };
        Ok((link, Some(target.collaboration_id)))
    }

    async fn resolve(&self, code: &str) -> AppResult<Option<Target>> {
        let (cached, generation) = {
            let cache = lock(&self.cache);
            (
                cache.get(code).cloned(),
                self.generation.load(Ordering::SeqCst),
            )
        };
        if let Some(t) = cached.filter(|t| t.loaded_at.elapsed() < CACHE_TTL) {
            return Ok(Some(t));
        }
        let Some((collaboration_id, brief_id, status)) = collaboration::Entity::find()
            .select_only()
            .column(collaboration::Column::Id)
            .column(collaboration::Column::BriefId)
            .column(collaboration::Column::Status)
            .filter(collaboration::Column::TrackingCode.eq(code))
            .into_tuple::<(Uuid, Uuid, CollaborationStatus)>()
            .one(&self.db)
            .await?
        else {
            // Unknown codes are not cached: a flood of made-up codes must not fill memory.
            lock(&self.cache).remove(code);
            return Ok(None);
        };
        let url = brief::Entity::find_by_id(brief_id)
            .select_only()
            .column(brief::Column::ProductUrl)
            .into_tuple::<Option<String>>()
            .one(&self.db)
            .await?
            .flatten()
            .filter(|u| !u.is_empty());
        let target = Target {
            collaboration_id,
            url: url.map(Arc::from),
            cancelled: status == CollaborationStatus::Cancelled,
            loaded_at: Instant::now(),
        };
        let mut cache = lock(&self.cache);
        if self.generation.load(Ordering::SeqCst) != generation {
            // A `forget` came while this was read: what was read may be stale; use it once.
            return Ok(Some(target));
        }
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(code.to_owned(), target.clone());
        Ok(Some(target))
    }

    /// Writes every counted click to the database: `clicks = clicks + n` per collaboration, in one
    /// transaction. On failure the batch goes back to be written by the next flush.
    pub async fn flush(&self) -> AppResult<()> {
        let _one_at_a_time = self.flushing.lock().await;
        let batch = {
            let mut counts = lock(&self.counts);
            if counts.pending.is_empty() {
                return Ok(());
            }
            let batch = std::mem::take(&mut counts.pending);
            counts.in_flight = batch.clone();
            batch
        };
        let written = write(&self.db, &batch).await;
        let mut counts = lock(&self.counts);
        counts.in_flight.clear();
        if let Err(err) = written {
            for (id, n) in batch {
                *counts.pending.entry(id).or_default() += n;
            }
            return Err(err);
        }
        Ok(())
    }

    /// Clicks counted by this instance and not yet written to the database.
    pub fn unflushed(&self, collaboration_id: Uuid) -> u64 {
        let counts = lock(&self.counts);
        counts.pending.get(&collaboration_id).copied().unwrap_or(0)
            + counts
                .in_flight
                .get(&collaboration_id)
                .copied()
                .unwrap_or(0)
    }

    /// All clicks on a collaboration's link: stored plus counted here and not yet flushed. (Other
    /// instances' unflushed clicks show within a flush interval.) Do not call it while holding a
    /// write transaction on SQLite: it waits for a flush in progress, which needs the write lock.
    pub async fn clicks_of(
        &self,
        db: &impl ConnectionTrait,
        c: &collaboration::Model,
    ) -> AppResult<i64> {
        let _no_flush_midway = self.flushing.lock().await;
        let stored = collaboration::Entity::find_by_id(c.id)
            .select_only()
            .column(collaboration::Column::Clicks)
            .into_tuple::<i64>()
            .one(db)
            .await?
            .unwrap_or(c.clicks);
        let unflushed = i64::try_from(self.unflushed(c.id)).unwrap_or(i64::MAX);
        Ok(stored.saturating_add(unflushed))
    }

    /// Flushes until nothing is left or `tries` failures; for shutdown, where nothing may be lost.
    pub async fn flush_all(&self, tries: u32) -> AppResult<()> {
        let mut failures = 0;
        loop {
            match self.flush().await {
                Ok(()) => return Ok(()),
                Err(err) => {
                    failures += 1;
                    if failures >= tries {
                        let lost: u64 = lock(&self.counts).pending.values().sum();
                        tracing::error!(clicks = lost, "clicks could not be written");
                        return Err(err);
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        let left: u64 = lock(&self.counts).pending.values().sum();
        if left > 0 {
            tracing::warn!(clicks = left, "tracker dropped with unflushed clicks");
        }
    }
}

async fn write(db: &DatabaseConnection, batch: &HashMap<Uuid, u64>) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    // A stable order, so that two instances flushing at once never wait on each other in a cycle.
    let mut rows: Vec<_> = batch.iter().collect();
    rows.sort_unstable_by_key(|(id, _)| **id);
    for (id, n) in rows {
        let n = i64::try_from(*n).unwrap_or(i64::MAX);
        collaboration::Entity::update_many()
            .col_expr(
                collaboration::Column::Clicks,
                Expr::col(collaboration::Column::Clicks).add(n),
            )
            .filter(collaboration::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn flush_loop(tracker: Weak<Tracker>) {
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(tracker) = tracker.upgrade() else {
            return;
        };
        if let Err(err) = tracker.flush().await {
            tracing::warn!(error = ?err, "flushing clicks failed; will retry");
        }
    }
}

/// Locks a std mutex; a panic elsewhere while holding it leaves plain counts, still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Normalises a code as a shopper might type it: trimmed, upper case.
pub fn normalize_code(raw: &str) -> String {
    raw.trim().to_ascii_uppercase()
}

/// Splits a code that may carry a session's suffix: "K7MXR4TQ-2" is session 2 of "K7MXR4TQ".
/// A code without a well-formed suffix (1 to 3 digits after the last "-") is returned whole.
pub fn split_code(code: &str) -> (&str, Option<i32>) {
    match code.rsplit_once('-') {
        Some((base, n)) if (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) => {
            match n.parse::<i32>() {
                Ok(number) if number > 0 => (base, Some(number)),
                _ => (code, None),
            }
        }
        _ => (code, None),
    }
}

/// Whether a normalised code could be one of ours (so is worth a look-up): 1 to 64 ASCII letters
/// and digits. Anything else (a NUL, which PostgreSQL cannot compare, among them) is unknown.
pub fn could_be_code(code: &str) -> bool {
    (1..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::split_code;

    #[test]
    fn a_session_suffix_is_split_off_the_code() {
        assert_eq!(split_code("K7MXR4TQ-2"), ("K7MXR4TQ", Some(2)));
        assert_eq!(split_code("K7MXR4TQ-100"), ("K7MXR4TQ", Some(100)));
        assert_eq!(split_code("K7MXR4TQ"), ("K7MXR4TQ", None));
        assert_eq!(split_code("K7MXR4TQ-0"), ("K7MXR4TQ-0", None));
        assert_eq!(split_code("K7MXR4TQ-1000"), ("K7MXR4TQ-1000", None));
        assert_eq!(split_code("K7MXR4TQ-"), ("K7MXR4TQ-", None));
        assert_eq!(split_code("K7MXR4TQ-A"), ("K7MXR4TQ-A", None));
    }
}
