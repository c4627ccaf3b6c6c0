//! Deadlines that enforce themselves, end to end: offers that expire, review windows that close
//! with an approval, deliverables that fall overdue, collaborations that complete once asked;
//! all done by the sweep, once, whatever runs it and however many run at once.

mod common;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use common::{
    delivery::{LIVE_URL, MEDIA_URL, publish_deliverable, review, submit},
    fixtures::{Deal, Opening},
    market::{Party, at, fee_terms, id, ts},
    money::{assert_ledger_balances, balances, creator_wallets},
    notifications::kinds,
    *,
};
use entity::content_submission;
use marketplace::{
    calendar::BusinessCalendar,
    clock,
    sweep::{self, Report},
};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement, sea_query::Expr};
use serde_json::{Value, json};

const INVITE: &str = "mutation($input: InviteCreatorInput!) { r: inviteCreator(input: $input) { \
    id status currentOffer { id status expiresAt terms { reviewDays } } } }";
const APPLY: &str = "mutation($input: ApplyToBriefInput!) { r: applyToBrief(input: $input) { \
    id status currentOffer { id expiresAt } } }";
const MAKE_OFFER: &str = "mutation($input: MakeOfferInput!) { r: makeOffer(input: $input) { \
    id status expiresAt } }";
const PROPOSAL: &str = "query($id: ID!) { proposal(id: $id) { id status turn \
    offers { id status expiresAt } } }";
const ACCEPT: &str = "mutation($id: ID!) { r: acceptOffer(offerId: $id) { id } }";
const SUBMIT: &str = "mutation($input: SubmitContentInput!) { r: submitContent(input: $input) { \
    id status submittedAt reviewDueAt autoApproved } }";
const COLLABORATION: &str = "query($id: ID!) { collaboration(id: $id) { id status completedAt \
    completionRequestedAt autoCompletesAt terms { reviewDays } \
    deliverables { id status overdue dueAt submissions { id status autoApproved reviewedAt reviewDueAt } } } }";
const REQUEST_COMPLETION: &str = "mutation($id: ID!) { r: requestCompletion(collaborationId: $id) { \
    id status completionRequestedAt autoCompletesAt } }";
const COMPLETE: &str = "mutation($id: ID!) { r: completeCollaboration(id: $id) { id status } }";

/// One sweep of `app`'s database, with "now" standing at `t`.
async fn sweep_at(app: &TestApp, t: DateTime<Utc>) -> Report {
    clock::as_of(t, sweep::run(app.db(), &app.state.events))
        .await
        .expect("the sweep reads what is due")
}

/// The variables of the opening's brand inviting its creator on `terms`, expiring at
/// `expires_at`.
fn invitation(o: &Opening, terms: Value, expires_at: Option<String>) -> Value {
    json!({ "input": { "briefId": o.brief, "creatorId": o.creator.id, "message": "Mời bạn hợp tác",
        "terms": terms, "expiresAt": expires_at } })
}

/// The opening's brand invites its creator: the proposal, as `inviteCreator` answers it.
async fn invite(app: &TestApp, o: &Opening, terms: Value, expires_at: Option<String>) -> Value {
    app.ok(INVITE, invitation(o, terms, expires_at), o.brand.token())
        .await["r"]
        .clone()
}

fn vn(t: DateTime<Utc>) -> String {
    t.with_timezone(&marketplace::calendar::ZONE)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

async fn collaboration(app: &TestApp, who: &Party, id: &str) -> Value {
    app.ok(COLLABORATION, json!({ "id": id }), who.token())
        .await["collaboration"]
        .clone()
}

/// How many of `who`'s notifications are of `kind`.
async fn count(app: &TestApp, who: &Party, kind: &str) -> usize {
    kinds(app, who, None)
        .await
        .iter()
        .filter(|k| *k == kind)
        .count()
}

/// How many collaborations have their completion scheduled.
async fn auto_completions(app: &TestApp) -> i64 {
    let row = app
        .db()
        .query_one_raw(Statement::from_string(
            app.db().get_database_backend(),
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM deadlines WHERE kind = 'AUTO_COMPLETE'"
                .to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

async fn execute(app: &TestApp, sql: &str) {
    app.db()
        .execute_raw(Statement::from_string(
            app.db().get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn an_offer_expires_by_itself_and_cannot_be_accepted_once_its_time_passed() {
    let app = TestApp::new().await;
    let o = Opening::new(&app, "expiry", "Chiến dịch hết hạn").await;
    let expires = (Utc::now() + Duration::hours(1)).trunc_subsecs(0);
    let invited = invite(
        &app,
        &o,
        fee_terms("2000000", 1),
        Some(expires.to_rfc3339()),
    )
    .await;
    let proposal = id(&invited);
    let offer = id(&invited["currentOffer"]);
    assert_eq!(ts(&invited["currentOffer"]["expiresAt"]), expires);
    assert_eq!(invited["currentOffer"]["terms"]["reviewDays"], 3);

    // From `expiresAt` on (the server's clock pinned there), before any sweep ran, the time alone
    // forbids accepting, or countering.
    let err = clock::as_of(
        expires,
        app.error(ACCEPT, json!({ "id": offer }), o.creator.token()),
    )
    .await;
    assert_error(&err, "CONFLICT", None, "accepting an expired offer");
    let err = clock::as_of(
        expires + Duration::minutes(1),
        app.error(
            MAKE_OFFER,
            json!({ "input": { "proposalId": proposal, "terms": fee_terms("2500000", 1) } }),
            o.creator.token(),
        ),
    )
    .await;
    assert_error(&err, "CONFLICT", None, "countering an expired offer");
    assert_eq!(app.rows("collaborations").await, 0);

    // The real binary sweeps once, as operations would after an outage. It runs beside this
    // test's runtime rather than blocking it, so that the rollbacks the runtime still has to send
    // (of the requests refused above, holding row locks until then) go out.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .args(["sweep", "--as-of", &expires.to_rfc3339()])
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run marketplace sweep");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 acted on"), "{stdout}");

    let p = app
        .ok(PROPOSAL, json!({ "id": proposal }), o.brand.token())
        .await["proposal"]
        .clone();
    assert_eq!(p["status"], "EXPIRED");
    assert_eq!(p["turn"], Value::Null);
    assert_eq!(p["offers"][0]["status"], "EXPIRED");
    assert_eq!(count(&app, &o.brand, "OFFER_EXPIRED").await, 1);
    assert_eq!(count(&app, &o.creator, "OFFER_EXPIRED").await, 1);

    // Nothing is left to do: another sweep changes nothing and tells no one again.
    assert_eq!(sweep_at(&app, expires).await, Report::default());
    assert_eq!(count(&app, &o.creator, "OFFER_EXPIRED").await, 1);
    let err = app
        .error(ACCEPT, json!({ "id": offer }), o.creator.token())
        .await;
    assert_error(&err, "CONFLICT", None, "accepting an EXPIRED offer");
}

#[tokio::test]
async fn an_offer_answered_in_time_does_not_expire() {
    let app = TestApp::new().await;
    let o = Opening::new(&app, "intime", "Chiến dịch kịp lúc").await;
    let proposal = id(&invite(
        &app,
        &o,
        fee_terms("2000000", 1),
        Some(at(Duration::hours(1))),
    )
    .await);
    // The creator counters with an offer of its own, which expires later.
    let counter = app
        .ok(
            MAKE_OFFER,
            json!({ "input": { "proposalId": proposal, "terms": fee_terms("2500000", 1),
                "expiresAt": at(Duration::hours(5)) } }),
            o.creator.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(counter["status"], "OPEN");

    // Past the first expiry only: it was superseded, so nothing happens.
    let report = sweep_at(&app, Utc::now() + Duration::hours(2)).await;
    assert_eq!((report.acted, report.moot), (0, 1));
    app.ok(ACCEPT, json!({ "id": id(&counter) }), o.brand.token())
        .await;
    // And the accepted counter-offer never expires.
    let report = sweep_at(&app, Utc::now() + Duration::hours(6)).await;
    assert_eq!(report.acted, 0);
    let p = app
        .ok(PROPOSAL, json!({ "id": proposal }), o.brand.token())
        .await["proposal"]
        .clone();
    assert_eq!(p["status"], "ACCEPTED");
    assert_eq!(count(&app, &o.brand, "OFFER_EXPIRED").await, 0);
}

#[tokio::test]
async fn bad_expiries_and_review_days_are_refused_and_leave_nothing() {
    let app = TestApp::new().await;
    let o = Opening::new(&app, "bad", "Chiến dịch sai").await;
    let cases = [
        (
            fee_terms("1000000", 1),
            Some(at(Duration::minutes(-1))),
            "input.expiresAt",
        ),
        (
            fee_terms("1000000", 1),
            Some(at(Duration::days(30) + Duration::minutes(5))),
            "input.expiresAt",
        ),
        (
            common::market::with(fee_terms("1000000", 1), json!({ "reviewDays": 0 })),
            None,
            "input.terms.reviewDays",
        ),
        (
            common::market::with(fee_terms("1000000", 1), json!({ "reviewDays": 11 })),
            None,
            "input.terms.reviewDays",
        ),
    ];
    for (terms, expires, field) in cases {
        let err = app
            .error(
                INVITE,
                invitation(&o, terms, expires.clone()),
                o.brand.token(),
            )
            .await;
        assert_error(&err, "BAD_USER_INPUT", Some(field), &format!("{expires:?}"));
    }
    // An application's expiry is for its proposed terms.
    let err = app
        .error(
            APPLY,
            json!({ "input": { "briefId": o.brief, "pitch": "Chọn mình nhé", "expiresAt": at(Duration::days(1)) } }),
            o.creator.token(),
        )
        .await;
    assert_error(&err, "BAD_USER_INPUT", Some("input.expiresAt"), "no terms");
    let err = app
        .error(
            APPLY,
            json!({ "input": { "briefId": o.brief, "pitch": "Chọn mình nhé",
                "proposedTerms": fee_terms("1000000", 1), "expiresAt": at(Duration::days(31)) } }),
            o.creator.token(),
        )
        .await;
    assert_error(&err, "BAD_USER_INPUT", Some("input.expiresAt"), "too far");
    let err = app
        .error(
            APPLY,
            json!({ "input": { "briefId": o.brief, "pitch": "Chọn mình nhé",
                "proposedTerms": common::market::with(fee_terms("1000000", 1), json!({ "reviewDays": 0 })) } }),
            o.creator.token(),
        )
        .await;
    assert_error(
        &err,
        "BAD_USER_INPUT",
        Some("input.proposedTerms.reviewDays"),
        "proposed terms",
    );
    // A brand applying is refused for its role before its input is looked at.
    let err = app
        .error(
            APPLY,
            json!({ "input": { "briefId": o.brief, "pitch": "x", "expiresAt": at(Duration::days(1)) } }),
            o.brand.token(),
        )
        .await;
    assert_error(&err, "FORBIDDEN", None, "a brand applying");
    assert_eq!(app.rows("proposals").await, 0);
    assert_eq!(app.rows("offers").await, 0);
    assert_eq!(app.rows("deadlines").await, 0);

    // A counter-offer with a bad expiry changes nothing: the open offer and the turn stay.
    let proposal = id(&invite(&app, &o, fee_terms("1000000", 1), None).await);
    for expires in [at(Duration::minutes(-1)), at(Duration::days(31))] {
        let err = app
            .error(
                MAKE_OFFER,
                json!({ "input": { "proposalId": proposal, "terms": fee_terms("1500000", 1), "expiresAt": expires } }),
                o.creator.token(),
            )
            .await;
        assert_error(&err, "BAD_USER_INPUT", Some("input.expiresAt"), &expires);
    }
    let p = app
        .ok(PROPOSAL, json!({ "id": proposal }), o.brand.token())
        .await["proposal"]
        .clone();
    assert_eq!(p["status"], "INVITED");
    assert_eq!(p["turn"], "CREATOR");
    assert_eq!(p["offers"].as_array().unwrap().len(), 1);
    assert_eq!(p["offers"][0]["status"], "OPEN");
    assert_eq!(app.rows("deadlines").await, 0);

    // 30 days ahead is the limit, and an application may carry it.
    let other = common::market::creator_party(&app, "other@creator.vn").await;
    let data = app
        .ok(
            APPLY,
            json!({ "input": { "briefId": o.brief, "pitch": "Chọn mình nhé",
                "proposedTerms": common::market::with(fee_terms("1000000", 1), json!({ "reviewDays": 10 })),
                "expiresAt": at(Duration::days(30) - Duration::minutes(1)) } }),
            other.token(),
        )
        .await;
    assert!(data["r"]["currentOffer"]["expiresAt"].is_string());
    assert_eq!(app.rows("deadlines").await, 1);
}

#[tokio::test]
async fn a_review_window_reminds_the_brand_then_approves_by_itself() {
    let app = TestApp::new().await;
    let terms = common::market::with(fee_terms("3000000", 1), json!({ "reviewDays": 2 }));
    let deal = Deal::new(&app, "window", terms).await;
    let s = app
        .ok(
            SUBMIT,
            common::delivery::submit_vars(&deal.deliverable(0), &[MEDIA_URL]),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    let submitted = ts(&s["submittedAt"]);
    let due = ts(&s["reviewDueAt"]);
    assert_eq!(
        due,
        BusinessCalendar::vietnam().add_business_days(submitted, 2)
    );
    assert!(vn(due).ends_with("23:59:59"), "{}", vn(due));
    assert_eq!(s["autoApproved"], false);

    // A day and a half before the end: nothing yet.
    let report = sweep_at(&app, due - Duration::hours(36)).await;
    assert_eq!(report.acted, 0);
    // On the last day: the brand is reminded, once.
    let report = sweep_at(&app, due - Duration::hours(2)).await;
    assert_eq!(report.acted, 1);
    sweep_at(&app, due - Duration::hours(1)).await;
    assert_eq!(count(&app, &deal.brand, "REVIEW_DUE_SOON").await, 1);
    assert_eq!(count(&app, &deal.creator, "REVIEW_DUE_SOON").await, 0);
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    assert_eq!(
        c["deliverables"][0]["submissions"][0]["status"],
        "IN_REVIEW"
    );

    // At the end of the window the marketplace approves, at the time the sweep stands for.
    let report = sweep_at(&app, due).await;
    assert_eq!(report.acted, 1);
    let c = collaboration(&app, &deal.creator, &deal.id()).await;
    let d = &c["deliverables"][0];
    assert_eq!(d["status"], "APPROVED");
    assert_eq!(d["submissions"][0]["status"], "APPROVED");
    assert_eq!(d["submissions"][0]["autoApproved"], true);
    assert_eq!(ts(&d["submissions"][0]["reviewedAt"]), due);
    assert_eq!(count(&app, &deal.brand, "CONTENT_AUTO_APPROVED").await, 1);
    assert_eq!(count(&app, &deal.creator, "CONTENT_AUTO_APPROVED").await, 1);

    // The brand is too late now; the creator publishes as after any approval.
    let err = app
        .error(
            common::delivery::REVIEW,
            json!({ "input": { "submissionId": id(&s), "decision": "REQUEST_CHANGES", "feedback": "Muộn rồi" } }),
            deal.brand.token(),
        )
        .await;
    assert_error(
        &err,
        "CONFLICT",
        None,
        "reviewing an auto-approved submission",
    );
    publish_deliverable(&app, &deal.creator, &deal.deliverable(0), LIVE_URL).await;
    assert_eq!(sweep_at(&app, due + Duration::days(1)).await.acted, 0);
}

#[tokio::test]
async fn reviewing_from_the_end_of_the_window_is_a_conflict_even_before_the_sweep() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "late", fee_terms("3000000", 2)).await;
    let mut windows = Vec::new();
    for i in 0..2 {
        let s = app
            .ok(
                SUBMIT,
                common::delivery::submit_vars(&deal.deliverable(i), &[MEDIA_URL]),
                deal.creator.token(),
            )
            .await["r"]
            .clone();
        windows.push((id(&s), ts(&s["reviewDueAt"])));
    }
    let review = |submission: &str, decision: &str| json!({ "input": { "submissionId": submission, "decision": decision, "feedback": "Thêm phụ đề" } });
    // At the window's end (the server's clock pinned there; no sweep has run), neither decision
    // is taken, and nothing changes.
    let (first, end) = &windows[0];
    for decision in ["REQUEST_CHANGES", "APPROVE"] {
        let err = clock::as_of(
            *end,
            app.error(
                common::delivery::REVIEW,
                review(first, decision),
                deal.brand.token(),
            ),
        )
        .await;
        assert_error(&err, "CONFLICT", None, decision);
    }
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    assert_eq!(c["deliverables"][0]["status"], "IN_REVIEW");
    assert_eq!(
        c["deliverables"][0]["submissions"][0]["status"],
        "IN_REVIEW"
    );
    assert_eq!(count(&app, &deal.creator, "CHANGES_REQUESTED").await, 0);
    let revisions = app
        .ok(
            "query($id: ID!) { collaboration(id: $id) { deliverables { revisionsUsed } } }",
            json!({ "id": deal.id() }),
            deal.brand.token(),
        )
        .await;
    assert_eq!(
        revisions["collaboration"]["deliverables"][0]["revisionsUsed"],
        0
    );

    // A microsecond before its end, the other window still takes the brand's review.
    let (second, end2) = &windows[1];
    let approved = clock::as_of(
        *end2 - Duration::microseconds(1),
        app.ok(
            common::delivery::REVIEW,
            review(second, "APPROVE"),
            deal.brand.token(),
        ),
    )
    .await;
    assert_eq!(approved["r"]["status"], "APPROVED");

    // The sweep then approves the first, once, and leaves the reviewed one alone.
    let last = (*end).max(*end2);
    assert_eq!(sweep_at(&app, last).await.acted, 1);
    assert_eq!(sweep_at(&app, last).await.acted, 0);
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    assert_eq!(c["deliverables"][0]["submissions"][0]["autoApproved"], true);
    assert_eq!(
        c["deliverables"][1]["submissions"][0]["autoApproved"],
        false
    );
    assert_eq!(count(&app, &deal.creator, "CONTENT_AUTO_APPROVED").await, 1);
    assert_eq!(count(&app, &deal.creator, "CONTENT_APPROVED").await, 1);
}

#[tokio::test]
async fn content_reviewed_in_time_is_not_touched() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "reviewed", fee_terms("3000000", 1)).await;
    let s = submit(&app, &deal.creator, &deal.deliverable(0), MEDIA_URL).await;
    review(
        &app,
        &deal.brand,
        &id(&s),
        "REQUEST_CHANGES",
        Some("Thêm phụ đề"),
    )
    .await;
    let due = ts(
        &collaboration(&app, &deal.brand, &deal.id()).await["deliverables"][0]["submissions"][0]["reviewDueAt"],
    );
    let report = sweep_at(&app, due + Duration::hours(1)).await;
    // Its reminder and its approval were moot.
    assert_eq!((report.acted, report.moot), (0, 2));
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    assert_eq!(c["deliverables"][0]["status"], "CHANGES_REQUESTED");
    assert_eq!(
        c["deliverables"][0]["submissions"][0]["autoApproved"],
        false
    );
    assert_eq!(count(&app, &deal.brand, "REVIEW_DUE_SOON").await, 0);
    assert_eq!(count(&app, &deal.creator, "CONTENT_AUTO_APPROVED").await, 0);
}

#[tokio::test]
async fn a_deliverable_past_its_due_time_unpublished_is_overdue_and_both_hear_it_once() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "overdue", fee_terms("3000000", 2)).await;
    deal.deliver(&app, &deal.deliverable(0)).await;
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    let due = ts(&c["deliverables"][0]["dueAt"]);
    assert_eq!(c["deliverables"][1]["overdue"], false);

    // At `dueAt` it is still on time; just after, it is overdue.
    let c = clock::as_of(due, collaboration(&app, &deal.brand, &deal.id())).await;
    assert_eq!(c["deliverables"][1]["overdue"], false, "at dueAt");
    assert_eq!(sweep_at(&app, due).await.acted, 0);
    let after = due + Duration::microseconds(1);
    let c = clock::as_of(after, collaboration(&app, &deal.brand, &deal.id())).await;
    assert_eq!(c["deliverables"][0]["overdue"], false, "published in time");
    assert_eq!(c["deliverables"][1]["overdue"], true);

    let report = sweep_at(&app, after).await;
    // Moot: the published one's due time (its submission's reminder and window went at `dueAt`).
    assert_eq!((report.acted, report.moot), (1, 1));
    sweep_at(&app, after + Duration::days(1)).await;
    for who in [&deal.brand, &deal.creator] {
        assert_eq!(count(&app, who, "DELIVERABLE_OVERDUE").await, 1);
    }
}

#[tokio::test]
async fn a_collaboration_completes_by_itself_once_the_creator_asked() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "done", fee_terms("4000000", 2)).await;
    let id_vars = json!({ "id": deal.id() });

    // Not before every deliverable is published (none, then one of two), and only by the
    // creator: the brand and admins may not, another creator does not see it.
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), deal.creator.token())
        .await;
    assert_error(&err, "CONFLICT", None, "nothing published yet");
    deal.deliver(&app, &deal.deliverable(0)).await;
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), deal.creator.token())
        .await;
    assert_error(&err, "CONFLICT", None, "one of two published");
    deal.deliver(&app, &deal.deliverable(1)).await;
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), deal.brand.token())
        .await;
    assert_error(&err, "FORBIDDEN", None, "the brand asking");
    let admin = app.admin("ops@marketplace.vn").await;
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), admin.token())
        .await;
    assert_error(&err, "FORBIDDEN", None, "an admin asking");
    let stranger = common::market::creator_party(&app, "stranger@creator.vn").await;
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), stranger.token())
        .await;
    assert_error(&err, "NOT_FOUND", None, "another creator asking");
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    assert_eq!(c["completionRequestedAt"], Value::Null);
    assert_eq!(c["autoCompletesAt"], Value::Null);
    assert_eq!(count(&app, &deal.brand, "COMPLETION_REQUESTED").await, 0);
    assert_eq!(auto_completions(&app).await, 0);

    let c = app
        .ok(REQUEST_COMPLETION, id_vars.clone(), deal.creator.token())
        .await["r"]
        .clone();
    assert_eq!(c["status"], "ACTIVE");
    let requested = ts(&c["completionRequestedAt"]);
    let completes = ts(&c["autoCompletesAt"]);
    assert_eq!(
        completes,
        BusinessCalendar::vietnam().add_business_days(requested, 3)
    );
    assert_eq!(count(&app, &deal.brand, "COMPLETION_REQUESTED").await, 1);
    assert_eq!(auto_completions(&app).await, 1);
    let err = app
        .error(REQUEST_COMPLETION, id_vars.clone(), deal.creator.token())
        .await;
    assert_error(&err, "CONFLICT", None, "asking twice");

    assert_eq!(
        sweep_at(&app, completes - Duration::seconds(1)).await.acted,
        0
    );
    assert_eq!(sweep_at(&app, completes).await.acted, 1);
    let c = collaboration(&app, &deal.creator, &deal.id()).await;
    assert_eq!(c["status"], "COMPLETED");
    assert_eq!(ts(&c["completedAt"]), completes);
    // The held fee was released to the creator, as completeCollaboration does.
    let (available, held) = balances(&creator_wallets(&app, &deal.creator).await, "VND");
    assert_eq!((available.as_str(), held.as_str()), ("4000000", "0"));
    assert_eq!(
        count(&app, &deal.creator, "COLLABORATION_COMPLETED").await,
        1
    );
    assert_eq!(count(&app, &deal.brand, "COLLABORATION_COMPLETED").await, 1);
    let err = app.error(COMPLETE, id_vars, deal.brand.token()).await;
    assert_error(&err, "CONFLICT", None, "completing twice");
    assert_ledger_balances(&app).await;
}

#[tokio::test]
async fn a_brand_that_completes_first_leaves_the_sweep_nothing_to_do() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "first", fee_terms("4000000", 1)).await;
    deal.deliver(&app, &deal.deliverable(0)).await;
    let c = app
        .ok(
            REQUEST_COMPLETION,
            json!({ "id": deal.id() }),
            deal.creator.token(),
        )
        .await["r"]
        .clone();
    app.ok(COMPLETE, json!({ "id": deal.id() }), deal.brand.token())
        .await;
    let report = sweep_at(&app, ts(&c["autoCompletesAt"])).await;
    assert_eq!(report.acted, 0);
    let (available, _) = balances(&creator_wallets(&app, &deal.creator).await, "VND");
    assert_eq!(available, "4000000", "paid once");
    assert_eq!(
        count(&app, &deal.creator, "COLLABORATION_COMPLETED").await,
        1
    );
    assert_ledger_balances(&app).await;
}

/// Due items of every kind: `n` expiring invitations, `n` submissions past their window, and a
/// collaboration whose completion is due. Returns the time by which all are due.
struct Due {
    openings: Vec<Opening>,
    proposals: Vec<String>,
    deals: Vec<Deal>,
    completing: Deal,
    by: DateTime<Utc>,
}

async fn due_items(app: &TestApp, n: usize) -> Due {
    let mut openings = Vec::new();
    let mut proposals = Vec::new();
    for i in 0..n {
        let o = Opening::new(app, &format!("race{i}"), &format!("Chiến dịch {i}")).await;
        let invited = invite(
            app,
            &o,
            fee_terms("1000000", 1),
            Some(at(Duration::hours(1))),
        )
        .await;
        proposals.push(id(&invited));
        openings.push(o);
    }
    let mut deals = Vec::new();
    let mut by = Utc::now() + Duration::hours(2);
    for i in 0..n {
        let deal = Deal::new(app, &format!("review{i}"), fee_terms("1000000", 1)).await;
        let s = submit(app, &deal.creator, &deal.deliverable(0), MEDIA_URL).await;
        let due = ts(
            &collaboration(app, &deal.brand, &deal.id()).await["deliverables"][0]["submissions"][0]
                ["reviewDueAt"],
        );
        assert!(s["id"].is_string());
        by = by.max(due);
        deals.push(deal);
    }
    let completing = Deal::new(app, "complete", fee_terms("5000000", 1)).await;
    completing.deliver(app, &completing.deliverable(0)).await;
    let c = app
        .ok(
            REQUEST_COMPLETION,
            json!({ "id": completing.id() }),
            completing.creator.token(),
        )
        .await["r"]
        .clone();
    by = by.max(ts(&c["autoCompletesAt"]));
    Due {
        openings,
        proposals,
        deals,
        completing,
        // Before any deliverable is due (20 days): no overdue notices mix in.
        by,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sweeps_racing_do_each_thing_exactly_once() {
    let app = TestApp::new().await;
    let n = 5;
    let due = due_items(&app, n).await;
    // A second instance on the same database, with its own pool and event listener.
    let other = app.restart().await;
    let (db_a, bus_a) = (app.db().clone(), app.state.events.clone());
    let (db_b, bus_b) = (other.db().clone(), other.state.events.clone());
    let t = due.by;
    // Both start together, so they find the same due list and contend for every item.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let (start_a, start_b) = (start.clone(), start);
    let a = tokio::spawn(async move {
        start_a.wait().await;
        clock::as_of(t, sweep::run(&db_a, &bus_a)).await
    });
    let b = tokio::spawn(async move {
        start_b.wait().await;
        clock::as_of(t, sweep::run(&db_b, &bus_b)).await
    });
    let (a, b) = (a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
    assert_eq!((a.failed, b.failed), (0, 0));
    // Reminders come too late for an approval sweep (moot): expiries, approvals, completion act.
    assert_eq!(a.acted + b.acted, n + n + 1, "{a:?} {b:?}");
    // They did meet: one found items the other held or had done.
    assert!(
        a.taken + b.taken > 0,
        "the sweeps did not overlap: {a:?} {b:?}"
    );

    for (o, proposal) in due.openings.iter().zip(&due.proposals) {
        let p = app
            .ok(PROPOSAL, json!({ "id": proposal }), o.brand.token())
            .await["proposal"]
            .clone();
        assert_eq!(p["status"], "EXPIRED");
        assert_eq!(count(&app, &o.brand, "OFFER_EXPIRED").await, 1);
        assert_eq!(count(&app, &o.creator, "OFFER_EXPIRED").await, 1);
    }
    for deal in &due.deals {
        assert_eq!(count(&app, &deal.brand, "CONTENT_AUTO_APPROVED").await, 1);
        assert_eq!(count(&app, &deal.creator, "CONTENT_AUTO_APPROVED").await, 1);
    }
    let c = &due.completing;
    assert_eq!(
        collaboration(&app, &c.creator, &c.id()).await["status"],
        "COMPLETED"
    );
    assert_eq!(count(&app, &c.creator, "COLLABORATION_COMPLETED").await, 1);
    let (available, _) = balances(&creator_wallets(&app, &c.creator).await, "VND");
    assert_eq!(available, "5000000", "the fee is released once");
    assert_ledger_balances(&app).await;
    assert_eq!(sweep_at(&app, t).await, Report::default());
}

/// Makes every UPDATE of the offer whose message is 'boom' fail, as a fault would.
async fn break_offer_updates(app: &TestApp) {
    match app.db().get_database_backend() {
        DbBackend::Postgres => {
            execute(
                app,
                "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql",
            )
            .await;
            execute(
                app,
                "CREATE TRIGGER boom BEFORE UPDATE ON offers FOR EACH ROW WHEN (OLD.message = 'boom') EXECUTE FUNCTION boom()",
            )
            .await;
        }
        _ => {
            execute(
                app,
                "CREATE TRIGGER boom BEFORE UPDATE ON offers WHEN OLD.message = 'boom' BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
            )
            .await
        }
    }
}

/// The status of each proposal, as its brand reads it.
async fn statuses(app: &TestApp, proposals: &[(Opening, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (o, p) in proposals {
        let p = app.ok(PROPOSAL, json!({ "id": p }), o.brand.token()).await;
        out.push(p["proposal"]["status"].as_str().unwrap().to_owned());
    }
    out
}

#[tokio::test]
async fn an_item_that_fails_is_left_for_the_next_sweep_and_stops_nothing_else() {
    let app = TestApp::new().await;
    let mut proposals = Vec::new();
    for (i, message) in ["Mời bạn", "boom", "Mời bạn nữa"].iter().enumerate() {
        let o = Opening::new(&app, &format!("fail{i}"), &format!("Chiến dịch {i}")).await;
        let mut vars = invitation(&o, fee_terms("1000000", 1), Some(at(Duration::hours(1))));
        vars["input"]["message"] = json!(message);
        let data = app.ok(INVITE, vars, o.brand.token()).await;
        proposals.push((o, id(&data["r"])));
    }
    break_offer_updates(&app).await;
    let t = Utc::now() + Duration::hours(2);
    let report = sweep_at(&app, t).await;
    assert_eq!((report.acted, report.failed), (2, 1));
    assert_eq!(
        statuses(&app, &proposals).await,
        ["EXPIRED", "INVITED", "EXPIRED"]
    );
    // Nothing of the failed item stayed behind: no notice, and its row counts the attempt.
    assert_eq!(
        count(&app, &proposals[1].0.creator, "OFFER_EXPIRED").await,
        0
    );
    let row = app
        .db()
        .query_one_raw(Statement::from_string(
            app.db().get_database_backend(),
            "SELECT attempts, last_error FROM deadlines WHERE done_at IS NULL".to_owned(),
        ))
        .await
        .unwrap()
        .expect("the failed deadline is still pending");
    assert_eq!(row.try_get::<i32>("", "attempts").unwrap(), 1);
    assert!(
        row.try_get::<Option<String>>("", "last_error")
            .unwrap()
            .is_some()
    );

    // Once the fault is gone, the next sweep does it.
    let drop = match app.db().get_database_backend() {
        DbBackend::Postgres => "DROP TRIGGER boom ON offers",
        _ => "DROP TRIGGER boom",
    };
    execute(&app, drop).await;
    let report = sweep_at(&app, t).await;
    assert_eq!((report.acted, report.failed), (1, 0));
    assert_eq!(
        statuses(&app, &proposals).await,
        ["EXPIRED", "EXPIRED", "EXPIRED"]
    );
    assert_eq!(
        count(&app, &proposals[1].0.creator, "OFFER_EXPIRED").await,
        1
    );
}

#[tokio::test]
async fn sweep_refuses_a_malformed_as_of_with_status_2() {
    let app = TestApp::new().await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_marketplace"))
        .args(["sweep", "--as-of", "tomorrow at nine"])
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .output()
        .await
        .expect("run marketplace sweep");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--as-of") && stderr.contains("RFC 3339"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_sweep_tells_reaches_subscribers_on_every_instance() {
    let app = TestApp::new().await;
    // A second server on the same database hears it (with SQLite, one process and one bus).
    let other = if is_postgres() {
        Some(app.restart().await)
    } else {
        None
    };
    let mut rx = other.as_ref().unwrap_or(&app).state.events.subscribe();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let o = Opening::new(&app, "heard", "Chiến dịch nghe thấy").await;
    invite(
        &app,
        &o,
        fee_terms("1000000", 1),
        Some(at(Duration::hours(1))),
    )
    .await;
    let creator_user = uuid(&o.creator.session.user_id);
    sweep_at(&app, Utc::now() + Duration::hours(2)).await;
    // The invitation's notice may come first: wait for the sweep's.
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            let id = match rx.recv().await {
                Ok(marketplace::events::Event::Notification { recipient, id })
                    if recipient == creator_user =>
                {
                    id
                }
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(e) => panic!("bus closed: {e}"),
            };
            let data = app
                .ok(
                    "query($id: ID!) { node(id: $id) { ... on Notification { kind } } }",
                    json!({ "id": marketplace::graphql::ids::encode(marketplace::graphql::ids::Kind::Notification, id) }),
                    o.creator.token(),
                )
                .await;
            if data["node"]["kind"] == "OFFER_EXPIRED" {
                return;
            }
        }
    })
    .await;
    assert!(
        heard.is_ok(),
        "OFFER_EXPIRED did not reach the other instance"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submissions_from_before_review_windows_get_one_once_at_start_up() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "legacy", fee_terms("3000000", 1)).await;
    let s = submit(&app, &deal.creator, &deal.deliverable(0), MEDIA_URL).await;
    // As the migration leaves a submission made before: the far-future placeholder, no deadlines.
    let placeholder = DateTime::parse_from_rfc3339("9999-12-31T00:00:00+00:00")
        .unwrap()
        .with_timezone(&Utc);
    content_submission::Entity::update_many()
        .col_expr(
            content_submission::Column::ReviewDueAt,
            Expr::value(placeholder),
        )
        .exec(app.db())
        .await
        .unwrap();
    execute(&app, "DELETE FROM deadlines WHERE kind LIKE 'REVIEW%'").await;

    // Two instances starting at once: the window is written once, with its two deadlines.
    let other = app.restart().await;
    let calendar = BusinessCalendar::vietnam();
    let before = Utc::now();
    let (a, b) = tokio::join!(
        marketplace::delivery::backfill_review_windows(app.db(), &calendar),
        marketplace::delivery::backfill_review_windows(other.db(), &calendar),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(app.rows("deadlines WHERE kind LIKE 'REVIEW%'").await, 2);
    let c = collaboration(&app, &deal.brand, &deal.id()).await;
    let due = ts(&c["deliverables"][0]["submissions"][0]["reviewDueAt"]);
    // A full window from now, not from its submission: nothing is approved at once.
    assert!(due >= calendar.add_business_days(before, 3) && due < placeholder);
    assert_eq!(sweep_at(&app, Utc::now()).await.acted, 0);
    assert_eq!(
        marketplace::delivery::backfill_review_windows(app.db(), &calendar)
            .await
            .unwrap(),
        0
    );
    assert!(s["id"].is_string());
}
