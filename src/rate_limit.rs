//! Rate limits (SPEC.md, "Integrations"): a token bucket per user, per API key, and per client
//! address for requests without a token, by `governor` (GCRA). The buckets live in this process:
//! with several instances behind a balancer, each instance has its own.
//!
//! [`RateLimits::check`] takes one request from the caller's bucket and says what the
//! `RateLimit-Policy` and `RateLimit` headers (IETF HTTPAPI draft) should say, and, once the
//! bucket is empty, how long to wait.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
    state::keyed::DefaultKeyedStateStore,
};

use crate::config::IntegrationRules;

type Buckets =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// Who a request counts against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A user's access token: the user's ID.
    User(String),
    /// A valid API key: its ID.
    Key(String),
    /// No valid token: the client's address.
    Address(Option<IpAddr>),
}

/// One bucket's quota, per minute.
struct Bucket {
    name: &'static str,
    per_minute: u32,
    buckets: Buckets,
}

impl Bucket {
    fn new(name: &'static str, per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            name,
            per_minute: n.get(),
            buckets: RateLimiter::keyed(Quota::per_minute(n))
                .with_middleware::<StateInformationMiddleware>(),
        }
    }

    fn check(&self, key: String) -> Verdict {
        let refill = Duration::from_secs(60) / self.per_minute;
        match self.buckets.check_key(&key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                Verdict {
                    policy: self.name,
                    limit: self.per_minute,
                    remaining,
                    reset_secs: ceil_secs(refill * (self.per_minute - remaining)),
                    retry_after_secs: None,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.buckets.clock().now());
                Verdict {
                    policy: self.name,
                    limit: self.per_minute,
                    remaining: 0,
                    reset_secs: ceil_secs(refill * self.per_minute),
                    retry_after_secs: Some(ceil_secs(wait).max(1)),
                }
            }
        }
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// What one request's check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The policy's name in the headers: `"signed-in"` or `"anonymous"`.
    pub policy: &'static str,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the bucket is full again.
    pub reset_secs: u64,
    /// Set when the request is refused: seconds until one more request is allowed.
    pub retry_after_secs: Option<u64>,
}

impl Verdict {
    /// `RateLimit-Policy`: `"signed-in";q=1200;w=60`.
    pub fn policy_header(&self) -> String {
        format!("\"{}\";q={};w=60", self.policy, self.limit)
    }

    /// `RateLimit`: `"signed-in";r=1199;t=1`.
    pub fn limit_header(&self) -> String {
        format!(
            "\"{}\";r={};t={}",
            self.policy, self.remaining, self.reset_secs
        )
    }
}

/// This instance's buckets; none when limits are off.
pub struct RateLimits {
    signed_in: Option<Bucket>,
    anonymous: Option<Bucket>,
}

impl RateLimits {
    pub fn new(rules: &IntegrationRules) -> Self {
        Self {
            signed_in: rules
                .rate_limit_per_minute
                .map(|n| Bucket::new("signed-in", n)),
            anonymous: rules
                .anonymous_per_minute()
                .map(|n| Bucket::new("anonymous", n)),
        }
    }

    /// The buckets, forgotten once a minute while idle (see [`Self::forget_idle`]) for as long
    /// as they are in use.
    pub fn start(rules: &IntegrationRules) -> Arc<Self> {
        let limits = Arc::new(Self::new(rules));
        let weak = Arc::downgrade(&limits);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(limits) = weak.upgrade() else { return };
                limits.forget_idle();
            }
        });
        limits
    }

    /// The buckets, unless limits are off.
    pub fn enabled(&self) -> Option<&Self> {
        (self.signed_in.is_some() || self.anonymous.is_some()).then_some(self)
    }

    /// Takes one request from `caller`'s bucket; None when limits are off.
    pub fn check(&self, caller: &Caller) -> Option<Verdict> {
        Some(match caller {
            Caller::User(id) => self.signed_in.as_ref()?.check(format!("user:{id}")),
            Caller::Key(id) => self.signed_in.as_ref()?.check(format!("key:{id}")),
            Caller::Address(ip) => self.anonymous.as_ref()?.check(match ip {
                Some(ip) => ip.to_string(),
                None => "unknown".to_owned(),
            }),
        })
    }

    /// Forgets the buckets that are full again (they would start full anyway), so that memory
    /// follows the callers of the last minute, not of all time.
    pub fn forget_idle(&self) {
        for bucket in [&self.signed_in, &self.anonymous].into_iter().flatten() {
            bucket.buckets.retain_recent();
            bucket.buckets.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(per_minute: Option<u32>) -> IntegrationRules {
        IntegrationRules {
            rate_limit_per_minute: per_minute,
            webhook_retry_schedule: Vec::new(),
            public_webhooks_only: false,
        }
    }

    #[test]
    fn a_bucket_empties_then_refuses_with_a_wait() {
        let limits = RateLimits::new(&rules(Some(4)));
        let caller = Caller::User("u1".into());
        let first = limits.check(&caller).unwrap();
        assert_eq!(first.policy_header(), "\"signed-in\";q=4;w=60");
        assert_eq!(first.remaining, 3);
        assert_eq!(first.limit_header(), "\"signed-in\";r=3;t=15");
        for _ in 0..3 {
            assert!(limits.check(&caller).unwrap().retry_after_secs.is_none());
        }
        let refused = limits.check(&caller).unwrap();
        assert_eq!(refused.remaining, 0);
        let wait = refused.retry_after_secs.unwrap();
        assert!((1..=15).contains(&wait), "{wait}");
        // Another caller has its own bucket; without a token, a quarter of the quota.
        assert_eq!(limits.check(&Caller::Key("k".into())).unwrap().remaining, 3);
        let anonymous = limits.check(&Caller::Address(None)).unwrap();
        assert_eq!((anonymous.limit, anonymous.remaining), (1, 0));
    }

    #[test]
    fn off_counts_nothing() {
        let limits = RateLimits::new(&rules(None));
        assert_eq!(limits.check(&Caller::Address(None)), None);
    }
}
