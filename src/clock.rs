//! The current time, truncated to microseconds: what PostgreSQL stores, so that a value read
//! back (into a cursor, say) equals the value written on both databases.

use chrono::{DateTime, SubsecRound, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
