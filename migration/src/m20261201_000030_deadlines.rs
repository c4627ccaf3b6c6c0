//! Deadlines that enforce themselves: review days and expiry on offers, review windows on
//! submissions, completion requests on collaborations, and the `deadlines` table the sweep works
//! through.
//!
//! A pending deadline (`done_at IS NULL`) is found by a partial index on `due_at`, so a sweep with
//! nothing due reads nothing but the index's first entry, however many deadlines are pending.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, Statement},
};

use crate::helpers::index;

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
        // calendar is known (`delivery::backfill_review_windows`); until then it is the far
        // future, so none is approved early.
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
        // Found at start-up by `delivery::backfill_review_windows`.
        index(
            manager,
            "idx_content_submissions_review_due_at",
            ContentSubmissions::Table,
            &[ContentSubmissions::ReviewDueAt.into_iden()],
        )
        .await?;
        schedule_overdue(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Deadlines::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_content_submissions_review_due_at")
                    .table(ContentSubmissions::Table)
                    .to_owned(),
            )
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

/// The deliverables still to publish on ACTIVE collaborations become overdue just after their due
/// time (a publication at `due_at` is on time), as `collaborations::start` schedules them.
async fn schedule_overdue(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT d.id, d.due_at FROM deliverables d \
             JOIN collaborations c ON c.id = d.collaboration_id \
             WHERE c.status = 'ACTIVE' AND d.status <> 'PUBLISHED'",
        ))
        .await?;
    for row in rows {
        let id: uuid::Uuid = row.try_get("", "id")?;
        let due: chrono::DateTime<chrono::Utc> = row.try_get("", "due_at")?;
        let insert = Query::insert()
            .into_table(Deadlines::Table)
            .columns([
                Deadlines::Kind,
                Deadlines::SubjectId,
                Deadlines::DueAt,
                Deadlines::Attempts,
            ])
            .values_panic([
                "DELIVERABLE_DUE".into(),
                id.into(),
                (due + chrono::Duration::microseconds(1)).into(),
                0.into(),
            ])
            .to_owned();
        db.execute(&insert).await?;
    }
    Ok(())
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
