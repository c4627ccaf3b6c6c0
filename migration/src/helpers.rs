//! Steps the migrations share.

use sea_orm_migration::prelude::*;

/// `CREATE INDEX name ON table (columns)`.
pub(crate) async fn index<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[DynIden],
) -> Result<(), DbErr> {
    create(manager, name, table, columns, false).await
}

/// `CREATE UNIQUE INDEX name ON table (columns)`.
pub(crate) async fn unique<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[DynIden],
) -> Result<(), DbErr> {
    create(manager, name, table, columns, true).await
}

async fn create<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[DynIden],
    unique: bool,
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    if unique {
        statement.unique();
    }
    for column in columns {
        statement.col(column.clone());
    }
    manager.create_index(statement.to_owned()).await
}
