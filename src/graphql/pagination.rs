//! Relay connections with keyset cursors. A cursor is the base64url of the row's sort key (JSON),
//! so the next page starts strictly after that key: rows inserted meanwhile never make a page skip
//! or repeat an item, which offsets would.

use async_graphql::{
    Context, OutputType, SimpleObject,
    connection::{Connection, Edge},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    error::{AppError, AppResult},
    i18n::msg,
    keyset::{self, TimeCursor},
};

pub const DEFAULT_PAGE_SIZE: i32 = 20;
pub const MAX_PAGE_SIZE: i32 = 100;

/// The extra field every connection of the contract has.
#[derive(SimpleObject)]
pub struct ConnectionFields {
    /// How many items the whole list has, across all pages.
    pub total_count: i64,
}

pub type Page<N> = Connection<String, N, ConnectionFields>;

/// A validated `first` / `after` pair.
pub struct PageRequest<K> {
    pub first: u64,
    pub after: Option<K>,
}

impl<K: DeserializeOwned> PageRequest<K> {
    pub fn new(first: Option<i32>, after: Option<String>) -> AppResult<Self> {
        Self::named(first, after, ("first", "after"))
    }

    /// A page backwards, `last` items `before` a cursor (Relay): `first` and `after` then stand
    /// for them, counted from the other end.
    pub fn backward(last: Option<i32>, before: Option<String>) -> AppResult<Self> {
        Self::named(last, before, ("last", "before"))
    }

    fn named(
        size: Option<i32>,
        cursor: Option<String>,
        (size_field, cursor_field): (&str, &str),
    ) -> AppResult<Self> {
        let first = sized(size, size_field)?;
        let after = cursor
            .map(|cursor| {
                decode_cursor(&cursor)
                    .ok_or_else(|| AppError::bad_input(cursor_field, msg!("cursor-invalid")))
            })
            .transpose()?;
        Ok(Self {
            first: first as u64,
            after,
        })
    }

    /// Rows to fetch: one more than the page, to learn whether a next page exists.
    pub fn fetch_limit(&self) -> u64 {
        self.first + 1
    }
}

impl PageRequest<TimeCursor> {
    /// What a list ordered by time asks the domain for: the rows after the cursor, one more than
    /// the page, and the total only when the client selected `totalCount`.
    pub fn window(&self, ctx: &Context<'_>) -> keyset::Window {
        keyset::Window {
            after: self.after,
            limit: self.fetch_limit(),
            count: wants_total(ctx),
        }
    }
}

/// A validated `first`: 20 when omitted, at most 100.
pub fn page_size(first: Option<i32>) -> AppResult<usize> {
    sized(first, "first")
}

fn sized(size: Option<i32>, field: &str) -> AppResult<usize> {
    let size = size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(0..=MAX_PAGE_SIZE).contains(&size) {
        return Err(AppError::bad_input(
            field,
            msg!("page-size", max = MAX_PAGE_SIZE),
        ));
    }
    Ok(size as usize)
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).expect("cursor keys serialize"))
}

/// A cursor's key, if it is one of ours. Times in it must be of the years 1 to 9999, as every
/// time the API stores is: PostgreSQL refuses to compare with some others.
fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if !times_in_range(&value) {
        return None;
    }
    serde_json::from_value(value).ok()
}

fn times_in_range(value: &serde_json::Value) -> bool {
    use chrono::{DateTime, Datelike, Utc};
    match value {
        serde_json::Value::String(s) => s
            .parse::<DateTime<Utc>>()
            .map_or(true, |t| (1..=9999).contains(&t.year())),
        serde_json::Value::Array(items) => items.iter().all(times_in_range),
        serde_json::Value::Object(map) => map.values().all(times_in_range),
        _ => true,
    }
}

/// Whether the client asked for `totalCount`, so that the COUNT query runs only when needed.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Builds a page from up to `fetch_limit()` rows in order.
pub fn build<R, K, N>(
    mut rows: Vec<R>,
    request: &PageRequest<K>,
    total_count: i64,
    key: impl Fn(&R) -> K,
    node: impl Fn(R) -> N,
) -> Page<N>
where
    K: Serialize,
    N: OutputType,
{
    let has_next = rows.len() as u64 > request.first;
    rows.truncate(request.first as usize);
    connection(
        rows,
        (request.after.is_some(), has_next),
        total_count,
        key,
        node,
    )
}

/// Builds a backward page (`PageRequest::backward`) from up to `fetch_limit()` rows read from the
/// end (newest first): the page holds the last of them, in the list's own order.
pub fn build_backward<R, K, N>(
    mut rows: Vec<R>,
    request: &PageRequest<K>,
    total_count: i64,
    key: impl Fn(&R) -> K,
    node: impl Fn(R) -> N,
) -> Page<N>
where
    K: Serialize,
    N: OutputType,
{
    let has_previous = rows.len() as u64 > request.first;
    rows.truncate(request.first as usize);
    rows.reverse();
    connection(
        rows,
        (has_previous, request.after.is_some()),
        total_count,
        key,
        node,
    )
}

/// The page of `rows`, each with its cursor; `(has_previous, has_next)` for its `pageInfo`.
fn connection<R, K, N>(
    rows: Vec<R>,
    (has_previous, has_next): (bool, bool),
    total_count: i64,
    key: impl Fn(&R) -> K,
    node: impl Fn(R) -> N,
) -> Page<N>
where
    K: Serialize,
    N: OutputType,
{
    let mut page = Connection::with_additional_fields(
        has_previous,
        has_next,
        ConnectionFields { total_count },
    );
    page.edges.extend(
        rows.into_iter()
            .map(|row| Edge::new(encode_cursor(&key(&row)), node(row))),
    );
    page
}

/// Complexity of a connection field: its children count once per requested item.
pub fn complexity(first: Option<i32>, child_complexity: usize) -> usize {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize;
    first
        .max(1)
        .saturating_mul(child_complexity)
        .saturating_add(1)
}

/// Whether a connection's nodes (through `nodes` or `edges.node`) select any of `fields`, so that
/// a page loads a relation up front only when its nodes will read it.
pub fn nodes_select(ctx: &Context<'_>, fields: &[&str]) -> bool {
    let look = ctx.look_ahead();
    let (nodes, edges) = (look.field("nodes"), look.field("edges").field("node"));
    fields
        .iter()
        .any(|f| nodes.field(f).exists() || edges.field(f).exists())
}
