//! Creator profiles' audience (niches, social accounts, rate cards), briefs and their deliverables,
//! with the indexes discovery needs.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            text(CreatorProfiles::Languages).default("").take(),
            text(CreatorProfiles::SearchText).default("").take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CreatorProfiles::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        index(
            manager,
            "idx_creator_profiles_created",
            CreatorProfiles::Table,
            &[
                CreatorProfiles::CreatedAt.into_iden(),
                CreatorProfiles::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CreatorNiches::Table)
                    .col(uuid(CreatorNiches::CreatorId))
                    .col(string_len(CreatorNiches::Niche, 16))
                    .primary_key(
                        Index::create()
                            .col(CreatorNiches::CreatorId)
                            .col(CreatorNiches::Niche),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_creator_niches_creator")
                            .from(CreatorNiches::Table, CreatorNiches::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_creator_niches_niche",
            CreatorNiches::Table,
            &[
                CreatorNiches::Niche.into_iden(),
                CreatorNiches::CreatorId.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SocialAccounts::Table)
                    .col(pk_uuid(SocialAccounts::Id))
                    .col(uuid(SocialAccounts::CreatorId))
                    .col(string_len(SocialAccounts::Platform, 16))
                    .col(string_len(SocialAccounts::Handle, 100))
                    .col(string_len(SocialAccounts::HandleKey, 100))
                    .col(string_len_null(SocialAccounts::Url, 2048))
                    .col(big_integer(SocialAccounts::Followers))
                    .col(big_integer_null(SocialAccounts::AvgViews))
                    .col(integer_null(SocialAccounts::EngagementRateBp))
                    .col(timestamp_with_time_zone(SocialAccounts::CreatedAt))
                    .col(timestamp_with_time_zone(SocialAccounts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_social_accounts_creator")
                            .from(SocialAccounts::Table, SocialAccounts::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_social_accounts_creator_platform_handle")
                    .table(SocialAccounts::Table)
                    .col(SocialAccounts::CreatorId)
                    .col(SocialAccounts::Platform)
                    .col(SocialAccounts::HandleKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_social_accounts_platform",
            SocialAccounts::Table,
            &[
                SocialAccounts::Platform.into_iden(),
                SocialAccounts::CreatorId.into_iden(),
            ],
        )
        .await?;
        // Covers the per-creator sums of followers and engagement that discovery computes.
        index(
            manager,
            "idx_social_accounts_audience",
            SocialAccounts::Table,
            &[
                SocialAccounts::CreatorId.into_iden(),
                SocialAccounts::Followers.into_iden(),
                SocialAccounts::EngagementRateBp.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateCardItems::Table)
                    .col(pk_uuid(RateCardItems::Id))
                    .col(uuid(RateCardItems::CreatorId))
                    .col(integer(RateCardItems::Position))
                    .col(string_len(RateCardItems::DeliverableType, 16))
                    .col(string_len(RateCardItems::Platform, 16))
                    .col(big_integer(RateCardItems::PriceMinor))
                    .col(string_len(RateCardItems::Currency, 3))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rate_card_items_creator")
                            .from(RateCardItems::Table, RateCardItems::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_rate_card_items_creator",
            RateCardItems::Table,
            &[
                RateCardItems::CreatorId.into_iden(),
                RateCardItems::Position.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Briefs::Table)
                    .col(pk_uuid(Briefs::Id))
                    .col(uuid(Briefs::BrandId))
                    .col(string_len(Briefs::Title, 200))
                    .col(text(Briefs::Description))
                    .col(string_len(Briefs::Objective, 16))
                    .col(string_len_null(Briefs::ProductName, 200))
                    .col(string_len_null(Briefs::ProductUrl, 2048))
                    .col(string_len(Briefs::CompensationModel, 16))
                    .col(big_integer_null(Briefs::FeeMinMinor))
                    .col(big_integer_null(Briefs::FeeMaxMinor))
                    .col(integer_null(Briefs::CommissionRateBp))
                    .col(boolean(Briefs::GiftProduct))
                    .col(string_len(Briefs::Currency, 3))
                    .col(big_integer(Briefs::BudgetMinor))
                    .col(big_integer(Briefs::CommittedMinor).default(0))
                    .col(integer(Briefs::Slots))
                    .col(integer(Briefs::FilledSlots).default(0))
                    .col(text(Briefs::ReqCreatorKinds))
                    .col(text(Briefs::ReqNiches))
                    .col(big_integer_null(Briefs::ReqMinFollowers))
                    .col(big_integer_null(Briefs::ReqMaxFollowers))
                    .col(integer_null(Briefs::ReqMinEngagementBp))
                    .col(text(Briefs::ReqCountries))
                    .col(string_len(Briefs::Visibility, 16))
                    .col(string_len(Briefs::Status, 16))
                    .col(timestamp_with_time_zone_null(Briefs::ApplicationDeadline))
                    .col(timestamp_with_time_zone_null(Briefs::ContentDueAt))
                    .col(text(Briefs::SearchText))
                    .col(text_null(Briefs::CancelReason))
                    .col(timestamp_with_time_zone(Briefs::CreatedAt))
                    .col(timestamp_with_time_zone(Briefs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Briefs::PublishedAt))
                    // The invariants of SPEC.md, enforced by the database as the last line.
                    .check(Expr::col(Briefs::FilledSlots).gte(0))
                    .check(Expr::col(Briefs::FilledSlots).lte(Expr::col(Briefs::Slots)))
                    .check(Expr::col(Briefs::CommittedMinor).gte(0))
                    .check(Expr::col(Briefs::CommittedMinor).lte(Expr::col(Briefs::BudgetMinor)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_briefs_brand")
                            .from(Briefs::Table, Briefs::BrandId)
                            .to(Brands::Table, Brands::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Discovery: OPEN PUBLIC briefs, newest published first.
        index(
            manager,
            "idx_briefs_discovery",
            Briefs::Table,
            &[
                Briefs::Status.into_iden(),
                Briefs::Visibility.into_iden(),
                Briefs::PublishedAt.into_iden(),
                Briefs::Id.into_iden(),
            ],
        )
        .await?;
        // A brand's own list, newest first.
        index(
            manager,
            "idx_briefs_brand",
            Briefs::Table,
            &[
                Briefs::BrandId.into_iden(),
                Briefs::CreatedAt.into_iden(),
                Briefs::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BriefDeliverables::Table)
                    .col(pk_uuid(BriefDeliverables::Id))
                    .col(uuid(BriefDeliverables::BriefId))
                    .col(integer(BriefDeliverables::Position))
                    .col(string_len(BriefDeliverables::DeliverableType, 16))
                    .col(string_len(BriefDeliverables::Platform, 16))
                    .col(integer(BriefDeliverables::Quantity))
                    .col(text_null(BriefDeliverables::Notes))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_brief_deliverables_brief")
                            .from(BriefDeliverables::Table, BriefDeliverables::BriefId)
                            .to(Briefs::Table, Briefs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_brief_deliverables_brief",
            BriefDeliverables::Table,
            &[
                BriefDeliverables::BriefId.into_iden(),
                BriefDeliverables::Position.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "idx_brief_deliverables_platform",
            BriefDeliverables::Table,
            &[
                BriefDeliverables::Platform.into_iden(),
                BriefDeliverables::BriefId.into_iden(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BriefDeliverables::Table.into_iden(),
            Briefs::Table.into_iden(),
            RateCardItems::Table.into_iden(),
            SocialAccounts::Table.into_iden(),
            CreatorNiches::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [CreatorProfiles::SearchText, CreatorProfiles::Languages] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CreatorProfiles::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    Id,
    Languages,
    SearchText,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CreatorNiches {
    Table,
    CreatorId,
    Niche,
}

#[derive(DeriveIden)]
enum SocialAccounts {
    Table,
    Id,
    CreatorId,
    Platform,
    Handle,
    HandleKey,
    Url,
    Followers,
    AvgViews,
    EngagementRateBp,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RateCardItems {
    Table,
    Id,
    CreatorId,
    Position,
    DeliverableType,
    Platform,
    PriceMinor,
    Currency,
}

#[derive(DeriveIden)]
enum Briefs {
    Table,
    Id,
    BrandId,
    Title,
    Description,
    Objective,
    ProductName,
    ProductUrl,
    CompensationModel,
    FeeMinMinor,
    FeeMaxMinor,
    CommissionRateBp,
    GiftProduct,
    Currency,
    BudgetMinor,
    CommittedMinor,
    Slots,
    FilledSlots,
    ReqCreatorKinds,
    ReqNiches,
    ReqMinFollowers,
    ReqMaxFollowers,
    ReqMinEngagementBp,
    ReqCountries,
    Visibility,
    Status,
    ApplicationDeadline,
    ContentDueAt,
    SearchText,
    CancelReason,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum BriefDeliverables {
    Table,
    Id,
    BriefId,
    Position,
    DeliverableType,
    Platform,
    Quantity,
    Notes,
}
