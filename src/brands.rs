//! Brands: the company behind a BRAND user, and its public page.

use entity::{brand, enums::Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use crate::{
    accounts::MAX_NAME_LEN,
    auth::Viewer,
    clock,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    patch::Patch,
    text,
    work::Work,
};

pub const MAX_INDUSTRY: usize = 100;
pub const MAX_DESCRIPTION: usize = 2_000;

#[derive(Default)]
pub struct BrandPatch {
    pub name: Patch<String>,
    pub industry: Patch<String>,
    pub website: Patch<String>,
    pub description: Patch<String>,
    pub logo_url: Patch<String>,
    pub country: Patch<String>,
}

/// A URL field's new value: null or empty clears it.
fn url(field: &str, value: Option<&String>) -> AppResult<Option<String>> {
    value.map_or(Ok(None), |v| text::optional_http_url(field, v))
}

/// The viewer's own brand: FORBIDDEN for non-brands.
pub async fn own_brand(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    action: Msg,
) -> AppResult<brand::Model> {
    viewer.require(Role::Brand, action)?;
    brand::Entity::find()
        .filter(brand::Column::UserId.eq(viewer.user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("brand"))
}

pub async fn update_brand(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    patch: BrandPatch,
) -> AppResult<brand::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let brand = own_brand(txn, viewer, msg!("action-edit-a-brand")).await?;
    let mut row: brand::ActiveModel = brand.into();
    match &patch.name {
        Patch::Set(name) => row.name = Set(text::required("input.name", name, MAX_NAME_LEN)?),
        Patch::Clear => return Err(AppError::bad_input("input.name", msg!("must-not-be-null"))),
        Patch::Keep => {}
    }
    if let Some(industry) = patch.industry.as_ref().change() {
        row.industry = Set(text::optional(
            "input.industry",
            industry.map(String::as_str),
            MAX_INDUSTRY,
        )?);
    }
    if let Some(website) = patch.website.as_ref().change() {
        row.website = Set(url("input.website", website)?);
    }
    if let Some(logo) = patch.logo_url.as_ref().change() {
        row.logo_url = Set(url("input.logoUrl", logo)?);
    }
    // The brand's country decides the language its user reads by default (`i18n`).
    if let Some(country) = patch.country.as_ref().change() {
        row.country = Set(match country {
            Some(c) => text::optional_country("input.country", c)?,
            None => None,
        });
    }
    if let Some(description) = patch.description.as_ref().change() {
        row.description = Set(text::optional(
            "input.description",
            description.map(String::as_str),
            MAX_DESCRIPTION,
        )?);
    }
    row.updated_at = Set(clock::now());
    let updated = row.update(txn).await?;
    work.commit().await?;
    Ok(updated)
}
