//! Notifications: stored for their recipient in the same transaction as the change they tell of,
//! with a webhook delivery for each of the recipient's endpoints that listens to their kind, and
//! pushed to the recipient's live subscriptions when that transaction commits (see `events`).

use chrono::{DateTime, Utc};
use entity::{enums::NotificationKind, notification};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    error::AppResult,
    events::{Event, Outbox},
    i18n::{self, Msg},
    keyset::{self, Direction, TimeCursor},
    webhooks,
};

/// What to tell whom, and what it is about.
#[derive(Debug, Clone)]
pub struct Notice {
    pub recipient: Uuid,
    pub kind: NotificationKind,
    /// Written in the recipient's language when stored.
    pub message: Msg,
    pub brief_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub collaboration_id: Option<Uuid>,
}

/// Stores a notification inside the caller's transaction and queues its push.
pub async fn notify(
    db: &impl ConnectionTrait,
    outbox: &mut Outbox,
    notice: Notice,
) -> AppResult<()> {
    let id = Uuid::new_v4();
    let language = i18n::language_of(db, notice.recipient).await?;
    let stored = notification::ActiveModel {
        id: Set(id),
        recipient_id: Set(notice.recipient),
        kind: Set(notice.kind),
        message: Set(notice.message.render(language)),
        brief_id: Set(notice.brief_id),
        proposal_id: Set(notice.proposal_id),
        collaboration_id: Set(notice.collaboration_id),
        created_at: Set(clock::now()),
        read_at: Set(None),
    }
    .insert(db)
    .await?;
    outbox.push(Event::Notification {
        recipient: notice.recipient,
        id,
    });
    if webhooks::enqueue(db, &stored).await? {
        outbox.push_once(Event::Deliveries);
    }
    Ok(())
}

/// The viewer's notifications, newest first, and how many there are when asked.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    unread_only: bool,
    cursor: Option<TimeCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<notification::Model>, i64)> {
    let mut q =
        notification::Entity::find().filter(notification::Column::RecipientId.eq(viewer.user_id));
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    keyset::fetch(
        db,
        q,
        notification::Column::CreatedAt,
        notification::Column::Id,
        Direction::NewestFirst,
        keyset::Window {
            after: cursor,
            limit,
            count: want_total,
        },
    )
    .await
}

/// Marks the viewer's unread notifications read: those of `ids`, or all when `ids` is None.
/// Returns how many changed; IDs of other users' notifications change nothing.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    ids: Option<Vec<Uuid>>,
    at: DateTime<Utc>,
) -> AppResult<u64> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(notification::Column::RecipientId.eq(viewer.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(0);
        }
        q = q.filter(notification::Column::Id.is_in(ids));
    }
    Ok(q.exec(db).await?.rows_affected)
}
