//! Enumerations shared by the tables and the API. Stored as their upper-case names, so that the
//! database reads the same words as the contract.

use sea_orm::entity::prelude::*;

/// What a user is on the marketplace.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    #[sea_orm(string_value = "CREATOR")]
    Creator,
    #[sea_orm(string_value = "BRAND")]
    Brand,
    #[sea_orm(string_value = "ADMIN")]
    Admin,
}

/// How a creator works with brands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum CreatorKind {
    /// Key Opinion Leader: an expert or public figure; builds reach and brand image; usually paid a fee.
    #[sea_orm(string_value = "KOL")]
    #[graphql(name = "KOL")]
    Kol,
    /// Key Opinion Consumer: an everyday consumer whose honest reviews build trust; often paid by commission.
    #[sea_orm(string_value = "KOC")]
    #[graphql(name = "KOC")]
    Koc,
    /// Key Opinion Sales: a seller who closes orders, typically in livestreams; paid mainly on sales.
    #[sea_orm(string_value = "KOS")]
    #[graphql(name = "KOS")]
    Kos,
}
