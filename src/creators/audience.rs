//! A creator's audience, computed from its social accounts: total followers, tier, and the
//! followers-weighted engagement rate. Never stored: the accounts are the only source.

use entity::{enums::Platform, social_account};

/// Audience size class, derived from total followers across all social accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatorTier {
    /// fewer than 1,000 followers
    Emerging,
    /// 1,000 to 4,999
    Nano,
    /// 5,000 to 9,999
    Micro,
    /// 10,000 to 999,999
    Macro,
    /// 1,000,000 or more
    Mega,
}

impl CreatorTier {
    pub fn of(total_followers: i64) -> Self {
        match total_followers {
            ..1_000 => Self::Emerging,
            1_000..5_000 => Self::Nano,
            5_000..10_000 => Self::Micro,
            10_000..1_000_000 => Self::Macro,
            _ => Self::Mega,
        }
    }

    /// The followers range `[min, max)` of the tier, for filters.
    pub fn range(self) -> (i64, Option<i64>) {
        match self {
            Self::Emerging => (i64::MIN, Some(1_000)),
            Self::Nano => (1_000, Some(5_000)),
            Self::Micro => (5_000, Some(10_000)),
            Self::Macro => (10_000, Some(1_000_000)),
            Self::Mega => (1_000_000, None),
        }
    }
}

/// Followers and engagement over a set of accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Audience {
    pub followers: i64,
    /// Σ followers × rate over the accounts that state a rate, and Σ followers of those.
    weighted_bp: i128,
    rated_followers: i128,
}

impl Audience {
    pub fn add(&mut self, followers: i64, engagement_bp: Option<i32>) {
        self.followers += followers;
        if let Some(bp) = engagement_bp {
            self.weighted_bp += i128::from(followers) * i128::from(bp);
            self.rated_followers += i128::from(followers);
        }
    }

    pub fn of<'a>(accounts: impl IntoIterator<Item = &'a social_account::Model>) -> Self {
        Self::on(accounts, None)
    }

    /// Over the accounts on `platforms` only (all accounts when None).
    pub fn on<'a>(
        accounts: impl IntoIterator<Item = &'a social_account::Model>,
        platforms: Option<&[Platform]>,
    ) -> Self {
        let mut audience = Self::default();
        for a in accounts {
            if platforms.is_none_or(|p| p.contains(&a.platform)) {
                audience.add(a.followers, a.engagement_rate_bp);
            }
        }
        audience
    }

    /// The followers-weighted engagement rate in basis points, rounded half-up; None when no
    /// account with followers states a rate. Discovery's SQL computes the same expression.
    pub fn engagement_bp(&self) -> Option<i64> {
        (self.rated_followers > 0).then(|| {
            ((2 * self.weighted_bp + self.rated_followers) / (2 * self.rated_followers)) as i64
        })
    }

    pub fn tier(&self) -> CreatorTier {
        CreatorTier::of(self.followers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_boundaries() {
        for (followers, tier) in [
            (0, CreatorTier::Emerging),
            (999, CreatorTier::Emerging),
            (1_000, CreatorTier::Nano),
            (4_999, CreatorTier::Nano),
            (5_000, CreatorTier::Micro),
            (9_999, CreatorTier::Micro),
            (10_000, CreatorTier::Macro),
            (999_999, CreatorTier::Macro),
            (1_000_000, CreatorTier::Mega),
        ] {
            assert_eq!(CreatorTier::of(followers), tier, "{followers}");
        }
    }

    #[test]
    fn engagement_is_weighted_by_followers_over_accounts_that_state_it() {
        let mut a = Audience::default();
        a.add(1_000, Some(500)); // 5%
        a.add(3_000, Some(100)); // 1%
        a.add(50_000, None);
        assert_eq!(a.followers, 54_000);
        assert_eq!(a.engagement_bp(), Some(200)); // (5000 + 3000) / 4000 = 2%
        let mut half = Audience::default();
        half.add(2, Some(1));
        half.add(2, Some(2)); // 1.5 bp rounds half-up to 2
        assert_eq!(half.engagement_bp(), Some(2));
        assert_eq!(Audience::default().engagement_bp(), None);
    }
}
