//! The stand-alone migration CLI (`cargo run -p migration -- up|down|status|fresh`).
//! The server binary runs the same migrations at start-up and with `marketplace migrate`.

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migration::Migrator).await;
}
