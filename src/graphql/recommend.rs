//! `recommendedCreators` and `recommendedBriefs`: see `crate::recommend` for the score.

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::{
    error::AppResult,
    graphql::{
        briefs::Brief,
        context::{state, viewer},
        creators::CreatorProfile,
        ids::{self, Kind},
        pagination::{self, page_size},
        scalars::Decimal,
    },
    recommend,
};

/// A creator ranked for a brief.
#[derive(SimpleObject)]
pub struct CreatorMatch {
    /// A creator that meets every requirement of the brief and has no proposal on it yet.
    pub creator: CreatorProfile,
    /// Fit, 0 to 100 with 2 decimals: niche overlap (30), engagement (30), past conversion (15),
    /// on-time rate (15) and rating (10).
    pub score: Decimal,
    /// What raised the score, in plain words, e.g. "niche match: BEAUTY", "engagement 6.2% vs 3%
    /// asked".
    pub reasons: Vec<String>,
}

/// A brief ranked for a creator.
#[derive(SimpleObject)]
pub struct BriefMatch {
    /// An OPEN, PUBLIC brief with a free slot, whose requirements the creator meets and that it has
    /// no proposal on.
    pub brief: Brief,
    /// Fit, 0 to 100 with 2 decimals: niche overlap (30), engagement (30), past conversion (15),
    /// on-time rate (15) and the brand's rating (10).
    pub score: Decimal,
    /// What raised the score, in plain words, e.g. "niche match: FOOD", "brand rated 4.5 from 3
    /// reviews".
    pub reasons: Vec<String>,
}

#[derive(Default)]
pub struct RecommendQuery;

#[Object]
impl RecommendQuery {
    /// For the brief's brand and admins (FORBIDDEN for others): eligible creators without a
    /// proposal on the brief, ranked by fit, best first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn recommended_creators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Brief; NOT_FOUND when the viewer cannot see it.")] brief_id: ID,
        #[graphql(desc = "How many: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")] first: Option<i32>,
    ) -> AppResult<Vec<CreatorMatch>> {
        let viewer = viewer(ctx).await?;
        let first = page_size(first)?;
        let id = ids::expect("briefId", &brief_id, Kind::Brief)?;
        let ranked = recommend::creators_for(&state(ctx).db, viewer, id, first).await?;
        Ok(ranked
            .into_iter()
            .map(|r| CreatorMatch {
                creator: CreatorProfile(r.item),
                score: Decimal(r.score),
                reasons: r.reasons,
            })
            .collect())
    }

    /// For creators (FORBIDDEN for others): open briefs they are eligible for, with a free slot and
    /// no proposal of theirs, ranked by fit, best first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn recommended_briefs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")] first: Option<i32>,
    ) -> AppResult<Vec<BriefMatch>> {
        let viewer = viewer(ctx).await?;
        let first = page_size(first)?;
        let ranked = recommend::briefs_for(&state(ctx).db, viewer, first).await?;
        Ok(ranked
            .into_iter()
            .map(|r| BriefMatch {
                brief: Brief(r.item),
                score: Decimal(r.score),
                reasons: r.reasons,
            })
            .collect())
    }
}
