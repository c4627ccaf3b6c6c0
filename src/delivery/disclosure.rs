//! Advertising disclosure (Vietnam's amended Advertising Law, in force from 1 January 2026: an
//! influencer's paid content is labelled as advertising). A caption is labelled when it holds one
//! of [`LABELS`], compared without regard to case or diacritics and as whole words: "#QuảngCáo"
//! and "quang cao" count, "#adidas" does not count as "#ad".

/// The labels that mark content as advertising, as they are shown back. A label of several words
/// matches those words in a row; a hashtag matches that hashtag whole.
pub const LABELS: &[&str] = &[
    "quảng cáo",
    "#quảngcáo",
    "được tài trợ",
    "tài trợ bởi",
    "nhà tài trợ",
    "#tàitrợ",
    "hợp tác cùng",
    "hợp tác với",
    "#hợptác",
    "#ad",
    "#ads",
    "#advertisement",
    "advertisement",
    "#sponsored",
    "sponsored",
    "paid partnership",
    "#paidpartnership",
    "#partner",
];

/// The labels found in `caption`, in the order of [`LABELS`]; empty when it has none.
pub fn labels_in(caption: &str) -> Vec<&'static str> {
    let said = words(caption);
    LABELS
        .iter()
        .copied()
        .filter(|label| {
            let label = words(label);
            !label.is_empty() && said.windows(label.len()).any(|w| w == label.as_slice())
        })
        .collect()
}

/// Lower-cased words without diacritics; `#` starts a word, so "#ad#sale" is "#ad" and "#sale".
fn words(text: &str) -> Vec<String> {
    let folded = crate::search::fold(text);
    let mut words = Vec::new();
    let mut word = String::new();
    for c in folded.chars() {
        if c == '#' || !c.is_alphanumeric() {
            if word.len() > usize::from(word.starts_with('#')) {
                words.push(std::mem::take(&mut word));
            }
            word.clear();
            if c == '#' {
                word.push('#');
            }
        } else {
            word.push(c);
        }
    }
    if word.len() > usize::from(word.starts_with('#')) {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::labels_in;

    #[test]
    fn labels_count_whole_and_without_diacritics() {
        for (caption, found) in [
            ("Son lì mùa hè #QuangCao", vec!["#quảngcáo"]),
            ("#quảngcáo son lì", vec!["#quảngcáo"]),
            ("Bài viết QUẢNG CÁO cho Cỏ Mềm", vec!["quảng cáo"]),
            ("bai viet quang cao, khong dau", vec!["quảng cáo"]),
            (
                "Được tài trợ bởi Cỏ Mềm",
                vec!["được tài trợ", "tài trợ bởi"],
            ),
            ("Hợp tác cùng @comem", vec!["hợp tác cùng"]),
            ("new drop #ad#sale", vec!["#ad"]),
            ("#Sponsored by the brand", vec!["#sponsored"]),
            ("Sponsored by the brand", vec!["sponsored"]),
            ("Paid partnership with Cỏ Mềm", vec!["paid partnership"]),
        ] {
            assert_eq!(labels_in(caption), found, "{caption}");
        }
        for caption in [
            "Son lì mùa hè #review",
            "Giày #adidas mới về",
            "#advert không phải nhãn",
            "quảng trường cáo",
            "#quangcaoxyz",
            "hợp tác",
            "",
            "###",
        ] {
            assert!(labels_in(caption).is_empty(), "{caption}");
        }
    }
}
