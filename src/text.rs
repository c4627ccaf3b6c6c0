//! Validation of free text from clients: trimmed, non-empty where required, bounded in length.

use crate::error::{AppError, AppResult};

/// A required text: trimmed, 1 to `max` characters.
pub fn required(field: &str, raw: &str, max: usize) -> AppResult<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    bounded(field, value, max)
}

/// An optional text: trimmed; empty becomes none.
pub fn optional(field: &str, raw: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => bounded(field, value, max).map(Some),
    }
}

fn bounded(field: &str, value: &str, max: usize) -> AppResult<String> {
    if value.chars().count() > max {
        return Err(AppError::bad_input(
            field,
            format!("must have at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}
