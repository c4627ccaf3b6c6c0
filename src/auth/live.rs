//! The access a long-running operation (a subscription) was opened with, checked again while it
//! runs. An HTTP request checks its token once, when it starts, and ends soon after; a
//! subscription may run for hours, so before each event it delivers it asks [`LiveAccess::holds`]:
//!
//! - the token has not expired (no read);
//! - the user exists and is not suspended, and the token's login (`sid`, its refresh-token family)
//!   still has a live refresh token: not logged out, not revoked by `changePassword`,
//!   `suspendUser` or reuse, not expired. One read, by the family's index, joined to the user's
//!   primary key. A token without `sid` (issued before the claim existed) is checked for the
//!   user only.
//!
//! Once the access is found gone it stays gone, without further reads, and [`LiveAccess::lost`]
//! fires: the WebSocket that carries the operation closes with 4403.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::{refresh_token, user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio_util::sync::{CancellationToken, WaitForCancellationFuture};
use uuid::Uuid;

use crate::{auth::AccessClaims, clock};

/// Shared by the operations of one connection; cheap to clone.
#[derive(Clone, Debug)]
pub struct LiveAccess(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    user_id: Uuid,
    session: Option<Uuid>,
    expires_at: DateTime<Utc>,
    lost: CancellationToken,
}

impl LiveAccess {
    /// The access of a verified token.
    pub fn new(claims: &AccessClaims) -> Self {
        Self(Arc::new(Inner {
            user_id: claims.sub,
            session: claims.sid,
            expires_at: DateTime::from_timestamp(claims.exp, 0).unwrap_or(DateTime::UNIX_EPOCH),
            lost: CancellationToken::new(),
        }))
    }

    /// The user the access is for.
    pub fn user_id(&self) -> Uuid {
        self.0.user_id
    }

    /// When the token expires; the access ends then at the latest.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    /// Resolves once a check has found the access gone.
    pub fn lost(&self) -> WaitForCancellationFuture<'_> {
        self.0.lost.cancelled()
    }

    /// Whether the access still holds (see the module doc). A database error answers false for
    /// this call only: the event is not delivered, and the access is checked again at the next.
    pub async fn holds(&self, db: &DatabaseConnection) -> bool {
        self.check(db).await.unwrap_or_else(|err| {
            tracing::warn!(error = %err, "cannot check a subscription's access");
            false
        })
    }

    /// Whether the access still holds; when it does not, [`Self::lost`] fires.
    pub async fn check(&self, db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
        if self.0.lost.is_cancelled() {
            return Ok(false);
        }
        let live = clock::now() <= self.0.expires_at && self.read(db).await?;
        if !live {
            tracing::debug!(user = %self.0.user_id, "a subscription's access has ended");
            self.0.lost.cancel();
        }
        Ok(live)
    }

    async fn read(&self, db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
        let user = self.0.user_id;
        let found = match self.0.session {
            Some(family) => {
                refresh_token::Entity::find()
                    .select_only()
                    .column(refresh_token::Column::Id)
                    .inner_join(user::Entity)
                    .filter(refresh_token::Column::FamilyId.eq(family))
                    .filter(refresh_token::Column::UserId.eq(user))
                    .filter(refresh_token::Column::RetiredAt.is_null())
                    .filter(refresh_token::Column::RevokedAt.is_null())
                    .filter(refresh_token::Column::ExpiresAt.gt(clock::now()))
                    .filter(user::Column::SuspendedAt.is_null())
                    .into_tuple::<Uuid>()
                    .one(db)
                    .await?
            }
            None => {
                user::Entity::find_by_id(user)
                    .select_only()
                    .column(user::Column::Id)
                    .filter(user::Column::SuspendedAt.is_null())
                    .into_tuple::<Uuid>()
                    .one(db)
                    .await?
            }
        };
        Ok(found.is_some())
    }
}
