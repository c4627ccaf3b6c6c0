//! Delivery through the API: content submitted and reviewed, deliverables published and
//! measured, and the collaboration completed or cancelled.

use serde_json::{Value, json};

use super::{
    TestApp,
    market::{Party, id},
};

pub const SUBMIT: &str = "mutation($input: SubmitContentInput!) { r: submitContent(input: $input) { \
    id version mediaUrls caption note status feedback submittedAt reviewedAt \
    deliverable { id status revisionsUsed } } }";
pub const REVIEW: &str = "mutation($input: ReviewContentInput!) { r: reviewContent(input: $input) { \
    id version status feedback reviewedAt deliverable { id status revisionsUsed } } }";
pub const PUBLISH_DELIVERABLE: &str = "mutation($id: ID!, $url: String!) { r: publishDeliverable(deliverableId: $id, liveUrl: $url) { \
    id status liveUrl publishedAt dueAt } }";
pub const REPORT: &str = "mutation($input: ReportMetricsInput!) { r: reportMetrics(input: $input) { id \
    metrics { views likes comments shares saves engagementRate reportedBy reportedAt } } }";
pub const COMPLETE_COLLABORATION: &str = "mutation($id: ID!) { r: completeCollaboration(id: $id) { id status completedAt cancelledAt } }";
pub const CANCEL_COLLABORATION: &str = "mutation($id: ID!, $reason: String!) { r: cancelCollaboration(id: $id, reason: $reason) { \
    id status cancelledAt completedAt } }";
pub const COLLABORATION: &str = "query($id: ID!) { collaboration(id: $id) { id status trackingCode \
    deliverables { id status revisionsUsed liveUrl publishedAt \
    submissions { id version status feedback mediaUrls caption note deliverable { id } } \
    metrics { views likes comments shares saves engagementRate reportedBy } } } }";

/// The content of a submission, unless the test gives its own.
pub const MEDIA_URL: &str = "https://cdn.example.vn/v1.mp4";
/// The live post of a deliverable, unless the test gives its own.
pub const LIVE_URL: &str = "https://www.tiktok.com/@main/video/1";

/// Variables of a submission of `urls`, with a caption and a note.
pub fn submit_vars(deliverable: &str, urls: &[&str]) -> Value {
    json!({ "input": { "deliverableId": deliverable, "mediaUrls": urls,
        "caption": "  Son lì mùa hè #review  ", "note": "Bản nháp đầu tiên" } })
}

/// The creator submits one media URL for review.
pub async fn submit(app: &TestApp, creator: &Party, deliverable: &str, url: &str) -> Value {
    app.ok(SUBMIT, submit_vars(deliverable, &[url]), creator.token())
        .await["r"]
        .clone()
}

pub async fn review(
    app: &TestApp,
    brand: &Party,
    submission: &str,
    decision: &str,
    feedback: Option<&str>,
) -> Value {
    app.ok(
        REVIEW,
        json!({ "input": { "submissionId": submission, "decision": decision, "feedback": feedback } }),
        brand.token(),
    )
    .await["r"]
        .clone()
}

pub async fn publish_deliverable(
    app: &TestApp,
    creator: &Party,
    deliverable: &str,
    url: &str,
) -> Value {
    app.ok(
        PUBLISH_DELIVERABLE,
        json!({ "id": deliverable, "url": url }),
        creator.token(),
    )
    .await["r"]
        .clone()
}

/// Submits, approves and publishes a deliverable.
pub async fn deliver(app: &TestApp, brand: &Party, creator: &Party, deliverable: &str) {
    let s = submit(app, creator, deliverable, MEDIA_URL).await;
    review(app, brand, &id(&s), "APPROVE", None).await;
    publish_deliverable(app, creator, deliverable, LIVE_URL).await;
}

/// Variables of a metrics report: `[views, likes, comments, shares, saves]`.
pub fn metrics(deliverable: &str, counts: [i64; 5]) -> Value {
    let [views, likes, comments, shares, saves] = counts;
    json!({ "input": { "deliverableId": deliverable, "views": views, "likes": likes,
        "comments": comments, "shares": shares, "saves": saves } })
}

/// Reports `[views, likes, comments, shares, saves]` and returns the deliverable's metrics.
pub async fn report(app: &TestApp, who: &Party, deliverable: &str, counts: [i64; 5]) -> Value {
    app.ok(REPORT, metrics(deliverable, counts), who.token())
        .await["r"]["metrics"]
        .clone()
}

/// The brand completes the collaboration.
pub async fn complete(app: &TestApp, brand: &Party, collaboration: &str) -> Value {
    app.ok(
        COMPLETE_COLLABORATION,
        json!({ "id": collaboration }),
        brand.token(),
    )
    .await["r"]
        .clone()
}
