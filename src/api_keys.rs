//! API keys for shops and partner systems (SPEC.md, "Integrations"): a brand user makes them,
//! sees them listed, and revokes them. How a key signs a request in is `auth::api_key`'s.
//!
//! Only a person manages keys: a request made with a key is FORBIDDEN here whatever its scopes.

use entity::{api_key, brand, enums::ApiScope};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    auth::{Viewer, api_key::KeySecret},
    clock,
    db::begin_write,
    error::{AppError, AppResult},
    i18n::{Msg, msg},
    text,
};

/// Longest key name.
pub const MAX_NAME: usize = 100;
/// Most unrevoked keys a brand may hold.
pub const MAX_KEYS: u64 = 20;

/// A key just made, with its secret: the only time the secret is seen.
pub struct Created {
    pub key: api_key::Model,
    pub secret: String,
}

fn brand_of(viewer: &Viewer, action: Msg) -> AppResult<Uuid> {
    viewer.require_person(action.clone())?;
    viewer.require(entity::enums::Role::Brand, action)?;
    viewer
        .brand_id
        .ok_or_else(|| AppError::forbidden(msg!("no-brand")))
}

/// `createApiKey`: a named key with at least one scope, for the viewer's brand. At most
/// [`MAX_KEYS`] unrevoked keys; the brand's row is locked while counting, so two racing requests
/// cannot both make the twenty-first.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    viewer: &Viewer,
    name: &str,
    scopes: &[ApiScope],
) -> AppResult<Created> {
    let brand_id = brand_of(viewer, msg!("action-manage-api-keys"))?;
    let name = text::required("name", name, MAX_NAME)?;
    if scopes.is_empty() {
        return Err(AppError::bad_input("scopes", msg!("api-key-no-scopes")));
    }
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();

    let txn = begin_write(db).await?;
    brand::Entity::find_by_id(brand_id)
        .select_only()
        .column(brand::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .one(&txn)
        .await?;
    let live = api_key::Entity::find()
        .filter(api_key::Column::BrandId.eq(brand_id))
        .filter(api_key::Column::RevokedAt.is_null())
        .count(&txn)
        .await?;
    if live >= MAX_KEYS {
        return Err(AppError::bad_input(
            "name",
            msg!("api-keys-too-many", max = MAX_KEYS),
        ));
    }
    let secret = KeySecret::generate();
    let key = api_key::ActiveModel {
        id: Set(Uuid::new_v4()),
        brand_id: Set(brand_id),
        name: Set(name),
        prefix: Set(secret.shown()),
        secret_hash: Set(secret.hash.clone()),
        scopes: Set(crate::auth::api_key::scopes_text(&scopes)),
        created_at: Set(clock::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Created {
        key,
        secret: secret.secret,
    })
}

/// `revokeApiKey`: the key stops working at its next request. Revoking a revoked key changes
/// nothing and answers it as it is. NOT_FOUND for another brand's key.
pub async fn revoke(
    db: &sea_orm::DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<api_key::Model> {
    let brand_id = brand_of(viewer, msg!("action-manage-api-keys"))?;
    let key = api_key::Entity::find_by_id(id)
        .filter(api_key::Column::BrandId.eq(brand_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("API key"))?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    let mut active: api_key::ActiveModel = key.into();
    active.revoked_at = Set(Some(clock::now()));
    Ok(active.update(db).await?)
}

/// The brand's keys, newest first (revoked ones too: they say when they stopped).
pub async fn list(
    db: &impl sea_orm::ConnectionTrait,
    brand_id: Uuid,
) -> AppResult<Vec<api_key::Model>> {
    Ok(api_key::Entity::find()
        .filter(api_key::Column::BrandId.eq(brand_id))
        .order_by_desc(api_key::Column::CreatedAt)
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await?)
}
