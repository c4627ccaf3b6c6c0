//! Deadlines that enforce themselves: review days and expiry on offers, review windows on
//! submissions, completion requests on collaborations, and the `deadlines` table the sweep works
//! through.
//!
//! A pending deadline (`done_at IS NULL`) is found by a partial index on `due_at`, so a sweep with
//! nothing due reads nothing but the index's first entry, however many deadlines are pending.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(
                        integer(Offers::ReviewDays)
                            .default(3)
                            .check(Expr::col(Offers::ReviewDays).between(1, 10)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(timestamp_with_time_zone_null(Offers::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        // Submissions made before have their window written at start-up, when the business
        // calendar is known (`deadlines::backfill`); until then it is the far future, so none is
        // approved early.
        manager
            .alter_table(
                Table::alter()
                    .table(ContentSubmissions::Table)
                    .add_column(
                        timestamp_with_time_zone(ContentSubmissions::ReviewDueAt)
                            .default("9999-12-31T00:00:00+00:00"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ContentSubmissions::Table)
                    .add_column(boolean(ContentSubmissions::AutoApproved).default(false))
                    .to_owned(),
            )
            .await?;
        for column in [
            Collaborations::CompletionRequestedAt,
            Collaborations::AutoCompletesAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Collaborations::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Deadlines::Table)
                    .col(string_len(Deadlines::Kind, 24))
                    .col(uuid(Deadlines::SubjectId))
                    .col(timestamp_with_time_zone(Deadlines::DueAt))
                    .col(timestamp_with_time_zone_null(Deadlines::DoneAt))
                    .col(integer(Deadlines::Attempts).default(0))
                    .col(text_null(Deadlines::LastError))
                    .primary_key(
                        Index::create()
                            .col(Deadlines::Kind)
                            .col(Deadlines::SubjectId),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX idx_deadlines_pending ON deadlines (due_at) WHERE done_at IS NULL",
        )
        .await?;
        // The deliverables still to publish are due when their terms said.
        db.execute_unprepared(
            "INSERT INTO deadlines (kind, subject_id, due_at, attempts) \
             SELECT 'DELIVERABLE_DUE', d.id, d.due_at, 0 FROM deliverables d \
             JOIN collaborations c ON c.id = d.collaboration_id \
             WHERE c.status = 'ACTIVE' AND d.status <> 'PUBLISHED'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Deadlines::Table).to_owned())
            .await?;
        for column in [
            Collaborations::AutoCompletesAt,
            Collaborations::CompletionRequestedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Collaborations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            ContentSubmissions::AutoApproved,
            ContentSubmissions::ReviewDueAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContentSubmissions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [Offers::ExpiresAt, Offers::ReviewDays] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Offers::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    ReviewDays,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ContentSubmissions {
    Table,
    ReviewDueAt,
    AutoApproved,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    CompletionRequestedAt,
    AutoCompletesAt,
}

#[derive(DeriveIden)]
enum Deadlines {
    Table,
    Kind,
    SubjectId,
    DueAt,
    DoneAt,
    Attempts,
    LastError,
}
