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
    i18n::msg,
    insights::stats,
    ledger::Account,
    reviews::Subject,
};

pub struct Brand(pub brand::Model);

/// A company that runs campaigns: readable by any signed-in user, changed by its brand user.
#[Object]
impl Brand {
    /// Opaque global ID; works with `node(id:)` and `brand(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Brand, self.0.id)
    }

    /// The brand's name, 1 to 100 characters.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Up to 100 characters; null when not given.
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }

    /// An http(s) URL; null when not given.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// An http(s) image URL; null when none.
    async fn logo_url(&self) -> Option<&str> {
        self.0.logo_url.as_deref()
    }

    /// ISO 3166-1 alpha-2, e.g. "VN"; null when not given. A brand in "VN" reads messages and
    /// notifications in Vietnamese unless its user chose a language.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// About the brand, up to 2,000 characters; null when not given.
    #[graphql(complexity = 10)]
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The brand's track record; `openBriefs` counts only the OPEN briefs the viewer may read.
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
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Review>> {
        review_page(ctx, Subject::Brand(self.0.id), first, after).await
    }

    /// Others see only the brand's PUBLIC briefs that are not DRAFT.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn briefs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only briefs in this status.")] status: Option<BriefStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
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

    /// When the brand signed up.
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
        viewer.require_person(msg!("action-list-api-keys"))?;
        Ok(Some(
            api_keys::list(&state(ctx).db, self.0.id)
                .await?
                .into_iter()
                .map(ApiKey)
                .collect(),
        ))
    }
}

/// Changes to the signed-in brand: an absent field stays as it is; null clears it where the field
/// allows.
#[derive(InputObject)]
pub struct BrandInput {
    /// 1 to 100 characters; null is BAD_USER_INPUT.
    name: MaybeUndefined<String>,
    /// Up to 100 characters; null or empty clears it.
    industry: MaybeUndefined<String>,
    /// An http(s) URL; null or empty clears it.
    website: MaybeUndefined<String>,
    /// Up to 2,000 characters; null or empty clears it.
    description: MaybeUndefined<String>,
    /// An http(s) image URL; null or empty removes it.
    logo_url: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2, e.g. "VN" (upper-cased); null or empty clears it.
    country: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct BrandsQuery;

#[Object]
impl BrandsQuery {
    /// A brand by ID; null when there is none.
    async fn brand(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Brand ID.")] id: ID,
    ) -> AppResult<Option<Brand>> {
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
    /// The signed-in brand user changes its brand (FORBIDDEN for other roles).
    async fn update_brand(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change.")] input: BrandInput,
    ) -> AppResult<Brand> {
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
                country: input.country.into(),
            },
        )
        .await?;
        Ok(Brand(brand))
    }
}
