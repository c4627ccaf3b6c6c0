//! Product samples: one per collaboration whose terms give the product, shipped by the brand,
//! received by the creator, fulfilled or overdue by its post-by deadline.

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
                    .table(Samples::Table)
                    .col(uuid(Samples::Id).primary_key())
                    .col(uuid(Samples::CollaborationId))
                    .col(uuid(Samples::CreatorId))
                    .col(string_len(Samples::Status, 16))
                    .col(string_len(Samples::Carrier, 100))
                    .col(string_len(Samples::TrackingNumber, 100))
                    .col(timestamp_with_time_zone(Samples::ShippedAt))
                    .col(timestamp_with_time_zone_null(Samples::ReceivedAt))
                    .col(timestamp_with_time_zone_null(Samples::PostBy))
                    .col(timestamp_with_time_zone_null(Samples::ExtendedAt))
                    .col(timestamp_with_time_zone_null(Samples::SettledAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_samples_collaboration")
                            .from(Samples::Table, Samples::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One sample per collaboration: two racing shipments cannot both be stored.
        unique(
            manager,
            "idx_samples_collaboration",
            Samples::Table,
            &[Samples::CollaborationId.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_samples_creator",
            Samples::Table,
            &[Samples::CreatorId.into_iden(), Samples::Status.into_iden()],
        )
        .await?;
        // A brief may ask a minimum sample fulfilment rate, in basis points like engagement's.
        manager
            .alter_table(
                Table::alter()
                    .table(Briefs::Table)
                    .add_column(integer_null(Briefs::ReqMinSampleFulfilmentBp))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Briefs::Table)
                    .drop_column(Briefs::ReqMinSampleFulfilmentBp)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Samples::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Samples {
    Table,
    Id,
    CollaborationId,
    CreatorId,
    Status,
    Carrier,
    TrackingNumber,
    ShippedAt,
    ReceivedAt,
    PostBy,
    ExtendedAt,
    SettledAt,
}

#[derive(DeriveIden)]
enum Briefs {
    Table,
    ReqMinSampleFulfilmentBp,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
}
