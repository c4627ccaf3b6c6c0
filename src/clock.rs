//! The current time, truncated to microseconds: what PostgreSQL stores, so that a value read
//! back (into a cursor, say) equals the value written on both databases.
//!
//! [`as_of`] runs a future with "now" pinned to a given time: `marketplace sweep --as-of` uses it
//! so that everything one sweep decides and writes (approvals, completions, ledger entries,
//! notifications) carries the time it stands for. The pin is task-local: it never leaks into
//! other requests.

use std::future::Future;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};

tokio::task_local! {
    static AS_OF: DateTime<Utc>;
}

pub fn now() -> DateTime<Utc> {
    AS_OF
        .try_with(|t| *t)
        .unwrap_or_else(|_| Utc::now())
        .trunc_subsecs(6)
}

/// A time as the API writes it everywhere (GraphQL's `DateTime`, webhook bodies, messages):
/// RFC 3339 in UTC with `Z` and milliseconds, `2026-12-01T06:32:04.476Z`.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Runs `work` with [`now`] answering `t`.
pub async fn as_of<F: Future>(t: DateTime<Utc>, work: F) -> F::Output {
    AS_OF.scope(t, work).await
}
