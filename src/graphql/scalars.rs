//! The contract's scalars and the money shapes.

use std::str::FromStr;

use async_graphql::{
    InputObject, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};
use entity::enums::CurrencyCode;

use crate::money::Money as MoneyValue;

/// A decimal number carried as a string so that no precision is lost, e.g. "1500000" or "12.5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        let text = match &value {
            Value::String(s) => s.trim().to_owned(),
            // A JSON number is read from its text, never through a float.
            Value::Number(n) => n.to_string(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        rust_decimal::Decimal::from_str(&text)
            .or_else(|_| rust_decimal::Decimal::from_scientific(&text))
            .map(Decimal)
            .map_err(|_| InputValueError::custom(format!("{text:?} is not a decimal number")))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
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
