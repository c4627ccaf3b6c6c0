//! Notifications in the API, and the subscriptions that push them and messages as they happen.

use super::scalars::Time;
use async_graphql::{Context, ID, Object, Subscription};
use entity::{enums::NotificationKind, message, notification};
use futures_util::{Stream, StreamExt, stream};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use crate::{
    auth::{LiveAccess, RequestAuth},
    briefs, clock, collaborations, deals,
    error::{AppError, AppResult, CredentialProblem},
    events::Event,
    graphql::{
        briefs::Brief,
        collaborations::Collaboration,
        context::{state, viewer},
        deals::{Message, Proposal},
        ids::{self, Kind},
        pagination::{self, Page, PageRequest},
    },
    i18n::msg,
    keyset::TimeCursor,
    notifications, work,
};

pub struct Notification(pub notification::Model);

/// Something that happened that concerns the signed-in user: stored for it and pushed to its
/// notificationReceived subscriptions. Readable by its recipient.
#[Object]
impl Notification {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Notification, self.0.id)
    }

    /// What happened.
    async fn kind(&self) -> NotificationKind {
        self.0.kind
    }

    /// A one-line human-readable summary.
    async fn message(&self) -> &str {
        &self.0.message
    }

    /// When it happened.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When the recipient marked it read; null while unread.
    async fn read_at(&self) -> Option<Time> {
        self.0.read_at.map(Time)
    }

    /// The brief it is about, while the viewer may see it; null otherwise.
    async fn brief(&self, ctx: &Context<'_>) -> AppResult<Option<Brief>> {
        let Some(id) = self.0.brief_id else {
            return Ok(None);
        };
        let viewer = viewer(ctx).await?;
        Ok(briefs::find_visible(&state(ctx).db, viewer, id)
            .await?
            .map(Brief))
    }

    /// The proposal it is about, while the viewer may see it; null otherwise.
    async fn proposal(&self, ctx: &Context<'_>) -> AppResult<Option<Proposal>> {
        let Some(id) = self.0.proposal_id else {
            return Ok(None);
        };
        let viewer = viewer(ctx).await?;
        Ok(deals::find_visible(&state(ctx).db, viewer, id)
            .await?
            .map(Proposal))
    }

    /// The collaboration it is about, while the viewer may see it; null otherwise.
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Option<Collaboration>> {
        let Some(id) = self.0.collaboration_id else {
            return Ok(None);
        };
        let viewer = viewer(ctx).await?;
        Ok(collaborations::find_visible(&state(ctx).db, viewer, id)
            .await?
            .map(Collaboration))
    }
}

#[derive(Default)]
pub struct NotificationsQuery;

#[Object]
impl NotificationsQuery {
    /// The viewer's notifications, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only unread ones; false when omitted.")] unread_only: Option<bool>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Notification>> {
        let viewer = viewer(ctx).await?;
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) = notifications::list(
            &state(ctx).db,
            viewer,
            unread_only.unwrap_or(false),
            request.after,
            request.fetch_limit(),
            pagination::wants_total(ctx),
        )
        .await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |n| (n.created_at, n.id),
            Notification,
        ))
    }
}

#[derive(Default)]
pub struct NotificationsMutation;

#[Object]
impl NotificationsMutation {
    /// Marks the given notifications read, or all of the viewer's when `ids` is absent. Returns
    /// how many were unread and are now read; other users' notifications are left alone.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Notification IDs to mark; every unread one of the viewer's when absent."
        )]
        ids: Option<Vec<ID>>,
    ) -> AppResult<i32> {
        let viewer = viewer(ctx).await?;
        let ids = ids
            .map(|ids| {
                ids.iter()
                    .enumerate()
                    .filter_map(|(i, id)| match ids::decode(id) {
                        None => Some(Err(AppError::bad_input(
                            format!("ids.{i}"),
                            msg!("id-invalid"),
                        ))),
                        Some((Kind::Notification, uuid)) => Some(Ok(uuid)),
                        // Another type's ID names no notification: nothing to mark.
                        Some(_) => None,
                    })
                    .collect::<AppResult<Vec<Uuid>>>()
            })
            .transpose()?;
        let changed = notifications::mark_read(&state(ctx).db, viewer, ids, clock::now()).await?;
        Ok(i32::try_from(changed).unwrap_or(i32::MAX))
    }
}

/// The events of this instance's bus as a stream. A subscriber that fell behind skips what it
/// missed (the notifications stay in the database) rather than ending.
fn events(rx: broadcast::Receiver<Event>) -> impl Stream<Item = Event> {
    stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a subscriber fell behind and skipped events");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// The access a subscription re-checks before each event it delivers: the connection's, shared by
/// its operations so that one that finds the access gone closes the socket (see `crate::ws`), or
/// else this operation's own. Checked once now, so that a login that has already ended starts
/// nothing.
async fn live_access(ctx: &Context<'_>) -> AppResult<LiveAccess> {
    let s = state(ctx);
    let access = match ctx.data_opt::<LiveAccess>() {
        Some(access) => access.clone(),
        None => ctx
            .data_opt::<RequestAuth>()
            .ok_or_else(AppError::unauthenticated)?
            .live_access(s)?,
    };
    // A database error is ours, not the login's: the access stays as it is.
    if access.check(&s.db).await? {
        return Ok(access);
    }
    Err(if clock::now() > access.expires_at() {
        AppError::credential(
            CredentialProblem::TokenExpired,
            msg!("access-token-expired"),
        )
    } else {
        AppError::credential(CredentialProblem::SessionRevoked, msg!("login-ended"))
    })
}

#[derive(Default)]
pub struct Subscription;

// The subscriptions read nothing for an event that is not theirs; for one that is, they check the
// access (one read) and then read the row.
/// Events pushed as they happen, over graphql-transport-ws at `/graphql/ws`; authenticate with
/// `{"authorization": "Bearer <token>"}` in `connection_init`.
#[Subscription]
impl Subscription {
    /// The signed-in user's notifications as they are created.
    async fn notification_received(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = Notification> + use<>, AppError> {
        let user = viewer(ctx).await?.user_id;
        let access = live_access(ctx).await?;
        let s = state(ctx);
        let db = s.db.clone();
        Ok(events(s.events.subscribe()).filter_map(move |event| {
            let db = db.clone();
            let access = access.clone();
            async move {
                let Event::Notification { recipient, id } = event else {
                    return None;
                };
                if recipient != user || !access.holds(&db).await {
                    return None;
                }
                load(
                    &db,
                    notification::Entity::find_by_id(id)
                        .filter(notification::Column::RecipientId.eq(user)),
                )
                .await
                .map(Notification)
            }
        }))
    }

    /// New messages on a proposal that the signed-in user is a party to.
    async fn message_received(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A Proposal the viewer is a party to (else NOT_FOUND).")] proposal_id: ID,
    ) -> Result<impl Stream<Item = Message> + use<>, AppError> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        let proposal = ids::expect("proposalId", &proposal_id, Kind::Proposal)?;
        let p = deals::find_visible(&s.db, viewer, proposal)
            .await?
            .filter(|p| work::party_of(viewer, p.brand_id, p.creator_id).is_some())
            .ok_or_else(|| AppError::not_found("proposal"))?;
        let access = live_access(ctx).await?;
        let db = s.db.clone();
        let proposal = p.id;
        Ok(events(s.events.subscribe()).filter_map(move |event| {
            let db = db.clone();
            let access = access.clone();
            async move {
                let Event::Message { proposal: on, id } = event else {
                    return None;
                };
                if on != proposal || !access.holds(&db).await {
                    return None;
                }
                load(&db, message::Entity::find_by_id(id))
                    .await
                    .map(Message)
            }
        }))
    }
}

/// Reads the row an event names; a read that fails is logged and the event skipped.
async fn load<E: EntityTrait>(db: &DatabaseConnection, q: sea_orm::Select<E>) -> Option<E::Model> {
    match q.one(db).await {
        Ok(row) => row,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read an event's row");
            None
        }
    }
}
