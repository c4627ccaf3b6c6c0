//! After the deal: content submissions and their reviews, the latest metrics of published
//! deliverables, clicks on tracking links, conversions, payouts and the two sides' reviews.
//!
//! The invariants that must hold under concurrency are constraints: one conversion per
//! (collaboration, order reference); one review per side of a collaboration; one submission per
//! version of a deliverable.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Collaborations::Table)
                    .add_column(big_integer(Collaborations::Clicks).default(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContentSubmissions::Table)
                    .col(pk_uuid(ContentSubmissions::Id))
                    .col(uuid(ContentSubmissions::DeliverableId))
                    .col(integer(ContentSubmissions::Version))
                    // A JSON array of http(s) URLs.
                    .col(text(ContentSubmissions::MediaUrls))
                    .col(text_null(ContentSubmissions::Caption))
                    .col(text_null(ContentSubmissions::Note))
                    .col(string_len(ContentSubmissions::Status, 24))
                    .col(text_null(ContentSubmissions::Feedback))
                    .col(timestamp_with_time_zone(ContentSubmissions::SubmittedAt))
                    .col(timestamp_with_time_zone_null(
                        ContentSubmissions::ReviewedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_submissions_deliverable")
                            .from(ContentSubmissions::Table, ContentSubmissions::DeliverableId)
                            .to(Deliverables::Table, Deliverables::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_content_submissions_deliverable_version",
            ContentSubmissions::Table,
            &[
                ContentSubmissions::DeliverableId.into_iden(),
                ContentSubmissions::Version.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeliverableMetrics::Table)
                    .col(pk_uuid(DeliverableMetrics::DeliverableId))
                    .col(big_integer(DeliverableMetrics::Views))
                    .col(big_integer(DeliverableMetrics::Likes))
                    .col(big_integer(DeliverableMetrics::Comments))
                    .col(big_integer(DeliverableMetrics::Shares))
                    .col(big_integer(DeliverableMetrics::Saves))
                    .col(string_len(DeliverableMetrics::ReportedBy, 16))
                    .col(timestamp_with_time_zone(DeliverableMetrics::ReportedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deliverable_metrics_deliverable")
                            .from(DeliverableMetrics::Table, DeliverableMetrics::DeliverableId)
                            .to(Deliverables::Table, Deliverables::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payouts::Table)
                    .col(pk_uuid(Payouts::Id))
                    .col(uuid(Payouts::CollaborationId))
                    .col(string_len(Payouts::Kind, 16))
                    .col(big_integer(Payouts::AmountMinor))
                    .col(string_len(Payouts::Currency, 3))
                    .col(string_len(Payouts::Status, 16))
                    .col(string_len_null(Payouts::Reference, 200))
                    .col(timestamp_with_time_zone(Payouts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Payouts::PaidAt))
                    .check(Expr::col(Payouts::AmountMinor).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payouts_collaboration")
                            .from(Payouts::Table, Payouts::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_payouts_collaboration",
            Payouts::Table,
            &[
                Payouts::CollaborationId.into_iden(),
                Payouts::CreatedAt.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Conversions::Table)
                    .col(pk_uuid(Conversions::Id))
                    .col(uuid(Conversions::CollaborationId))
                    .col(string_len(Conversions::OrderRef, 100))
                    .col(big_integer(Conversions::AmountMinor))
                    .col(big_integer(Conversions::CommissionMinor))
                    .col(string_len(Conversions::Currency, 3))
                    .col(string_len(Conversions::Status, 16))
                    .col(timestamp_with_time_zone(Conversions::OccurredAt))
                    .col(timestamp_with_time_zone_null(Conversions::ReversedAt))
                    .col(text_null(Conversions::ReversalReason))
                    // The COMMISSION payout that settled this conversion's commission, if any.
                    .col(uuid_null(Conversions::PayoutId))
                    .col(timestamp_with_time_zone(Conversions::CreatedAt))
                    .check(Expr::col(Conversions::AmountMinor).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversions_collaboration")
                            .from(Conversions::Table, Conversions::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversions_payout")
                            .from(Conversions::Table, Conversions::PayoutId)
                            .to(Payouts::Table, Payouts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // An order is counted once per collaboration, whatever the interleaving.
        unique(
            manager,
            "uq_conversions_collaboration_order",
            Conversions::Table,
            &[
                Conversions::CollaborationId.into_iden(),
                Conversions::OrderRef.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "idx_conversions_collaboration_occurred",
            Conversions::Table,
            &[
                Conversions::CollaborationId.into_iden(),
                Conversions::OccurredAt.into_iden(),
                Conversions::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(pk_uuid(Reviews::Id))
                    .col(uuid(Reviews::CollaborationId))
                    .col(string_len(Reviews::Author, 16))
                    .col(integer(Reviews::Rating))
                    .col(text_null(Reviews::Comment))
                    .col(timestamp_with_time_zone(Reviews::CreatedAt))
                    .check(Expr::col(Reviews::Rating).between(1, 5))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_collaboration")
                            .from(Reviews::Table, Reviews::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Each side reviews a collaboration once.
        unique(
            manager,
            "uq_reviews_collaboration_author",
            Reviews::Table,
            &[
                Reviews::CollaborationId.into_iden(),
                Reviews::Author.into_iden(),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Reviews::Table.into_iden(),
            Conversions::Table.into_iden(),
            Payouts::Table.into_iden(),
            DeliverableMetrics::Table.into_iden(),
            ContentSubmissions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Collaborations::Table)
                    .drop_column(Collaborations::Clicks)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
    Clicks,
}

#[derive(DeriveIden)]
enum Deliverables {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ContentSubmissions {
    Table,
    Id,
    DeliverableId,
    Version,
    MediaUrls,
    Caption,
    Note,
    Status,
    Feedback,
    SubmittedAt,
    ReviewedAt,
}

#[derive(DeriveIden)]
enum DeliverableMetrics {
    Table,
    DeliverableId,
    Views,
    Likes,
    Comments,
    Shares,
    Saves,
    ReportedBy,
    ReportedAt,
}

#[derive(DeriveIden)]
enum Payouts {
    Table,
    Id,
    CollaborationId,
    Kind,
    AmountMinor,
    Currency,
    Status,
    Reference,
    CreatedAt,
    PaidAt,
}

#[derive(DeriveIden)]
enum Conversions {
    Table,
    Id,
    CollaborationId,
    OrderRef,
    AmountMinor,
    CommissionMinor,
    Currency,
    Status,
    OccurredAt,
    ReversedAt,
    ReversalReason,
    PayoutId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    CollaborationId,
    Author,
    Rating,
    Comment,
    CreatedAt,
}
