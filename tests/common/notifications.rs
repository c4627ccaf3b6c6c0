//! A user's notifications through the API.

use serde_json::json;

use super::{TestApp, market::Party};

pub const NOTIFICATIONS: &str = "query($unread: Boolean) { notifications(unreadOnly: $unread, first: 50) { totalCount \
    nodes { id kind message readAt brief { id } proposal { id } collaboration { id } } } }";

/// The kinds of `who`'s notifications, oldest first. With a collaboration, only those about its
/// delivery (OFFER_ACCEPTED, which started it, is left out).
pub async fn kinds(app: &TestApp, who: &Party, collaboration: Option<&str>) -> Vec<String> {
    let data = app.ok(NOTIFICATIONS, json!({}), who.token()).await;
    let mut kinds: Vec<String> = data["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| match collaboration {
            Some(c) => n["collaboration"]["id"] == c && n["kind"] != "OFFER_ACCEPTED",
            None => true,
        })
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.reverse();
    kinds
}
