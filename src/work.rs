//! One mutation's unit of work: its write transaction, the viewer acting, the events it raises and
//! the two parties of the deal it touches.
//!
//! Every mutation follows the same shape, which this type makes short:
//!
//! ```text
//! let mut work = Work::begin(db, bus, viewer).await?;   // BEGIN (IMMEDIATE on SQLite)
//! let p = lock the row(s) it changes, in the order brief → proposal/collaboration → the rest;
//! check the rules on what was read;
//! work.set(UPDATE … WHERE status = <expected>, <why, a catalogue text>).await?; // or CONFLICT
//! work.tell_about(Deal::of_proposal(&p), to, kind, |parties| text).await?;
//! work.commit().await?;                                 // COMMIT, then the events
//! ```
//!
//! Dropping a `Work` without committing rolls everything back, its notifications included: an
//! error returned with `?` anywhere leaves nothing behind.
//!
//! Every mutation with a signed-in viewer runs on one. Two kinds do not: the session flows of
//! `accounts` (sign-up, log-in, refresh, log-out, password change), which have no viewer yet or
//! must record a failed attempt even when the rest is refused; and `markNotificationsRead`, one
//! UPDATE of the viewer's own rows in `notifications`, which this module builds on.

use entity::{
    brand, brief, collaboration, creator_profile,
    enums::{NotificationKind, Party},
    proposal,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QuerySelect, UpdateMany,
};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    db::begin_write,
    error::{AppError, AppResult},
    events::{Event, EventBus, Outbox},
    i18n::{Msg, msg},
    notifications::{self, Notice},
};

pub struct Work<'a> {
    txn: DatabaseTransaction,
    pub viewer: &'a Viewer,
    bus: &'a EventBus,
    outbox: Outbox,
    parties: Option<Parties>,
}

impl<'a> Work<'a> {
    /// Begins a write transaction for `viewer`.
    pub async fn begin(
        db: &DatabaseConnection,
        bus: &'a EventBus,
        viewer: &'a Viewer,
    ) -> AppResult<Self> {
        Ok(Self {
            txn: begin_write(db).await?,
            viewer,
            bus,
            outbox: Outbox::default(),
            parties: None,
        })
    }

    /// The transaction, for reads and writes inside the unit.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Compare and set: runs a conditional UPDATE (its `WHERE` names the state the caller read)
    /// and answers CONFLICT with `conflict` unless it changed exactly one row, which is how the
    /// loser of two racing requests finds out.
    pub async fn set<E: EntityTrait>(&self, update: UpdateMany<E>, conflict: Msg) -> AppResult<()> {
        if update.exec(&self.txn).await?.rows_affected == 1 {
            Ok(())
        } else {
            Err(AppError::conflict(conflict))
        }
    }

    /// The two parties of `deal` (loaded once per unit of work), for the texts of notifications.
    pub async fn parties(&mut self, deal: Deal) -> AppResult<&Parties> {
        if self.parties.as_ref().is_none_or(|p| p.deal != deal) {
            self.parties = Some(Parties::load(&self.txn, deal).await?);
        }
        Ok(self.parties.as_ref().expect("just loaded"))
    }

    /// Tells `to`, one side of `deal`, about something on it: a stored notification, pushed to
    /// `to`'s subscriptions when the unit commits. `text` words it from the parties' names and
    /// the brief's title.
    pub async fn tell_about<M>(
        &mut self,
        deal: Deal,
        to: Party,
        kind: NotificationKind,
        text: impl FnOnce(&Parties) -> M,
    ) -> AppResult<()>
    where
        M: Into<Msg>,
    {
        let parties = self.parties(deal).await?;
        let notice = Notice {
            recipient: parties.user(to),
            kind,
            message: text(parties).into(),
            brief_id: Some(deal.brief_id),
            proposal_id: Some(deal.proposal_id),
            collaboration_id: deal.collaboration_id,
        };
        notifications::notify(&self.txn, &mut self.outbox, notice).await
    }

    /// Tells `recipient` (a user) about something outside any deal: money arriving in or leaving
    /// a wallet.
    pub async fn tell(
        &mut self,
        recipient: Uuid,
        kind: NotificationKind,
        message: impl Into<Msg>,
    ) -> AppResult<()> {
        let notice = Notice {
            recipient,
            kind,
            message: message.into(),
            brief_id: None,
            proposal_id: None,
            collaboration_id: None,
        };
        notifications::notify(&self.txn, &mut self.outbox, notice).await
    }

    /// Raises an event other than a notification, sent when the unit commits.
    pub fn raise(&mut self, event: Event) {
        self.outbox.push(event);
    }

    /// Commits the changes, then sends the events: all of them if the commit succeeds, none if
    /// not.
    pub async fn commit(self) -> AppResult<()> {
        self.outbox.commit(self.txn, self.bus).await
    }
}

/// What a notification is about: a proposal, and the collaboration it became, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deal {
    pub brief_id: Uuid,
    pub proposal_id: Uuid,
    pub brand_id: Uuid,
    pub creator_id: Uuid,
    pub collaboration_id: Option<Uuid>,
}

impl Deal {
    pub fn of_proposal(p: &proposal::Model) -> Self {
        Self {
            brief_id: p.brief_id,
            proposal_id: p.id,
            brand_id: p.brand_id,
            creator_id: p.creator_id,
            collaboration_id: None,
        }
    }

    pub fn of_collaboration(c: &collaboration::Model) -> Self {
        Self {
            brief_id: c.brief_id,
            proposal_id: c.proposal_id,
            brand_id: c.brand_id,
            creator_id: c.creator_id,
            collaboration_id: Some(c.id),
        }
    }

    /// The same deal, now that its proposal became collaboration `id`.
    pub fn with_collaboration(self, id: Uuid) -> Self {
        Self {
            collaboration_id: Some(id),
            ..self
        }
    }
}

/// The brand and creator of a deal, and its brief: who to tell, and the names to tell it with.
pub struct Parties {
    deal: Deal,
    pub brand: brand::Model,
    pub creator: creator_profile::Model,
    pub brief: brief::Model,
}

impl Parties {
    async fn load(db: &impl ConnectionTrait, deal: Deal) -> AppResult<Self> {
        let brand = brand::Entity::find_by_id(deal.brand_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("a deal without its brand"))?;
        let creator = creator_profile::Entity::find_by_id(deal.creator_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("a deal without its creator"))?;
        let brief = brief::Entity::find_by_id(deal.brief_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("a deal without its brief"))?;
        Ok(Self {
            deal,
            brand,
            creator,
            brief,
        })
    }

    pub fn user(&self, party: Party) -> Uuid {
        match party {
            Party::Brand => self.brand.user_id,
            Party::Creator => self.creator.user_id,
        }
    }

    pub fn name(&self, party: Party) -> &str {
        match party {
            Party::Brand => &self.brand.name,
            Party::Creator => &self.creator.display_name,
        }
    }

    /// The brief's title, as the texts quote it.
    pub fn title(&self) -> &str {
        &self.brief.title
    }
}

/// The viewer's side of a deal between `brand_id` and `creator_id`, if it is one of the two.
pub fn party_of(viewer: &Viewer, brand_id: Uuid, creator_id: Uuid) -> Option<Party> {
    if viewer.owns_brand(brand_id) {
        Some(Party::Brand)
    } else if viewer.creator_id == Some(creator_id) {
        Some(Party::Creator)
    } else {
        None
    }
}

/// The collaboration the viewer acts on, locked until the transaction ends, and the viewer's side.
/// NOT_FOUND for third parties (as `noun`, the object they named); FORBIDDEN for admins, who may
/// read but not take part.
pub async fn acting_on_collaboration(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    noun: &'static str,
) -> AppResult<(collaboration::Model, Party)> {
    let c = collaboration::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(noun))?;
    let party = acting_party(viewer, c.brand_id, c.creator_id, noun)?;
    Ok((c, party))
}

/// The side a viewer acts as on a proposal or collaboration of `brand_id` and `creator_id`:
/// NOT_FOUND (as `noun`) for third parties; FORBIDDEN for admins, who read deals but take no part.
pub fn acting_party(
    viewer: &Viewer,
    brand_id: Uuid,
    creator_id: Uuid,
    noun: &'static str,
) -> AppResult<Party> {
    match party_of(viewer, brand_id, creator_id) {
        Some(party) => Ok(party),
        None if viewer.is_admin() => Err(AppError::forbidden(msg!("admin-not-a-party"))),
        None => Err(AppError::not_found(noun)),
    }
}
