//! Reviews: after a COMPLETED collaboration each side rates the other once, 1 to 5.

use entity::{
    collaboration,
    enums::{CollaborationStatus, Party},
    review,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::msg,
    keyset::{self, Direction, TimeCursor},
    text,
    work::{Work, acting_party},
};

pub const MAX_COMMENT: usize = 2_000;

/// `reviewPartner`: a party of a COMPLETED collaboration rates the other side, once.
pub async fn review_partner(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    collaboration_id: Uuid,
    rating: i32,
    comment: Option<&str>,
) -> AppResult<review::Model> {
    if !(1..=5).contains(&rating) {
        return Err(AppError::bad_input(
            "input.rating",
            msg!("number-range", min = 1, max = 5),
        ));
    }
    let comment = text::optional("input.comment", comment, MAX_COMMENT)?;
    let work = Work::begin(db, bus, viewer).await?;
    let c = collaboration::Entity::find_by_id(collaboration_id)
        .lock_exclusive()
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::not_found("collaboration"))?;
    let author = acting_party(viewer, c.brand_id, c.creator_id, "collaboration")?;
    if c.status != CollaborationStatus::Completed {
        return Err(AppError::conflict(msg!(
            "review-not-completed",
            status = c.status.as_str()
        )));
    }
    let already = review::Entity::find()
        .filter(review::Column::CollaborationId.eq(c.id))
        .filter(review::Column::Author.eq(author))
        .one(work.db())
        .await?
        .is_some();
    if already {
        return Err(AppError::conflict(msg!("review-twice")));
    }
    // The unique (collaboration, author) index settles a race between two reviews.
    let r = review::ActiveModel {
        id: Set(Uuid::new_v4()),
        collaboration_id: Set(c.id),
        author: Set(author),
        rating: Set(rating),
        comment: Set(comment),
        created_at: Set(clock::now()),
    }
    .insert(work.db())
    .await?;
    work.commit().await?;
    Ok(r)
}

/// Whose reviews: those a creator or a brand received.
#[derive(Clone, Copy)]
pub enum Subject {
    Creator(Uuid),
    Brand(Uuid),
}

/// A page of the reviews a creator or brand received, newest first.
pub async fn received(
    db: &impl ConnectionTrait,
    subject: Subject,
    cursor: Option<TimeCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<review::Model>, i64)> {
    let (author, condition) = match subject {
        Subject::Creator(id) => (Party::Brand, collaboration::Column::CreatorId.eq(id)),
        Subject::Brand(id) => (Party::Creator, collaboration::Column::BrandId.eq(id)),
    };
    let q = review::Entity::find()
        .join(JoinType::InnerJoin, review::Relation::Collaboration.def())
        .filter(review::Column::Author.eq(author))
        .filter(condition);
    keyset::fetch(
        db,
        q,
        review::Column::CreatedAt,
        review::Column::Id,
        Direction::NewestFirst,
        keyset::Window {
            after: cursor,
            limit,
            count: want_total,
        },
    )
    .await
}

pub async fn of_collaboration(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Vec<review::Model>> {
    Ok(review::Entity::find()
        .filter(review::Column::CollaborationId.eq(collaboration_id))
        .all(db)
        .await?)
}
