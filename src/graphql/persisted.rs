//! Automatic persisted queries, as Apollo's protocol has them: a client sends
//! `extensions.persistedQuery = {version: 1, sha256Hash}` and no query; the server answers
//! PERSISTED_QUERY_NOT_FOUND until the client has sent the query once with its hash, and runs the
//! query by hash from then on (GET requests by hash are short and cacheable).
//!
//! The queries are kept per instance, the [`MAX_QUERIES`] most recently used. A query comes in
//! only as text, with its hash checked, so every check on the text (nesting, GET reads only) runs
//! on it as on any other request.

use std::{num::NonZeroUsize, sync::Mutex};

use serde_json::Value;

use crate::digest::sha256_hex;

/// Most queries kept.
pub const MAX_QUERIES: usize = 1_000;
/// The error message Apollo's clients look for, besides the code.
pub const NOT_FOUND: &str = "PersistedQueryNotFound";

/// Why a persisted query could not be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The hash is not known (yet): the client sends the query with it.
    NotFound,
    /// The query sent is not the one the hash names.
    Mismatch,
    /// The extension is not `{version: 1, sha256Hash: <64 hex digits>}`.
    Malformed(&'static str),
}

pub struct PersistedQueries(Mutex<lru::LruCache<String, String>>);

impl Default for PersistedQueries {
    fn default() -> Self {
        Self(Mutex::new(lru::LruCache::new(
            NonZeroUsize::new(MAX_QUERIES).expect("not zero"),
        )))
    }
}

impl PersistedQueries {
    /// The query to run: as sent when there is no `persistedQuery` extension; else the one the
    /// hash names, kept now if it came with the request.
    pub fn resolve(
        &self,
        query: Option<String>,
        extensions: Option<&Value>,
    ) -> Result<Option<String>, Refused> {
        let Some(persisted) = extensions.and_then(|e| e.get("persistedQuery")) else {
            return Ok(query);
        };
        if persisted.get("version").and_then(Value::as_i64) != Some(1) {
            return Err(Refused::Malformed("persistedQuery.version must be 1"));
        }
        let Some(hash) = persisted
            .get("sha256Hash")
            .and_then(Value::as_str)
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_ascii_lowercase)
        else {
            return Err(Refused::Malformed(
                "persistedQuery.sha256Hash must be 64 hexadecimal digits",
            ));
        };
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match query {
            Some(query) => {
                if sha256_hex(&query) != hash {
                    return Err(Refused::Mismatch);
                }
                kept.put(hash, query.clone());
                Ok(Some(query))
            }
            None => kept.get(&hash).cloned().map(Some).ok_or(Refused::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_query_is_found_by_hash_once_sent_with_it() {
        let kept = PersistedQueries::default();
        let query = "{ __typename }";
        let hash = sha256_hex(query);
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        assert_eq!(kept.resolve(None, Some(&ext)), Err(Refused::NotFound));
        assert_eq!(
            kept.resolve(Some(query.into()), Some(&ext)),
            Ok(Some(query.into()))
        );
        assert_eq!(kept.resolve(None, Some(&ext)), Ok(Some(query.into())));
        assert_eq!(
            kept.resolve(Some("{ me { id } }".into()), Some(&ext)),
            Err(Refused::Mismatch)
        );
        let old = json!({ "persistedQuery": { "version": 2, "sha256Hash": hash } });
        assert!(matches!(
            kept.resolve(None, Some(&old)),
            Err(Refused::Malformed(_))
        ));
        assert_eq!(
            kept.resolve(Some(query.into()), None),
            Ok(Some(query.into()))
        );
    }
}
