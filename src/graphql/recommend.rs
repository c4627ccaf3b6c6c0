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

#[derive(SimpleObject)]
pub struct CreatorMatch {
    pub creator: CreatorProfile,
    /// 0 to 100.
    pub score: Decimal,
    pub reasons: Vec<String>,
}

#[derive(SimpleObject)]
pub struct BriefMatch {
    pub brief: Brief,
    /// 0 to 100.
    pub score: Decimal,
    pub reasons: Vec<String>,
}

#[derive(Default)]
pub struct RecommendQuery;

#[Object]
impl RecommendQuery {
    /// For the brief's owner: creators ranked by fit, best first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn recommended_creators(
        &self,
        ctx: &Context<'_>,
        brief_id: ID,
        first: Option<i32>,
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

    /// For a creator: open briefs ranked by fit, best first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn recommended_briefs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
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
