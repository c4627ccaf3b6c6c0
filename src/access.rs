//! Who may read what (SPEC.md, "Who sees and does what"): one rule per kind, written once as a SQL
//! condition, so that a list, `node(id:)` and every area that looks a row up apply the same rule.
//!
//! An object the viewer may not read behaves as if it did not exist: the finders here answer
//! `None` for both. Profiles, brands, social accounts and reviews are public to signed-in users
//! and need no rule; users are for admins and themselves (`accounts`).

use entity::{
    brief, collaboration, content_submission, conversion, deliverable,
    enums::{BriefStatus, BriefVisibility, WalletOwner},
    funding, ledger_entry, livestream_session, message, notification, offer, payout, payout_method,
    proposal, sample, wallet, withdrawal,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PrimaryKeyTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use crate::{auth::Viewer, error::AppResult};

/// Briefs: its brand and admins always; anyone signed in once it is PUBLIC and was published (a
/// draft cancelled before publishing stays private); a creator with a proposal on it (invited to
/// an INVITE_ONLY brief, or one that applied) once it was published.
pub fn brief(viewer: &Viewer) -> Condition {
    if viewer.is_admin() {
        return Condition::all();
    }
    let mut any = Condition::any().add(
        Condition::all()
            .add(brief::Column::Status.ne(BriefStatus::Draft))
            .add(brief::Column::PublishedAt.is_not_null())
            .add(brief::Column::Visibility.eq(BriefVisibility::Public)),
    );
    if let Some(brand) = viewer.brand_id {
        any = any.add(brief::Column::BrandId.eq(brand));
    }
    if let Some(creator) = viewer.creator_id {
        any = any.add(
            Condition::all()
                .add(brief::Column::PublishedAt.is_not_null())
                .add(
                    brief::Column::Id.in_subquery(
                        Query::select()
                            .column(proposal::Column::BriefId)
                            .from(proposal::Entity)
                            .and_where(proposal::Column::CreatorId.eq(creator))
                            .to_owned(),
                    ),
                ),
        );
    }
    any
}

/// Proposals, and their offers and messages: the deal's two parties and admins.
pub fn proposal(viewer: &Viewer) -> Condition {
    parties::<proposal::Entity>(
        viewer,
        proposal::Column::BrandId,
        proposal::Column::CreatorId,
    )
}

/// Collaborations and everything under them: the two parties and admins.
pub fn collaboration(viewer: &Viewer) -> Condition {
    parties::<collaboration::Entity>(
        viewer,
        collaboration::Column::BrandId,
        collaboration::Column::CreatorId,
    )
}

pub fn offer(viewer: &Viewer) -> Condition {
    under(offer::Column::ProposalId, proposals(viewer))
}

pub fn message(viewer: &Viewer) -> Condition {
    under(message::Column::ProposalId, proposals(viewer))
}

pub fn deliverable(viewer: &Viewer) -> Condition {
    under(deliverable::Column::CollaborationId, collaborations(viewer))
}

pub fn conversion(viewer: &Viewer) -> Condition {
    under(conversion::Column::CollaborationId, collaborations(viewer))
}

pub fn sample(viewer: &Viewer) -> Condition {
    under(sample::Column::CollaborationId, collaborations(viewer))
}

pub fn livestream_session(viewer: &Viewer) -> Condition {
    under(
        livestream_session::Column::CollaborationId,
        collaborations(viewer),
    )
}

pub fn payout(viewer: &Viewer) -> Condition {
    under(payout::Column::CollaborationId, collaborations(viewer))
}

pub fn submission(viewer: &Viewer) -> Condition {
    under(
        content_submission::Column::DeliverableId,
        Query::select()
            .column(deliverable::Column::Id)
            .from(deliverable::Entity)
            .cond_where(deliverable(viewer))
            .to_owned(),
    )
}

/// Fundings: their brand and admins.
pub fn funding(viewer: &Viewer) -> Condition {
    owned(viewer, funding::Column::BrandId, viewer.brand_id)
}

/// Payout methods: their creator and admins (who see account numbers in full).
pub fn payout_method(viewer: &Viewer) -> Condition {
    owned(viewer, payout_method::Column::CreatorId, viewer.creator_id)
}

/// Withdrawals: their creator and admins.
pub fn withdrawal(viewer: &Viewer) -> Condition {
    owned(viewer, withdrawal::Column::CreatorId, viewer.creator_id)
}

/// Wallets: their owner (the brand's user, the creator) and admins; the marketplace's bank
/// account: admins.
pub fn wallet(viewer: &Viewer) -> Condition {
    if viewer.is_admin() {
        return Condition::all();
    }
    let mine = |kind: WalletOwner, id: Option<Uuid>| {
        id.map(|id| {
            Condition::all()
                .add(wallet::Column::OwnerKind.eq(kind))
                .add(wallet::Column::OwnerId.eq(id))
        })
    };
    match (
        mine(WalletOwner::Brand, viewer.brand_id),
        mine(WalletOwner::Creator, viewer.creator_id),
    ) {
        (None, None) => nothing(),
        (brand, creator) => Condition::any().add_option(brand).add_option(creator),
    }
}

/// Ledger entries: those of the wallets the viewer may read.
pub fn ledger_entry(viewer: &Viewer) -> Condition {
    under(
        ledger_entry::Column::WalletId,
        Query::select()
            .column(wallet::Column::Id)
            .from(wallet::Entity)
            .cond_where(wallet(viewer))
            .to_owned(),
    )
}

/// Notifications: their recipient only (admins included: they are someone's mail).
pub fn notification(viewer: &Viewer) -> Condition {
    Condition::all().add(notification::Column::RecipientId.eq(viewer.user_id))
}

/// The row of `E` with `id`, if `rule` lets the viewer read it; one query.
pub async fn find<E>(
    db: &impl ConnectionTrait,
    id: Uuid,
    rule: Condition,
) -> AppResult<Option<E::Model>>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    Ok(E::find_by_id(id).filter(rule).one(db).await?)
}

fn parties<E: EntityTrait>(viewer: &Viewer, brand: E::Column, creator: E::Column) -> Condition {
    if viewer.is_admin() {
        return Condition::all();
    }
    let mut any = Condition::any();
    if let Some(id) = viewer.brand_id {
        any = any.add(brand.eq(id));
    }
    if let Some(id) = viewer.creator_id {
        any = any.add(creator.eq(id));
    }
    if viewer.brand_id.is_none() && viewer.creator_id.is_none() {
        return nothing();
    }
    any
}

/// Rows whose `owner` column is `mine`, for their owner; every row for admins.
fn owned(viewer: &Viewer, owner: impl ColumnTrait, mine: Option<Uuid>) -> Condition {
    match mine {
        _ if viewer.is_admin() => Condition::all(),
        Some(id) => Condition::all().add(owner.eq(id)),
        None => nothing(),
    }
}

/// A condition no row meets.
fn nothing() -> Condition {
    Condition::all().add(Expr::val(1).eq(0))
}

fn proposals(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(proposal::Column::Id)
        .from(proposal::Entity)
        .cond_where(proposal(viewer))
        .to_owned()
}

fn collaborations(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(collaboration::Column::Id)
        .from(collaboration::Entity)
        .cond_where(collaboration(viewer))
        .to_owned()
}

fn under(column: impl ColumnTrait, parents: SelectStatement) -> Condition {
    Condition::all().add(column.in_subquery(parents))
}
