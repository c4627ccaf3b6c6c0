//! The Advertising Law's duties through the router: every submission's caption checked for a
//! disclosure label, an unlabelled approval's reason on a brief that enforces the law, the
//! creator's attestation of having used the product before publishing, and the product's
//! documents; each refusal with its code and field, leaving everything as it was.

mod common;

use common::{delivery::*, fixtures::*, market::*, *};
use serde_json::{Value, json};

const SUBMIT_CHECKED: &str = "mutation($input: SubmitContentInput!) { r: submitContent(input: $input) { \
    id status adDisclosure { labelled labels unlabelledReason } } }";
const REVIEW_WITH_REASON: &str = "mutation($input: ReviewContentInput!) { r: reviewContent(input: $input) { \
    id status adDisclosure { labelled labels unlabelledReason } deliverable { id status } } }";
const ATTEST: &str = "mutation($id: ID!) { r: attestProductUse(deliverableId: $id) { \
    id status productUseAttestation { attestedAt attestedBy } } }";
const DELIVERABLE: &str = "query($id: ID!) { node(id: $id) { ... on Deliverable { id status \
    productUseAttestation { attestedAt attestedBy } submissions { id status adDisclosure { unlabelledReason } } } } }";

/// The creator submits `caption` for the deliverable; the submission as answered.
async fn submit_caption(app: &TestApp, deal: &Deal, deliverable: &str, caption: Value) -> Value {
    app.ok(
        SUBMIT_CHECKED,
        json!({ "input": { "deliverableId": deliverable, "mediaUrls": [MEDIA_URL], "caption": caption } }),
        deal.creator.token(),
    )
    .await["r"]
        .clone()
}

fn approval(submission: &str, reason: Value) -> Value {
    json!({ "input": { "submissionId": submission, "decision": "APPROVE", "unlabelledReason": reason } })
}

async fn deliverable(app: &TestApp, deal: &Deal, id: &str) -> Value {
    app.ok(DELIVERABLE, json!({ "id": id }), deal.brand.token())
        .await["node"]
        .clone()
}

#[tokio::test]
async fn every_caption_is_checked_for_a_label_as_whole_words_without_diacritics() {
    let app = TestApp::new().await;
    let table: &[(Value, &[&str])] = &[
        (json!("Son lì mùa hè #QuangCao"), &["#quảngcáo"]),
        (json!("QUẢNG CÁO | Son lì Cỏ Mềm"), &["quảng cáo"]),
        (json!("bai viet quang cao, khong dau"), &["quảng cáo"]),
        (
            json!("Được tài trợ bởi Cỏ Mềm"),
            &["được tài trợ", "tài trợ bởi"],
        ),
        (json!("hop tac cung @comem"), &["hợp tác cùng"]),
        (json!("New drop #AD#sale"), &["#ad"]),
        (json!("Mở hộp #Sponsored"), &["#sponsored"]),
        (json!("Son lì mùa hè #review"), &[]),
        (json!("Giày #adidas mới về"), &[]),
        (json!("#quangcaoxyz"), &[]),
        (json!("Đi dạo quảng trường, cáo ngủ"), &[]),
        (Value::Null, &[]),
    ];
    let deal = Deal::new(&app, "labels", fee_terms("2000000", table.len() as i32)).await;
    for (i, (caption, labels)) in table.iter().enumerate() {
        let s = submit_caption(&app, &deal, &deal.deliverable(i), caption.clone()).await;
        let disclosure = &s["adDisclosure"];
        assert_eq!(disclosure["labels"], json!(labels), "{caption}: {s}");
        assert_eq!(disclosure["labelled"], !labels.is_empty(), "{caption}: {s}");
        assert!(disclosure["unlabelledReason"].is_null(), "{caption}: {s}");
    }
}

#[tokio::test]
async fn on_a_brief_under_the_law_an_unlabelled_approval_needs_a_reason_and_publishing_an_attestation()
 {
    let app = TestApp::new().await;
    let documents = json!([
        { "title": "Giấy công bố mỹ phẩm", "url": "https://comem.vn/docs/cong-bo.pdf" },
        { "title": "Phiếu kiểm nghiệm", "url": "https://comem.vn/docs/kiem-nghiem.pdf" },
    ]);
    let input = with(
        brief_input("Chiến dịch luật quảng cáo"),
        json!({ "enforceAdvertisingLaw": true, "productDocuments": documents }),
    );
    let deal = Deal::on(&app, "law", input, fee_terms("2000000", 2)).await;
    // The creator reads the product's documents before attesting.
    let brief = app
        .ok(
            "query($id: ID!) { brief(id: $id) { enforceAdvertisingLaw productDocuments { title url } } }",
            json!({ "id": deal.brief }),
            deal.creator.token(),
        )
        .await;
    assert_eq!(brief["brief"]["enforceAdvertisingLaw"], true);
    assert_eq!(brief["brief"]["productDocuments"], documents);

    let (unlabelled_d, labelled_d) = (deal.deliverable(0), deal.deliverable(1));
    let unlabelled = id(&submit_caption(&app, &deal, &unlabelled_d, json!("Son lì mùa hè")).await);
    let labelled = id(&submit_caption(&app, &deal, &labelled_d, json!("#quangcao Son lì")).await);
    let brand = deal.brand.token();

    // Refused, each naming the reason's field, and the submission is still under review.
    for (vars, why) in [
        (approval(&unlabelled, Value::Null), "no reason"),
        (approval(&unlabelled, json!("   ")), "an empty reason"),
        (
            approval(&unlabelled, json!("x".repeat(1001))),
            "a reason too long",
        ),
        (
            json!({ "input": { "submissionId": unlabelled, "decision": "REQUEST_CHANGES",
                "feedback": "Thêm nhãn", "unlabelledReason": "Nhãn trong video" } }),
            "a reason with REQUEST_CHANGES",
        ),
        (
            approval(&labelled, json!("Nhãn trong video")),
            "a reason for a labelled caption",
        ),
    ] {
        let error = app.error(REVIEW_WITH_REASON, vars, brand).await;
        assert_error(
            &error,
            "BAD_USER_INPUT",
            Some("input.unlabelledReason"),
            why,
        );
    }
    for d in [&unlabelled_d, &labelled_d] {
        let d = deliverable(&app, &deal, d).await;
        assert_eq!(d["status"], "IN_REVIEW", "{d}");
        assert_eq!(d["submissions"][0]["status"], "IN_REVIEW", "{d}");
    }

    // With a reason it is approved, and the reason is kept; a labelled one needs none.
    let reason = "Nhãn \"Quảng cáo\" nằm trong video, giây đầu tiên";
    let approved = app
        .ok(
            REVIEW_WITH_REASON,
            approval(&unlabelled, json!(reason)),
            brand,
        )
        .await["r"]
        .clone();
    assert_eq!(approved["status"], "APPROVED");
    assert_eq!(approved["adDisclosure"]["labelled"], false);
    assert_eq!(approved["adDisclosure"]["unlabelledReason"], reason);
    let approved = app
        .ok(REVIEW_WITH_REASON, approval(&labelled, Value::Null), brand)
        .await["r"]
        .clone();
    assert_eq!(approved["status"], "APPROVED", "{approved}");

    // Publishing before attesting: CONFLICT, and the deliverable is still APPROVED.
    let error = app
        .error(
            PUBLISH_DELIVERABLE,
            json!({ "id": unlabelled_d, "url": LIVE_URL }),
            deal.creator.token(),
        )
        .await;
    assert_error(&error, "CONFLICT", None, "publish before attesting");
    assert_eq!(
        deliverable(&app, &deal, &unlabelled_d).await["status"],
        "APPROVED"
    );

    // Only the collaboration's creator attests: the brand is FORBIDDEN, another creator sees
    // nothing (NOT_FOUND), a bad ID is BAD_USER_INPUT.
    let stranger = creator_party(&app, "stranger@law.vn").await;
    for (token, code, who) in [
        (brand, "FORBIDDEN", "the brand"),
        (stranger.token(), "NOT_FOUND", "another creator"),
    ] {
        let error = app
            .error(ATTEST, json!({ "id": unlabelled_d }), token)
            .await;
        assert_error(&error, code, None, who);
    }
    let error = app
        .error(ATTEST, json!({ "id": "nope" }), deal.creator.token())
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("deliverableId"), "a bad ID");
    assert!(
        deliverable(&app, &deal, &unlabelled_d).await["productUseAttestation"].is_null(),
        "nothing attested by the refusals"
    );

    // The creator attests: kept with its time and user; attesting again keeps the first.
    let attested = app
        .ok(ATTEST, json!({ "id": unlabelled_d }), deal.creator.token())
        .await["r"]["productUseAttestation"]
        .clone();
    assert_eq!(attested["attestedBy"], deal.creator.user_id.as_str());
    let again = app
        .ok(ATTEST, json!({ "id": unlabelled_d }), deal.creator.token())
        .await["r"]["productUseAttestation"]
        .clone();
    assert_eq!(again, attested);
    let published = publish_deliverable(&app, &deal.creator, &unlabelled_d, LIVE_URL).await;
    assert_eq!(published["status"], "PUBLISHED");
    let d = deliverable(&app, &deal, &unlabelled_d).await;
    assert_eq!(d["productUseAttestation"], attested, "{d}");
    assert_eq!(
        d["submissions"][0]["adDisclosure"]["unlabelledReason"],
        reason
    );
}

#[tokio::test]
async fn a_brief_not_under_the_law_shows_the_check_and_asks_for_nothing() {
    let app = TestApp::new().await;
    let deal = Deal::new(&app, "free", fee_terms("2000000", 1)).await;
    let d = deal.deliverable(0);
    let s = id(&submit_caption(&app, &deal, &d, json!("Son lì mùa hè")).await);
    let approved = app
        .ok(
            REVIEW_WITH_REASON,
            approval(&s, Value::Null),
            deal.brand.token(),
        )
        .await["r"]
        .clone();
    assert_eq!(approved["status"], "APPROVED");
    assert_eq!(approved["adDisclosure"]["labelled"], false);
    let published = publish_deliverable(&app, &deal.creator, &d, LIVE_URL).await;
    assert_eq!(published["status"], "PUBLISHED");
    // Use is attested before publishing, not after.
    let error = app
        .error(ATTEST, json!({ "id": d }), deal.creator.token())
        .await;
    assert_error(&error, "CONFLICT", None, "attest after publishing");
}

#[tokio::test]
async fn product_documents_are_bounded_and_checked() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "docs@brand.vn").await;
    let doc = |title: &str, url: &str| json!({ "title": title, "url": url });
    let eleven: Vec<Value> = (0..11)
        .map(|i| doc("Giấy phép", &format!("https://comem.vn/{i}.pdf")))
        .collect();
    for (documents, field) in [
        (json!(eleven), "input.productDocuments"),
        (
            json!([
                doc("Giấy phép", "https://comem.vn/a.pdf"),
                doc(" ", "https://comem.vn/b.pdf")
            ]),
            "input.productDocuments.1.title",
        ),
        (
            json!([doc("Giấy phép", "ftp://comem.vn/a.pdf")]),
            "input.productDocuments.0.url",
        ),
    ] {
        let input = with(
            brief_input("Chiến dịch giấy tờ"),
            json!({ "productDocuments": documents }),
        );
        let error = app
            .error(
                "mutation($input: CreateBriefInput!) { createBrief(input: $input) { id } }",
                json!({ "input": input }),
                brand.token(),
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
    }
    let mine = app
        .ok(
            "{ me { brand { briefs { totalCount } } } }",
            json!({}),
            brand.token(),
        )
        .await;
    assert_eq!(
        mine["me"]["brand"]["briefs"]["totalCount"], 0,
        "nothing made: {mine}"
    );
}
