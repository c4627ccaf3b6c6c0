//! Validation of free text from clients: trimmed, non-empty where required, bounded in length,
//! without control characters.
//!
//! Every text is refused with BAD_USER_INPUT ("must not contain control characters") when it holds
//! a control character (C0, DEL or C1) other than tab, line feed and carriage return (NUL among
//! them, which PostgreSQL cannot store). A text of only white space and characters that show nothing (Unicode's
//! Default_Ignorable_Code_Point: zero-width spaces and joiners, direction marks, the soft hyphen,
//! variation selectors, ...) counts as empty.

use crate::{
    error::{AppError, AppResult},
    i18n::msg,
};

/// Letters and digits that cannot be mistaken for one another when read aloud, typed from a
/// video or copied into a banking app's memo: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
pub const UNAMBIGUOUS_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// `length` random characters of [`UNAMBIGUOUS_ALPHABET`]: tracking codes, funding references.
pub fn unambiguous_code(length: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..length)
        .map(|_| UNAMBIGUOUS_ALPHABET[rng.random_range(0..UNAMBIGUOUS_ALPHABET.len())] as char)
        .collect()
}

/// Longest URL accepted, both as sent and as stored (after normalisation).
pub const MAX_URL_CHARS: usize = 2048;

/// A required text: trimmed, 1 to `max` characters.
pub fn required(field: &str, raw: &str, max: usize) -> AppResult<String> {
    no_controls(field, raw)?;
    let value = raw.trim();
    if is_blank(value) {
        return Err(AppError::bad_input(field, msg!("must-not-be-empty")));
    }
    bounded(field, value, max)
}

/// An optional text: trimmed; empty (or only white space and characters that show nothing)
/// becomes none.
pub fn optional(field: &str, raw: Option<&str>, max: usize) -> AppResult<Option<String>> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    no_controls(field, raw)?;
    let value = raw.trim();
    if is_blank(value) {
        return Ok(None);
    }
    bounded(field, value, max).map(Some)
}

/// Nothing a reader would see: white space and default-ignorable characters only.
fn is_blank(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_whitespace() || is_default_ignorable(c))
}

/// Unicode's Default_Ignorable_Code_Point: characters that show nothing (zero-width spaces and
/// joiners, direction marks, the soft hyphen, variation selectors, Hangul fillers, tags).
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Refuses control characters (C0, DEL, C1) except tab, line feed and carriage return.
fn no_controls(field: &str, raw: &str) -> AppResult<()> {
    if raw
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(AppError::bad_input(field, msg!("no-control-characters")));
    }
    Ok(())
}

fn bounded(field: &str, value: &str, max: usize) -> AppResult<String> {
    if value.chars().count() > max {
        return Err(AppError::bad_input(field, msg!("too-long", max = max)));
    }
    Ok(value.to_owned())
}

/// An absolute http(s) URL with a host, at most [`MAX_URL_CHARS`] characters as sent and as
/// stored: normalisation percent-encodes what a URL may not hold literally (spaces, non-ASCII),
/// which can make it three times longer, so the bound is checked again on the result.
pub fn http_url(field: &str, raw: &str) -> AppResult<String> {
    no_controls(field, raw)?;
    let value = raw.trim();
    let too_long = || AppError::bad_input(field, msg!("url-too-long", max = MAX_URL_CHARS));
    if value.chars().count() > MAX_URL_CHARS {
        return Err(too_long());
    }
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            let normalised = String::from(url);
            if normalised.chars().count() > MAX_URL_CHARS {
                return Err(too_long());
            }
            Ok(normalised)
        }
        _ => Err(AppError::bad_input(field, msg!("http-url"))),
    }
}

/// An optional http(s) URL: empty (or only white space) clears it, like null.
pub fn optional_http_url(field: &str, raw: &str) -> AppResult<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    http_url(field, raw).map(Some)
}

/// An ISO 3166-1 alpha-2 country code, upper-cased.
pub fn country(field: &str, raw: &str) -> AppResult<String> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() == 2 && ISO_COUNTRIES.split(' ').any(|c| c == code) {
        Ok(code)
    } else {
        Err(AppError::bad_input(field, msg!("country-code")))
    }
}

/// An optional country code: empty (or only white space) clears it, like null.
pub fn optional_country(field: &str, raw: &str) -> AppResult<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    country(field, raw).map(Some)
}

/// A BCP 47 language tag in its usual case: "vi", "en-US", "zh-Hant-TW".
pub fn language_tag(field: &str, raw: &str) -> AppResult<String> {
    let raw = raw.trim();
    let mut parts = raw.split('-');
    let language = parts.next().unwrap_or_default();
    let valid_language =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    let mut tag = language.to_ascii_lowercase();
    let mut valid = valid_language && raw.len() <= 35;
    for part in parts {
        valid &= (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric());
        tag.push('-');
        tag.push_str(&match part.len() {
            2 if part.chars().all(|c| c.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
            4 => {
                let (head, tail) = part.split_at(1);
                head.to_ascii_uppercase() + &tail.to_ascii_lowercase()
            }
            _ => part.to_ascii_lowercase(),
        });
    }
    if valid {
        Ok(tag)
    } else {
        Err(AppError::bad_input(field, msg!("language-tag")))
    }
}

const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_codes_tags_and_urls() {
        assert_eq!(country("c", " vn ").unwrap(), "VN");
        assert!(country("c", "XX").is_err());
        assert!(country("c", "VNM").is_err());
        assert_eq!(language_tag("l", "EN-us").unwrap(), "en-US");
        assert_eq!(language_tag("l", "zh-hant-tw").unwrap(), "zh-Hant-TW");
        assert!(language_tag("l", "english").is_err());
        assert!(language_tag("l", "e1").is_err());
        assert!(http_url("u", "https://shop.example.vn/p?id=1").is_ok());
        assert!(http_url("u", "javascript:alert(1)").is_err());
        assert!(http_url("u", "ftp://example.com").is_err());
        assert!(http_url("u", "not a url").is_err());
    }

    fn message(result: AppResult<impl std::fmt::Debug>) -> String {
        match result.unwrap_err() {
            AppError::BadUserInput { message, .. } => message.english(),
            other => panic!("not BAD_USER_INPUT: {other:?}"),
        }
    }

    #[test]
    fn control_characters_are_refused_except_tab_and_line_breaks() {
        for bad in ["a\0b", "\u{1}", "x\u{1b}[31m", "\u{1f}"] {
            assert_eq!(
                message(required("t", bad, 100)),
                "must not contain control characters",
                "{bad:?}"
            );
            assert_eq!(
                message(optional("t", Some(bad), 100)),
                "must not contain control characters"
            );
        }
        assert_eq!(
            message(http_url("u", "https://a.vn/\0")),
            "must not contain control characters"
        );
        assert_eq!(required("t", " a\tb\r\nc ", 100).unwrap(), "a\tb\r\nc");
    }

    #[test]
    fn white_space_and_zero_width_characters_alone_are_empty() {
        for blank in [
            "\u{200B}",
            " \u{200C}\u{200D} ",
            "\u{2060}\n\u{FEFF}",
            "\u{200E}",
            "\u{00AD}\u{FE0F}\u{3164}",
            "\u{3000}",
        ] {
            assert_eq!(message(required("t", blank, 100)), "must not be empty");
            assert_eq!(optional("t", Some(blank), 100).unwrap(), None);
        }
        assert_eq!(required("t", "\u{200B}a", 100).unwrap(), "\u{200B}a");
    }

    #[test]
    fn a_url_is_bounded_after_normalisation() {
        // 2,034 characters sent; every space becomes %20.
        let raw = format!("https://shop.example.vn/{}", " x".repeat(1005));
        assert!(raw.chars().count() <= MAX_URL_CHARS);
        assert_eq!(
            message(http_url("u", &raw)),
            "a URL has at most 2048 characters (once normalised)"
        );
        let fits = format!("https://shop.example.vn/{}", "x".repeat(2000));
        assert_eq!(http_url("u", &fits).unwrap(), fits);
        let long = format!("https://shop.example.vn/{}", "x".repeat(2048));
        assert!(http_url("u", &long).is_err());
    }
}
