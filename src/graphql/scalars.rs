//! The contract's scalars and the money shapes.

use async_graphql::{
    InputObject, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};
use chrono::{DateTime, Datelike, SubsecRound, Timelike, Utc};
use entity::enums::CurrencyCode;

use crate::{
    i18n::{Msg, msg},
    money::Money as MoneyValue,
};

/// A decimal number carried as a string so that no precision is lost, e.g. "1500000" or "12.5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

/// An exact decimal number carried as a string so that no precision is lost: JSON's number
/// grammar inside a JSON string, e.g. "1500000", "12.50", "-3.25" (at most 28 significant
/// digits; never a binary float). Inputs may also be JSON numbers, and may use an exponent
/// ("1.5e6"). Money amounts are in the currency's major unit: "150000" VND, "12.50" USD.
#[Scalar(
    name = "Decimal",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc8259#section-6"
)]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        Self::read(&value).map_err(|m| InputValueError::custom(m.english()))
    }

    fn is_valid(value: &Value) -> bool {
        Self::read(value).is_ok()
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// Longest decimal text accepted: 28 significant digits, a sign, a point and an exponent fit.
const MAX_DECIMAL_CHARS: usize = 40;

impl Decimal {
    /// Reads a decimal from a string (or a JSON number, from its text, never through a float):
    /// an optional sign, digits with an optional point, and an optional exponent (`1.5e6`).
    /// Anything else ("NaN", "0x10", "", "1e400", a boolean) is refused with the reason.
    pub fn read(value: &Value) -> Result<Self, Msg> {
        let text = match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return Err(msg!("decimal-expected")),
        };
        let not_decimal = || msg!("not-a-decimal", text = format!("{text:?}"));
        if text.len() > MAX_DECIMAL_CHARS {
            return Err(msg!("decimal-too-long", max = MAX_DECIMAL_CHARS));
        }
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text.as_str(), None),
        };
        let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let well_formed = !(whole.is_empty() && fraction.is_empty())
            && digits_only(whole)
            && digits_only(fraction)
            && exponent.is_none_or(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                !e.is_empty() && digits_only(e)
            });
        if !well_formed {
            return Err(not_decimal());
        }
        let parsed = match exponent {
            Some(_) => rust_decimal::Decimal::from_scientific(&text),
            None => rust_decimal::Decimal::from_str_exact(&text),
        };
        parsed
            .map(Decimal)
            .map_err(|_| msg!("decimal-out-of-range", text = format!("{text:?}")))
    }
}

/// A moment in time: the `DateTime` scalar, always written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub DateTime<Utc>);

/// A moment in time as an RFC 3339 string. Outputs are always in UTC with `Z` and exactly three
/// fraction digits (milliseconds): "2026-12-01T06:32:04.476Z". Inputs are RFC 3339 with an
/// offset ("2026-12-01T13:32:04+07:00", "2026-12-01T06:32:04Z"), in the years 0001 to 9999,
/// kept to the millisecond (further digits are dropped); anything else is BAD_USER_INPUT.
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339"
)]
impl ScalarType for Time {
    fn parse(value: Value) -> InputValueResult<Self> {
        // Kept to the millisecond, as written out: a time read back equals the time given.
        read_date_time(&value)
            .map(|t| Time(t.trunc_subsecs(3)))
            .map_err(|m| InputValueError::custom(m.english()))
    }

    fn is_valid(value: &Value) -> bool {
        read_date_time(value).is_ok()
    }

    fn to_value(&self) -> Value {
        Value::String(crate::clock::format(self.0))
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(time: DateTime<Utc>) -> Self {
        Self(time)
    }
}

impl From<Time> for DateTime<Utc> {
    fn from(time: Time) -> Self {
        time.0
    }
}

/// Reads an RFC 3339 date-time with its offset (`2026-12-01T09:30:00+07:00`, `...Z`).
pub fn read_date_time(value: &Value) -> Result<DateTime<Utc>, Msg> {
    let Value::String(text) = value else {
        return Err(msg!("date-time-expected"));
    };
    // chrono also takes a space for the `T` and a Unicode minus in the offset, which RFC 3339 does
    // not; and a leap second (`23:59:60`), which neither database could give back.
    let shaped = text.is_ascii() && matches!(text.as_bytes().get(10), Some(b'T' | b't'));
    let time = DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|t| shaped && t.nanosecond() < 1_000_000_000)
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| msg!("not-a-date-time", text = format!("{text:?}")))?;
    // RFC 3339 has four-digit years: a time that would print outside them is refused.
    if !(1..=9999).contains(&time.year()) {
        return Err(msg!("date-time-out-of-range", text = format!("{text:?}")));
    }
    Ok(time)
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(d: rust_decimal::Decimal) -> Self {
        Self(d)
    }
}

/// An amount of money in one currency.
#[derive(SimpleObject, Debug, Clone)]
pub struct Money {
    /// In the currency's major unit, with no more decimals than it has: "150000" VND, "12.50" USD.
    pub amount: Decimal,
    /// The amount's currency.
    pub currency: CurrencyCode,
}

impl From<MoneyValue> for Money {
    fn from(m: MoneyValue) -> Self {
        Self {
            amount: Decimal(m.amount()),
            currency: m.currency,
        }
    }
}

/// An amount of money in one currency.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct MoneyInput {
    /// In the currency's major unit: "150000" VND, "12.50" USD. More decimals than the currency
    /// has is BAD_USER_INPUT.
    pub amount: Decimal,
    /// The amount's currency.
    pub currency: CurrencyCode,
}

impl MoneyInput {
    pub fn pair(self) -> (rust_decimal::Decimal, CurrencyCode) {
        (self.amount.0, self.currency)
    }
}
