//! The deal's invariants under real parallel requests through the router, on a file-backed SQLite
//! database and on PostgreSQL: an offer is accepted at most once, a brief never takes more slots
//! or budget than it has, and a proposal never has two OPEN offers. Every refused request must be
//! a CONFLICT, never an internal error.

mod common;

use common::{
    briefs::{CANCEL_BRIEF, brief_row},
    fixtures::Opening,
    market::*,
    *,
};
use entity::{collaboration, enums::OfferStatus, offer};
use futures_util::future::join_all;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

async fn collaborations_of(app: &TestApp, brief: &str) -> u64 {
    collaboration::Entity::find()
        .filter(collaboration::Column::BriefId.eq(uuid(brief)))
        .count(app.db())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_accepts_of_one_offer_make_one_collaboration() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "race1", "Đua 1").await;
    let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
    let offer = id(&p["currentOffer"]);

    let answers =
        join_all((0..20).map(|_| app.gql(ACCEPT, json!({ "id": offer }), brand.token()))).await;
    assert_eq!(tally(&answers), 1);
    assert_eq!(collaborations_of(&app, &brief).await, 1);
    let b = brief_row(&app, &brief).await;
    assert_eq!((b.filled_slots, b.committed_minor), (1, 1_000_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_slots_and_five_acceptable_offers_accepted_at_once_make_two_collaborations() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "race2@brand.vn").await;
    let brief = open_brief(
        &app,
        &brand,
        with(brief_input("Đua 2"), json!({ "slots": 2 })),
    )
    .await;
    let mut offers = Vec::new();
    for i in 0..5 {
        let creator = creator_party(&app, &format!("race2-{i}@creator.vn")).await;
        let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
        offers.push(id(&p["currentOffer"]));
    }
    let answers = join_all(
        offers
            .iter()
            .map(|o| app.gql(ACCEPT, json!({ "id": o }), brand.token())),
    )
    .await;
    assert_eq!(tally(&answers), 2);
    assert_eq!(collaborations_of(&app, &brief).await, 2);
    let b = brief_row(&app, &brief).await;
    assert_eq!((b.filled_slots, b.committed_minor), (2, 2_000_000));
    // The refused offers are still open: nothing half-done stayed behind.
    let open = offer::Entity::find()
        .filter(offer::Column::Status.eq(OfferStatus::Open))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(open, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_budget_for_three_fees_never_takes_six() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "race3@brand.vn").await;
    let brief = open_brief(
        &app,
        &brand,
        with(
            brief_input("Đua 3"),
            json!({ "slots": 10, "budget": vnd("3000000") }),
        ),
    )
    .await;
    let mut offers = Vec::new();
    for i in 0..6 {
        let creator = creator_party(&app, &format!("race3-{i}@creator.vn")).await;
        let p = invite(&app, &brand, &brief, &creator, fee_terms("1000000", 1)).await;
        offers.push((creator, id(&p["currentOffer"])));
    }
    let answers = join_all(
        offers
            .iter()
            .map(|(creator, o)| app.gql(ACCEPT, json!({ "id": o }), creator.token())),
    )
    .await;
    assert_eq!(tally(&answers), 3);
    let b = brief_row(&app, &brief).await;
    assert_eq!((b.filled_slots, b.committed_minor), (3, 3_000_000));
    assert!(b.committed_minor <= b.budget_minor);
    assert_eq!(collaborations_of(&app, &brief).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn offers_from_both_sides_at_once_leave_one_open_offer() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "race4", "Đua 4").await;
    let proposal = id(&apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await);

    for round in 0..3 {
        let requests = (0..10).map(|i| {
            let who = if i % 2 == 0 { &brand } else { &creator };
            app.gql(
                MAKE_OFFER,
                json!({ "input": { "proposalId": proposal, "terms": fee_terms(&format!("{}", 1_000_000 + i), 1) } }),
                who.token(),
            )
        });
        let answers = join_all(requests).await;
        assert!(tally(&answers) >= 1, "round {round}: someone had the turn");
        let offers = offer::Entity::find()
            .filter(offer::Column::ProposalId.eq(uuid(&proposal)))
            .all(app.db())
            .await
            .unwrap();
        let open: Vec<_> = offers
            .iter()
            .filter(|o| o.status == OfferStatus::Open)
            .collect();
        assert_eq!(open.len(), 1, "round {round}");
        // Versions run 1..n without gaps, and the open one is the newest.
        let mut versions: Vec<i32> = offers.iter().map(|o| o.version).collect();
        versions.sort();
        assert_eq!(versions, (1..=offers.len() as i32).collect::<Vec<_>>());
        assert_eq!(open[0].version, offers.len() as i32);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn accepting_while_the_brief_is_cancelled_never_leaves_an_active_collaboration_on_it() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "race5@brand.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Đua 5")).await;
    let mut offers = Vec::new();
    for i in 0..3 {
        let creator = creator_party(&app, &format!("race5-{i}@creator.vn")).await;
        let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
        offers.push(id(&p["currentOffer"]));
    }
    let accepts = offers
        .iter()
        .map(|o| app.gql(ACCEPT, json!({ "id": o }), brand.token()));
    let (cancel, accepted) = tokio::join!(
        app.gql(
            CANCEL_BRIEF,
            json!({ "id": brief, "reason": "Dừng" }),
            brand.token()
        ),
        join_all(accepts)
    );
    let accepted = tally(&accepted);
    let b = brief_row(&app, &brief).await;
    match cancel.get("errors") {
        // Cancelled first (or before any acceptance committed): nothing was accepted.
        None => {
            assert_eq!(accepted, 0);
            assert_eq!(b.filled_slots, 0);
        }
        // An acceptance came first: the brief stays with its collaborations.
        Some(errors) => {
            assert_eq!(code(&errors[0]), "CONFLICT", "{cancel}");
            assert!(accepted >= 1);
            assert_eq!(b.filled_slots as usize, accepted);
        }
    }
}
