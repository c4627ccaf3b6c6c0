//! Money and rates: exact integers inside, decimal strings only at the API edge.
//!
//! An amount is an integer of the currency's minor units (đồng for VND, cents for USD). A rate is
//! a percentage with at most two decimals, kept as basis points (6.25% is 625).

use entity::enums::CurrencyCode;
use rust_decimal::Decimal;

use crate::{
    error::{AppError, AppResult},
    i18n::{Arg, msg},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: CurrencyCode,
}

impl Money {
    pub fn new(minor: i64, currency: CurrencyCode) -> Self {
        Self { minor, currency }
    }

    /// Parses an amount that must not carry more decimals than the currency allows and must be
    /// zero or more. `field` names the input for errors.
    pub fn parse(field: &str, amount: Decimal, currency: CurrencyCode) -> AppResult<Self> {
        let digits = currency.minor_digits();
        let amount = amount.normalize();
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(AppError::bad_input(field, msg!("must-not-be-negative")));
        }
        if amount.scale() > digits {
            return Err(AppError::bad_input(
                field,
                msg!(
                    "currency-decimals",
                    currency = currency.as_str(),
                    digits = digits
                ),
            ));
        }
        // Checked: a Decimal near its maximum overflows when scaled to minor units.
        let minor = amount
            .checked_mul(Decimal::from(10i64.pow(digits)))
            .and_then(|minor| i64::try_from(minor.trunc()).ok())
            .filter(|minor| *minor <= MAX_MINOR)
            .ok_or_else(|| {
                AppError::bad_input(
                    field,
                    msg!("amount-too-large", max = Money::new(MAX_MINOR, currency)),
                )
            })?;
        Ok(Self::new(minor, currency))
    }

    /// The amount as a decimal with the currency's minor digits.
    pub fn amount(&self) -> Decimal {
        Decimal::new(self.minor, self.currency.minor_digits())
    }
}

/// An amount in a message, written the reader's way ("3.500.000 ₫", "3,500,000 VND").
impl From<Money> for Arg {
    fn from(money: Money) -> Self {
        Arg::Money(money.amount(), money.currency)
    }
}

/// "1500000 VND", "12.50 USD": how ledger memos and logs show an amount (messages people read
/// take a [`Money`] argument instead).
impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount(), self.currency.as_str())
    }
}

/// Largest amount we accept, in minor units (10^12: 1,000,000,000,000 VND or
/// 10,000,000,000.00 USD): the sums of millions of such amounts (a brief's revenue, a creator's
/// earnings, `SUM` in SQL) still fit in an i64.
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// Parses a percentage `0 < rate ≤ 100` (or `0 ≤ rate` with `allow_zero`) with at most two
/// decimals into basis points.
pub fn parse_rate(field: &str, rate: Decimal, allow_zero: bool) -> AppResult<i32> {
    let rate = rate.normalize();
    if rate.scale() > 2 {
        return Err(AppError::bad_input(field, msg!("rate-decimals")));
    }
    let in_range = if allow_zero {
        rate >= Decimal::ZERO
    } else {
        rate > Decimal::ZERO
    } && rate <= Decimal::ONE_HUNDRED;
    if !in_range {
        let range = if allow_zero {
            msg!("rate-range-from-zero")
        } else {
            msg!("rate-range")
        };
        return Err(AppError::bad_input(field, range));
    }
    Ok((rate * Decimal::ONE_HUNDRED)
        .trunc()
        .try_into()
        .unwrap_or(0))
}

/// `bp` basis points of `minor` (`minor × bp / 10,000`), rounded half-up to the minor unit,
/// exactly: a commission on an order, a kill fee of a fee.
pub fn percent_of(minor: i64, bp: i32) -> i64 {
    let product = i128::from(minor) * i128::from(bp);
    let rounded = (product + 5_000).div_euclid(10_000);
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// Basis points as a percentage with two decimals.
pub fn rate(bp: i32) -> Decimal {
    Decimal::new(i64::from(bp), 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_respect_the_minor_unit() {
        assert_eq!(
            Money::parse("a", d("1500000"), CurrencyCode::Vnd)
                .unwrap()
                .minor,
            1_500_000
        );
        assert!(Money::parse("a", d("1500000.5"), CurrencyCode::Vnd).is_err());
        assert_eq!(
            Money::parse("a", d("12.50"), CurrencyCode::Usd)
                .unwrap()
                .minor,
            1250
        );
        assert_eq!(
            Money::parse("a", d("12.500"), CurrencyCode::Usd)
                .unwrap()
                .minor,
            1250
        );
        assert!(Money::parse("a", d("12.505"), CurrencyCode::Usd).is_err());
        assert!(Money::parse("a", d("-1"), CurrencyCode::Usd).is_err());
        // Near Decimal's maximum, scaling to cents overflows: refused, not a panic.
        for huge in ["1e28", "79228162514264337593543950335", "10000000000.01"] {
            let err = Money::parse(
                "a",
                Decimal::from_scientific(huge)
                    .or_else(|_| Decimal::from_str(huge))
                    .unwrap(),
                CurrencyCode::Usd,
            )
            .unwrap_err();
            assert!(err.message().contains("too large"), "{huge}: {err:?}");
        }
        assert!(Money::parse("a", d("10000000000.00"), CurrencyCode::Usd).is_ok());
        assert_eq!(
            Money::new(1250, CurrencyCode::Usd).amount().to_string(),
            "12.50"
        );
        assert_eq!(Money::new(7, CurrencyCode::Vnd).amount().to_string(), "7");
    }

    #[test]
    fn rates_are_basis_points() {
        assert_eq!(parse_rate("r", d("6.25"), false).unwrap(), 625);
        assert_eq!(parse_rate("r", d("100"), false).unwrap(), 10_000);
        assert!(parse_rate("r", d("0"), false).is_err());
        assert_eq!(parse_rate("r", d("0"), true).unwrap(), 0);
        assert!(parse_rate("r", d("100.01"), false).is_err());
        assert!(parse_rate("r", d("1.234"), false).is_err());
        assert_eq!(rate(625).to_string(), "6.25");
    }
}
