//! The brief's budget: its slots and committed fees: `filled_slots ≤ slots` and
//! `committed ≤ budget`. Accepting an offer reserves a slot and its fee, cancelling the
//! collaboration releases them, and a brand editing an OPEN brief may not go below them. Every
//! change is one conditional UPDATE (with CHECK constraints behind it), so no interleaving of
//! requests can overfill a brief.

use entity::{
    brief, collaboration,
    enums::{BriefStatus, CollaborationStatus},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    clock,
    error::{AppError, AppResult},
    i18n::msg,
};

/// Takes one slot and `fee` of the brief's budget, only where both still fit.
pub async fn reserve(db: &impl ConnectionTrait, brief_id: Uuid, fee: i64) -> AppResult<()> {
    let updated = brief::Entity::update_many()
        .col_expr(
            brief::Column::FilledSlots,
            Expr::col(brief::Column::FilledSlots).add(1),
        )
        .col_expr(
            brief::Column::CommittedMinor,
            Expr::col(brief::Column::CommittedMinor).add(fee),
        )
        .col_expr(brief::Column::UpdatedAt, Expr::value(clock::now()))
        .filter(brief::Column::Id.eq(brief_id))
        .filter(brief::Column::Status.is_in([BriefStatus::Open, BriefStatus::Closed]))
        .filter(Expr::col(brief::Column::FilledSlots).lt(Expr::col(brief::Column::Slots)))
        .filter(
            Expr::col(brief::Column::CommittedMinor)
                .add(fee)
                .lte(Expr::col(brief::Column::BudgetMinor)),
        )
        .exec(db)
        .await?;
    if updated.rows_affected == 1 {
        return Ok(());
    }
    // Say why, from the brief as it is now.
    let now = brief::Entity::find_by_id(brief_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("a deal without its brief"))?;
    Err(AppError::conflict(
        if !matches!(now.status, BriefStatus::Open | BriefStatus::Closed) {
            msg!("brief-is", status = now.status.as_str())
        } else if now.filled_slots >= now.slots {
            msg!("brief-full")
        } else {
            msg!("brief-over-budget")
        },
    ))
}

/// Gives a cancelled collaboration's slot and fee back to its brief.
pub async fn release(db: &impl ConnectionTrait, brief_id: Uuid, fee: i64) -> AppResult<()> {
    let freed = brief::Entity::update_many()
        .col_expr(
            brief::Column::FilledSlots,
            Expr::col(brief::Column::FilledSlots).sub(1),
        )
        .col_expr(
            brief::Column::CommittedMinor,
            Expr::col(brief::Column::CommittedMinor).sub(fee),
        )
        .col_expr(brief::Column::UpdatedAt, Expr::value(clock::now()))
        .filter(brief::Column::Id.eq(brief_id))
        .filter(brief::Column::FilledSlots.gte(1))
        .filter(brief::Column::CommittedMinor.gte(fee))
        .exec(db)
        .await?;
    if freed.rows_affected != 1 {
        return Err(AppError::internal(format!(
            "brief {brief_id} holds less than the cancelled collaboration took"
        )));
    }
    Ok(())
}

/// Whether an OPEN brief may take `slots` and `budget_minor`: not below what is already filled
/// and committed. Checked before writing, so that the brand gets a CONFLICT naming the field, not
/// the table's CHECK constraint.
pub fn allows(current: &brief::Model, slots: i32, budget_minor: i64) -> AppResult<()> {
    if slots < current.filled_slots {
        return Err(AppError::conflict_on(
            "input.slots",
            msg!("slots-filled", filled = current.filled_slots),
        ));
    }
    if budget_minor < current.committed_minor {
        return Err(AppError::conflict_on(
            "input.budget.amount",
            msg!("budget-below-committed"),
        ));
    }
    Ok(())
}

/// Whether a brief has an ACTIVE collaboration, which holds a slot and keeps the brief from being
/// cancelled or completed.
pub async fn has_active(db: &impl ConnectionTrait, brief_id: Uuid) -> AppResult<bool> {
    Ok(collaboration::Entity::find()
        .filter(collaboration::Column::BriefId.eq(brief_id))
        .filter(collaboration::Column::Status.eq(CollaborationStatus::Active))
        .one(db)
        .await?
        .is_some())
}
