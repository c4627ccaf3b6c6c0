use sea_orm::entity::prelude::*;

use crate::enums::{
    BriefStatus, BriefVisibility, CampaignObjective, CompensationModel, CurrencyCode,
};

/// A brand's campaign brief. All its money is in `currency`, in minor units.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "briefs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub brand_id: Uuid,
    pub title: String,
    pub description: String,
    pub objective: CampaignObjective,
    pub product_name: Option<String>,
    pub product_url: Option<String>,
    pub compensation_model: CompensationModel,
    pub fee_min_minor: Option<i64>,
    pub fee_max_minor: Option<i64>,
    /// Percent × 100.
    pub commission_rate_bp: Option<i32>,
    pub gift_product: bool,
    pub currency: CurrencyCode,
    pub budget_minor: i64,
    /// Sum of the fees of accepted offers; changed only together with `filled_slots`.
    pub committed_minor: i64,
    pub slots: i32,
    pub filled_slots: i32,
    /// Requirements; list-valued ones are comma-joined enum names, empty for "any".
    pub req_creator_kinds: String,
    pub req_niches: String,
    pub req_min_followers: Option<i64>,
    pub req_max_followers: Option<i64>,
    pub req_min_engagement_bp: Option<i32>,
    pub req_countries: String,
    /// Percent × 100.
    pub req_min_sample_fulfilment_bp: Option<i32>,
    pub visibility: BriefVisibility,
    pub status: BriefStatus,
    pub application_deadline: Option<DateTimeUtc>,
    pub content_due_at: Option<DateTimeUtc>,
    /// Title, description and product name, lower-cased and without diacritics, for search.
    pub search_text: String,
    pub cancel_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    /// The Advertising Law's duties are enforced on its collaborations: an unlabelled submission
    /// is approved only with a reason, and content is published only after the creator attests
    /// having used the product.
    pub enforce_advertising_law: bool,
    /// A JSON array of `{"title", "url"}`: the product's certificates and licences.
    pub product_documents: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::brand::Entity",
        from = "Column::BrandId",
        to = "super::brand::Column::Id",
        on_delete = "Cascade"
    )]
    Brand,
    #[sea_orm(has_many = "super::brief_deliverable::Entity")]
    BriefDeliverable,
}

impl Related<super::brand::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Brand.def()
    }
}

impl Related<super::brief_deliverable::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BriefDeliverable.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
