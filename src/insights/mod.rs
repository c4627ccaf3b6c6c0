//! The numbers brands and creators are judged by: a collaboration's or a brief's performance, and
//! creator and brand stats. Each is a few aggregate queries, whatever the number of rows behind it.
//!
//! Percentages carry 2 decimals and money the currency's minor unit, both rounded half-up (away
//! from zero at the half); a ratio whose denominator is zero is None.

pub mod stats;

use entity::{
    brief,
    enums::{CollaborationStatus, ConversionStatus, CurrencyCode, DeliverableStatus},
};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use crate::{db::Sql, error::AppResult, money::Money};

/// `num / den × scale`, rounded half-up to `dp` decimals; None when `den` is zero.
pub fn ratio(num: i64, den: i64, scale: i64, dp: u32) -> Option<Decimal> {
    if den == 0 {
        return None;
    }
    let value = Decimal::from(num) * Decimal::from(scale) / Decimal::from(den);
    Some(round(value, dp))
}

/// Rounds half-up (away from zero at the half) and always shows `dp` decimals ("7.50", not "7.5").
pub fn round(value: Decimal, dp: u32) -> Decimal {
    let mut value = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    value.rescale(dp);
    value
}

/// A percentage with 2 decimals: `num / den × 100`.
pub fn percent(num: i64, den: i64) -> Option<Decimal> {
    ratio(num, den, 100, 2)
}

/// What performance is computed from, in minor units of `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub currency: CurrencyCode,
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub clicks: i64,
    /// Confirmed conversions.
    pub orders: i64,
    pub revenue_minor: i64,
    pub commission_minor: i64,
    /// Fees of the non-cancelled collaborations' terms.
    pub fees_minor: i64,
}

impl Totals {
    pub fn engagements(&self) -> i64 {
        self.likes + self.comments + self.shares + self.saves
    }

    pub fn engagement_rate(&self) -> Option<Decimal> {
        percent(self.engagements(), self.views)
    }

    pub fn conversion_rate(&self) -> Option<Decimal> {
        percent(self.orders, self.clicks)
    }

    pub fn cost_minor(&self) -> i64 {
        self.fees_minor + self.commission_minor
    }

    /// `(revenue − cost) / cost × 100`.
    pub fn roi(&self) -> Option<Decimal> {
        percent(self.revenue_minor - self.cost_minor(), self.cost_minor())
    }

    pub fn cost_per_engagement(&self) -> Option<Money> {
        self.minor(ratio(self.cost_minor(), self.engagements(), 1, 0))
    }

    /// Cost per 1,000 views.
    pub fn cpm(&self) -> Option<Money> {
        self.minor(ratio(self.cost_minor(), self.views, 1_000, 0))
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }

    fn minor(&self, value: Option<Decimal>) -> Option<Money> {
        value
            .and_then(|v| i64::try_from(v).ok())
            .map(|m| self.money(m))
    }
}

/// Whose performance.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// One collaboration, whatever its status.
    Collaboration(Uuid),
    /// A brief's collaborations that are not cancelled.
    Brief(Uuid),
}

impl Scope {
    /// ` AND <the collaborations of this scope>` over the alias `c` of `collaborations`.
    fn filter(self, sql: &mut Sql) {
        match self {
            Self::Collaboration(id) => {
                sql.push(" AND c.id = ").bind(id);
            }
            Self::Brief(id) => {
                sql.push(" AND c.brief_id = ")
                    .bind(id)
                    .push(" AND c.status <> ")
                    .bind(CollaborationStatus::Cancelled.as_str());
            }
        }
    }
}

#[derive(FromQueryResult)]
struct MetricSums {
    views: i64,
    likes: i64,
    comments: i64,
    shares: i64,
    saves: i64,
}

#[derive(FromQueryResult)]
struct ConversionSums {
    orders: i64,
    revenue: i64,
    commission: i64,
}

#[derive(FromQueryResult)]
struct CollaborationSums {
    clicks: i64,
    fees: i64,
}

/// `CAST(COALESCE(SUM(expr), 0) AS BIGINT) AS alias`: PostgreSQL sums BIGINTs into NUMERIC.
fn sum(expr: &str, alias: &str) -> String {
    format!("CAST(COALESCE(SUM({expr}), 0) AS BIGINT) AS {alias}")
}

/// The totals of `scope`, in three aggregate queries.
pub async fn totals(
    db: &impl ConnectionTrait,
    brief: &brief::Model,
    scope: Scope,
) -> AppResult<Totals> {
    let backend = db.get_database_backend();

    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT {}, {}, {}, {}, {} FROM deliverable_metrics m \
         JOIN deliverables d ON d.id = m.deliverable_id \
         JOIN collaborations c ON c.id = d.collaboration_id WHERE d.status = ",
        sum("m.views", "views"),
        sum("m.likes", "likes"),
        sum("m.comments", "comments"),
        sum("m.shares", "shares"),
        sum("m.saves", "saves"),
    ))
    .bind(DeliverableStatus::Published.as_str());
    scope.filter(&mut sql);
    let m = MetricSums::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(MetricSums {
            views: 0,
            likes: 0,
            comments: 0,
            shares: 0,
            saves: 0,
        });

    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS orders, {}, {} FROM conversions v \
         JOIN collaborations c ON c.id = v.collaboration_id WHERE v.status = ",
        sum("v.amount_minor", "revenue"),
        sum("v.commission_minor", "commission"),
    ))
    .bind(ConversionStatus::Confirmed.as_str());
    scope.filter(&mut sql);
    let v = ConversionSums::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(ConversionSums {
            orders: 0,
            revenue: 0,
            commission: 0,
        });

    // A cancelled collaboration costs no fee.
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT {}, {} FROM collaborations c JOIN offers o ON o.id = c.offer_id WHERE 1 = 1",
        sum("c.clicks", "clicks"),
        sum(
            &format!(
                "CASE WHEN c.status = '{}' THEN 0 ELSE COALESCE(o.fee_minor, 0) END",
                CollaborationStatus::Cancelled.as_str()
            ),
            "fees"
        ),
    ));
    scope.filter(&mut sql);
    let c = CollaborationSums::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or(CollaborationSums { clicks: 0, fees: 0 });

    Ok(Totals {
        currency: brief.currency,
        views: m.views,
        likes: m.likes,
        comments: m.comments,
        shares: m.shares,
        saves: m.saves,
        clicks: c.clicks,
        orders: v.orders,
        revenue_minor: v.revenue,
        commission_minor: v.commission,
        fees_minor: c.fees,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals() -> Totals {
        Totals {
            currency: CurrencyCode::Vnd,
            views: 0,
            likes: 0,
            comments: 0,
            shares: 0,
            saves: 0,
            clicks: 0,
            orders: 0,
            revenue_minor: 0,
            commission_minor: 0,
            fees_minor: 0,
        }
    }

    #[test]
    fn zero_denominators_give_none() {
        let t = totals();
        assert_eq!(t.engagement_rate(), None);
        assert_eq!(t.conversion_rate(), None);
        assert_eq!(t.roi(), None);
        assert_eq!(t.cost_per_engagement(), None);
        assert_eq!(t.cpm(), None);
    }

    #[test]
    fn figures_round_half_up() {
        let t = Totals {
            views: 8_000,
            likes: 300,
            comments: 40,
            shares: 20,
            saves: 40,
            clicks: 800,
            orders: 13,
            revenue_minor: 4_000_000,
            commission_minor: 250_001,
            fees_minor: 3_000_000,
            ..totals()
        };
        assert_eq!(t.engagements(), 400);
        assert_eq!(t.engagement_rate(), Some(Decimal::new(500, 2)));
        // 13 / 800 = 1.625% → 1.63
        assert_eq!(t.conversion_rate(), Some(Decimal::new(163, 2)));
        // (4,000,000 − 3,250,001) / 3,250,001 × 100 = 23.0768… → 23.08
        assert_eq!(t.roi(), Some(Decimal::new(2308, 2)));
        // 3,250,001 / 400 = 8,125.0025 → 8,125
        assert_eq!(t.cost_per_engagement().unwrap().minor, 8_125);
        // 3,250,001 × 1000 / 8,000 = 406,250.125 → 406,250
        assert_eq!(t.cpm().unwrap().minor, 406_250);
        assert_eq!(ratio(1, 2, 1, 0), Some(Decimal::ONE), "the half goes up");
        assert_eq!(
            ratio(-1, 2, 1, 0),
            Some(Decimal::NEGATIVE_ONE),
            "and away from zero"
        );
    }
}
