//! What discovery needs at scale: the few suspended users, found without a scan; the columns that
//! decide whether a brief is discoverable, so that counting them reads the index alone; and each
//! creator's audience (total followers, weighted engagement) kept on the profile for filtering and
//! sorting. The social accounts stay the source: `creators::refresh_audience` rewrites these two
//! columns from them in the same transaction as every change to an account.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(CreatorProfiles::AudienceFollowers)
                .big_integer()
                .not_null()
                .default(0)
                .take(),
            ColumnDef::new(CreatorProfiles::AudienceEngagementBp)
                .big_integer()
                .null()
                .take(),
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
        for (name, column) in [
            (
                "idx_creator_profiles_followers",
                CreatorProfiles::AudienceFollowers,
            ),
            (
                "idx_creator_profiles_engagement",
                CreatorProfiles::AudienceEngagementBp,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(CreatorProfiles::Table)
                        .col(column)
                        .col(CreatorProfiles::Id)
                        .to_owned(),
                )
                .await?;
        }
        // Covers what discovery reads of a profile found through its niches or platforms, so
        // that thousands of candidates cost index reads, not row fetches.
        manager
            .create_index(
                Index::create()
                    .name("idx_creator_profiles_audience")
                    .table(CreatorProfiles::Table)
                    .col(CreatorProfiles::Id)
                    .col(CreatorProfiles::AudienceFollowers)
                    .col(CreatorProfiles::AudienceEngagementBp)
                    .col(CreatorProfiles::CreatedAt)
                    .col(CreatorProfiles::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_suspended")
                    .table(Users::Table)
                    .col(Users::SuspendedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_briefs_discoverable")
                    .table(Briefs::Table)
                    .col(Briefs::Status)
                    .col(Briefs::Visibility)
                    .col(Briefs::ApplicationDeadline)
                    .col(Briefs::BrandId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_briefs_discoverable")
                    .table(Briefs::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_suspended")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    SuspendedAt,
}

#[derive(DeriveIden)]
enum Briefs {
    Table,
    Status,
    Visibility,
    ApplicationDeadline,
    BrandId,
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    Id,
    UserId,
    CreatedAt,
    AudienceFollowers,
    AudienceEngagementBp,
}
