//! Creators: their profile, social accounts and rate card, and finding them.

pub mod audience;
pub mod discovery;
pub mod eligibility;
pub mod samples;

use std::collections::HashSet;

use entity::{
    creator_niche, creator_profile,
    enums::{CreatorKind, CurrencyCode, DeliverableType, Niche, Platform, Role},
    rate_card_item, social_account,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, SqlErr,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    money::{self, Money},
    patch::Patch,
    search, text,
    work::Work,
};

pub const MAX_DISPLAY_NAME: usize = 100;
pub const MAX_BIO: usize = 2_000;
pub const MAX_CITY: usize = 100;
pub const MAX_HANDLE: usize = 100;
pub const MAX_NICHES: usize = 5;
pub const MAX_LANGUAGES: usize = 10;
pub const MAX_SOCIAL_ACCOUNTS: u64 = 20;
pub const MAX_RATE_CARD_ITEMS: usize = 50;

/// Changes to a profile: an absent field stays as it is; null clears an optional one.
#[derive(Default)]
pub struct ProfilePatch {
    pub display_name: Patch<String>,
    pub bio: Patch<String>,
    pub kind: Patch<CreatorKind>,
    pub niches: Patch<Vec<Niche>>,
    pub country: Patch<String>,
    pub city: Patch<String>,
    pub languages: Patch<Vec<String>>,
    pub avatar_url: Patch<String>,
}

pub struct SocialAccountInput {
    pub platform: Platform,
    pub handle: String,
    pub url: Option<String>,
    pub followers: i32,
    pub avg_views: Option<i32>,
    pub engagement_rate: Option<Decimal>,
}

pub struct RateCardLine {
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    pub price: Decimal,
    pub currency: CurrencyCode,
}

/// The viewer's own profile: FORBIDDEN for non-creators.
pub async fn own_profile(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    action: Msg,
) -> AppResult<creator_profile::Model> {
    viewer.require(Role::Creator, action)?;
    creator_profile::Entity::find()
        .filter(creator_profile::Column::UserId.eq(viewer.user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("creator profile"))
}

pub fn languages_of(profile: &creator_profile::Model) -> Vec<String> {
    profile
        .languages
        .split(',')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn update_profile(
    db: &sea_orm::DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    patch: ProfilePatch,
) -> AppResult<creator_profile::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let profile = own_profile(txn, viewer, msg!("action-edit-a-creator-profile")).await?;
    let mut row: creator_profile::ActiveModel = profile.clone().into();
    let mut display_name = profile.display_name.clone();
    let mut bio = profile.bio.clone();
    match &patch.display_name {
        Patch::Keep => {}
        Patch::Clear => {
            return Err(AppError::bad_input(
                "input.displayName",
                msg!("must-not-be-null"),
            ));
        }
        Patch::Set(name) => {
            display_name = text::required("input.displayName", name, MAX_DISPLAY_NAME)?
        }
    }
    match &patch.bio {
        Patch::Keep => {}
        Patch::Clear => bio = None,
        Patch::Set(b) => bio = text::optional("input.bio", Some(b), MAX_BIO)?,
    }
    match patch.kind {
        Patch::Set(kind) => row.kind = Set(kind),
        Patch::Clear => return Err(AppError::bad_input("input.kind", msg!("must-not-be-null"))),
        Patch::Keep => {}
    }
    match &patch.country {
        Patch::Keep => {}
        Patch::Clear => row.country = Set(None),
        Patch::Set(c) => row.country = Set(text::optional_country("input.country", c)?),
    }
    if let Some(avatar) = patch.avatar_url.as_ref().change() {
        row.avatar_url =
            Set(avatar.map_or(Ok(None), |a| text::optional_http_url("input.avatarUrl", a))?);
    }
    match &patch.city {
        Patch::Keep => {}
        Patch::Clear => row.city = Set(None),
        Patch::Set(c) => row.city = Set(text::optional("input.city", Some(c), MAX_CITY)?),
    }
    match &patch.languages {
        Patch::Keep => {}
        Patch::Clear => row.languages = Set(String::new()),
        Patch::Set(tags) => {
            if tags.len() > MAX_LANGUAGES {
                return Err(AppError::bad_input(
                    "input.languages",
                    msg!("languages-too-many", max = MAX_LANGUAGES),
                ));
            }
            let mut seen = Vec::new();
            for (i, tag) in tags.iter().enumerate() {
                let tag = text::language_tag(&format!("input.languages.{i}"), tag)?;
                if !seen.contains(&tag) {
                    seen.push(tag);
                }
            }
            row.languages = Set(seen.join(","));
        }
    }
    row.display_name = Set(display_name.clone());
    row.bio = Set(bio.clone());
    row.search_text = Set(search::fold(&format!(
        "{display_name} {}",
        bio.as_deref().unwrap_or_default()
    )));
    row.updated_at = Set(clock::now());
    let updated = row.update(txn).await?;

    match patch.niches {
        Patch::Keep => {}
        Patch::Clear => set_niches(txn, profile.id, &[]).await?,
        Patch::Set(niches) => {
            let distinct: Vec<Niche> = niches
                .iter()
                .copied()
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            if distinct.len() > MAX_NICHES {
                return Err(AppError::bad_input(
                    "input.niches",
                    msg!("niches-too-many", max = MAX_NICHES),
                ));
            }
            set_niches(txn, profile.id, &distinct).await?;
        }
    }
    work.commit().await?;
    Ok(updated)
}

async fn set_niches(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
    niches: &[Niche],
) -> AppResult<()> {
    creator_niche::Entity::delete_many()
        .filter(creator_niche::Column::CreatorId.eq(creator_id))
        .exec(db)
        .await?;
    if !niches.is_empty() {
        creator_niche::Entity::insert_many(niches.iter().map(|&niche| {
            creator_niche::ActiveModel {
                creator_id: Set(creator_id),
                niche: Set(niche),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

struct ValidAccount {
    platform: Platform,
    handle: String,
    url: Option<String>,
    followers: i64,
    avg_views: Option<i64>,
    engagement_rate_bp: Option<i32>,
}

fn validate_account(input: SocialAccountInput) -> AppResult<ValidAccount> {
    let handle = text::required("input.handle", &input.handle, MAX_HANDLE)?;
    if handle.chars().any(char::is_whitespace) {
        return Err(AppError::bad_input("input.handle", msg!("handle-spaces")));
    }
    let url = match input.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => Some(text::http_url("input.url", u)?),
    };
    if input.followers < 0 {
        return Err(AppError::bad_input("input.followers", msg!("zero-or-more")));
    }
    if input.avg_views.is_some_and(|v| v < 0) {
        return Err(AppError::bad_input("input.avgViews", msg!("zero-or-more")));
    }
    let engagement_rate_bp = input
        .engagement_rate
        .map(|r| money::parse_rate("input.engagementRate", r, true))
        .transpose()?;
    Ok(ValidAccount {
        platform: input.platform,
        handle,
        url,
        followers: i64::from(input.followers),
        avg_views: input.avg_views.map(i64::from),
        engagement_rate_bp,
    })
}

fn duplicate_account(err: sea_orm::DbErr) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::conflict_on("input.handle", msg!("social-account-taken"))
        }
        _ => err.into(),
    }
}

pub async fn add_social_account(
    db: &sea_orm::DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    input: SocialAccountInput,
) -> AppResult<social_account::Model> {
    let account = validate_account(input)?;
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let profile = own_profile(txn, viewer, msg!("action-add-social-accounts")).await?;
    let count = social_account::Entity::find()
        .filter(social_account::Column::CreatorId.eq(profile.id))
        .count(txn)
        .await?;
    if count >= MAX_SOCIAL_ACCOUNTS {
        return Err(AppError::conflict(msg!(
            "social-accounts-too-many",
            max = MAX_SOCIAL_ACCOUNTS
        )));
    }
    let now = clock::now();
    let model = social_account::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(profile.id),
        platform: Set(account.platform),
        handle_key: Set(account.handle.to_lowercase()),
        handle: Set(account.handle),
        url: Set(account.url),
        followers: Set(account.followers),
        avg_views: Set(account.avg_views),
        engagement_rate_bp: Set(account.engagement_rate_bp),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(duplicate_account)?;
    refresh_audience(txn, profile.id).await?;
    work.commit().await?;
    Ok(model)
}

/// One of the viewer's own accounts; NOT_FOUND for anyone else's.
async fn own_account(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    action: Msg,
) -> AppResult<social_account::Model> {
    let profile = own_profile(db, viewer, action).await?;
    social_account::Entity::find_by_id(id)
        .filter(social_account::Column::CreatorId.eq(profile.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("social account"))
}

/// Rewrites the profile's audience columns from its social accounts. Every change to an account
/// calls this in the same transaction, so discovery's copy never disagrees with the accounts.
pub async fn refresh_audience(db: &impl ConnectionTrait, creator_id: Uuid) -> AppResult<()> {
    let accounts = social_account::Entity::find()
        .filter(social_account::Column::CreatorId.eq(creator_id))
        .all(db)
        .await?;
    let audience = audience::Audience::of(&accounts);
    creator_profile::Entity::update_many()
        .col_expr(
            creator_profile::Column::AudienceFollowers,
            sea_orm::sea_query::Expr::value(audience.followers),
        )
        .col_expr(
            creator_profile::Column::AudienceEngagementBp,
            sea_orm::sea_query::Expr::value(audience.engagement_bp()),
        )
        .filter(creator_profile::Column::Id.eq(creator_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn update_social_account(
    db: &sea_orm::DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
    input: SocialAccountInput,
) -> AppResult<social_account::Model> {
    let account = validate_account(input)?;
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let existing = own_account(txn, viewer, id, msg!("action-edit-social-accounts")).await?;
    let mut row: social_account::ActiveModel = existing.into();
    row.platform = Set(account.platform);
    row.handle_key = Set(account.handle.to_lowercase());
    row.handle = Set(account.handle);
    row.url = Set(account.url);
    row.followers = Set(account.followers);
    row.avg_views = Set(account.avg_views);
    row.engagement_rate_bp = Set(account.engagement_rate_bp);
    row.updated_at = Set(clock::now());
    let model = row.update(txn).await.map_err(duplicate_account)?;
    refresh_audience(txn, model.creator_id).await?;
    work.commit().await?;
    Ok(model)
}

pub async fn remove_social_account(
    db: &sea_orm::DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<()> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let existing = own_account(txn, viewer, id, msg!("action-remove-social-accounts")).await?;
    social_account::Entity::delete_by_id(existing.id)
        .exec(txn)
        .await?;
    refresh_audience(txn, existing.creator_id).await?;
    work.commit().await?;
    Ok(())
}

/// Replaces the whole rate card.
pub async fn set_rate_card(
    db: &sea_orm::DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    lines: Vec<RateCardLine>,
) -> AppResult<creator_profile::Model> {
    if lines.len() > MAX_RATE_CARD_ITEMS {
        return Err(AppError::bad_input(
            "items",
            msg!("rate-card-too-long", max = MAX_RATE_CARD_ITEMS),
        ));
    }
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if !seen.insert((line.deliverable_type, line.platform)) {
            return Err(AppError::bad_input(
                format!("items.{i}"),
                msg!("rate-card-duplicate"),
            ));
        }
        let price = Money::parse(
            &format!("items.{i}.price.amount"),
            line.price,
            line.currency,
        )?;
        rows.push((i, line, price));
    }
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let profile = own_profile(txn, viewer, msg!("action-set-a-rate-card")).await?;
    rate_card_item::Entity::delete_many()
        .filter(rate_card_item::Column::CreatorId.eq(profile.id))
        .exec(txn)
        .await?;
    if !rows.is_empty() {
        rate_card_item::Entity::insert_many(rows.into_iter().map(|(i, line, price)| {
            rate_card_item::ActiveModel {
                id: Set(Uuid::new_v4()),
                creator_id: Set(profile.id),
                position: Set(i as i32),
                deliverable_type: Set(line.deliverable_type),
                platform: Set(line.platform),
                price_minor: Set(price.minor),
                currency: Set(price.currency),
            }
        }))
        .exec(txn)
        .await?;
    }
    work.commit().await?;
    Ok(profile)
}

/// Everything eligibility needs to know of a creator, in three small queries.
pub async fn facts(
    db: &impl ConnectionTrait,
    profile: &creator_profile::Model,
) -> AppResult<eligibility::CreatorFacts> {
    let niches = creator_niche::Entity::find()
        .filter(creator_niche::Column::CreatorId.eq(profile.id))
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.niche)
        .collect();
    let accounts = social_account::Entity::find()
        .filter(social_account::Column::CreatorId.eq(profile.id))
        .order_by_asc(social_account::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.platform, a.followers, a.engagement_rate_bp))
        .collect();
    Ok(eligibility::CreatorFacts {
        kind: profile.kind,
        niches,
        country: profile.country.clone(),
        accounts,
        sample_fulfilment_bp: samples::fulfilment_bp(db, profile.id).await?,
    })
}
