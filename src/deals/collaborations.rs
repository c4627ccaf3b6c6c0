//! Collaborations: who may read them, the lists, and tracking codes.

use entity::{
    brief, collaboration, deliverable,
    enums::{CollaborationStatus, NotificationKind, Party},
    offer,
};
use rand::Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    deals::{ListScope, Sides, party_of, scoped},
    error::{AppError, AppResult},
    events::Outbox,
    keyset::{self, Direction, TimeCursor},
    notifications::{self, Notice},
};

/// Letters and digits that cannot be mistaken for one another when read aloud or typed from a
/// video: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
pub const CODE_LENGTH: usize = 8;

/// Who may read a collaboration and everything under it: its two parties and admins.
pub fn can_read(viewer: &Viewer, c: &collaboration::Model) -> bool {
    viewer.is_admin() || party_of(viewer, c.brand_id, c.creator_id).is_some()
}

pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<collaboration::Model>> {
    Ok(collaboration::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| can_read(viewer, c)))
}

/// The accepted offer, whose terms the collaboration carries.
pub(crate) async fn accepted_offer(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
) -> AppResult<offer::Model> {
    offer::Entity::find_by_id(c.offer_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("collaboration without its offer"))
}

/// Stores a notification about collaboration `c` for `to`, one of its two sides.
pub(crate) async fn tell(
    db: &impl ConnectionTrait,
    outbox: &mut Outbox,
    sides: &Sides,
    c: &collaboration::Model,
    to: Party,
    kind: NotificationKind,
    message: String,
) -> AppResult<()> {
    notifications::notify(
        db,
        outbox,
        Notice {
            recipient: sides.user(to),
            kind,
            message,
            brief_id: Some(c.brief_id),
            proposal_id: Some(c.proposal_id),
            collaboration_id: Some(c.id),
        },
    )
    .await
}

fn random_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A tracking code no collaboration has. 25^8 ≈ 1.5 × 10^11 codes make a clash rare; the unique
/// index settles the last race.
pub async fn new_tracking_code(db: &impl ConnectionTrait) -> AppResult<String> {
    for _ in 0..8 {
        let code = random_code();
        let taken = collaboration::Entity::find()
            .filter(collaboration::Column::TrackingCode.eq(code.as_str()))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(code);
        }
    }
    Err(AppError::internal("no free tracking code after 8 tries"))
}

/// Normalises a code as a shopper might type it: trimmed, upper case.
pub fn normalize_code(raw: &str) -> String {
    raw.trim().to_ascii_uppercase()
}

/// Whether a normalised code could be one of ours (so is worth a look-up): 1 to 64 ASCII letters
/// and digits. Anything else (a NUL, which PostgreSQL cannot compare, among them) is unknown.
pub fn could_be_code(code: &str) -> bool {
    (1..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A page of collaborations, newest first.
#[allow(clippy::too_many_arguments)]
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    scope: ListScope,
    brief: Option<&brief::Model>,
    status: Option<CollaborationStatus>,
    cursor: Option<TimeCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<collaboration::Model>, i64)> {
    let Some(mut q) = scoped::<collaboration::Entity>(
        viewer,
        scope,
        brief,
        [
            collaboration::Column::BrandId,
            collaboration::Column::CreatorId,
            collaboration::Column::BriefId,
        ],
    ) else {
        return Ok((Vec::new(), 0));
    };
    if let Some(status) = status {
        q = q.filter(collaboration::Column::Status.eq(status));
    }
    let total = if want_total {
        keyset::count(db, q.clone()).await?
    } else {
        0
    };
    let rows = keyset::page(
        q,
        collaboration::Column::StartedAt,
        collaboration::Column::Id,
        Direction::NewestFirst,
        cursor,
        limit,
    )
    .all(db)
    .await?;
    Ok((rows, total))
}

/// Whether a brief has an ACTIVE collaboration (which keeps it from being cancelled or
/// completed).
pub async fn brief_has_active(db: &impl ConnectionTrait, brief_id: Uuid) -> AppResult<bool> {
    Ok(collaboration::Entity::find()
        .filter(collaboration::Column::BriefId.eq(brief_id))
        .filter(collaboration::Column::Status.eq(CollaborationStatus::Active))
        .one(db)
        .await?
        .is_some())
}

pub async fn deliverables_of(
    db: &impl ConnectionTrait,
    collaboration_id: Uuid,
) -> AppResult<Vec<deliverable::Model>> {
    Ok(deliverable::Entity::find()
        .filter(deliverable::Column::CollaborationId.eq(collaboration_id))
        .order_by_asc(deliverable::Column::Position)
        .all(db)
        .await?)
}
