use sea_orm::entity::prelude::*;

use crate::enums::SubmissionStatus;

/// One version of a deliverable's content, sent for the brand's review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "content_submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub deliverable_id: Uuid,
    /// 1 for the first submission of a deliverable, then 2, 3, ...
    pub version: i32,
    /// A JSON array of http(s) URLs.
    pub media_urls: String,
    pub caption: Option<String>,
    pub note: Option<String>,
    pub status: SubmissionStatus,
    pub feedback: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The end of the review window: `submitted_at` plus the terms' review days, in business days.
    pub review_due_at: DateTimeUtc,
    /// Approved by the marketplace because nobody reviewed it in time.
    pub auto_approved: bool,
    /// Why the brand approved it though its caption has no advertising label.
    pub unlabelled_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
