//! Money held and paid: wallets, a double-entry ledger, fundings, payout methods and withdrawals;
//! kill fees on offers; locks and partial refunds on conversions.
//!
//! The rules that must hold whatever the code does are constraints: a brand's or creator's
//! balance is never below zero and the marketplace's bank account never above it (CHECK); one
//! wallet per (owner, currency), one funding per reference and per bank transaction id (UNIQUE).

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, Statement},
};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Wallets::Table)
                    .col(pk_uuid(Wallets::Id))
                    .col(string_len(Wallets::OwnerKind, 16))
                    .col(uuid(Wallets::OwnerId))
                    .col(string_len(Wallets::Currency, 3))
                    .col(big_integer(Wallets::AvailableMinor).default(0))
                    .col(big_integer(Wallets::HeldMinor).default(0))
                    .col(timestamp_with_time_zone(Wallets::CreatedAt))
                    .check(Expr::cust(
                        "(owner_kind = 'MARKETPLACE' AND available_minor <= 0 AND held_minor = 0) \
                         OR (owner_kind <> 'MARKETPLACE' AND available_minor >= 0 AND held_minor >= 0)",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_wallets_owner_currency",
            Wallets::Table,
            &[
                Wallets::OwnerKind.into_iden(),
                Wallets::OwnerId.into_iden(),
                Wallets::Currency.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerTransfers::Table)
                    .col(pk_uuid(LedgerTransfers::Id))
                    .col(string_len(LedgerTransfers::Kind, 24))
                    .col(string_len(LedgerTransfers::Currency, 3))
                    .col(uuid_null(LedgerTransfers::CollaborationId))
                    .col(text_null(LedgerTransfers::Memo))
                    .col(timestamp_with_time_zone(LedgerTransfers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transfers_collaboration")
                            .from(LedgerTransfers::Table, LedgerTransfers::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .col(pk_uuid(LedgerEntries::Id))
                    .col(uuid(LedgerEntries::TransferId))
                    .col(uuid(LedgerEntries::WalletId))
                    .col(string_len(LedgerEntries::Kind, 24))
                    .col(string_len(LedgerEntries::Balance, 16))
                    .col(big_integer(LedgerEntries::AmountMinor))
                    .col(string_len(LedgerEntries::Currency, 3))
                    .col(big_integer(LedgerEntries::AvailableAfterMinor))
                    .col(big_integer(LedgerEntries::HeldAfterMinor))
                    .col(uuid_null(LedgerEntries::CollaborationId))
                    .col(text_null(LedgerEntries::Memo))
                    .col(timestamp_with_time_zone(LedgerEntries::CreatedAt))
                    .check(Expr::col(LedgerEntries::AmountMinor).ne(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entries_transfer")
                            .from(LedgerEntries::Table, LedgerEntries::TransferId)
                            .to(LedgerTransfers::Table, LedgerTransfers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entries_wallet")
                            .from(LedgerEntries::Table, LedgerEntries::WalletId)
                            .to(Wallets::Table, Wallets::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entries_collaboration")
                            .from(LedgerEntries::Table, LedgerEntries::CollaborationId)
                            .to(Collaborations::Table, Collaborations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // A wallet's entries, newest first; a collaboration's (its escrow).
        index(
            manager,
            "idx_ledger_entries_wallet",
            LedgerEntries::Table,
            &[
                LedgerEntries::WalletId.into_iden(),
                LedgerEntries::CreatedAt.into_iden(),
                LedgerEntries::Id.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "idx_ledger_entries_collaboration",
            LedgerEntries::Table,
            &[LedgerEntries::CollaborationId.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_ledger_entries_transfer",
            LedgerEntries::Table,
            &[LedgerEntries::TransferId.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Fundings::Table)
                    .col(pk_uuid(Fundings::Id))
                    .col(uuid(Fundings::BrandId))
                    .col(big_integer(Fundings::AmountMinor))
                    .col(string_len(Fundings::Currency, 3))
                    .col(string_len(Fundings::Reference, 16))
                    .col(string_len(Fundings::Status, 16))
                    .col(string_len_null(Fundings::BankTransactionId, 100))
                    .col(uuid_null(Fundings::TransferId))
                    .col(timestamp_with_time_zone(Fundings::CreatedAt))
                    .col(timestamp_with_time_zone_null(Fundings::ConfirmedAt))
                    .col(timestamp_with_time_zone(Fundings::ExpiresAt))
                    .check(Expr::col(Fundings::AmountMinor).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fundings_brand")
                            .from(Fundings::Table, Fundings::BrandId)
                            .to(Brands::Table, Brands::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fundings_transfer")
                            .from(Fundings::Table, Fundings::TransferId)
                            .to(LedgerTransfers::Table, LedgerTransfers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_fundings_reference",
            Fundings::Table,
            &[Fundings::Reference.into_iden()],
        )
        .await?;
        unique(
            manager,
            "uq_fundings_bank_transaction",
            Fundings::Table,
            &[Fundings::BankTransactionId.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_fundings_brand",
            Fundings::Table,
            &[
                Fundings::BrandId.into_iden(),
                Fundings::CreatedAt.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "idx_fundings_created",
            Fundings::Table,
            &[Fundings::CreatedAt.into_iden(), Fundings::Id.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PayoutMethods::Table)
                    .col(pk_uuid(PayoutMethods::Id))
                    .col(uuid(PayoutMethods::CreatorId))
                    .col(string_len(PayoutMethods::Kind, 16))
                    .col(string_len_null(PayoutMethods::BankCode, 16))
                    .col(string_len(PayoutMethods::AccountNumber, 24))
                    .col(string_len(PayoutMethods::AccountName, 100))
                    .col(timestamp_with_time_zone(PayoutMethods::CreatedAt))
                    .col(timestamp_with_time_zone_null(PayoutMethods::RemovedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_payout_methods_creator")
                            .from(PayoutMethods::Table, PayoutMethods::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_payout_methods_creator",
            PayoutMethods::Table,
            &[PayoutMethods::CreatorId.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Withdrawals::Table)
                    .col(pk_uuid(Withdrawals::Id))
                    .col(uuid(Withdrawals::CreatorId))
                    .col(uuid(Withdrawals::MethodId))
                    .col(big_integer(Withdrawals::AmountMinor))
                    .col(string_len(Withdrawals::Currency, 3))
                    .col(string_len(Withdrawals::Status, 16))
                    .col(string_len_null(Withdrawals::Reference, 200))
                    .col(text_null(Withdrawals::FailureReason))
                    .col(timestamp_with_time_zone(Withdrawals::RequestedAt))
                    .col(timestamp_with_time_zone_null(Withdrawals::PaidAt))
                    .col(timestamp_with_time_zone_null(Withdrawals::FailedAt))
                    .check(Expr::col(Withdrawals::AmountMinor).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_withdrawals_creator")
                            .from(Withdrawals::Table, Withdrawals::CreatorId)
                            .to(CreatorProfiles::Table, CreatorProfiles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_withdrawals_method")
                            .from(Withdrawals::Table, Withdrawals::MethodId)
                            .to(PayoutMethods::Table, PayoutMethods::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_withdrawals_creator",
            Withdrawals::Table,
            &[
                Withdrawals::CreatorId.into_iden(),
                Withdrawals::RequestedAt.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "idx_withdrawals_requested",
            Withdrawals::Table,
            &[
                Withdrawals::RequestedAt.into_iden(),
                Withdrawals::Id.into_iden(),
            ],
        )
        .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(integer(Offers::KillFeeBp).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversions::Table)
                    .add_column(big_integer_null(Conversions::OriginalAmountMinor))
                    .to_owned(),
            )
            .await?;
        // Every conversion recorded before locks 14 days after it was (the default lock), written
        // row by row below. SQLite adds a NOT NULL column only with a default: the placeholder
        // is the far future, so a row that ever missed its lock would wait, not pay out early.
        manager
            .alter_table(
                Table::alter()
                    .table(Conversions::Table)
                    .add_column(
                        timestamp_with_time_zone(Conversions::LocksAt)
                            .default("9999-12-31T00:00:00+00:00"),
                    )
                    .to_owned(),
            )
            .await?;
        backfill_locks(manager).await?;
        index(
            manager,
            "idx_conversions_unsettled",
            Conversions::Table,
            &[
                Conversions::CollaborationId.into_iden(),
                Conversions::PayoutId.into_iden(),
                Conversions::LocksAt.into_iden(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_conversions_unsettled")
                    .table(Conversions::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Conversions::LocksAt, Conversions::OriginalAmountMinor] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Conversions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .drop_column(Offers::KillFeeBp)
                    .to_owned(),
            )
            .await?;
        for table in [
            Withdrawals::Table.into_iden(),
            PayoutMethods::Table.into_iden(),
            Fundings::Table.into_iden(),
            LedgerEntries::Table.into_iden(),
            LedgerTransfers::Table.into_iden(),
            Wallets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// `locks_at = created_at + 14 days` for every conversion that exists.
async fn backfill_locks(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, created_at FROM conversions",
        ))
        .await?;
    for row in rows {
        let id: uuid::Uuid = row.try_get("", "id")?;
        let created: chrono::DateTime<chrono::Utc> = row.try_get("", "created_at")?;
        let update = Query::update()
            .table(Conversions::Table)
            .value(Conversions::LocksAt, created + chrono::Duration::days(14))
            .and_where(Expr::col(Conversions::Id).eq(id))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}

#[derive(DeriveIden)]
enum Wallets {
    Table,
    Id,
    OwnerKind,
    OwnerId,
    Currency,
    AvailableMinor,
    HeldMinor,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerTransfers {
    Table,
    Id,
    Kind,
    Currency,
    CollaborationId,
    Memo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    TransferId,
    WalletId,
    Kind,
    Balance,
    AmountMinor,
    Currency,
    AvailableAfterMinor,
    HeldAfterMinor,
    CollaborationId,
    Memo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Fundings {
    Table,
    Id,
    BrandId,
    AmountMinor,
    Currency,
    Reference,
    Status,
    BankTransactionId,
    TransferId,
    CreatedAt,
    ConfirmedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PayoutMethods {
    Table,
    Id,
    CreatorId,
    Kind,
    BankCode,
    AccountNumber,
    AccountName,
    CreatedAt,
    RemovedAt,
}

#[derive(DeriveIden)]
enum Withdrawals {
    Table,
    Id,
    CreatorId,
    MethodId,
    AmountMinor,
    Currency,
    Status,
    Reference,
    FailureReason,
    RequestedAt,
    PaidAt,
    FailedAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    KillFeeBp,
}

#[derive(DeriveIden)]
enum Conversions {
    Table,
    Id,
    CollaborationId,
    PayoutId,
    OriginalAmountMinor,
    LocksAt,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CreatorProfiles {
    Table,
    Id,
}
