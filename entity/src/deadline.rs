use sea_orm::entity::prelude::*;

use crate::enums::DeadlineKind;

/// Something that happens by itself at `due_at` unless it became moot: the sweep's work list.
/// One per (kind, subject); `done_at` is set in the same transaction as what the sweep did, so a
/// deadline is acted on once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: DeadlineKind,
    /// The offer, submission, deliverable or collaboration the kind names.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: Uuid,
    pub due_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// Sweeps that failed on it so far, and the last one's error.
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
