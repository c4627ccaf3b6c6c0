//! The 2026 Advertising Law's duties: a brief may have them enforced and list its product's
//! documents; an unlabelled submission's approval keeps its reason; a deliverable keeps the
//! creator's attestation of having used the product.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite adds one at a time.
        let columns = [
            (
                Briefs::Table.into_iden(),
                boolean(Briefs::EnforceAdvertisingLaw).default(false).take(),
            ),
            (
                Briefs::Table.into_iden(),
                text(Briefs::ProductDocuments).default("[]").take(),
            ),
            (
                ContentSubmissions::Table.into_iden(),
                text_null(ContentSubmissions::UnlabelledReason),
            ),
            (
                Deliverables::Table.into_iden(),
                timestamp_with_time_zone_null(Deliverables::ProductUseAttestedAt),
            ),
            (
                Deliverables::Table.into_iden(),
                uuid_null(Deliverables::ProductUseAttestedBy),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            (
                Deliverables::Table.into_iden(),
                Deliverables::ProductUseAttestedBy.into_iden(),
            ),
            (
                Deliverables::Table.into_iden(),
                Deliverables::ProductUseAttestedAt.into_iden(),
            ),
            (
                ContentSubmissions::Table.into_iden(),
                ContentSubmissions::UnlabelledReason.into_iden(),
            ),
            (
                Briefs::Table.into_iden(),
                Briefs::ProductDocuments.into_iden(),
            ),
            (
                Briefs::Table.into_iden(),
                Briefs::EnforceAdvertisingLaw.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Briefs {
    Table,
    EnforceAdvertisingLaw,
    ProductDocuments,
}

#[derive(DeriveIden)]
enum ContentSubmissions {
    Table,
    UnlabelledReason,
}

#[derive(DeriveIden)]
enum Deliverables {
    Table,
    ProductUseAttestedAt,
    ProductUseAttestedBy,
}
