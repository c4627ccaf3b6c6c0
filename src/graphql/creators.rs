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

/// A creator's public profile: readable by any signed-in user, changed by its creator.
#[Object]
impl CreatorProfile {
    /// Opaque global ID; works with `node(id:)` and `creator(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::CreatorProfile, self.0.id)
    }

    /// The name brands see, 1 to 100 characters.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// About the creator, up to 2,000 characters; null when not given.
    #[graphql(complexity = 10)]
    async fn bio(&self) -> Option<&str> {
        self.0.bio.as_deref()
    }

    /// KOL, KOC or KOS; KOC until the creator changes it.
    async fn kind(&self) -> CreatorKind {
        self.0.kind
    }

    /// What the creator makes content about; at most 5.
    async fn niches(&self, ctx: &Context<'_>) -> AppResult<Vec<Niche>> {
        Ok(loaders(ctx)
            .niches
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default())
    }

    /// ISO 3166-1 alpha-2, e.g. "VN"; null when not given.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// Up to 100 characters; null when not given.
    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }

    /// An http(s) image URL; null when none.
    async fn avatar_url(&self) -> Option<&str> {
        self.0.avatar_url.as_deref()
    }

    /// BCP 47 tags, e.g. ["vi", "en"].
    async fn languages(&self) -> Vec<String> {
        creators::languages_of(&self.0)
    }

    /// The creator's accounts on the platforms, at most 20.
    async fn social_accounts(&self, ctx: &Context<'_>) -> AppResult<Vec<SocialAccount>> {
        Ok(self
            .accounts(ctx)
            .await?
            .into_iter()
            .map(SocialAccount)
            .collect())
    }

    /// Followers summed over all social accounts.
    async fn total_followers(&self, ctx: &Context<'_>) -> AppResult<i32> {
        Ok(clamp(self.audience(ctx).await?.followers))
    }

    /// Audience size class, from totalFollowers.
    async fn tier(&self, ctx: &Context<'_>) -> AppResult<CreatorTier> {
        Ok(self.audience(ctx).await?.tier().into())
    }

    /// Engagement rate, percent, 0 to 100: the followers-weighted average over the accounts that
    /// state a rate; null when none does.
    async fn engagement_rate(&self, ctx: &Context<'_>) -> AppResult<Option<Decimal>> {
        Ok(self
            .audience(ctx)
            .await?
            .engagement_bp()
            .map(|bp| Decimal(money::rate(bp as i32))))
    }

    /// The creator's asking prices, one per deliverable type and platform.
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

    /// When the creator signed up.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// Figures computed from the creator's collaborations, deliverables, conversions and reviews.
    #[graphql(complexity = 20)]
    async fn stats(&self, ctx: &Context<'_>) -> AppResult<CreatorStats> {
        let db = &state(ctx).db;
        Ok(CreatorStats::of(
            stats::creator(db, self.0.id).await?,
            crate::livestreams::creator_live(db, self.0.id)
                .await?
                .into(),
        ))
    }

    /// What brands said after completed collaborations, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
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

/// One of a creator's accounts on a platform, as the creator reports it. Readable by any signed-in
/// user.
#[Object]
impl SocialAccount {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::SocialAccount, self.0.id)
    }

    /// Where the account is.
    async fn platform(&self) -> Platform {
        self.0.platform
    }

    /// The account's name on the platform, without spaces.
    async fn handle(&self) -> &str {
        &self.0.handle
    }

    /// An http(s) link to the account; null when not given.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// Followers, as the creator reports them.
    async fn followers(&self) -> i32 {
        clamp(self.0.followers)
    }

    /// Average views per post, as the creator reports them; null when not given.
    async fn avg_views(&self) -> Option<i32> {
        self.0.avg_views.map(clamp)
    }

    /// Engagement rate as the creator reports it, percent, 0 to 100; null when not given.
    async fn engagement_rate(&self) -> Option<Decimal> {
        self.0.engagement_rate_bp.map(|bp| Decimal(money::rate(bp)))
    }
}

/// A creator's asking price for one deliverable type on one platform.
#[derive(SimpleObject)]
pub struct RateCardItem {
    /// The kind of content priced.
    deliverable_type: DeliverableType,
    /// The platform it is published on.
    platform: Platform,
    /// The asking price, in the currency the creator chose.
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

/// Changes to the signed-in creator's profile: an absent field stays as it is; null clears it where
/// the field allows.
#[derive(InputObject)]
pub struct CreatorProfileInput {
    /// 1 to 100 characters; null is BAD_USER_INPUT.
    display_name: MaybeUndefined<String>,
    /// Up to 2,000 characters; null or empty clears it.
    bio: MaybeUndefined<String>,
    /// KOL, KOC or KOS; null is BAD_USER_INPUT.
    kind: MaybeUndefined<CreatorKind>,
    /// At most 5; null clears them.
    niches: MaybeUndefined<Vec<Niche>>,
    /// ISO 3166-1 alpha-2, e.g. "VN" (upper-cased); null clears it.
    country: MaybeUndefined<String>,
    /// Up to 100 characters; null clears it.
    city: MaybeUndefined<String>,
    /// BCP 47 tags, at most 10, normalised ("EN-us" becomes "en-US"); null clears them.
    languages: MaybeUndefined<Vec<String>>,
    /// An http(s) image URL; null or empty removes it.
    avatar_url: MaybeUndefined<String>,
}

/// A social account of the signed-in creator, as it is on the platform.
#[derive(InputObject)]
pub struct SocialAccountInput {
    /// Where the account is.
    platform: Platform,
    /// 1 to 100 characters, no spaces; one platform and handle (case-insensitive) once per creator,
    /// else CONFLICT.
    handle: String,
    /// An http(s) link to the account; null or empty for none.
    url: Option<String>,
    /// Followers, 0 or more.
    followers: i32,
    /// Average views per post, 0 or more; null when unknown.
    avg_views: Option<i32>,
    /// Engagement rate, percent, 0 to 100, at most 2 decimals; null when unknown.
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

/// One line of a rate card.
#[derive(InputObject)]
pub struct RateCardItemInput {
    /// The kind of content priced.
    deliverable_type: DeliverableType,
    /// The platform it is published on; one line per (type, platform).
    platform: Platform,
    /// The asking price, in any currency, with no more decimals than the currency has.
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

/// How `creators` is ordered; ties go by ID.
#[derive(Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "discovery::CreatorOrder")]
pub enum CreatorOrder {
    /// Most followers (over all accounts) first.
    FollowersDesc,
    /// Highest engagement rate first; creators without one last.
    EngagementRateDesc,
    /// Best average rating from brands first; unrated creators last.
    RatingDesc,
    /// Newest profiles first.
    Newest,
    /// Most confirmed livestream revenue (CreatorStats.livestreams, its VND part) first: KOS
    /// ranked by what their ENDED sessions sold; creators without any last.
    LivestreamRevenueDesc,
    /// Highest livestream conversion rate (CreatorStats.livestreams.conversionRate) first;
    /// creators without an ENDED session with viewers last.
    LivestreamConversionDesc,
}

/// Narrows `creators`: every field given must hold; a list matches any of its values.
#[derive(InputObject, Default)]
pub struct CreatorFilter {
    /// Creators of any of these kinds.
    kinds: Option<Vec<CreatorKind>>,
    /// Creators with any of these niches.
    niches: Option<Vec<Niche>>,
    /// Creators with an account on any of these platforms.
    platforms: Option<Vec<Platform>>,
    /// Creators in any of these tiers.
    tiers: Option<Vec<CreatorTier>>,
    /// At least this many followers, over all accounts.
    min_followers: Option<i32>,
    /// At most this many followers, over all accounts.
    max_followers: Option<i32>,
    /// Engagement rate at least this, percent, 0 to 100; creators without a rate are left out.
    min_engagement_rate: Option<Decimal>,
    /// Creators in this country: ISO 3166-1 alpha-2, e.g. "VN".
    country: Option<String>,
    /// Case- and diacritics-insensitive, over display name and bio; up to 200 characters.
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
    /// A creator's public profile; null when there is none.
    async fn creator(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A CreatorProfile ID.")] id: ID,
    ) -> AppResult<Option<CreatorProfile>> {
        viewer(ctx).await?;
        let Some((Kind::CreatorProfile, uuid)) = ids::decode(&id) else {
            return Ok(None);
        };
        creator_by_id(ctx, uuid).await
    }

    /// Creator discovery for signed-in users: the creators `filter` matches, suspended ones left
    /// out.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn creators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "All creators when omitted.")] filter: Option<CreatorFilter>,
        // Nullable as in the contract: an omitted variable or an explicit null means the default
        // (a non-null argument made an omitted `$order` variable an execution error).
        #[graphql(
            default_with = "by_followers()",
            desc = "Sort order: FOLLOWERS_DESC when omitted or null."
        )]
        order_by: Option<CreatorOrder>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
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
    /// The signed-in creator changes its profile (FORBIDDEN for other roles).
    async fn update_creator_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change.")] input: CreatorProfileInput,
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

    /// The signed-in creator adds a social account: at most 20; the same platform and handle twice
    /// is CONFLICT.
    async fn add_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account.")] input: SocialAccountInput,
    ) -> AppResult<SocialAccount> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        Ok(SocialAccount(
            creators::add_social_account(&state(ctx).db, &state(ctx).events, viewer, input.into())
                .await?,
        ))
    }

    /// The signed-in creator rewrites one of its social accounts; another creator's is NOT_FOUND.
    async fn update_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The SocialAccount to change.")] id: ID,
        #[graphql(desc = "Its new fields, all of them.")] input: SocialAccountInput,
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

    /// The signed-in creator removes one of its social accounts; true once removed.
    async fn remove_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The SocialAccount to remove.")] id: ID,
    ) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        loaders(ctx).forget_creator_relations();
        let id = ids::expect("id", &id, Kind::SocialAccount)?;
        creators::remove_social_account(&state(ctx).db, &state(ctx).events, viewer, id).await?;
        Ok(true)
    }

    /// The signed-in creator replaces its whole rate card: at most 50 lines, one per (type,
    /// platform).
    async fn set_rate_card(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new rate card; [] empties it.")] items: Vec<RateCardItemInput>,
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
