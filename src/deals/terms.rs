//! Terms: what one side offers. Consistent as a brief's compensation is, in the brief's currency,
//! with at least one deliverable, a due date in the future and bounded revisions and usage rights.

use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    brief, collaboration,
    enums::{CompensationModel, CurrencyCode},
    offer, offer_deliverable,
};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::{
    briefs::{self, DeliverableSpec, MoneyIn},
    clock,
    error::{AppError, AppResult},
    i18n::msg,
    money::{self, Money},
};

pub const MAX_REVISION_ROUNDS: i32 = 5;
pub const MAX_USAGE_RIGHTS_DAYS: i32 = 3_650;
/// Business days the brand has to review a submission, and then to complete once asked.
pub const DEFAULT_REVIEW_DAYS: i32 = 3;
pub const MAX_REVIEW_DAYS: i32 = 10;
/// The furthest ahead an offer may expire.
pub const MAX_EXPIRY_DAYS: i64 = 30;

/// Terms as the client typed them.
#[derive(Debug, Clone)]
pub struct TermsIn {
    pub model: CompensationModel,
    pub fee: Option<MoneyIn>,
    pub commission_rate: Option<Decimal>,
    pub gift_product: bool,
    pub deliverables: Vec<DeliverableSpec>,
    pub due_at: DateTime<Utc>,
    pub revision_rounds: i32,
    pub usage_rights_days: i32,
    /// Percent of the fee the creator keeps if the brand cancels after content was submitted.
    pub kill_fee_percent: Decimal,
    pub review_days: i32,
    /// When the offer carrying these terms lapses: the `expiresAt` of the input around them.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Terms checked against a brief, money in its minor units.
#[derive(Debug, Clone)]
pub struct Terms {
    pub model: CompensationModel,
    pub currency: CurrencyCode,
    pub fee_minor: Option<i64>,
    pub commission_rate_bp: Option<i32>,
    pub gift_product: bool,
    pub deliverables: Vec<DeliverableSpec>,
    pub due_at: DateTime<Utc>,
    pub revision_rounds: i32,
    pub usage_rights_days: i32,
    pub kill_fee_bp: i32,
    pub review_days: i32,
    pub expires_at: Option<DateTime<Utc>>,
}

impl Terms {
    /// The terms of a stored offer.
    pub fn of(o: &offer::Model, lines: &[offer_deliverable::Model]) -> Self {
        Self {
            model: o.compensation_model,
            currency: o.currency,
            fee_minor: o.fee_minor,
            commission_rate_bp: o.commission_rate_bp,
            gift_product: o.gift_product,
            deliverables: lines
                .iter()
                .map(|d| DeliverableSpec {
                    deliverable_type: d.deliverable_type,
                    platform: d.platform,
                    quantity: d.quantity,
                    notes: d.notes.clone(),
                })
                .collect(),
            due_at: o.due_at,
            revision_rounds: o.revision_rounds,
            usage_rights_days: o.usage_rights_days,
            kill_fee_bp: o.kill_fee_bp,
            review_days: o.review_days,
            expires_at: o.expires_at,
        }
    }

    pub fn fee(&self) -> Option<Money> {
        self.fee_minor.map(|m| Money::new(m, self.currency))
    }
}

/// Checks `t` for an offer on brief `b`; errors name fields under `path` (e.g. `input.terms`),
/// and the expiry as `expiresAt` beside it (`input.expiresAt`).
pub fn validate(t: &TermsIn, b: &brief::Model, path: &str) -> AppResult<Terms> {
    let field = |name: &str| format!("{path}.{name}");
    let beside = path.rsplit_once('.').map_or(path, |(outer, _)| outer);
    briefs::check_compensation(
        t.model,
        &[("fee", t.fee.is_some())],
        t.commission_rate.is_some(),
        t.gift_product,
        path,
    )?;
    let fee_minor = match t.fee {
        None => None,
        Some((_, currency)) if currency != b.currency => {
            return Err(AppError::bad_input(
                field("fee.currency"),
                msg!("brief-currency", currency = b.currency.as_str()),
            ));
        }
        Some((amount, currency)) => {
            let fee = Money::parse(&field("fee.amount"), amount, currency)?;
            if fee.minor <= 0 {
                return Err(AppError::bad_input(
                    field("fee.amount"),
                    msg!("must-be-positive"),
                ));
            }
            Some(fee.minor)
        }
    };
    let commission_rate_bp = t
        .commission_rate
        .map(|r| money::parse_rate(&field("commissionRate"), r, false))
        .transpose()?;
    if t.deliverables.is_empty() {
        return Err(AppError::bad_input(
            field("deliverables"),
            msg!("at-least-one-deliverable"),
        ));
    }
    let deliverables = briefs::validate_deliverables(&field("deliverables"), &t.deliverables)?;
    // Kept to the microsecond, as PostgreSQL keeps times, so that both databases store (and
    // compare deadlines with) the same instant.
    let due_at = t.due_at.trunc_subsecs(6);
    if due_at <= clock::now() {
        return Err(AppError::bad_input(field("dueAt"), msg!("must-be-future")));
    }
    if !(0..=MAX_REVISION_ROUNDS).contains(&t.revision_rounds) {
        return Err(AppError::bad_input(
            field("revisionRounds"),
            msg!("number-range", min = 0, max = MAX_REVISION_ROUNDS),
        ));
    }
    if !(0..=MAX_USAGE_RIGHTS_DAYS).contains(&t.usage_rights_days) {
        return Err(AppError::bad_input(
            field("usageRightsDays"),
            msg!("number-range", min = 0, max = MAX_USAGE_RIGHTS_DAYS),
        ));
    }
    let kill_fee_bp = money::parse_rate(&field("killFeePercent"), t.kill_fee_percent, true)?;
    if !(1..=MAX_REVIEW_DAYS).contains(&t.review_days) {
        return Err(AppError::bad_input(
            field("reviewDays"),
            msg!("business-days-range", min = 1, max = MAX_REVIEW_DAYS),
        ));
    }
    let expires_at = expiry(&format!("{beside}.expiresAt"), t.expires_at)?;
    Ok(Terms {
        model: t.model,
        currency: b.currency,
        fee_minor,
        commission_rate_bp,
        gift_product: t.gift_product,
        deliverables,
        due_at,
        revision_rounds: t.revision_rounds,
        usage_rights_days: t.usage_rights_days,
        kill_fee_bp,
        review_days: t.review_days,
        expires_at,
    })
}

/// The business days an offer gives the brand to review (and then to complete), as the calendar
/// counts them.
pub fn review_days(o: &offer::Model) -> u32 {
    u32::try_from(o.review_days.clamp(1, MAX_REVIEW_DAYS)).unwrap_or(1)
}

/// An offer's expiry: in the future and at most 30 days ahead.
fn expiry(field: &str, at: Option<DateTime<Utc>>) -> AppResult<Option<DateTime<Utc>>> {
    let Some(at) = at.map(|at| at.trunc_subsecs(6)) else {
        return Ok(None);
    };
    let now = clock::now();
    if at <= now {
        return Err(AppError::bad_input(field, msg!("must-be-future")));
    }
    if at > now + chrono::Duration::days(MAX_EXPIRY_DAYS) {
        return Err(AppError::bad_input(
            field,
            msg!("days-ahead-max", max = MAX_EXPIRY_DAYS),
        ));
    }
    Ok(Some(at))
}

/// The accepted offer of a collaboration, whose terms it carries.
pub async fn accepted_offer(
    db: &impl ConnectionTrait,
    c: &collaboration::Model,
) -> AppResult<offer::Model> {
    offer::Entity::find_by_id(c.offer_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("collaboration without its offer"))
}
