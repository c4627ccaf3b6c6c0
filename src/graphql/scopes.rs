//! What a request made with an API key may reach, checked field by field like authentication: a
//! field outside the key's scopes is FORBIDDEN on that field alone, and the rest of the request
//! answers as usual.
//!
//! - A root field must be listed in [`root_scope`] with a scope the key has; anything else at the
//!   root (the account, keys, money, other roles' work) is FORBIDDEN for every key.
//! - Below the root, a field that returns the market's objects (briefs, proposals,
//!   collaborations and what hangs off them) needs MARKET_READ, and a field that returns users,
//!   notifications, keys, wallets or the ledger, or is a field of one (reached through `node`),
//!   is FORBIDDEN for every key.
//!
//! Requests with a user's token are not looked at here.

use std::sync::Arc;

use async_graphql::{
    PathSegment, QueryPathSegment, ServerError, ServerResult, Value,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo},
};
use entity::enums::ApiScope;

use crate::{
    auth::RequestAuth,
    error::AppError,
    i18n::{Msg, msg},
    state::AppState,
};

/// The scope a root field needs from an API key; None when no key may use it.
pub fn root_scope(parent: &str, field: &str) -> Option<ApiScope> {
    use ApiScope::*;
    Some(match (parent, field) {
        (
            "Query",
            "node" | "brand" | "brief" | "briefs" | "proposal" | "myProposals" | "collaboration"
            | "myCollaborations",
        ) => MarketRead,
        (
            "Mutation",
            "recordConversion" | "recordConversions" | "reverseConversion" | "adjustConversion",
        ) => ConversionsWrite,
        ("Query", "webhookEndpoints")
        | ("Mutation", "createWebhookEndpoint" | "deleteWebhookEndpoint" | "redeliverWebhook") => {
            WebhooksManage
        }
        _ => return None,
    })
}

/// Types below the root that a key reaches only with MARKET_READ.
const MARKET: &[&str] = &[
    "Brief",
    "BriefConnection",
    "Proposal",
    "ProposalConnection",
    "Collaboration",
    "CollaborationConnection",
    "Offer",
    "Message",
    "MessageConnection",
    "Deliverable",
    "ContentSubmission",
    "Sample",
    "LivestreamSession",
    "LivestreamProduct",
];

/// Types no key reaches: people's accounts and mail, keys, wallets and the ledger.
const NEVER: &[&str] = &[
    "User",
    "UserConnection",
    "Notification",
    "NotificationConnection",
    "ApiKey",
    "CreatedApiKey",
    "Wallet",
    "LedgerEntry",
    "LedgerEntryConnection",
    "Funding",
    "FundingConnection",
    "Withdrawal",
    "WithdrawalConnection",
    "PayoutMethod",
];

/// `[Brief!]!` → `Brief`.
fn base_type(qualified: &str) -> &str {
    qualified.trim_matches(|c| matches!(c, '[' | ']' | '!'))
}

/// Why a key may not resolve this field, if it may not.
fn refusal(info: &ResolveInfo<'_>, allows: impl Fn(ApiScope) -> bool) -> Option<Msg> {
    if info.path_node.parent.is_none() {
        return match root_scope(info.parent_type, info.name) {
            Some(scope) if allows(scope) => None,
            Some(scope) => Some(msg!(
                "api-key-lacks-scope-for",
                scope = scope.as_str(),
                field = info.name.to_owned()
            )),
            None => Some(msg!("api-key-may-not-use", field = info.name.to_owned())),
        };
    }
    let returns = base_type(info.return_type);
    // The parent too: `node` returns the `Node` interface, whose concrete type may be one of them.
    if NEVER.contains(&returns) || NEVER.contains(&info.parent_type) {
        return Some(msg!(
            "api-key-may-not-read",
            field = format!("{}.{}", info.parent_type, info.name)
        ));
    }
    if MARKET.contains(&returns) && !allows(ApiScope::MarketRead) {
        return Some(msg!(
            "api-key-lacks-scope-for",
            scope = ApiScope::MarketRead.as_str(),
            field = format!("{}.{}", info.parent_type, info.name)
        ));
    }
    None
}

pub struct Scopes;

impl ExtensionFactory for Scopes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ScopesExtension)
    }
}

struct ScopesExtension;

#[async_trait::async_trait]
impl Extension for ScopesExtension {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let key = ctx
            .data_opt::<RequestAuth>()
            .filter(|auth| auth.is_api_key());
        let (Some(auth), Some(state), false) =
            (key, ctx.data_opt::<AppState>(), info.is_for_introspection)
        else {
            return next.run(ctx, info).await;
        };
        // A key that does not sign in (unknown, revoked, of a suspended user) answers nothing:
        // every root field is UNAUTHENTICATED, public ones included.
        let viewer = match auth.viewer(state).await {
            Ok(viewer) => viewer,
            Err(err) if info.path_node.parent.is_none() => {
                let mut error: ServerError = err.into_request_error();
                error.path = path_of(&info);
                return Err(error);
            }
            Err(_) => return next.run(ctx, info).await,
        };
        let grant = viewer.api_key.as_ref();
        let allows = |scope| grant.is_some_and(|g| g.allows(scope));
        if let Some(message) = refusal(&info, allows) {
            let mut error: ServerError = AppError::forbidden(message).into_request_error();
            error.path = path_of(&info);
            return Err(error);
        }
        next.run(ctx, info).await
    }
}

/// The response path of the field being resolved.
fn path_of(info: &ResolveInfo<'_>) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let mut node = Some(info.path_node);
    while let Some(n) = node {
        path.push(match n.segment {
            QueryPathSegment::Index(i) => PathSegment::Index(i),
            QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
        });
        node = n.parent;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_opens_some_root_field_and_the_account_none() {
        assert_eq!(root_scope("Query", "briefs"), Some(ApiScope::MarketRead));
        assert_eq!(
            root_scope("Mutation", "recordConversions"),
            Some(ApiScope::ConversionsWrite)
        );
        assert_eq!(
            root_scope("Mutation", "redeliverWebhook"),
            Some(ApiScope::WebhooksManage)
        );
        for account in [
            "createApiKey",
            "revokeApiKey",
            "changePassword",
            "logOut",
            "requestWithdrawal",
        ] {
            assert_eq!(root_scope("Mutation", account), None, "{account}");
        }
        assert_eq!(root_scope("Query", "me"), None);
        assert_eq!(base_type("[Collaboration!]!"), "Collaboration");
    }
}
