//! KOS livestream sessions: scheduled for a collaboration, live, ended with reported figures;
//! conversions may name the session they came from; a creator profile keeps its livestream
//! ranking keys.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LivestreamSessions::Table)
                    .col(uuid(LivestreamSessions::Id).primary_key())
                    .col(uuid(LivestreamSessions::CollaborationId))
                    .col(uuid(LivestreamSessions::CreatorId))
                    .col(uuid(LivestreamSessions::BrandId))
                    .col(integer(LivestreamSessions::Number))
                    .col(string_len(LivestreamSessions::Platform, 16))
                    .col(string_len(LivestreamSessions::Currency, 3))
                    .col(timestamp_with_time_zone(LivestreamSessions::StartsAt))
                    .col(integer(LivestreamSessions::PlannedMinutes))
                    .col(string_len(LivestreamSessions::Status, 16))
                    .col(timestamp_with_time_zone_null(LivestreamSessions::StartedAt))
                    .col(timestamp_with_time_zone_null(LivestreamSessions::EndedAt))
                    .col(big_integer_null(LivestreamSessions::PeakViewers))
                    .col(big_integer_null(LivestreamSessions::TotalViewers))
                    .col(integer_null(LivestreamSessions::DurationMinutes))
                    .col(text(LivestreamSessions::Products))
                    .col(timestamp_with_time_zone(LivestreamSessions::CreatedAt))
                    .col(timestamp_with_time_zone(LivestreamSessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_livestream_sessions_collaboration")
                            .from(
                                LivestreamSessions::Table,
                                LivestreamSessions::CollaborationId,
                            )
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The code's number is unique within the collaboration.
        unique(
            manager,
            "idx_livestream_sessions_number",
            LivestreamSessions::Table,
            &[
                LivestreamSessions::CollaborationId.into_iden(),
                LivestreamSessions::Number.into_iden(),
            ],
        )
        .await?;
        // Overlap checks and a creator's sessions in time order.
        index(
            manager,
            "idx_livestream_sessions_creator",
            LivestreamSessions::Table,
            &[
                LivestreamSessions::CreatorId.into_iden(),
                LivestreamSessions::StartsAt.into_iden(),
            ],
        )
        .await?;
        // One column per ALTER: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Conversions::Table)
                    .add_column(uuid_null(Conversions::LivestreamSessionId))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_conversions_livestream_session",
            Conversions::Table,
            &[Conversions::LivestreamSessionId.into_iden()],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CreatorProfiles::Table)
                    .add_column(big_integer(CreatorProfiles::LiveRevenueVnd).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CreatorProfiles::Table)
                    .add_column(big_integer_null(CreatorProfiles::LiveConversionBp))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            CreatorProfiles::LiveConversionBp,
            CreatorProfiles::LiveRevenueVnd,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CreatorProfiles::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_conversions_livestream_session")
                    .table(Conversions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversions::Table)
                    .drop_column(Conversions::LivestreamSessionId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(LivestreamSessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LivestreamSessions {
    Table,
    Id,
    CollaborationId,
    CreatorId,
    BrandId,
    Number,
    Platform,
    Currency,
    StartsAt,
    PlannedMinutes,
    Status,
    StartedAt,
    EndedAt,
    PeakViewers,
    TotalViewers,
    DurationMinutes,
    Products,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conversions {
    Table,
    LivestreamSessionId,
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    LiveRevenueVnd,
    LiveConversionBp,
}
