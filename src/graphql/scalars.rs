//! The contract's scalars and the money shapes.

use async_graphql::{
    InputObject, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};
use chrono::{DateTime, Datelike, Utc};
use entity::enums::CurrencyCode;

use crate::money::Money as MoneyValue;

/// A decimal number carried as a string so that no precision is lost, e.g. "1500000" or "12.5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        Self::read(&value).map_err(InputValueError::custom)
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
    pub fn read(value: &Value) -> Result<Self, String> {
        let text = match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return Err("must be a decimal number, e.g. \"12.50\"".into()),
        };
        let not_decimal = || format!("{text:?} is not a decimal number");
        if text.len() > MAX_DECIMAL_CHARS {
            return Err(format!(
                "a decimal number has at most {MAX_DECIMAL_CHARS} characters"
            ));
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
            .map_err(|_| format!("{text:?} is out of range for a decimal number"))
    }
}

/// Reads an RFC 3339 date-time with its offset (`2026-12-01T09:30:00+07:00`, `...Z`).
pub fn read_date_time(value: &Value) -> Result<DateTime<Utc>, String> {
    let Value::String(text) = value else {
        return Err("must be an RFC 3339 date-time string".into());
    };
    let time = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "{text:?} is not an RFC 3339 date-time with an offset, e.g. 2026-12-01T09:30:00+07:00"
            )
        })?;
    // RFC 3339 has four-digit years: a time that would print outside them is refused.
    if !(1..=9999).contains(&time.year()) {
        return Err(format!("{text:?} is outside the years 0001 to 9999"));
    }
    Ok(time)
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(d: rust_decimal::Decimal) -> Self {
        Self(d)
    }
}

#[derive(SimpleObject, Debug, Clone)]
pub struct Money {
    pub amount: Decimal,
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

#[derive(InputObject, Debug, Clone, Copy)]
pub struct MoneyInput {
    pub amount: Decimal,
    pub currency: CurrencyCode,
}

impl MoneyInput {
    pub fn pair(self) -> (rust_decimal::Decimal, CurrencyCode) {
        (self.amount.0, self.currency)
    }
}
