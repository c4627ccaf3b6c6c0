//! Creators in the API: profiles, social accounts, rate cards and discovery.

use super::scalars::Time;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use entity::{
    creator_profile,
    enums::{CreatorKind, DeliverableType, Niche, Platform},
    rate_card_item, social_account,
};

use crate::{
    creators::{
        self,
        audience::{self, Audience},
        discovery::{self, CreatorCursor},
    },
    error::AppResult,
    graphql::{
        context::{loaders, state, viewer},
        ids::{self, Kind},
        inputs,
        insights::{CreatorStats, Review, review_page},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Decimal, Money, MoneyInput},
        wallets::{PayoutMethod, Wallet, payout_methods_of, wallets_of},
    },
    insights::stats,
    ledger::Account,
    money::{self, Money as MoneyValue},
    reviews::Subject,
    search, text,
};

/// A creator's public profile.
pub struct CreatorProfile(pub creator_profile::Model);

impl CreatorProfile {
    async fn accounts(&self, ctx: &Context<'_>) -> AppResult<Vec<social_account::Model>> {
        Ok(loaders(ctx)
            .social_accounts
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default())
    }

    async fn audience(&self, ctx: &Context<'_>) -> AppResult<Audience> {
        Ok(Audience::of(&self.accounts(ctx).await?))
    }
}

#[Object]
impl CreatorProfile {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::CreatorProfile, self.0.id)
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    #[graphql(complexity = 10)]
    async fn bio(&self) -> Option<&str> {
        self.0.bio.as_deref()
    }

    async fn kind(&self) -> CreatorKind {
        self.0.kind
    }

    async fn niches(&self, ctx: &Context<'_>) -> AppResult<Vec<Niche>> {
        Ok(loaders(ctx)
            .niches
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default())
    }

    /// ISO 3166-1 alpha-2, e.g. "VN".
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }

    /// An http(s) image URL.
    async fn avatar_url(&self) -> Option<&str> {
        self.0.avatar_url.as_deref()
    }

    /// BCP 47 tags, e.g. ["vi", "en"].
    async fn languages(&self) -> Vec<String> {
        creators::languages_of(&self.0)
    }

    async fn social_accounts(&self, ctx: &Context<'_>) -> AppResult<Vec<SocialAccount>> {
        Ok(self
            .accounts(ctx)
            .await?
            .into_iter()
            .map(SocialAccount)
            .collect())
    }

    async fn total_followers(&self, ctx: &Context<'_>) -> AppResult<i32> {
        Ok(clamp(self.audience(ctx).await?.followers))
    }

    async fn tier(&self, ctx: &Context<'_>) -> AppResult<CreatorTier> {
        Ok(self.audience(ctx).await?.tier().into())
    }

    /// Percent; followers-weighted average over accounts that state a rate.
    async fn engagement_rate(&self, ctx: &Context<'_>) -> AppResult<Option<Decimal>> {
        Ok(self
            .audience(ctx)
            .await?
            .engagement_bp()
            .map(|bp| Decimal(money::rate(bp as i32))))
    }

    async fn rate_card(&self, ctx: &Context<'_>) -> AppResult<Vec<RateCardItem>> {
        Ok(loaders(ctx)
            .rate_card
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default()
            .into_iter()
            .map(RateCardItem::from)
            .collect())
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    #[graphql(complexity = 20)]
    async fn stats(&self, ctx: &Context<'_>) -> AppResult<CreatorStats> {
        Ok(stats::creator(&state(ctx).db, self.0.id).await?.into())
    }

    /// What brands said after completed collaborations, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Review>> {
        review_page(ctx, Subject::Creator(self.0.id), first, after).await
    }

    /// The creator and admins only; null for others.
    #[graphql(complexity = "5 + child_complexity")]
    async fn wallets(&self, ctx: &Context<'_>) -> AppResult<Option<Vec<Wallet>>> {
        if !self.is_self_or_admin(ctx).await? {
            return Ok(None);
        }
        wallets_of(ctx, Account::creator(self.0.id)).await.map(Some)
    }

    /// The creator and admins only; null for others.
    #[graphql(complexity = "5 + child_complexity")]
    async fn payout_methods(&self, ctx: &Context<'_>) -> AppResult<Option<Vec<PayoutMethod>>> {
        if !self.is_self_or_admin(ctx).await? {
            return Ok(None);
        }
        payout_methods_of(ctx, self.0.id).await.map(Some)
    }
}

impl CreatorProfile {
    async fn is_self_or_admin(&self, ctx: &Context<'_>) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        Ok(viewer.is_admin() || viewer.creator_id == Some(self.0.id))
    }
}

/// Counts in the API are 32-bit; a larger stored count reads as the largest.
pub fn clamp(n: i64) -> i32 {
    n.clamp(0, i64::from(i32::MAX)) as i32
}

pub struct SocialAccount(pub social_account::Model);

#[Object]
impl SocialAccount {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::SocialAccount, self.0.id)
    }

    async fn platform(&self) -> Platform {
        self.0.platform
    }

    async fn handle(&self) -> &str {
        &self.0.handle
    }

    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    async fn followers(&self) -> i32 {
        clamp(self.0.followers)
    }

    async fn avg_views(&self) -> Option<i32> {
        self.0.avg_views.map(clamp)
    }

    /// Percent.
    async fn engagement_rate(&self) -> Option<Decimal> {
        self.0.engagement_rate_bp.map(|bp| Decimal(money::rate(bp)))
    }
}

#[derive(SimpleObject)]
pub struct RateCardItem {
    deliverable_type: DeliverableType,
    platform: Platform,
    price: Money,
}

impl From<rate_card_item::Model> for RateCardItem {
    fn from(m: rate_card_item::Model) -> Self {
        Self {
            deliverable_type: m.deliverable_type,
            platform: m.platform,
            price: MoneyValue::new(m.price_minor, m.currency).into(),
        }
    }
}

#[derive(InputObject)]
pub struct CreatorProfileInput {
    display_name: MaybeUndefined<String>,
    bio: MaybeUndefined<String>,
    kind: MaybeUndefined<CreatorKind>,
    niches: MaybeUndefined<Vec<Niche>>,
    country: MaybeUndefined<String>,
    city: MaybeUndefined<String>,
    languages: MaybeUndefined<Vec<String>>,
    /// An http(s) image URL; null or empty removes it.
    avatar_url: MaybeUndefined<String>,
}

#[derive(InputObject)]
pub struct SocialAccountInput {
    platform: Platform,
    handle: String,
    url: Option<String>,
    followers: i32,
    avg_views: Option<i32>,
    engagement_rate: Option<Decimal>,
}

impl From<SocialAccountInput> for creators::SocialAccountInput {
    fn from(i: SocialAccountInput) -> Self {
        Self {
            platform: i.platform,
            handle: i.handle,
            url: i.url,
            followers: i.followers,
            avg_views: i.avg_views,
            engagement_rate: i.engagement_rate.map(|d| d.0),
        }
    }
}

#[derive(InputObject)]
pub struct RateCardItemInput {
    deliverable_type: DeliverableType,
    platform: Platform,
    price: MoneyInput,
}

/// Audience size class, derived from total followers across all social accounts.
#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "audience::CreatorTier")]
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

#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "discovery::CreatorOrder")]
pub enum CreatorOrder {
    FollowersDesc,
    EngagementRateDesc,
    RatingDesc,
    Newest,
}

#[derive(InputObject, Default)]
pub struct CreatorFilter {
    kinds: Option<Vec<CreatorKind>>,
    niches: Option<Vec<Niche>>,
    platforms: Option<Vec<Platform>>,
    tiers: Option<Vec<CreatorTier>>,
    min_followers: Option<i32>,
    max_followers: Option<i32>,
    min_engagement_rate: Option<Decimal>,
    country: Option<String>,
    /// Case- and diacritics-insensitive, over display name and bio.
    search: Option<String>,
}

impl CreatorFilter {
    fn validate(self) -> AppResult<discovery::CreatorFilter> {
        let country = match self.country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(text::country("filter.country", c)?),
        };
        Ok(discovery::CreatorFilter {
            kinds: inputs::distinct(self.kinds),
            niches: inputs::distinct(self.niches),
            platforms: inputs::distinct(self.platforms),
            tiers: inputs::distinct(self.tiers)
                .into_iter()
                .map(Into::into)
                .collect(),
            min_followers: self.min_followers.map(i64::from),
            max_followers: self.max_followers.map(i64::from),
            min_engagement_bp: self
                .min_engagement_rate
                .map(|r| money::parse_rate("filter.minEngagementRate", r.0, true))
                .transpose()?,
            country,
            search: search::query("filter.search", self.search)?,
        })
    }
}

#[derive(Default)]
pub struct CreatorsQuery;

#[Object]
impl CreatorsQuery {
    async fn creator(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<CreatorProfile>> {
        viewer(ctx).await?;
        let Some((Kind::CreatorProfile, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        creator_by_id(ctx, uuid).await
    }

    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn creators(
        &self,
        ctx: &Context<'_>,
        filter: Option<CreatorFilter>,
        // Nullable as in the contract: an omitted variable or an explicit null means the default
        // (a non-null argument made an omitted `$order` variable an execution error).
        #[graphql(default_with = "by_followers()")] order_by: Option<CreatorOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<CreatorProfile>> {
        viewer(ctx).await?;
        let request = PageRequest::<CreatorCursor>::new(first, after)?;
        let filter = filter.unwrap_or_default().validate()?;
        let (rows, total) = discovery::list(
            &state(ctx).db,
            &filter,
            order_by.unwrap_or(CreatorOrder::FollowersDesc).into(),
            request.after,
            request.fetch_limit(),
            pagination::wants_total(ctx),
        )
        .await?;
        let ids: Vec<_> = rows.iter().map(|(id, _)| *id).collect();
        prefetch(ctx, &ids).await?;
        let mut profiles = loaders(ctx)
            .creator_profile
            .load_many(ids)
            .await
            .map_err(loader_error)?;
        let rows: Vec<_> = rows
            .into_iter()
            .filter_map(|(id, cursor)| profiles.remove(&id).map(|p| (p, cursor)))
            .collect();
        Ok(pagination::build(
            rows,
            &request,
            total,
            |(_, c)| *c,
            |(p, _)| CreatorProfile(p),
        ))
    }
}

/// Loads, in one query per relation, what the page's nodes will ask for, so that the node
/// resolvers find it in the request's loader caches whatever the page size.
async fn prefetch(ctx: &Context<'_>, ids: &[uuid::Uuid]) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let wants = |f: &str| pagination::nodes_select(ctx, &[f]);
    let l = loaders(ctx);
    let audience = ["socialAccounts", "totalFollowers", "tier", "engagementRate"];
    let (a, n, r) = futures_util::join!(
        async {
            if audience.iter().any(|f| wants(f)) {
                l.social_accounts.load_many(ids.iter().copied()).await?;
            }
            Ok::<_, crate::graphql::loaders::LoadError>(())
        },
        async {
            if wants("niches") {
                l.niches.load_many(ids.iter().copied()).await?;
            }
            Ok(())
        },
        async {
            if wants("rateCard") {
                l.rate_card.load_many(ids.iter().copied()).await?;
            }
            Ok(())
        },
    );
    a.and(n).and(r).map_err(loader_error)
}

/// The default order of `creators`.
fn by_followers() -> Option<CreatorOrder> {
    Some(CreatorOrder::FollowersDesc)
}

pub async fn creator_by_id(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<CreatorProfile>> {
    Ok(loaders(ctx)
        .creator_profile
        .load_one(id)
        .await
        .map_err(loader_error)?
        .map(CreatorProfile))
}

#[derive(Default)]
pub struct CreatorsMutation;

#[Object]
impl CreatorsMutation {
    async fn update_creator_profile(
        &self,
        ctx: &Context<'_>,
        input: CreatorProfileInput,
    ) -> AppResult<CreatorProfile> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        let profile = creators::update_profile(
            &state(ctx).db,
            &state(ctx).events,
            viewer,
            creators::ProfilePatch {
                display_name: input.display_name.into(),
                bio: input.bio.into(),
                kind: input.kind.into(),
                niches: input.niches.into(),
                country: input.country.into(),
                city: input.city.into(),
                languages: input.languages.into(),
                avatar_url: input.avatar_url.into(),
            },
        )
        .await?;
        Ok(CreatorProfile(profile))
    }

    async fn add_social_account(
        &self,
        ctx: &Context<'_>,
        input: SocialAccountInput,
    ) -> AppResult<SocialAccount> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        Ok(SocialAccount(
            creators::add_social_account(&state(ctx).db, &state(ctx).events, viewer, input.into())
                .await?,
        ))
    }

    async fn update_social_account(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: SocialAccountInput,
    ) -> AppResult<SocialAccount> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        let id = ids::expect("id", &id, Kind::SocialAccount)?;
        Ok(SocialAccount(
            creators::update_social_account(
                &state(ctx).db,
                &state(ctx).events,
                viewer,
                id,
                input.into(),
            )
            .await?,
        ))
    }

    async fn remove_social_account(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        let id = ids::expect("id", &id, Kind::SocialAccount)?;
        creators::remove_social_account(&state(ctx).db, &state(ctx).events, viewer, id).await?;
        Ok(true)
    }

    /// Replaces the whole rate card.
    async fn set_rate_card(
        &self,
        ctx: &Context<'_>,
        items: Vec<RateCardItemInput>,
    ) -> AppResult<CreatorProfile> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        let lines = items
            .into_iter()
            .map(|i| creators::RateCardLine {
                deliverable_type: i.deliverable_type,
                platform: i.platform,
                price: i.price.amount.0,
                currency: i.price.currency,
            })
            .collect();
        Ok(CreatorProfile(
            creators::set_rate_card(&state(ctx).db, &state(ctx).events, viewer, lines).await?,
        ))
    }
}
