//! Integrations: API keys, idempotency keys, webhook endpoints and their deliveries.
//!
//! A pending delivery is found by a partial index on `next_attempt_at`, so the webhook worker's
//! poll reads only what is still to send, however long the delivery log grows.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(uuid(ApiKeys::Id).primary_key())
                    .col(uuid(ApiKeys::BrandId))
                    .col(string_len(ApiKeys::Name, 100))
                    .col(string_len(ApiKeys::Prefix, 16))
                    .col(string_len(ApiKeys::SecretHash, 64))
                    .col(string(ApiKeys::Scopes))
                    .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_keys_brand")
                            .from(ApiKeys::Table, ApiKeys::BrandId)
                            .to(Brands::Table, Brands::Id),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "idx_api_keys_secret_hash",
            ApiKeys::Table,
            &[ApiKeys::SecretHash.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_api_keys_brand",
            ApiKeys::Table,
            &[ApiKeys::BrandId.into_iden(), ApiKeys::CreatedAt.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string_len(IdempotencyKeys::Owner, 64))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::BodyHash, 64))
                    .col(timestamp_with_time_zone(IdempotencyKeys::StartedAt))
                    .col(integer_null(IdempotencyKeys::ResponseStatus))
                    .col(text_null(IdempotencyKeys::ResponseBody))
                    .col(string_null(IdempotencyKeys::ContentType))
                    .col(timestamp_with_time_zone(IdempotencyKeys::ExpiresAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::Owner)
                            .col(IdempotencyKeys::Key),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_idempotency_keys_expires_at",
            IdempotencyKeys::Table,
            &[IdempotencyKeys::ExpiresAt.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(uuid(WebhookEndpoints::Id).primary_key())
                    .col(uuid(WebhookEndpoints::UserId))
                    .col(string_len(WebhookEndpoints::Url, 2048))
                    .col(text(WebhookEndpoints::Events))
                    .col(string_len(WebhookEndpoints::Secret, 64))
                    .col(boolean(WebhookEndpoints::Enabled).default(true))
                    .col(integer(WebhookEndpoints::ConsecutiveFailures).default(0))
                    .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_endpoints_user")
                            .from(WebhookEndpoints::Table, WebhookEndpoints::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "idx_webhook_endpoints_user_url",
            WebhookEndpoints::Table,
            &[
                WebhookEndpoints::UserId.into_iden(),
                WebhookEndpoints::Url.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(uuid(WebhookDeliveries::Id).primary_key())
                    .col(uuid(WebhookDeliveries::EndpointId))
                    .col(string_len(WebhookDeliveries::Event, 32))
                    .col(text(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::Status, 16))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(integer(WebhookDeliveries::Redeliveries).default(0))
                    .col(integer_null(WebhookDeliveries::LastResponseStatus))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::NextAttemptAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::LeasedUntil,
                    ))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::DeliveredAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_endpoint")
                            .from(WebhookDeliveries::Table, WebhookDeliveries::EndpointId)
                            .to(WebhookEndpoints::Table, WebhookEndpoints::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_webhook_deliveries_endpoint",
            WebhookDeliveries::Table,
            &[
                WebhookDeliveries::EndpointId.into_iden(),
                WebhookDeliveries::CreatedAt.into_iden(),
                WebhookDeliveries::Id.into_iden(),
            ],
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_webhook_deliveries_pending ON webhook_deliveries \
                 (next_attempt_at) WHERE status = 'PENDING'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookDeliveries::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    BrandId,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Owner,
    Key,
    BodyHash,
    StartedAt,
    ResponseStatus,
    ResponseBody,
    ContentType,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    UserId,
    Url,
    Events,
    Secret,
    Enabled,
    ConsecutiveFailures,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    Event,
    Payload,
    Status,
    Attempts,
    Redeliveries,
    LastResponseStatus,
    NextAttemptAt,
    LeasedUntil,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
