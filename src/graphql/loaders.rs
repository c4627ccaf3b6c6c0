//! DataLoaders, made per request: one `IN (...)` query per relation, whatever the page size.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{brand, creator_profile};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::AppError;

pub struct Loaders {
    pub creator_profile_by_user: DataLoader<CreatorProfileByUser>,
    pub brand_by_user: DataLoader<BrandByUser>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            creator_profile_by_user: DataLoader::new(
                CreatorProfileByUser(db.clone()),
                tokio::spawn,
            ),
            brand_by_user: DataLoader::new(BrandByUser(db.clone()), tokio::spawn),
        }
    }
}

pub struct CreatorProfileByUser(DatabaseConnection);

impl Loader<Uuid> for CreatorProfileByUser {
    type Value = creator_profile::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = creator_profile::Entity::find()
            .filter(creator_profile::Column::UserId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await
            .map_err(|e| Arc::new(AppError::from(e)))?;
        Ok(rows.into_iter().map(|r| (r.user_id, r)).collect())
    }
}

pub struct BrandByUser(DatabaseConnection);

impl Loader<Uuid> for BrandByUser {
    type Value = brand::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = brand::Entity::find()
            .filter(brand::Column::UserId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await
            .map_err(|e| Arc::new(AppError::from(e)))?;
        Ok(rows.into_iter().map(|r| (r.user_id, r)).collect())
    }
}

/// Unwraps a loader's shared error.
pub fn loader_error(err: Arc<AppError>) -> AppError {
    Arc::unwrap_or_clone(err)
}
