//! The sweep: does what came due in the `deadlines` table. The server runs it every
//! `SWEEP_INTERVAL` ([`every`]); `marketplace sweep [--as-of …]` runs it once ([`run`] inside
//! `clock::as_of`).
//!
//! - **Durable and restart-safe.** What is due is rows of `deadlines`, written with the things
//!   they time; nothing is held in memory between sweeps, so a restart or an outage only delays
//!   it: the next sweep finds every row whose `due_at` passed.
//! - **Once.** Each deadline is its own transaction: it claims the row (`FOR UPDATE SKIP LOCKED`
//!   on PostgreSQL, so another instance's sweep passes over a row this one holds; the write
//!   transaction on SQLite), acts, and marks the row done, all or nothing. A row done by one
//!   instance is no longer pending for the others; and every action re-reads what it acts on
//!   under the row locks the mutations take, changing state only by conditional updates of the
//!   state it read, so nothing happens twice however many instances sweep.
//! - **A failing item stops nothing.** Its transaction rolls back, its error is logged with its
//!   kind and subject and counted on its row, and the sweep goes on with the next; the row is
//!   still pending, so the next sweep tries it again.
//! - **Cheap when nothing is due.** Pending rows are read through a partial index on `due_at`
//!   (see `docs/performance.md` for the cost with 100,000 collaborations).

use std::time::Duration;

use entity::enums::DeadlineKind;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;
use uuid::Uuid;

use crate::{
    auth::Viewer,
    clock, collaborations, deadlines, deals, delivery,
    error::{AppError, AppResult},
    events::EventBus,
    samples,
    work::Work,
};

/// Deadlines read per query.
const BATCH: u64 = 200;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Deadlines acted on: an offer expired, a submission approved, a reminder sent…
    pub acted: usize,
    /// Deadlines that had become moot (answered, reviewed, published in time) and were closed.
    pub moot: usize,
    /// Deadlines another instance's sweep held or had just done.
    pub taken: usize,
    /// Deadlines whose action failed; they stay pending for the next sweep.
    pub failed: usize,
}

enum Outcome {
    Acted,
    Moot,
    Taken,
}

/// Sweeps once: every pending deadline due by now (`clock::now`, which `clock::as_of` pins),
/// earliest first, each in its own transaction. Fails only when the list itself cannot be read.
pub async fn run(db: &DatabaseConnection, bus: &EventBus) -> AppResult<Report> {
    let as_of = clock::now();
    let mut report = Report::default();
    let mut after = None;
    loop {
        let batch = deadlines::due(db, as_of, after, BATCH).await?;
        for d in &batch {
            match one(db, bus, d.kind, d.subject_id).await {
                Ok(Outcome::Acted) => report.acted += 1,
                Ok(Outcome::Moot) => report.moot += 1,
                Ok(Outcome::Taken) => report.taken += 1,
                Err(err) => {
                    report.failed += 1;
                    let error = format!("{}: {}", err.code(), err.message());
                    tracing::error!(
                        kind = d.kind.as_str(),
                        subject = %d.subject_id,
                        attempts = d.attempts + 1,
                        %error,
                        "deadline failed; the next sweep tries it again"
                    );
                    if let Err(e) = deadlines::failed(db, d.kind, d.subject_id, &error).await {
                        tracing::warn!(code = e.code(), "could not count the failed attempt");
                    }
                }
            }
        }
        match batch.last() {
            Some(last) if batch.len() as u64 == BATCH => {
                after = Some((last.due_at, last.subject_id));
            }
            _ => break,
        }
    }
    Ok(report)
}

/// One deadline, in its own unit of work.
async fn one(
    db: &DatabaseConnection,
    bus: &EventBus,
    kind: DeadlineKind,
    subject: Uuid,
) -> AppResult<Outcome> {
    let marketplace = Viewer::marketplace();
    let mut work = Work::begin(db, bus, &marketplace).await?;
    if deadlines::claim(work.db(), kind, subject).await?.is_none() {
        return Ok(Outcome::Taken);
    }
    let acted = match kind {
        DeadlineKind::OfferExpires => deals::expire(&mut work, subject).await?,
        DeadlineKind::ReviewDueSoon => delivery::remind_review(&mut work, subject).await?,
        DeadlineKind::ReviewDue => delivery::auto_approve(&mut work, subject).await?,
        DeadlineKind::DeliverableDue => delivery::mark_overdue(&mut work, subject).await?,
        DeadlineKind::AutoComplete => collaborations::auto_complete(&mut work, subject).await?,
        DeadlineKind::SamplePostBy | DeadlineKind::SampleExtendedPostBy => {
            samples::mark_overdue(&mut work, subject).await?
        }
    };
    if !deadlines::finish(work.db(), kind, subject, clock::now()).await? {
        return Err(AppError::internal(format!(
            "deadline {} {subject} was done under its own lock",
            kind.as_str()
        )));
    }
    work.commit().await?;
    Ok(if acted { Outcome::Acted } else { Outcome::Moot })
}

/// Sweeps every `interval` until `stop` turns true. A sweep cut short by `stop` loses only the
/// deadline in hand, whose transaction rolls back; the next start does it.
pub async fn every(
    db: DatabaseConnection,
    bus: EventBus,
    interval: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => return,
            _ = tick.tick() => {}
        }
        let started = std::time::Instant::now();
        let report = tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => return,
            report = run(&db, &bus) => report,
        };
        match report {
            Ok(r) if r == Report::default() => {}
            Ok(r) => tracing::info!(
                acted = r.acted,
                moot = r.moot,
                taken = r.taken,
                failed = r.failed,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "sweep"
            ),
            Err(e) => tracing::warn!(code = e.code(), "sweep could not read what is due"),
        }
    }
}
