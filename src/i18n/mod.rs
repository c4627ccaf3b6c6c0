//! The texts people read, in their language: notification messages and the `message` of every
//! error. The words live in one catalogue per language, `en.ftl` and `vi.ftl` in Fluent's syntax
//! (<https://projectfluent.org>); code names a text by its id and gives its arguments with
//! [`msg!`], and the text is written out in the reader's language only when it is sent.
//!
//! Money arguments are written the reader's way: "3.500.000 ₫" in Vietnamese, "3,500,000 VND" in
//! English.

use std::{borrow::Cow, sync::LazyLock};

use entity::{
    brand, creator_profile,
    enums::{CurrencyCode, Language, Role},
    user,
};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// A text of the catalogue with its arguments, not yet written in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Written as it is: a name, a title, a field, a time already formatted.
    Text(Cow<'static, str>),
    /// A count or a limit; the catalogue may choose a plural form by it.
    Number(i64),
    /// An amount, written with the reader's separators and the currency.
    Money(Decimal, CurrencyCode),
    /// Another text of the catalogue, written in the same language first.
    Msg(Box<Msg>),
}

/// `msg!("not-found", what = "brief")`: the catalogue's text `id` with named arguments.
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($id)$(.with(stringify!($name), $value))*
    };
}
pub(crate) use msg;

impl Msg {
    /// The catalogue's text `id`, without arguments; [`msg!`] is the usual way to make one.
    pub const fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The text in `language`. A text missing from a catalogue (which `tests` below rule out)
    /// is written in English, and its id when English lacks it too.
    pub fn render(&self, language: Language) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_ref()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Money(amount, currency) => {
                    FluentValue::from(money(*amount, *currency, language))
                }
                Arg::Msg(inner) => FluentValue::from(inner.render(language)),
            };
            args.set(*name, value);
        }
        for bundle in [bundle(language), bundle(Language::En)] {
            if let Some(pattern) = bundle.get_message(self.id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if !errors.is_empty() {
                    tracing::error!(id = self.id, ?errors, "a catalogue text did not format");
                }
                return text.into_owned();
            }
        }
        tracing::error!(id = self.id, "a text missing from the catalogue");
        self.id.to_owned()
    }

    /// The text in English, for logs and the command line.
    pub fn english(&self) -> String {
        self.render(Language::En)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(Cow::Owned(text.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(Cow::Owned(text.clone()))
    }
}

impl From<Msg> for Arg {
    fn from(msg: Msg) -> Self {
        Self::Msg(Box::new(msg))
    }
}

impl From<(Decimal, CurrencyCode)> for Arg {
    fn from((amount, currency): (Decimal, CurrencyCode)) -> Self {
        Self::Money(amount, currency)
    }
}

macro_rules! number_arg {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )+};
}
number_arg!(i32, i64, u32, u64, usize);

/// The language a person reads when they have not chosen one: Vietnamese for a creator or brand
/// in Vietnam, English for everyone else.
pub fn default_for(country: Option<&str>) -> Language {
    match country {
        Some("VN") => Language::Vi,
        _ => Language::En,
    }
}

/// The language `user_id` reads: its choice, else the default of its brand's or creator
/// profile's country.
pub async fn language_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Language, DbErr> {
    let Some((chosen, role)) = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::Language)
        .column(user::Column::Role)
        .into_tuple::<(Option<Language>, Role)>()
        .one(db)
        .await?
    else {
        return Ok(Language::En);
    };
    if let Some(language) = chosen {
        return Ok(language);
    }
    let country: Option<Option<String>> = match role {
        Role::Brand => {
            brand::Entity::find()
                .select_only()
                .column(brand::Column::Country)
                .filter(brand::Column::UserId.eq(user_id))
                .into_tuple()
                .one(db)
                .await?
        }
        Role::Creator => {
            creator_profile::Entity::find()
                .select_only()
                .column(creator_profile::Column::Country)
                .filter(creator_profile::Column::UserId.eq(user_id))
                .into_tuple()
                .one(db)
                .await?
        }
        Role::Admin => None,
    };
    Ok(default_for(country.flatten().as_deref()))
}

/// The language an `Accept-Language` header prefers among ours: the first of its tags (by
/// weight, then order) that is Vietnamese or English; English when it names neither.
pub fn from_accept_language(header: &str) -> Language {
    let mut best: Option<(f32, Language)> = None;
    for part in header.split(',').take(20) {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let language = if primary.eq_ignore_ascii_case("vi") {
            Language::Vi
        } else if primary.eq_ignore_ascii_case("en") {
            Language::En
        } else {
            continue;
        };
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, language));
        }
    }
    best.map_or(Language::En, |(_, language)| language)
}

/// `amount` in `currency` as the reader writes it: "3.500.000 ₫", "12,50 USD" in Vietnamese;
/// "3,500,000 VND", "12.50 USD" in English.
pub fn money(amount: Decimal, currency: CurrencyCode, language: Language) -> String {
    let (group, point) = match language {
        Language::Vi => ('.', ','),
        Language::En => (',', '.'),
    };
    let digits = currency.minor_digits();
    let fixed = amount.round_dp(digits);
    let text = format!("{:.*}", digits as usize, fixed.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if fixed.is_sign_negative() && !fixed.is_zero() {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    match (language, currency) {
        (Language::Vi, CurrencyCode::Vnd) => out.push_str(" ₫"),
        _ => {
            out.push(' ');
            out.push_str(currency.as_str());
        }
    }
    out
}

/// Each language's catalogue, in parts by area.
const EN: &[&str] = &[include_str!("en.ftl"), include_str!("livestreams.en.ftl")];
const VI: &[&str] = &[include_str!("vi.ftl"), include_str!("livestreams.vi.ftl")];

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static EN_BUNDLE: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load("en", EN));
    static VI_BUNDLE: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| load("vi", VI));
    match language {
        Language::En => &EN_BUNDLE,
        Language::Vi => &VI_BUNDLE,
    }
}

/// A catalogue as a bundle. The catalogues are compiled in and checked by the tests below, so a
/// syntax error cannot reach a running server; should one, the texts that did parse are kept.
fn load(tag: &str, sources: &[&'static str]) -> FluentBundle<FluentResource> {
    let locale = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Names and titles go in as they are, without Unicode isolation marks around them.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(partial, errors)| {
                tracing::error!(tag, ?errors, "the catalogue does not parse");
                partial
            });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(tag, ?errors, "the catalogue has a text twice");
        }
    }
    bundle
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn ids(sources: &[&'static str]) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for source in sources {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("catalogue does not parse: {errors:?}"));
            for entry in resource.entries() {
                if let Entry::Message(m) = entry {
                    assert!(ids.insert(m.id.name.to_owned()), "{} twice", m.id.name);
                }
            }
        }
        ids
    }

    /// Every `msg!("id", …)` and `Msg::new("id")` in the sources, the id on the same line or the next.
    fn used_ids() -> BTreeSet<String> {
        fn walk(dir: &std::path::Path, out: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for opener in ["msg!(", "Msg::new("] {
                        for (at, _) in text.match_indices(opener) {
                            // `msg!(` and the id may be on different lines.
                            let rest = text[at + opener.len()..].trim_start();
                            let Some(rest) = rest.strip_prefix('"') else {
                                continue;
                            };
                            let id = &rest[..rest.find('"').unwrap()];
                            let is_id = id.starts_with(|c: char| c.is_ascii_lowercase())
                                && id.chars().all(|c| {
                                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
                                });
                            if is_id && id != "id" {
                                out.insert(id.to_owned());
                            }
                        }
                    }
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    #[test]
    fn both_catalogues_have_the_same_texts_and_every_text_used_is_there() {
        let en = ids(EN);
        let vi = ids(VI);
        assert_eq!(
            en.difference(&vi).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "in en.ftl, not in vi.ftl"
        );
        assert_eq!(
            vi.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "in vi.ftl, not in en.ftl"
        );
        let used = used_ids();
        assert_eq!(
            used.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "used in the code, missing from the catalogues"
        );
        assert_eq!(
            en.difference(&used).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "in the catalogues, used nowhere"
        );
    }

    /// The variables each text of a catalogue names, by id.
    fn variables(sources: &[&'static str]) -> BTreeMap<String, BTreeSet<String>> {
        use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};

        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_owned());
                }
                InlineExpression::Placeable { expression } => expression_of(expression, out),
                _ => {}
            }
        }
        fn expression_of(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Inline(e) => inline(e, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
            }
        }
        fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for element in &p.elements {
                if let PatternElement::Placeable { expression } = element {
                    expression_of(expression, out);
                }
            }
        }
        let mut all = BTreeMap::new();
        for source in sources {
            let resource = fluent_syntax::parser::parse(*source).expect("catalogue parses");
            for entry in resource.body {
                if let Entry::Message(m) = entry {
                    let mut names = BTreeSet::new();
                    if let Some(value) = &m.value {
                        pattern(value, &mut names);
                    }
                    all.insert(m.id.name.to_owned(), names);
                }
            }
        }
        all
    }

    /// A translation that dropped or renamed an argument would show a `{$name}` to its readers.
    #[test]
    fn both_catalogues_give_each_text_the_same_arguments() {
        let (en, vi) = (variables(EN), variables(VI));
        let differing: Vec<_> = en
            .iter()
            .filter(|(id, names)| vi.get(*id).is_some_and(|v| v != *names))
            .map(|(id, names)| (id, names, &vi[id]))
            .collect();
        assert!(differing.is_empty(), "en, vi: {differing:?}");
    }

    #[test]
    fn money_is_written_the_readers_way() {
        let vnd = |n: i64| money(Decimal::from(n), CurrencyCode::Vnd, Language::Vi);
        assert_eq!(vnd(3_500_000), "3.500.000 ₫");
        assert_eq!(vnd(999), "999 ₫");
        assert_eq!(vnd(1_000), "1.000 ₫");
        assert_eq!(vnd(-20_000), "-20.000 ₫");
        assert_eq!(
            money(Decimal::from(3_500_000), CurrencyCode::Vnd, Language::En),
            "3,500,000 VND"
        );
        assert_eq!(
            money(Decimal::new(123_450, 2), CurrencyCode::Usd, Language::Vi),
            "1.234,50 USD"
        );
        assert_eq!(
            money(Decimal::new(5, 1), CurrencyCode::Usd, Language::En),
            "0.50 USD"
        );
    }

    #[test]
    fn accept_language_picks_ours() {
        assert_eq!(
            from_accept_language("vi-VN,vi;q=0.9,en;q=0.8"),
            Language::Vi
        );
        assert_eq!(
            from_accept_language("fr-FR, en;q=0.5, vi;q=0.7"),
            Language::Vi
        );
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Language::En);
        assert_eq!(from_accept_language("fr"), Language::En);
        assert_eq!(from_accept_language("vi;q=0"), Language::En);
        assert_eq!(from_accept_language(""), Language::En);
    }

    #[test]
    fn a_text_renders_in_both_languages_with_its_arguments() {
        let m = msg!("too-long", max = 100);
        assert_eq!(m.render(Language::En), "must have at most 100 characters");
        assert_eq!(m.render(Language::Vi), "tối đa 100 ký tự");
    }
}
