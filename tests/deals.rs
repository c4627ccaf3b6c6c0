//! Proposals, offers and the deal through the router: the full negotiation both ways, every
//! refusal of SPEC.md (who may act, whose turn, which state, terms, currency, eligibility), what
//! third parties see, messages, notifications, and the brief's lifecycle with deals on it.
//! The races are in `tests/races.rs`.

mod common;

use chrono::Duration;
use common::{
    briefs::{CANCEL_BRIEF, CLOSE_BRIEF, COMPLETE_BRIEF, edit_brief_row},
    delivery::COLLABORATION,
    fixtures::*,
    market::*,
    notifications::*,
    *,
};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

const PROPOSAL: &str = "query($id: ID!) { proposal(id: $id) { id status turn \
    offers { id version author status terms { fee { amount currency } } } currentOffer { id } \
    collaboration { id trackingCode } \
    messages(first: 10) { totalCount nodes { id author body } } } }";
const DECLINE: &str = "mutation($id: ID!, $reason: String) { r: declineProposal(proposalId: $id, reason: $reason) { id status turn currentOffer { id } offers { status } } }";
const WITHDRAW: &str = "mutation($id: ID!) { r: withdrawProposal(proposalId: $id) { id status turn currentOffer { id } offers { status } } }";
const MARK_READ: &str = "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }";
const BRIEF_DEALS: &str = "query($id: ID!) { brief(id: $id) { id filledSlots committedBudget { amount } \
    proposals(first: 50) { totalCount nodes { id creator { id } } } \
    collaborations(first: 50) { totalCount nodes { id creator { id } } } } }";
const MY_PROPOSALS: &str = "query($status: ProposalStatus) { myProposals(status: $status, first: 50) { totalCount nodes { id status } } }";
const MY_COLLABORATIONS: &str = "query($status: CollaborationStatus) { myCollaborations(status: $status, first: 50) { totalCount nodes { id status } } }";

// ---------------------------------------------------------------- the two happy paths

#[tokio::test]
async fn application_offer_counter_accept_makes_the_collaboration() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "deal", "Son môi mùa hè").await;

    // An application without terms: the brand's turn, no offer yet.
    let p = apply(&app, &creator, &brief, None).await;
    assert_eq!(p["origin"], "APPLICATION");
    assert_eq!(p["status"], "APPLIED");
    assert_eq!(p["turn"], "BRAND");
    assert_eq!(p["offers"], json!([]));
    assert_eq!(p["currentOffer"], Value::Null);
    assert_eq!(p["pitch"], "Mình rất hợp với sản phẩm này!");
    let proposal = id(&p);

    // The brand offers; the creator counters; the turn passes each time.
    let o1 = make_offer(&app, &brand, &proposal, fee_terms("1500000", 2)).await;
    assert_eq!(o1["version"], 1);
    assert_eq!(o1["author"], "BRAND");
    assert_eq!(o1["status"], "OPEN");
    assert_eq!(o1["proposal"]["status"], "NEGOTIATING");
    assert_eq!(o1["proposal"]["turn"], "CREATOR");
    let o2 = make_offer(&app, &creator, &proposal, fee_terms("2000000", 2)).await;
    assert_eq!(o2["version"], 2);
    assert_eq!(o2["author"], "CREATOR");
    assert_eq!(o2["proposal"]["turn"], "BRAND");

    let data = app
        .ok(PROPOSAL, json!({ "id": proposal }), brand.token())
        .await;
    let offers = &data["proposal"]["offers"];
    assert_eq!(offers[0]["status"], "SUPERSEDED");
    assert_eq!(offers[1]["status"], "OPEN");
    assert_eq!(data["proposal"]["currentOffer"]["id"], o2["id"]);

    // The brand accepts the counter-offer.
    let c = accept(&app, &brand, &id(&o2)).await;
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(c["proposal"]["status"], "ACCEPTED");
    assert_eq!(c["proposal"]["turn"], Value::Null);
    assert_eq!(c["brand"]["id"], brand.id.as_str());
    assert_eq!(c["creator"]["id"], creator.id.as_str());
    assert_eq!(
        c["terms"]["fee"],
        json!({ "amount": "2000000", "currency": "VND" })
    );
    assert_eq!(c["brief"]["filledSlots"], 1);
    assert_eq!(c["brief"]["committedBudget"]["amount"], "2000000");
    // One deliverable per unit of quantity, each due at the terms' dueAt.
    let deliverables = c["deliverables"].as_array().unwrap();
    assert_eq!(deliverables.len(), 2);
    for d in deliverables {
        assert_eq!(d["status"], "AWAITING_CONTENT");
        assert_eq!(d["type"], "SHORT_VIDEO");
        assert_eq!(d["platform"], "TIKTOK");
        assert_eq!(d["dueAt"], c["terms"]["dueAt"]);
        assert_eq!(d["revisionsUsed"], 0);
        assert_eq!(d["collaboration"]["id"], c["id"]);
    }
    // An easily typed code, and the link that counts clicks on it.
    let code = c["trackingCode"].as_str().unwrap();
    assert_eq!(code.len(), 8);
    assert!(
        code.chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()),
        "{code}"
    );
    assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
    assert_eq!(c["trackingUrl"], format!("http://test.local/t/{code}"));

    let data = app
        .ok(PROPOSAL, json!({ "id": proposal }), creator.token())
        .await;
    let statuses: Vec<&str> = data["proposal"]["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["SUPERSEDED", "ACCEPTED"]);
    assert_eq!(data["proposal"]["currentOffer"], Value::Null);
    assert_eq!(data["proposal"]["collaboration"]["id"], c["id"]);

    // Each side was told of the other's moves, and only those.
    assert_eq!(
        kinds(&app, &brand, None).await,
        ["FUNDS_RECEIVED", "APPLICATION_RECEIVED", "OFFER_RECEIVED"]
    );
    assert_eq!(
        kinds(&app, &creator, None).await,
        ["OFFER_RECEIVED", "OFFER_ACCEPTED"]
    );

    // Both parties list it; the brief lists it for its owner.
    for who in [&brand, &creator] {
        let data = app.ok(MY_COLLABORATIONS, json!({}), who.token()).await;
        assert_eq!(data["myCollaborations"]["totalCount"], 1);
        assert_eq!(data["myCollaborations"]["nodes"][0]["id"], c["id"]);
        let data = app
            .ok(COLLABORATION, json!({ "id": c["id"] }), who.token())
            .await;
        assert_eq!(data["collaboration"]["trackingCode"], code);
    }
    let data = app
        .ok(BRIEF_DEALS, json!({ "id": brief }), brand.token())
        .await;
    assert_eq!(data["brief"]["collaborations"]["totalCount"], 1);
    assert_eq!(data["brief"]["proposals"]["totalCount"], 1);
}

#[tokio::test]
async fn an_invitation_accepted_at_offer_one_even_on_an_invite_only_brief() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "invite@brand.vn").await;
    let creator = creator_party(&app, "invite@creator.vn").await;
    let outsider = creator_party(&app, "outsider@creator.vn").await;
    let brief = open_brief(
        &app,
        &brand,
        with(
            brief_input("Chỉ mời"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    const SEE: &str = "query($id: ID!) { brief(id: $id) { id } }";
    assert_eq!(
        app.ok(SEE, json!({ "id": brief }), creator.token()).await["brief"],
        Value::Null
    );

    let p = invite(&app, &brand, &brief, &creator, fee_terms("3000000", 1)).await;
    assert_eq!(p["origin"], "INVITATION");
    assert_eq!(p["status"], "INVITED");
    assert_eq!(p["turn"], "CREATOR");
    assert_eq!(p["pitch"], "Mời bạn hợp tác");
    assert_eq!(p["offers"][0]["version"], 1);
    assert_eq!(p["offers"][0]["author"], "BRAND");
    assert_eq!(p["offers"][0]["message"], "Mời bạn hợp tác");
    assert_eq!(kinds(&app, &creator, None).await, ["INVITATION_RECEIVED"]);

    // The invited creator now sees the brief; others still do not.
    assert_eq!(
        app.ok(SEE, json!({ "id": brief }), creator.token()).await["brief"]["id"],
        brief.as_str()
    );
    assert_eq!(
        app.ok(SEE, json!({ "id": brief }), outsider.token()).await["brief"],
        Value::Null
    );

    let c = accept(&app, &creator, &id(&p["currentOffer"])).await;
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(c["deliverables"].as_array().unwrap().len(), 1);
    assert_eq!(
        kinds(&app, &brand, None).await,
        ["FUNDS_RECEIVED", "OFFER_ACCEPTED"]
    );
    let data = app
        .ok(BRIEF_DEALS, json!({ "id": brief }), brand.token())
        .await;
    assert_eq!(data["brief"]["filledSlots"], 1);
    assert_eq!(data["brief"]["committedBudget"]["amount"], "3000000");
}

#[tokio::test]
async fn proposed_terms_become_offer_one_from_the_creator() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "terms", "Có điều khoản").await;
    let p = apply(&app, &creator, &brief, Some(fee_terms("1200000", 3))).await;
    assert_eq!(p["status"], "APPLIED");
    assert_eq!(p["turn"], "BRAND");
    assert_eq!(p["offers"][0]["author"], "CREATOR");
    assert_eq!(p["currentOffer"]["version"], 1);
    let c = accept(&app, &brand, &id(&p["currentOffer"])).await;
    assert_eq!(c["deliverables"].as_array().unwrap().len(), 3);
    assert_eq!(c["terms"]["revisionRounds"], 2, "the default");
    assert_eq!(c["terms"]["usageRightsDays"], 0, "the default");
}

// ---------------------------------------------------------------- refusals

#[tokio::test]
async fn offers_and_acceptances_follow_the_turn() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "turn", "Lượt").await;
    let p = apply(&app, &creator, &brief, Some(fee_terms("1200000", 1))).await;
    let proposal = id(&p);
    let first = id(&p["currentOffer"]);

    // The creator may not counter its own offer, nor accept it.
    let e = app
        .error(
            MAKE_OFFER,
            json!({ "input": { "proposalId": proposal, "terms": fee_terms("1", 1) } }),
            creator.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", None, "offer out of turn");
    let e = app
        .error(ACCEPT, json!({ "id": first }), creator.token())
        .await;
    assert_error(&e, "CONFLICT", None, "accepting one's own offer");

    // The brand counters: offer 1 is superseded and can no longer be accepted by anyone.
    let second = id(&make_offer(&app, &brand, &proposal, fee_terms("1100000", 1)).await);
    for who in [&creator, &brand] {
        let e = app.error(ACCEPT, json!({ "id": first }), who.token()).await;
        assert_error(&e, "CONFLICT", None, "accepting a superseded offer");
    }
    let e = app
        .error(ACCEPT, json!({ "id": second }), brand.token())
        .await;
    assert_error(&e, "CONFLICT", None, "the brand accepting its own offer");
    let e = app
        .error(
            MAKE_OFFER,
            json!({ "input": { "proposalId": proposal, "terms": fee_terms("1", 1) } }),
            brand.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", None, "the brand offering twice in a row");

    // Once accepted, nothing more can be offered, accepted, declined or withdrawn.
    accept(&app, &creator, &second).await;
    let e = app
        .error(ACCEPT, json!({ "id": second }), creator.token())
        .await;
    assert_error(&e, "CONFLICT", None, "accepting twice");
    let e = app
        .error(
            MAKE_OFFER,
            json!({ "input": { "proposalId": proposal, "terms": fee_terms("1", 1) } }),
            brand.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", None, "offering on an accepted proposal");
    let e = app
        .error(DECLINE, json!({ "id": proposal }), brand.token())
        .await;
    assert_error(&e, "CONFLICT", None, "declining an accepted proposal");
    let e = app
        .error(WITHDRAW, json!({ "id": proposal }), creator.token())
        .await;
    assert_error(&e, "CONFLICT", None, "withdrawing an accepted proposal");
    // Nothing of that left a trace.
    let data = app
        .ok(PROPOSAL, json!({ "id": proposal }), brand.token())
        .await;
    assert_eq!(data["proposal"]["offers"].as_array().unwrap().len(), 2);
    assert_eq!(data["proposal"]["status"], "ACCEPTED");
}

#[tokio::test]
async fn applying_is_refused_twice_and_to_briefs_that_take_no_applications() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "apply@brand.vn").await;
    let creator = creator_party(&app, "apply@creator.vn").await;
    let pitch = |brief: &str| json!({ "input": { "briefId": brief, "pitch": "Chào nhãn hàng" } });
    let apply_q = apply_query();

    let open = open_brief(&app, &brand, brief_input("Mở")).await;
    apply(&app, &creator, &open, None).await;
    let e = app.error(&apply_q, pitch(&open), creator.token()).await;
    assert_error(&e, "CONFLICT", None, "applying twice");

    let closed = open_brief(&app, &brand, brief_input("Đã đóng")).await;
    app.ok(CLOSE_BRIEF, json!({ "id": closed }), brand.token())
        .await;
    let e = app.error(&apply_q, pitch(&closed), creator.token()).await;
    assert_error(&e, "CONFLICT", None, "applying to a CLOSED brief");

    let draft = draft_brief(&app, &brand, brief_input("Nháp")).await;
    let e = app.error(&apply_q, pitch(&draft), creator.token()).await;
    assert_error(&e, "NOT_FOUND", None, "applying to a DRAFT brief");

    let invite_only = open_brief(
        &app,
        &brand,
        with(
            brief_input("Chỉ mời"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let e = app
        .error(&apply_q, pitch(&invite_only), creator.token())
        .await;
    assert_error(&e, "NOT_FOUND", None, "applying to an INVITE_ONLY brief");

    // A deadline passes while the brief is open.
    let late = open_brief(&app, &brand, brief_input("Hết hạn")).await;
    edit_brief_row(&app, &late, |r| {
        r.application_deadline = Set(Some(chrono::Utc::now() - Duration::minutes(1)))
    })
    .await;
    let e = app.error(&apply_q, pitch(&late), creator.token()).await;
    assert_error(&e, "CONFLICT", None, "applying after the deadline");

    // A full brief.
    let full = open_brief(
        &app,
        &brand,
        with(brief_input("Đủ người"), json!({ "slots": 1 })),
    )
    .await;
    let other = creator_party(&app, "first@creator.vn").await;
    hire(&app, &brand, &full, &other, fee_terms("1000000", 1)).await;
    let e = app.error(&apply_q, pitch(&full), creator.token()).await;
    assert_error(
        &e,
        "CONFLICT",
        None,
        "applying to a brief without a free slot",
    );

    // A brand cannot apply; a creator cannot invite.
    let e = app.error(&apply_q, pitch(&open), brand.token()).await;
    assert_error(&e, "FORBIDDEN", None, "a brand applying");
    let e = app
        .error(
            &invite_query(),
            json!({ "input": { "briefId": open, "creatorId": creator.id, "terms": fee_terms("1000000", 1) } }),
            creator.token(),
        )
        .await;
    assert_error(&e, "FORBIDDEN", None, "a creator inviting");
    let e = app.error(&apply_q, pitch(&open), None).await;
    assert_error(&e, "UNAUTHENTICATED", None, "no token");

    // Only the one good application exists.
    let data = app.ok(MY_PROPOSALS, json!({}), creator.token()).await;
    assert_eq!(data["myProposals"]["totalCount"], 1);
}

#[tokio::test]
async fn an_ineligible_creator_is_told_every_failed_requirement() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::with_brief(
        &app,
        "elig",
        with(
            brief_input("Yêu cầu cao"),
            json!({
                "requirements": { "niches": ["BEAUTY"], "minFollowers": 100000, "countries": ["VN"] },
                "deliverables": [
                    { "type": "SHORT_VIDEO", "platform": "TIKTOK" },
                    { "type": "POST", "platform": "INSTAGRAM" }
                ]
            }),
        ),
    )
    .await;
    let e = app
        .error(
            &apply_query(),
            json!({ "input": { "briefId": brief, "pitch": "Xin chào" } }),
            creator.token(),
        )
        .await;
    assert_error(&e, "BAD_USER_INPUT", Some("input.briefId"), "ineligible");
    assert_eq!(
        e["extensions"]["reasons"],
        json!(["NICHE", "PLATFORM", "FOLLOWERS_BELOW_MIN", "COUNTRY"])
    );
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("NICHE") && message.contains("COUNTRY"),
        "{message}"
    );
    // Invitations do not enforce eligibility.
    let p = invite(&app, &brand, &brief, &creator, fee_terms("1000000", 1)).await;
    assert_eq!(p["status"], "INVITED");
}

#[tokio::test]
async fn terms_are_checked_field_by_field_and_leave_nothing_behind() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "bad", "Kiểm tra").await;
    let base = fee_terms("1000000", 1);
    let cases: Vec<(Value, &str)> = vec![
        (
            with(
                base.clone(),
                json!({ "fee": { "amount": "50", "currency": "USD" } }),
            ),
            "input.terms.fee.currency",
        ),
        (
            with(base.clone(), json!({ "fee": vnd("0") })),
            "input.terms.fee.amount",
        ),
        (
            with(base.clone(), json!({ "fee": vnd("1000.5") })),
            "input.terms.fee.amount",
        ),
        (
            with(base.clone(), json!({ "fee": null })),
            "input.terms.fee",
        ),
        (
            with(base.clone(), json!({ "commissionRate": "5" })),
            "input.terms.commissionRate",
        ),
        (
            with(
                base.clone(),
                json!({ "compensationModel": "COMMISSION", "fee": null }),
            ),
            "input.terms.commissionRate",
        ),
        (
            with(
                base.clone(),
                json!({ "compensationModel": "COMMISSION", "commissionRate": "5" }),
            ),
            "input.terms.fee",
        ),
        (
            with(base.clone(), json!({ "compensationModel": "HYBRID" })),
            "input.terms.commissionRate",
        ),
        (
            with(
                base.clone(),
                json!({ "compensationModel": "HYBRID", "commissionRate": "100.5" }),
            ),
            "input.terms.commissionRate",
        ),
        (
            with(
                base.clone(),
                json!({ "compensationModel": "GIFTING", "fee": null }),
            ),
            "input.terms.giftProduct",
        ),
        (
            with(base.clone(), json!({ "deliverables": [] })),
            "input.terms.deliverables",
        ),
        (
            with(
                base.clone(),
                json!({ "deliverables": [{ "type": "POST", "platform": "TIKTOK", "quantity": 21 }] }),
            ),
            "input.terms.deliverables.0.quantity",
        ),
        (
            with(
                base.clone(),
                json!({ "deliverables": [{ "type": "POST", "platform": "TIKTOK", "quantity": 0 }] }),
            ),
            "input.terms.deliverables.0.quantity",
        ),
        (
            with(base.clone(), json!({ "dueAt": at(-Duration::hours(1)) })),
            "input.terms.dueAt",
        ),
        (
            with(base.clone(), json!({ "revisionRounds": 6 })),
            "input.terms.revisionRounds",
        ),
        (
            with(base.clone(), json!({ "revisionRounds": -1 })),
            "input.terms.revisionRounds",
        ),
        (
            with(base.clone(), json!({ "usageRightsDays": 3651 })),
            "input.terms.usageRightsDays",
        ),
    ];
    for (terms, field) in &cases {
        let e = app
            .error(
                &invite_query(),
                json!({ "input": { "briefId": brief, "creatorId": creator.id, "terms": terms } }),
                brand.token(),
            )
            .await;
        assert_error(
            &e,
            "BAD_USER_INPUT",
            Some(field),
            &format!("invite with {terms}"),
        );
    }
    // The same checks on an application's proposed terms, under their own path.
    let (terms, _) = &cases[0];
    let e = app
        .error(
            &apply_query(),
            json!({ "input": { "briefId": brief, "pitch": "Xin chào", "proposedTerms": terms } }),
            creator.token(),
        )
        .await;
    assert_error(
        &e,
        "BAD_USER_INPUT",
        Some("input.proposedTerms.fee.currency"),
        "apply",
    );
    // Edge values that are fine.
    let good = with(
        base.clone(),
        json!({ "compensationModel": "HYBRID", "commissionRate": "100", "revisionRounds": 5, "usageRightsDays": 3650,
                "deliverables": [{ "type": "POST", "platform": "TIKTOK", "quantity": 20 }] }),
    );
    // Nothing was stored by the refusals.
    let data = app.ok(MY_PROPOSALS, json!({}), brand.token()).await;
    assert_eq!(data["myProposals"]["totalCount"], 0);
    assert_eq!(kinds(&app, &creator, None).await, Vec::<String>::new());
    let p = invite(&app, &brand, &brief, &creator, good).await;
    assert_eq!(p["status"], "INVITED");
    // A gift needs no money.
    let other = creator_party(&app, "gift@creator.vn").await;
    let gift = json!({ "compensationModel": "GIFTING", "giftProduct": true,
        "deliverables": [{ "type": "UNBOXING", "platform": "TIKTOK" }], "dueAt": at(Duration::days(3)) });
    let c = hire(&app, &brand, &brief, &other, gift).await;
    assert_eq!(c["terms"]["fee"], Value::Null);
    assert_eq!(
        c["brief"]["committedBudget"],
        Value::Null,
        "only the owner sees it"
    );
    let data = app
        .ok(BRIEF_DEALS, json!({ "id": brief }), brand.token())
        .await;
    assert_eq!(data["brief"]["committedBudget"]["amount"], "0");
    assert_eq!(data["brief"]["filledSlots"], 1);
}

#[tokio::test]
async fn third_parties_neither_see_nor_touch_a_proposal() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "owner@brand.vn").await;
    let creator = creator_party(&app, "party@creator.vn").await;
    let other_brand = brand_party(&app, "other@brand.vn").await;
    let other_creator = creator_party(&app, "other@creator.vn").await;
    let admin = app.admin("admin@market.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Riêng tư")).await;
    let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
    let proposal = id(&p);
    let offer = id(&p["currentOffer"]);
    let message = app
        .ok(
            SEND,
            json!({ "input": { "proposalId": proposal, "body": "Chào anh chị" } }),
            creator.token(),
        )
        .await["r"]
        .clone();

    for outsider in [&other_brand, &other_creator] {
        let t = outsider.token();
        let data = app.ok(PROPOSAL, json!({ "id": proposal }), t).await;
        assert_eq!(data["proposal"], Value::Null);
        for object in [&proposal, &offer, &id(&message)] {
            assert_eq!(
                app.ok(NODE, json!({ "id": object }), t).await["node"],
                Value::Null
            );
        }
        let data = app.ok(BRIEF_DEALS, json!({ "id": brief }), t).await;
        assert_eq!(data["brief"]["proposals"]["totalCount"], 0);
        assert_eq!(
            app.ok(MY_PROPOSALS, json!({}), t).await["myProposals"]["totalCount"],
            0
        );
        let attempts = [
            (
                MAKE_OFFER,
                json!({ "input": { "proposalId": proposal, "terms": fee_terms("1000000", 1) } }),
            ),
            (ACCEPT, json!({ "id": offer })),
            (DECLINE, json!({ "id": proposal })),
            (WITHDRAW, json!({ "id": proposal })),
            (
                SEND,
                json!({ "input": { "proposalId": proposal, "body": "Xin chào" } }),
            ),
        ];
        for (query, vars) in attempts {
            let e = app.error(query, vars.clone(), t).await;
            assert_error(&e, "NOT_FOUND", None, &format!("outsider {query}"));
        }
    }
    // Admins read, but do not negotiate.
    let data = app
        .ok(PROPOSAL, json!({ "id": proposal }), admin.token())
        .await;
    assert_eq!(data["proposal"]["id"], proposal.as_str());
    let e = app
        .error(ACCEPT, json!({ "id": offer }), admin.token())
        .await;
    assert_error(&e, "FORBIDDEN", None, "admin accepting");
    // Nothing changed.
    let data = app
        .ok(PROPOSAL, json!({ "id": proposal }), brand.token())
        .await;
    assert_eq!(data["proposal"]["status"], "APPLIED");
    assert_eq!(data["proposal"]["offers"].as_array().unwrap().len(), 1);
    assert_eq!(data["proposal"]["messages"]["totalCount"], 1);
    // Both parties reach every object by node.
    for who in [&brand, &creator] {
        for (object, typename) in [
            (&proposal, "Proposal"),
            (&offer, "Offer"),
            (&id(&message), "Message"),
        ] {
            let data = app.ok(NODE, json!({ "id": object }), who.token()).await;
            assert_eq!(data["node"]["__typename"], typename);
        }
    }
}

#[tokio::test]
async fn declining_and_withdrawing_close_the_proposal_and_its_open_offer() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "close", "Đóng").await;

    // The brand declines an application.
    let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
    let r = app
        .ok(
            DECLINE,
            json!({ "id": id(&p), "reason": "Không phù hợp" }),
            brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(r["status"], "DECLINED");
    assert_eq!(r["turn"], Value::Null);
    assert_eq!(r["currentOffer"], Value::Null);
    assert_eq!(r["offers"][0]["status"], "DECLINED");
    let e = app
        .error(DECLINE, json!({ "id": id(&p) }), creator.token())
        .await;
    assert_error(&e, "CONFLICT", None, "declining twice");
    assert!(
        kinds(&app, &creator, None)
            .await
            .contains(&"PROPOSAL_DECLINED".to_owned())
    );
    // Messages go on after the end.
    app.ok(
        SEND,
        json!({ "input": { "proposalId": id(&p), "body": "Cảm ơn" } }),
        creator.token(),
    )
    .await;

    // The brand withdraws an invitation; the creator may not withdraw it, only decline.
    let other = creator_party(&app, "invited@creator.vn").await;
    let p = invite(&app, &brand, &brief, &other, fee_terms("1000000", 1)).await;
    let e = app
        .error(WITHDRAW, json!({ "id": id(&p) }), other.token())
        .await;
    assert_error(
        &e,
        "FORBIDDEN",
        None,
        "withdrawing the other side's invitation",
    );
    let r = app
        .ok(WITHDRAW, json!({ "id": id(&p) }), brand.token())
        .await["r"]
        .clone();
    assert_eq!(r["status"], "WITHDRAWN");
    assert_eq!(r["offers"][0]["status"], "WITHDRAWN");
    assert_eq!(
        kinds(&app, &other, None).await,
        ["INVITATION_RECEIVED", "PROPOSAL_WITHDRAWN"]
    );
    let e = app
        .error(
            ACCEPT,
            json!({ "id": id(&p["currentOffer"]) }),
            other.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", None, "accepting a withdrawn offer");

    // The creator withdraws its own application.
    let third = creator_party(&app, "third@creator.vn").await;
    let p = apply(&app, &third, &brief, None).await;
    let r = app
        .ok(WITHDRAW, json!({ "id": id(&p) }), third.token())
        .await["r"]
        .clone();
    assert_eq!(r["status"], "WITHDRAWN");
    assert_eq!(
        kinds(&app, &brand, None).await.last().unwrap(),
        "PROPOSAL_WITHDRAWN"
    );

    let data = app
        .ok(
            MY_PROPOSALS,
            json!({ "status": "WITHDRAWN" }),
            brand.token(),
        )
        .await;
    assert_eq!(data["myProposals"]["totalCount"], 2);
}

#[tokio::test]
async fn messages_are_bounded_ordered_and_notified() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "msg", "Tin nhắn").await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);
    let send = |body: String| json!({ "input": { "proposalId": proposal, "body": body } });
    for (body, why) in [
        (String::new(), "empty"),
        ("   ".into(), "blank"),
        ("x".repeat(4001), "too long"),
        ("\u{200B}".into(), "zero-width"),
        (" \u{200C}\u{FEFF}\n".into(), "white space and zero-width"),
        ("tin\0nhắn".into(), "NUL"),
    ] {
        let e = app.error(SEND, send(body), creator.token()).await;
        assert_error(&e, "BAD_USER_INPUT", Some("input.body"), why);
        if why.contains("zero-width") {
            assert_eq!(e["message"], "must not be empty", "{e}");
        }
    }
    let longest = "ơ".repeat(4000);
    let m = app.ok(SEND, send(longest.clone()), creator.token()).await["r"].clone();
    assert_eq!(m["author"], "CREATOR");
    assert_eq!(m["body"], longest.as_str());
    for i in 0..4 {
        app.ok(SEND, send(format!("tin {i}")), brand.token()).await;
    }
    const PAGE: &str = "query($id: ID!, $after: String) { proposal(id: $id) { messages(first: 2, after: $after) { \
        totalCount pageInfo { hasNextPage endCursor } nodes { body author } } } }";
    let mut after = Value::Null;
    let mut bodies = Vec::new();
    loop {
        let data = app
            .ok(
                PAGE,
                json!({ "id": proposal, "after": after }),
                brand.token(),
            )
            .await;
        let page = &data["proposal"]["messages"];
        assert_eq!(page["totalCount"], 5);
        for n in page["nodes"].as_array().unwrap() {
            bodies.push(
                n["body"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .take(5)
                    .collect::<String>(),
            );
        }
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        bodies,
        ["ơơơơơ", "tin 0", "tin 1", "tin 2", "tin 3"],
        "oldest first"
    );
    assert_eq!(
        kinds(&app, &brand, None).await,
        ["FUNDS_RECEIVED", "APPLICATION_RECEIVED", "MESSAGE_RECEIVED"]
    );
    assert_eq!(kinds(&app, &creator, None).await.len(), 4);
}

#[tokio::test]
async fn notifications_are_listed_newest_first_and_marked_read_by_their_recipient_only() {
    let app = TestApp::new().await;
    let Opening {
        brand,
        creator,
        brief,
    } = Opening::new(&app, "notify", "Thông báo").await;
    let proposal = id(&apply(&app, &creator, &brief, None).await);
    make_offer(&app, &brand, &proposal, fee_terms("1000000", 1)).await;
    let offer2 = make_offer(&app, &creator, &proposal, fee_terms("1100000", 1)).await;
    make_offer(&app, &brand, &proposal, fee_terms("1050000", 1)).await;
    let _ = offer2;

    let data = app.ok(NOTIFICATIONS, json!({}), creator.token()).await;
    let list = &data["notifications"];
    assert_eq!(list["totalCount"], 2);
    let first = &list["nodes"][0];
    assert_eq!(first["kind"], "OFFER_RECEIVED");
    assert_eq!(first["readAt"], Value::Null);
    assert_eq!(first["brief"]["id"], brief.as_str());
    assert_eq!(first["proposal"]["id"], proposal.as_str());
    assert_eq!(first["collaboration"], Value::Null);
    assert!(
        first["message"].as_str().unwrap().contains("Thông báo"),
        "{first}"
    );
    let creator_ids: Vec<Value> = list["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].clone())
        .collect();

    // The brand cannot mark the creator's notifications, nor see them.
    let n = app
        .ok(MARK_READ, json!({ "ids": creator_ids }), brand.token())
        .await;
    assert_eq!(n["markNotificationsRead"], 0);
    assert_eq!(
        app.ok(NODE, json!({ "id": creator_ids[0] }), brand.token())
            .await["node"],
        Value::Null
    );
    let e = app
        .error(MARK_READ, json!({ "ids": ["not-an-id"] }), creator.token())
        .await;
    assert_error(&e, "BAD_USER_INPUT", Some("ids.0"), "a bad ID");

    // The creator marks one, then all.
    let n = app
        .ok(
            MARK_READ,
            json!({ "ids": [creator_ids[0]] }),
            creator.token(),
        )
        .await;
    assert_eq!(n["markNotificationsRead"], 1);
    let n = app
        .ok(
            MARK_READ,
            json!({ "ids": [creator_ids[0]] }),
            creator.token(),
        )
        .await;
    assert_eq!(n["markNotificationsRead"], 0, "already read");
    let data = app
        .ok(NOTIFICATIONS, json!({ "unread": true }), creator.token())
        .await;
    assert_eq!(data["notifications"]["totalCount"], 1);
    let n = app.ok(MARK_READ, json!({}), creator.token()).await;
    assert_eq!(n["markNotificationsRead"], 1);
    let data = app
        .ok(NOTIFICATIONS, json!({ "unread": true }), creator.token())
        .await;
    assert_eq!(data["notifications"]["totalCount"], 0);
    let data = app.ok(NOTIFICATIONS, json!({}), creator.token()).await;
    assert!(
        data["notifications"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["readAt"].is_string())
    );
    // The brand's own are untouched: its funding's, the application's and the offer's.
    let data = app
        .ok(NOTIFICATIONS, json!({ "unread": true }), brand.token())
        .await;
    assert_eq!(data["notifications"]["totalCount"], 3);
}

#[tokio::test]
async fn a_brief_with_an_active_collaboration_cannot_end_and_ending_declines_open_proposals() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "end@brand.vn").await;
    let accepted = creator_party(&app, "accepted@creator.vn").await;
    let waiting = creator_party(&app, "waiting@creator.vn").await;
    let brief = open_brief(&app, &brand, brief_input("Kết thúc")).await;
    hire(&app, &brand, &brief, &accepted, fee_terms("1000000", 1)).await;
    let open = apply(&app, &waiting, &brief, Some(fee_terms("1000000", 1))).await;

    let e = app
        .error(
            CANCEL_BRIEF,
            json!({ "id": brief, "reason": "Hết ngân sách" }),
            brand.token(),
        )
        .await;
    assert_error(
        &e,
        "CONFLICT",
        None,
        "cancelling with an ACTIVE collaboration",
    );
    app.ok(CLOSE_BRIEF, json!({ "id": brief }), brand.token())
        .await;
    let e = app
        .error(COMPLETE_BRIEF, json!({ "id": brief }), brand.token())
        .await;
    assert_error(
        &e,
        "CONFLICT",
        None,
        "completing with an ACTIVE collaboration",
    );
    // Negotiations go on after closing: the brand could still accept the open offer.
    let data = app
        .ok(PROPOSAL, json!({ "id": id(&open) }), brand.token())
        .await;
    assert_eq!(data["proposal"]["status"], "APPLIED");

    // Another brief without collaborations is cancelled: its open proposals are declined.
    let other = open_brief(&app, &brand, brief_input("Huỷ")).await;
    let p = apply(&app, &waiting, &other, Some(fee_terms("1000000", 1))).await;
    let r = app
        .ok(
            CANCEL_BRIEF,
            json!({ "id": other, "reason": "Hết ngân sách" }),
            brand.token(),
        )
        .await;
    assert_eq!(r["r"]["status"], "CANCELLED");
    let data = app
        .ok(PROPOSAL, json!({ "id": id(&p) }), waiting.token())
        .await;
    assert_eq!(data["proposal"]["status"], "DECLINED");
    assert_eq!(data["proposal"]["offers"][0]["status"], "DECLINED");
    assert_eq!(data["proposal"]["currentOffer"], Value::Null);
    assert_eq!(
        kinds(&app, &waiting, None).await.last().unwrap(),
        "PROPOSAL_DECLINED"
    );
    let e = app
        .error(
            ACCEPT,
            json!({ "id": id(&p["currentOffer"]) }),
            brand.token(),
        )
        .await;
    assert_error(&e, "CONFLICT", None, "accepting on a cancelled brief");
}

#[tokio::test]
async fn a_page_of_proposals_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "n1@brand.vn").await;
    let brief = open_brief(
        &app,
        &brand,
        with(brief_input("Nhiều"), json!({ "slots": 50 })),
    )
    .await;
    for i in 0..12 {
        let creator = creator_party(&app, &format!("n1-{i}@creator.vn")).await;
        let p = apply(&app, &creator, &brief, Some(fee_terms("1000000", 1))).await;
        if i % 2 == 0 {
            accept(&app, &brand, &id(&p["currentOffer"])).await;
        }
    }
    const PAGE: &str = "query($first: Int) { myProposals(first: $first) { totalCount nodes { id status turn \
        brief { id title brand { name } } creator { id displayName } \
        offers { id terms { fee { amount } deliverables { type } } } currentOffer { id } \
        collaboration { id trackingCode deliverables { id status } terms { fee { amount } } } } } }";
    let (small, few) = app
        .statements_during(PAGE, json!({ "first": 3 }), brand.token())
        .await;
    let (large, many) = app
        .statements_during(PAGE, json!({ "first": 12 }), brand.token())
        .await;
    assert_eq!(small["myProposals"]["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(large["myProposals"]["nodes"].as_array().unwrap().len(), 12);
    // A DataLoader batch can split in two when the machine is starved between two items (its
    // window is 1 ms): one statement of slack. One query per row would add one per extra item.
    assert!(
        many <= few + 1,
        "statements for 3 ({few}) and for 12 ({many}) proposals"
    );
}
