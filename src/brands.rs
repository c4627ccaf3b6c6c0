//! Brands: the company behind a BRAND user, and its public page.

use async_graphql::MaybeUndefined;
use entity::{brand, enums::Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use crate::{
    accounts::MAX_NAME_LEN,
    auth::Viewer,
    clock,
    db::begin_write,
    error::{AppError, AppResult},
    text,
};

pub const MAX_INDUSTRY: usize = 100;
pub const MAX_DESCRIPTION: usize = 2_000;

#[derive(Default)]
pub struct BrandPatch {
    pub name: MaybeUndefined<String>,
    pub industry: MaybeUndefined<String>,
    pub website: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
}

/// The viewer's own brand: FORBIDDEN for non-brands.
pub async fn own_brand(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &'static str,
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
    viewer: &Viewer,
    patch: BrandPatch,
) -> AppResult<brand::Model> {
    let txn = begin_write(db).await?;
    let brand = own_brand(&txn, viewer, "edit a brand").await?;
    let mut row: brand::ActiveModel = brand.into();
    match &patch.name {
        MaybeUndefined::Value(name) => {
            row.name = Set(text::required("input.name", name, MAX_NAME_LEN)?)
        }
        MaybeUndefined::Null => return Err(AppError::bad_input("input.name", "must not be null")),
        MaybeUndefined::Undefined => {}
    }
    if !patch.industry.is_undefined() {
        row.industry = Set(text::optional(
            "input.industry",
            patch.industry.value().map(String::as_str),
            MAX_INDUSTRY,
        )?);
    }
    match &patch.website {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.website = Set(None),
        MaybeUndefined::Value(w) if w.trim().is_empty() => row.website = Set(None),
        MaybeUndefined::Value(w) => row.website = Set(Some(text::http_url("input.website", w)?)),
    }
    if !patch.description.is_undefined() {
        row.description = Set(text::optional(
            "input.description",
            patch.description.value().map(String::as_str),
            MAX_DESCRIPTION,
        )?);
    }
    row.updated_at = Set(clock::now());
    let updated = row.update(&txn).await?;
    txn.commit().await?;
    Ok(updated)
}
