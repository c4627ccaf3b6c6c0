//! Users, their creator profile or brand, refresh tokens and the login throttle.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::Role, 16))
                    .col(timestamp_with_time_zone_null(Users::SuspendedAt))
                    .col(text_null(Users::SuspensionReason))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // The admin list pages by (created_at, id), optionally per role.
        manager
            .create_index(
                Index::create()
                    .name("idx_users_role_created")
                    .table(Users::Table)
                    .col(Users::Role)
                    .col(Users::CreatedAt)
                    .col(Users::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_created")
                    .table(Users::Table)
                    .col(Users::CreatedAt)
                    .col(Users::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CreatorProfiles::Table)
                    .col(pk_uuid(CreatorProfiles::Id))
                    .col(uuid_uniq(CreatorProfiles::UserId))
                    .col(string_len(CreatorProfiles::DisplayName, 100))
                    .col(text_null(CreatorProfiles::Bio))
                    .col(string_len(CreatorProfiles::Kind, 8))
                    .col(string_len_null(CreatorProfiles::Country, 2))
                    .col(string_len_null(CreatorProfiles::City, 100))
                    .col(timestamp_with_time_zone(CreatorProfiles::CreatedAt))
                    .col(timestamp_with_time_zone(CreatorProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_creator_profiles_user")
                            .from(CreatorProfiles::Table, CreatorProfiles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Brands::Table)
                    .col(pk_uuid(Brands::Id))
                    .col(uuid_uniq(Brands::UserId))
                    .col(string_len(Brands::Name, 100))
                    .col(string_len_null(Brands::Industry, 100))
                    .col(string_len_null(Brands::Website, 2048))
                    .col(text_null(Brands::Description))
                    .col(timestamp_with_time_zone(Brands::CreatedAt))
                    .col(timestamp_with_time_zone(Brands::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_brands_user")
                            .from(Brands::Table, Brands::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::UserId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RetiredAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_tokens_user")
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_tokens_user")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(pk_uuid(LoginFailures::Id))
                    .col(string_len(LoginFailures::Email, 254))
                    .col(timestamp_with_time_zone(LoginFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_email_time")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::Email)
                    .col(LoginFailures::FailedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginFailures::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Brands::Table.into_iden(),
            CreatorProfiles::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    SuspendedAt,
    SuspensionReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    Id,
    UserId,
    DisplayName,
    Bio,
    Kind,
    Country,
    City,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
    UserId,
    Name,
    Industry,
    Website,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RetiredAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Email,
    FailedAt,
}
