//! Whether a creator meets a brief's requirements, and every reason it does not.

use entity::enums::{CreatorKind, Niche, Platform};

use crate::creators::audience::Audience;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IneligibilityReason {
    Kind,
    Niche,
    Platform,
    FollowersBelowMin,
    FollowersAboveMax,
    EngagementBelowMin,
    Country,
    SampleFulfilmentBelowMin,
}

impl IneligibilityReason {
    /// The contract's name of the reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kind => "KIND",
            Self::Niche => "NICHE",
            Self::Platform => "PLATFORM",
            Self::FollowersBelowMin => "FOLLOWERS_BELOW_MIN",
            Self::FollowersAboveMax => "FOLLOWERS_ABOVE_MAX",
            Self::EngagementBelowMin => "ENGAGEMENT_BELOW_MIN",
            Self::Country => "COUNTRY",
            Self::SampleFulfilmentBelowMin => "SAMPLE_FULFILMENT_BELOW_MIN",
        }
    }
}

/// What a brief asks of creators; an empty list or None means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    pub creator_kinds: Vec<CreatorKind>,
    pub niches: Vec<Niche>,
    pub min_followers: Option<i64>,
    pub max_followers: Option<i64>,
    pub min_engagement_bp: Option<i32>,
    pub countries: Vec<String>,
    pub min_sample_fulfilment_bp: Option<i32>,
}

/// What the rules need to know of a creator.
#[derive(Debug, Clone)]
pub struct CreatorFacts {
    pub kind: CreatorKind,
    pub niches: Vec<Niche>,
    pub country: Option<String>,
    /// (platform, followers, engagement in basis points) per social account.
    pub accounts: Vec<(Platform, i64, Option<i32>)>,
    /// Samples fulfilled over samples settled, in basis points; None before the first settles.
    pub sample_fulfilment_bp: Option<i64>,
}

impl CreatorFacts {
    /// Followers and engagement over the accounts on `platforms` (all accounts when empty).
    pub fn audience_on(&self, platforms: &[Platform]) -> Audience {
        let mut audience = Audience::default();
        for &(platform, followers, bp) in &self.accounts {
            if platforms.is_empty() || platforms.contains(&platform) {
                audience.add(followers, bp);
            }
        }
        audience
    }
}

/// The reasons, in the contract's order; empty when eligible. Followers and engagement count only
/// the accounts on the brief's platforms (all accounts if the brief names none).
pub fn check(
    creator: &CreatorFacts,
    requirements: &Requirements,
    brief_platforms: &[Platform],
) -> Vec<IneligibilityReason> {
    use IneligibilityReason as R;
    let mut reasons = Vec::new();
    if !requirements.creator_kinds.is_empty() && !requirements.creator_kinds.contains(&creator.kind)
    {
        reasons.push(R::Kind);
    }
    if !requirements.niches.is_empty()
        && !creator
            .niches
            .iter()
            .any(|n| requirements.niches.contains(n))
    {
        reasons.push(R::Niche);
    }
    if !brief_platforms
        .iter()
        .all(|p| creator.accounts.iter().any(|(ap, _, _)| ap == p))
    {
        reasons.push(R::Platform);
    }
    let audience = creator.audience_on(brief_platforms);
    if requirements
        .min_followers
        .is_some_and(|min| audience.followers < min)
    {
        reasons.push(R::FollowersBelowMin);
    }
    if requirements
        .max_followers
        .is_some_and(|max| audience.followers > max)
    {
        reasons.push(R::FollowersAboveMax);
    }
    if let Some(min) = requirements.min_engagement_bp
        && audience
            .engagement_bp()
            .is_none_or(|bp| bp < i64::from(min))
    {
        reasons.push(R::EngagementBelowMin);
    }
    if !requirements.countries.is_empty()
        && !creator
            .country
            .as_ref()
            .is_some_and(|c| requirements.countries.contains(c))
    {
        reasons.push(R::Country);
    }
    if let Some(min) = requirements.min_sample_fulfilment_bp
        && creator
            .sample_fulfilment_bp
            .is_none_or(|bp| bp < i64::from(min))
    {
        reasons.push(R::SampleFulfilmentBelowMin);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use IneligibilityReason as R;

    fn creator() -> CreatorFacts {
        CreatorFacts {
            kind: CreatorKind::Koc,
            niches: vec![Niche::Beauty, Niche::Food],
            country: Some("VN".into()),
            accounts: vec![
                (Platform::Tiktok, 8_000, Some(600)),
                (Platform::Instagram, 2_000, Some(100)),
                (Platform::Youtube, 100_000, None),
            ],
            sample_fulfilment_bp: None,
        }
    }

    #[test]
    fn no_requirements_means_eligible() {
        assert!(check(&creator(), &Requirements::default(), &[]).is_empty());
    }

    #[test]
    fn each_reason_alone() {
        let c = creator();
        let tiktok = [Platform::Tiktok];
        let cases: Vec<(Requirements, &[Platform], R)> = vec![
            (
                Requirements {
                    creator_kinds: vec![CreatorKind::Kol],
                    ..Default::default()
                },
                &tiktok,
                R::Kind,
            ),
            (
                Requirements {
                    niches: vec![Niche::Tech],
                    ..Default::default()
                },
                &tiktok,
                R::Niche,
            ),
            (Requirements::default(), &[Platform::Shopee], R::Platform),
            (
                Requirements {
                    min_followers: Some(8_001),
                    ..Default::default()
                },
                &tiktok,
                R::FollowersBelowMin,
            ),
            (
                Requirements {
                    max_followers: Some(7_999),
                    ..Default::default()
                },
                &tiktok,
                R::FollowersAboveMax,
            ),
            (
                Requirements {
                    min_engagement_bp: Some(601),
                    ..Default::default()
                },
                &tiktok,
                R::EngagementBelowMin,
            ),
            (
                Requirements {
                    countries: vec!["TH".into()],
                    ..Default::default()
                },
                &tiktok,
                R::Country,
            ),
        ];
        for (req, platforms, reason) in cases {
            assert_eq!(check(&c, &req, platforms), vec![reason]);
        }
        // At the bounds, eligible.
        let req = Requirements {
            min_followers: Some(8_000),
            max_followers: Some(8_000),
            min_engagement_bp: Some(600),
            ..Default::default()
        };
        assert!(check(&c, &req, &tiktok).is_empty());
    }

    #[test]
    fn followers_and_engagement_count_only_the_briefs_platforms() {
        let c = creator();
        let both = [Platform::Tiktok, Platform::Instagram];
        let req = Requirements {
            min_followers: Some(10_000),
            min_engagement_bp: Some(500),
            ..Default::default()
        };
        // 10,000 followers; (8000·600 + 2000·100) / 10000 = 500 bp.
        assert!(check(&c, &req, &both).is_empty());
        // YouTube states no rate: engagement is unknown there, so below any minimum.
        let req = Requirements {
            min_engagement_bp: Some(1),
            ..Default::default()
        };
        assert_eq!(
            check(&c, &req, &[Platform::Youtube]),
            vec![R::EngagementBelowMin]
        );
    }

    #[test]
    fn several_reasons_together_in_order() {
        let mut c = creator();
        c.country = None;
        let req = Requirements {
            creator_kinds: vec![CreatorKind::Kos],
            niches: vec![Niche::Gaming],
            min_followers: Some(1_000_000),
            min_engagement_bp: Some(5_000),
            countries: vec!["VN".into()],
            ..Default::default()
        };
        assert_eq!(
            check(&c, &req, &[Platform::Tiktok, Platform::Zalo]),
            vec![
                R::Kind,
                R::Niche,
                R::Platform,
                R::FollowersBelowMin,
                R::EngagementBelowMin,
                R::Country
            ]
        );
    }
}
