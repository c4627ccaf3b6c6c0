//! Failures older than the throttle's window and lockout are deleted on every failed login, for
//! every email: an index on the time alone makes that one DELETE a range read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_time")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::FailedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_login_failures_time")
                    .table(LoginFailures::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    FailedAt,
}
