//! Brands in the API.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use entity::{brand, enums::BriefStatus};

use crate::{
    api_keys, brands,
    briefs::discovery::{self, BriefCursor},
    error::AppResult,
    graphql::{
        briefs::Brief,
        context::{loaders, state, viewer},
        ids::{self, Kind},
        insights::{BrandStats, Review, review_page},
        integrations::ApiKey,
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        wallets::{Wallet, wallets_of},
    },
    insights::stats,
    ledger::Account,
    reviews::Subject,
};

/// A company that runs campaigns.
pub struct Brand(pub brand::Model);

#[Object]
impl Brand {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Brand, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }

    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// An http(s) image URL.
    async fn logo_url(&self) -> Option<&str> {
        self.0.logo_url.as_deref()
    }

    #[graphql(complexity = 10)]
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// `openBriefs` counts the OPEN briefs the viewer may read.
    #[graphql(complexity = 20)]
    async fn stats(&self, ctx: &Context<'_>) -> AppResult<BrandStats> {
        let viewer = viewer(ctx).await?;
        Ok(stats::brand(&state(ctx).db, viewer, self.0.id)
            .await?
            .into())
    }

    /// What creators said after completed collaborations, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Review>> {
        review_page(ctx, Subject::Brand(self.0.id), first, after).await
    }

    /// Others see only the brand's PUBLIC briefs that are not DRAFT.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn briefs(
        &self,
        ctx: &Context<'_>,
        status: Option<BriefStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Brief>> {
        let viewer = viewer(ctx).await?;
        let request = PageRequest::<BriefCursor>::new(first, after)?;
        let (rows, total) = discovery::of_brand(
            &state(ctx).db,
            viewer,
            self.0.id,
            status,
            request.after,
            request.fetch_limit(),
            pagination::wants_total(ctx),
        )
        .await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |b| (b.created_at, b.id),
            Brief,
        ))
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// Owner and admins only; null for others.
    #[graphql(complexity = "5 + child_complexity")]
    async fn wallets(&self, ctx: &Context<'_>) -> AppResult<Option<Vec<Wallet>>> {
        let viewer = viewer(ctx).await?;
        if !(viewer.is_admin() || viewer.owns_brand(self.0.id)) {
            return Ok(None);
        }
        wallets_of(ctx, Account::brand(self.0.id)).await.map(Some)
    }

    /// Owner only; null for others.
    #[graphql(complexity = "5 + child_complexity")]
    async fn api_keys(&self, ctx: &Context<'_>) -> AppResult<Option<Vec<ApiKey>>> {
        let viewer = viewer(ctx).await?;
        if !viewer.owns_brand(self.0.id) {
            return Ok(None);
        }
        viewer.require_person("list API keys")?;
        Ok(Some(
            api_keys::list(&state(ctx).db, self.0.id)
                .await?
                .into_iter()
                .map(ApiKey)
                .collect(),
        ))
    }
}

#[derive(InputObject)]
pub struct BrandInput {
    name: MaybeUndefined<String>,
    industry: MaybeUndefined<String>,
    website: MaybeUndefined<String>,
    description: MaybeUndefined<String>,
    /// An http(s) image URL; null or empty removes it.
    logo_url: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct BrandsQuery;

#[Object]
impl BrandsQuery {
    async fn brand(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Brand>> {
        viewer(ctx).await?;
        let Some((Kind::Brand, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        brand_by_id(ctx, uuid).await
    }
}

pub async fn brand_by_id(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<Brand>> {
    Ok(loaders(ctx)
        .brand
        .load_one(id)
        .await
        .map_err(loader_error)?
        .map(Brand))
}

#[derive(Default)]
pub struct BrandsMutation;

#[Object]
impl BrandsMutation {
    async fn update_brand(&self, ctx: &Context<'_>, input: BrandInput) -> AppResult<Brand> {
        let viewer = viewer(ctx).await?;
        let brand = brands::update_brand(
            &state(ctx).db,
            &state(ctx).events,
            viewer,
            brands::BrandPatch {
                name: input.name.into(),
                industry: input.industry.into(),
                website: input.website.into(),
                description: input.description.into(),
                logo_url: input.logo_url.into(),
            },
        )
        .await?;
        Ok(Brand(brand))
    }
}
