//! Negotiation and the deal: proposals, their offers (with the offered deliverables) and
//! messages; collaborations with one deliverable per promised piece of content; notifications.
//!
//! The invariants of the deal live here as constraints, so that they hold whatever the
//! interleaving of requests: one proposal per (brief, creator); at most one OPEN offer per
//! proposal (a partial unique index); one collaboration per proposal and per offer; unique
//! tracking codes.

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
                    .table(Proposals::Table)
                    .col(pk_uuid(Proposals::Id))
                    .col(uuid(Proposals::BriefId))
                    .col(uuid(Proposals::CreatorId))
                    .col(uuid(Proposals::BrandId))
                    .col(string_len(Proposals::Origin, 16))
                    .col(string_len(Proposals::Status, 16))
                    .col(string_len_null(Proposals::Turn, 16))
                    .col(text_null(Proposals::Pitch))
                    .col(text_null(Proposals::CloseReason))
                    .col(timestamp_with_time_zone(Proposals::CreatedAt))
                    .col(timestamp_with_time_zone(Proposals::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposals_brief")
                            .from(Proposals::Table, Proposals::BriefId)
                            .to(Briefs::Table, Briefs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposals_creator")
                            .from(Proposals::Table, Proposals::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposals_brand")
                            .from(Proposals::Table, Proposals::BrandId)
                            .to(Brands::Table, Brands::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_proposals_brief_creator",
            Proposals::Table,
            &[
                Proposals::BriefId.into_iden(),
                Proposals::CreatorId.into_iden(),
            ],
        )
        .await?;
        // "My proposals", newest activity first, for either side.
        for (name, owner) in [
            ("idx_proposals_creator_activity", Proposals::CreatorId),
            ("idx_proposals_brand_activity", Proposals::BrandId),
        ] {
            index(
                manager,
                name,
                Proposals::Table,
                &[
                    owner.into_iden(),
                    Proposals::UpdatedAt.into_iden(),
                    Proposals::Id.into_iden(),
                ],
            )
            .await?;
        }
        index(
            manager,
            "idx_proposals_brief_activity",
            Proposals::Table,
            &[
                Proposals::BriefId.into_iden(),
                Proposals::UpdatedAt.into_iden(),
                Proposals::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .col(pk_uuid(Offers::Id))
                    .col(uuid(Offers::ProposalId))
                    .col(integer(Offers::Version))
                    .col(string_len(Offers::Author, 16))
                    .col(string_len(Offers::Status, 16))
                    .col(string_len(Offers::CompensationModel, 16))
                    .col(string_len(Offers::Currency, 3))
                    .col(big_integer_null(Offers::FeeMinor))
                    .col(integer_null(Offers::CommissionRateBp))
                    .col(boolean(Offers::GiftProduct))
                    .col(timestamp_with_time_zone(Offers::DueAt))
                    .col(integer(Offers::RevisionRounds))
                    .col(integer(Offers::UsageRightsDays))
                    .col(text_null(Offers::Message))
                    .col(timestamp_with_time_zone(Offers::CreatedAt))
                    .check(
                        Expr::col(Offers::FeeMinor)
                            .gt(0)
                            .or(Expr::col(Offers::FeeMinor).is_null()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offers_proposal")
                            .from(Offers::Table, Offers::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_offers_proposal_version",
            Offers::Table,
            &[Offers::ProposalId.into_iden(), Offers::Version.into_iden()],
        )
        .await?;
        // A proposal has at most one OPEN offer: the database refuses a second one, whatever the
        // interleaving. Both SQLite and PostgreSQL support partial unique indexes.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_offers_one_open ON offers (proposal_id) WHERE status = 'OPEN'",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OfferDeliverables::Table)
                    .col(uuid(OfferDeliverables::OfferId))
                    .col(integer(OfferDeliverables::Position))
                    .col(string_len(OfferDeliverables::DeliverableType, 16))
                    .col(string_len(OfferDeliverables::Platform, 16))
                    .col(integer(OfferDeliverables::Quantity))
                    .col(text_null(OfferDeliverables::Notes))
                    .primary_key(
                        Index::create()
                            .col(OfferDeliverables::OfferId)
                            .col(OfferDeliverables::Position),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offer_deliverables_offer")
                            .from(OfferDeliverables::Table, OfferDeliverables::OfferId)
                            .to(Offers::Table, Offers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::ProposalId))
                    .col(string_len(Messages::Author, 16))
                    .col(text(Messages::Body))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_proposal")
                            .from(Messages::Table, Messages::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_messages_proposal_created",
            Messages::Table,
            &[
                Messages::ProposalId.into_iden(),
                Messages::CreatedAt.into_iden(),
                Messages::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Collaborations::Table)
                    .col(pk_uuid(Collaborations::Id))
                    .col(uuid(Collaborations::ProposalId))
                    .col(uuid(Collaborations::OfferId))
                    .col(uuid(Collaborations::BriefId))
                    .col(uuid(Collaborations::BrandId))
                    .col(uuid(Collaborations::CreatorId))
                    .col(string_len(Collaborations::Status, 16))
                    .col(string_len(Collaborations::TrackingCode, 16))
                    .col(timestamp_with_time_zone(Collaborations::StartedAt))
                    .col(timestamp_with_time_zone_null(Collaborations::CompletedAt))
                    .col(timestamp_with_time_zone_null(Collaborations::CancelledAt))
                    .col(text_null(Collaborations::CancelReason))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collaborations_proposal")
                            .from(Collaborations::Table, Collaborations::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collaborations_offer")
                            .from(Collaborations::Table, Collaborations::OfferId)
                            .to(Offers::Table, Offers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collaborations_brief")
                            .from(Collaborations::Table, Collaborations::BriefId)
                            .to(Briefs::Table, Briefs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("uq_collaborations_proposal", Collaborations::ProposalId),
            ("uq_collaborations_offer", Collaborations::OfferId),
            (
                "uq_collaborations_tracking_code",
                Collaborations::TrackingCode,
            ),
        ] {
            unique(manager, name, Collaborations::Table, &[column.into_iden()]).await?;
        }
        for (name, owner) in [
            ("idx_collaborations_creator", Collaborations::CreatorId),
            ("idx_collaborations_brand", Collaborations::BrandId),
            ("idx_collaborations_brief", Collaborations::BriefId),
        ] {
            index(
                manager,
                name,
                Collaborations::Table,
                &[
                    owner.into_iden(),
                    Collaborations::StartedAt.into_iden(),
                    Collaborations::Id.into_iden(),
                ],
            )
            .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Deliverables::Table)
                    .col(pk_uuid(Deliverables::Id))
                    .col(uuid(Deliverables::CollaborationId))
                    .col(integer(Deliverables::Position))
                    .col(string_len(Deliverables::DeliverableType, 16))
                    .col(string_len(Deliverables::Platform, 16))
                    .col(text_null(Deliverables::Notes))
                    .col(timestamp_with_time_zone(Deliverables::DueAt))
                    .col(string_len(Deliverables::Status, 24))
                    .col(integer(Deliverables::RevisionsUsed).default(0))
                    .col(string_len_null(Deliverables::LiveUrl, 2048))
                    .col(timestamp_with_time_zone_null(Deliverables::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deliverables_collaboration")
                            .from(Deliverables::Table, Deliverables::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_deliverables_collaboration_position",
            Deliverables::Table,
            &[
                Deliverables::CollaborationId.into_iden(),
                Deliverables::Position.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::RecipientId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(text(Notifications::Message))
                    .col(uuid_null(Notifications::BriefId))
                    .col(uuid_null(Notifications::ProposalId))
                    .col(uuid_null(Notifications::CollaborationId))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_recipient")
                            .from(Notifications::Table, Notifications::RecipientId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_notifications_recipient_created",
            Notifications::Table,
            &[
                Notifications::RecipientId.into_iden(),
                Notifications::CreatedAt.into_iden(),
                Notifications::Id.into_iden(),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            Deliverables::Table.into_iden(),
            Collaborations::Table.into_iden(),
            Messages::Table.into_iden(),
            OfferDeliverables::Table.into_iden(),
            Offers::Table.into_iden(),
            Proposals::Table.into_iden(),
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
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Briefs {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    BriefId,
    CreatorId,
    BrandId,
    Origin,
    Status,
    Turn,
    Pitch,
    CloseReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    ProposalId,
    Version,
    Author,
    Status,
    CompensationModel,
    Currency,
    FeeMinor,
    CommissionRateBp,
    GiftProduct,
    DueAt,
    RevisionRounds,
    UsageRightsDays,
    Message,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OfferDeliverables {
    Table,
    OfferId,
    Position,
    DeliverableType,
    Platform,
    Quantity,
    Notes,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ProposalId,
    Author,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
    ProposalId,
    OfferId,
    BriefId,
    BrandId,
    CreatorId,
    Status,
    TrackingCode,
    StartedAt,
    CompletedAt,
    CancelledAt,
    CancelReason,
}

#[derive(DeriveIden)]
enum Deliverables {
    Table,
    Id,
    CollaborationId,
    Position,
    DeliverableType,
    Platform,
    Notes,
    DueAt,
    Status,
    RevisionsUsed,
    LiveUrl,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    RecipientId,
    Kind,
    Message,
    BriefId,
    ProposalId,
    CollaborationId,
    CreatedAt,
    ReadAt,
}
