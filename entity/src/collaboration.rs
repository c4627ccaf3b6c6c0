use sea_orm::entity::prelude::*;

use crate::enums::CollaborationStatus;

/// The deal: made when an offer is accepted. Its terms are the accepted offer's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "collaborations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The accepted offer, whose terms this collaboration carries.
    pub offer_id: Uuid,
    pub brief_id: Uuid,
    pub brand_id: Uuid,
    pub creator_id: Uuid,
    pub status: CollaborationStatus,
    /// The affiliate code shoppers type and the key of the tracking link.
    pub tracking_code: String,
    /// Clicks on the tracking link counted so far (flushed in batches by the redirect).
    pub clicks: i64,
    pub started_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    /// When the creator asked to complete, every deliverable published.
    pub completion_requested_at: Option<DateTimeUtc>,
    /// When it completes by itself unless the brand completes it first.
    pub auto_completes_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
