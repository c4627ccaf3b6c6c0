use sea_orm::entity::prelude::*;

use crate::enums::{Party, ProposalOrigin, ProposalStatus};

/// One creator's negotiation on one brief, started by an application or an invitation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub brief_id: Uuid,
    pub creator_id: Uuid,
    /// The brief's brand, kept here so either side's list is one index range.
    pub brand_id: Uuid,
    pub origin: ProposalOrigin,
    pub status: ProposalStatus,
    /// The side that may now offer or accept; None once the proposal is closed.
    pub turn: Option<Party>,
    /// The application's pitch or the invitation's message.
    pub pitch: Option<String>,
    /// Why it was declined, when it was.
    pub close_reason: Option<String>,
    pub created_at: DateTimeUtc,
    /// Last activity: an offer, a message, a change of status.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
