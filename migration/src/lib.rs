//! Schema migrations, one module per step. Used at server start-up, by `marketplace migrate`, by
//! the tests (every test database is made by these migrations) and by the `migration` CLI.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261123_000001_accounts;
mod m20261123_000002_market;
mod m20261123_000003_discovery_indexes;
mod m20261123_000004_deals;
mod m20261123_000005_delivery;
mod m20261124_000010_login_failure_times;
mod m20261201_000020_money;
mod m20261201_000030_deadlines;
mod m20261201_000040_integrations;
mod m20261201_000050_images;
mod m20261202_000060_disclosure;
mod m20261202_000070_samples;
mod m20261202_000080_languages;
mod m20261202_000090_livestreams;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_market::Migration),
            Box::new(m20261123_000003_discovery_indexes::Migration),
            Box::new(m20261123_000004_deals::Migration),
            Box::new(m20261123_000005_delivery::Migration),
            Box::new(m20261124_000010_login_failure_times::Migration),
            Box::new(m20261201_000020_money::Migration),
            Box::new(m20261201_000030_deadlines::Migration),
            Box::new(m20261201_000040_integrations::Migration),
            Box::new(m20261201_000050_images::Migration),
            Box::new(m20261202_000060_disclosure::Migration),
            Box::new(m20261202_000070_samples::Migration),
            Box::new(m20261202_000080_languages::Migration),
            Box::new(m20261202_000090_livestreams::Migration),
        ]
    }
}
