//! Search that ignores case and diacritics: "son moi" finds "Son môi", "DUONG DA" finds "dưỡng da".
//! Text is folded once when written (into a `search_text` column) and the query is folded the
//! same way, so both databases compare plain lower-case ASCII.

use crate::{
    error::{AppError, AppResult},
    i18n::msg,
};

/// Longest search text, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// A search text as given, refused past [`MAX_QUERY_CHARS`].
pub fn query(field: &str, raw: Option<String>) -> AppResult<Option<String>> {
    match raw {
        Some(q) if q.chars().nth(MAX_QUERY_CHARS).is_some() => Err(AppError::bad_input(
            field,
            msg!("search-too-long", max = MAX_QUERY_CHARS),
        )),
        other => Ok(other),
    }
}

/// Lower-case ASCII without diacritics (đ → d, ư → u, ...), with runs of white space (and control
/// characters, which a query may hold and PostgreSQL cannot compare) collapsed.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A LIKE pattern matching `query` anywhere, with `\` escaping LIKE's wildcards.
pub fn like_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in fold(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_folds_to_plain_ascii() {
        assert_eq!(fold("Son môi"), "son moi");
        assert_eq!(fold("Kem DƯỠNG DA  ban đêm"), "kem duong da ban dem");
        assert_eq!(fold("DUONG DA"), "duong da");
        assert_eq!(like_pattern("50%_off"), "%50\\%\\_off%");
        assert_eq!(fold("son\0 moi\u{1b}"), "son moi");
    }
}
