//! The demo's money: every demo brand funds its wallet by bank transfer (confirmed by the demo
//! admin) before any deal is accepted; after the deals, Linh withdraws part of her released fee to
//! her Vietcombank account (PAID) and Minh asks for his kill fee on MoMo (REQUESTED, waiting for
//! an admin). All of it through the domain functions the API calls.
//!
//! Like the other storylines, each step runs once: a brand that has a funding is not funded again,
//! a creator with a payout method is left as it is.

use entity::{
    enums::{CurrencyCode, PayoutMethodKind},
    funding,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    error::AppResult,
    payments::{funding as fundings, methods::MethodIn, withdrawals},
    seed::demo_viewer,
    state::AppState,
};

/// What each demo brand transfers in, in VND: enough for every fee the demo holds.
const DEMO_FUNDING_VND: i64 = 200_000_000;

/// Funds each demo brand once, by a confirmed bank transfer.
pub async fn fund_brands(state: &AppState, brands: &[&str], admin: &str) -> AppResult<()> {
    let admin = demo_viewer(state, admin).await?;
    for (i, email) in brands.iter().enumerate() {
        let brand = demo_viewer(state, email).await?;
        let Some(brand_id) = brand.brand_id else {
            continue;
        };
        let funded = funding::Entity::find()
            .filter(funding::Column::BrandId.eq(brand_id))
            .count(&state.db)
            .await?;
        if funded > 0 {
            continue;
        }
        let f = fundings::request(
            &state.db,
            &state.events,
            &brand,
            (Decimal::from(DEMO_FUNDING_VND), CurrencyCode::Vnd),
        )
        .await?;
        fundings::confirm(
            &state.db,
            &state.events,
            &admin,
            f.id,
            &format!("FT2612010000{i:02}"),
        )
        .await?;
    }
    Ok(())
}

/// Linh withdraws 2,000,000 VND to Vietcombank, paid; Minh asks for 500,000 VND on MoMo.
pub async fn withdrawals(state: &AppState, admin: &str) -> AppResult<()> {
    let admin = demo_viewer(state, admin).await?;
    let linh = demo_viewer(state, "linh.beauty@demo.vn").await?;
    let minh = demo_viewer(state, "minh.review@demo.vn").await?;
    if !has_method(state, &admin, linh.creator_id).await? {
        let vcb = withdrawals::add_method(
            &state.db,
            &state.events,
            &linh,
            MethodIn {
                kind: PayoutMethodKind::BankTransfer,
                bank_code: Some("VCB".to_owned()),
                account_number: "0071 0012 36789".to_owned(),
                account_name: "Nguyễn Thùy Linh".to_owned(),
            },
        )
        .await?;
        let w = withdrawals::request(
            &state.db,
            &state.events,
            &state.config.money,
            &linh,
            (Decimal::from(2_000_000), CurrencyCode::Vnd),
            vcb.id,
        )
        .await?;
        withdrawals::mark_paid(&state.db, &state.events, &admin, w.id, "VCB-FT26120100871").await?;
    }

    if !has_method(state, &admin, minh.creator_id).await? {
        let momo = withdrawals::add_method(
            &state.db,
            &state.events,
            &minh,
            MethodIn {
                kind: PayoutMethodKind::Momo,
                bank_code: None,
                account_number: "0903 456 789".to_owned(),
                account_name: "Trần Quang Minh".to_owned(),
            },
        )
        .await?;
        withdrawals::request(
            &state.db,
            &state.events,
            &state.config.money,
            &minh,
            (Decimal::from(500_000), CurrencyCode::Vnd),
            momo.id,
        )
        .await?;
    }
    Ok(())
}

/// Whether the demo creator has a payout method already (or is missing, so is left alone).
async fn has_method(
    state: &AppState,
    admin: &crate::auth::Viewer,
    creator: Option<uuid::Uuid>,
) -> AppResult<bool> {
    match creator {
        Some(id) => Ok(!withdrawals::visible_methods(&state.db, admin, id)
            .await?
            .is_empty()),
        None => Ok(true),
    }
}
