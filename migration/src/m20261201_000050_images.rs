//! Pictures: a creator's avatar and a brand's logo, as http(s) URLs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CreatorProfiles::Table)
                    .add_column(string_len_null(CreatorProfiles::AvatarUrl, 2048))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Brands::Table)
                    .add_column(string_len_null(Brands::LogoUrl, 2048))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Brands::Table)
                    .drop_column(Brands::LogoUrl)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CreatorProfiles::Table)
                    .drop_column(CreatorProfiles::AvatarUrl)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    AvatarUrl,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    LogoUrl,
}
