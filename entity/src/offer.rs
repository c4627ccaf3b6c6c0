use sea_orm::entity::prelude::*;

use crate::enums::{CompensationModel, CurrencyCode, OfferStatus, Party};

/// Terms put on the table by one side of a proposal. Its deliverables are `offer_deliverable`
/// rows; its money is in the brief's currency, in minor units.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// 1 for a proposal's first offer, then 2, 3, ...
    pub version: i32,
    pub author: Party,
    pub status: OfferStatus,
    pub compensation_model: CompensationModel,
    pub currency: CurrencyCode,
    pub fee_minor: Option<i64>,
    /// Percent × 100.
    pub commission_rate_bp: Option<i32>,
    /// Percent × 100 of the fee the creator keeps if the brand cancels after content was first
    /// submitted.
    pub kill_fee_bp: i32,
    pub gift_product: bool,
    pub due_at: DateTimeUtc,
    pub revision_rounds: i32,
    pub usage_rights_days: i32,
    pub message: Option<String>,
    /// Business days the brand has to review each submission (1 to 10).
    pub review_days: i32,
    /// When the offer lapses if the other side has not answered.
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
