//! Briefs: a brand's campaign, its lifecycle `DRAFT → OPEN → CLOSED → COMPLETED` (and
//! `DRAFT | OPEN | CLOSED → CANCELLED`), its consistency rules and who may see it.

pub mod budget;
pub mod discovery;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use entity::{
    brief, brief_deliverable,
    enums::{
        BriefStatus, BriefVisibility, CampaignObjective, CompensationModel, CreatorKind,
        CurrencyCode, DeliverableType, Niche, Platform,
    },
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    access,
    auth::Viewer,
    brands::own_brand,
    clock,
    creators::eligibility::Requirements,
    error::{AppError, AppResult},
    events::EventBus,
    i18n::{Msg, msg},
    money::{self, Money},
    search, text,
    work::Work,
};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_PRODUCT_NAME: usize = 200;
pub const MAX_NOTES: usize = 1_000;
pub const MAX_REASON: usize = 1_000;
pub const MAX_DELIVERABLE_LINES: usize = 20;
pub const MAX_QUANTITY: i32 = 20;
pub const MAX_SLOTS: i32 = 10_000;
pub const MAX_PRODUCT_DOCUMENTS: usize = 10;
pub const MAX_DOCUMENT_TITLE: usize = 200;

/// One of the product's documents (a certificate, a licence) that creators can read before
/// attesting having used it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductDocument {
    pub title: String,
    pub url: String,
}

/// A brief's product documents, as stored.
pub fn product_documents(b: &brief::Model) -> Vec<ProductDocument> {
    serde_json::from_str(&b.product_documents).unwrap_or_else(|err| {
        tracing::error!(error = %err, brief = %b.id, "unreadable product documents");
        Vec::new()
    })
}

/// A deliverable as the API gives it, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverableSpec {
    pub deliverable_type: DeliverableType,
    pub platform: Platform,
    pub quantity: i32,
    pub notes: Option<String>,
}

/// `(amount, currency)` as typed by the client.
pub type MoneyIn = (Decimal, CurrencyCode);

#[derive(Debug, Clone)]
pub struct CompensationIn {
    pub model: CompensationModel,
    pub fee_min: Option<MoneyIn>,
    pub fee_max: Option<MoneyIn>,
    pub commission_rate: Option<Decimal>,
    pub gift_product: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RequirementsIn {
    pub creator_kinds: Vec<CreatorKind>,
    pub niches: Vec<Niche>,
    pub min_followers: Option<i32>,
    pub max_followers: Option<i32>,
    pub min_engagement_rate: Option<Decimal>,
    pub countries: Vec<String>,
    pub min_sample_fulfilment_rate: Option<Decimal>,
}

/// Every field of a brief that the brand writes. For `createBrief` all are given; for
/// `updateBrief` only the given ones change.
#[derive(Debug, Clone, Default)]
pub struct BriefFields {
    pub title: Option<String>,
    pub description: Option<String>,
    pub objective: Option<CampaignObjective>,
    pub product_name: Option<Option<String>>,
    pub product_url: Option<Option<String>>,
    pub deliverables: Option<Vec<DeliverableSpec>>,
    pub compensation: Option<CompensationIn>,
    pub budget: Option<MoneyIn>,
    pub slots: Option<i32>,
    pub requirements: Option<RequirementsIn>,
    pub visibility: Option<BriefVisibility>,
    pub application_deadline: Option<Option<DateTime<Utc>>>,
    pub content_due_at: Option<Option<DateTime<Utc>>>,
    pub enforce_advertising_law: Option<bool>,
    /// Replaces every document.
    pub product_documents: Option<Vec<ProductDocument>>,
}

pub fn requirements_of(b: &brief::Model) -> Requirements {
    requirements_from(&RequirementColumns {
        creator_kinds: &b.req_creator_kinds,
        niches: &b.req_niches,
        min_followers: b.req_min_followers,
        max_followers: b.req_max_followers,
        min_engagement_bp: b.req_min_engagement_bp,
        countries: &b.req_countries,
        min_sample_fulfilment_bp: b.req_min_sample_fulfilment_bp,
    })
}

/// A brief's requirement columns as stored (lists comma-joined).
pub struct RequirementColumns<'a> {
    pub creator_kinds: &'a str,
    pub niches: &'a str,
    pub min_followers: Option<i64>,
    pub max_followers: Option<i64>,
    pub min_engagement_bp: Option<i32>,
    pub countries: &'a str,
    pub min_sample_fulfilment_bp: Option<i32>,
}

pub fn requirements_from(c: &RequirementColumns<'_>) -> Requirements {
    Requirements {
        creator_kinds: split(c.creator_kinds, CreatorKind::parse),
        niches: split(c.niches, Niche::parse),
        min_followers: c.min_followers,
        max_followers: c.max_followers,
        min_engagement_bp: c.min_engagement_bp,
        countries: split(c.countries, |s| Some(s.to_owned())),
        min_sample_fulfilment_bp: c.min_sample_fulfilment_bp,
    }
}

fn split<T>(joined: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    // An empty column is an empty list, not a list of one empty string.
    joined
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(parse)
        .collect()
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(",")
}

pub fn money(minor: i64, b: &brief::Model) -> Money {
    Money::new(minor, b.currency)
}

/// A brief's platforms: the distinct platforms of its deliverables, in order of first use.
pub fn platforms(deliverables: &[brief_deliverable::Model]) -> Vec<Platform> {
    let mut out = Vec::new();
    for d in deliverables {
        if !out.contains(&d.platform) {
            out.push(d.platform);
        }
    }
    out
}

/// A brief the viewer may read (`access::brief`).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<Option<brief::Model>> {
    access::find::<brief::Entity>(db, id, access::brief(viewer)).await
}

/// The viewer's own brief, for changing it: NOT_FOUND when it is not theirs (a brief the viewer
/// may see but not change is, to a mutation, as good as absent), FORBIDDEN for non-brands.
pub(crate) async fn own_brief(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    action: Msg,
) -> AppResult<brief::Model> {
    let brand = own_brand(db, viewer, action).await?;
    // Every caller goes on to change the brief: lock its row until the transaction ends
    // (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers).
    brief::Entity::find_by_id(id)
        .filter(brief::Column::BrandId.eq(brand.id))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("brief"))
}

pub async fn deliverables_of(
    db: &impl ConnectionTrait,
    brief_id: Uuid,
) -> AppResult<Vec<brief_deliverable::Model>> {
    Ok(brief_deliverable::Entity::find()
        .filter(brief_deliverable::Column::BriefId.eq(brief_id))
        .order_by_asc(brief_deliverable::Column::Position)
        .all(db)
        .await?)
}

pub async fn create(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    fields: BriefFields,
) -> AppResult<brief::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    // The brand is the signed-in brand's, whatever the input says.
    let brand = own_brand(txn, viewer, msg!("action-create-briefs")).await?;
    let now = clock::now();
    let (budget_amount, currency) = fields
        .budget
        .ok_or_else(|| AppError::bad_input("input.budget", msg!("required")))?;
    let mut row = brief::ActiveModel {
        id: Set(Uuid::new_v4()),
        brand_id: Set(brand.id),
        currency: Set(currency),
        budget_minor: Set(Money::parse("input.budget.amount", budget_amount, currency)?.minor),
        committed_minor: Set(0),
        filled_slots: Set(0),
        status: Set(BriefStatus::Draft),
        visibility: Set(BriefVisibility::Public),
        product_name: Set(None),
        product_url: Set(None),
        application_deadline: Set(None),
        content_due_at: Set(None),
        req_creator_kinds: Set(String::new()),
        req_niches: Set(String::new()),
        req_min_followers: Set(None),
        req_max_followers: Set(None),
        req_min_engagement_bp: Set(None),
        req_countries: Set(String::new()),
        cancel_reason: Set(None),
        published_at: Set(None),
        enforce_advertising_law: Set(false),
        product_documents: Set("[]".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let deliverables = apply(&mut row, &fields, currency, "input")?;
    let brief = row.insert(txn).await?;
    replace_deliverables(txn, brief.id, deliverables.unwrap_or_default()).await?;
    work.commit().await?;
    Ok(brief)
}

pub async fn update(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
    fields: BriefFields,
) -> AppResult<brief::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let current = own_brief(txn, viewer, id, msg!("action-edit-briefs")).await?;
    if !matches!(current.status, BriefStatus::Draft | BriefStatus::Open) {
        return Err(AppError::conflict(msg!(
            "brief-not-editable",
            status = current.status.as_str()
        )));
    }
    let currency = match fields.budget {
        Some((_, currency)) => currency,
        None => current.currency,
    };
    let open = current.status == BriefStatus::Open;
    if open && currency != current.currency {
        return Err(AppError::conflict_on(
            "input.budget.currency",
            msg!("open-brief-currency"),
        ));
    }
    if currency != current.currency
        && fields.compensation.is_none()
        && (current.fee_min_minor.is_some() || current.fee_max_minor.is_some())
    {
        // The stored fees are minor units of the old currency; they must be restated.
        return Err(AppError::bad_input(
            "input.compensation",
            msg!(
                "fees-in-old-currency",
                old = current.currency.as_str(),
                new = currency.as_str()
            ),
        ));
    }
    let mut row: brief::ActiveModel = current.clone().into();
    if let Some((amount, currency)) = fields.budget {
        row.currency = Set(currency);
        row.budget_minor = Set(Money::parse("input.budget.amount", amount, currency)?.minor);
    }
    let deliverables = apply(&mut row, &fields, currency, "input")?;
    // Checked before writing: the table's CHECK constraints would otherwise refuse the UPDATE
    // with a database error.
    if open {
        let slots = *row.slots.try_as_ref().unwrap_or(&current.slots);
        let budget_minor = *row
            .budget_minor
            .try_as_ref()
            .unwrap_or(&current.budget_minor);
        budget::allows(&current, slots, budget_minor)?;
    }
    row.updated_at = Set(clock::now());
    let updated = row.update(txn).await?;
    if let Some(deliverables) = deliverables {
        replace_deliverables(txn, updated.id, deliverables).await?;
    }
    if open {
        // A live brief must stay publishable; deadlines are checked only when they change.
        let lines = deliverables_of(txn, updated.id).await?;
        check_publishable(
            &updated,
            &lines,
            fields.application_deadline.is_some(),
            fields.content_due_at.is_some(),
        )?;
    }
    work.commit().await?;
    Ok(updated)
}

/// Validates and writes the given fields into `row`. Returns the deliverables to store, if given.
fn apply(
    row: &mut brief::ActiveModel,
    f: &BriefFields,
    currency: CurrencyCode,
    path: &str,
) -> AppResult<Option<Vec<DeliverableSpec>>> {
    let field = |name: &str| format!("{path}.{name}");
    if let Some(title) = &f.title {
        row.title = Set(text::required(&field("title"), title, MAX_TITLE)?);
    }
    if let Some(description) = &f.description {
        row.description = Set(text::required(
            &field("description"),
            description,
            MAX_DESCRIPTION,
        )?);
    }
    if let Some(objective) = f.objective {
        row.objective = Set(objective);
    }
    if let Some(name) = &f.product_name {
        row.product_name = Set(text::optional(
            &field("productName"),
            name.as_deref(),
            MAX_PRODUCT_NAME,
        )?);
    }
    if let Some(url) = &f.product_url {
        row.product_url = Set(match url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => Some(text::http_url(&field("productUrl"), u)?),
        });
    }
    if let Some(c) = &f.compensation {
        let fee = |name: &str, m: &Option<MoneyIn>| -> AppResult<Option<i64>> {
            match m {
                None => Ok(None),
                Some((_, cur)) if *cur != currency => Err(AppError::bad_input(
                    format!("{path}.compensation.{name}.currency"),
                    msg!("brief-currency", currency = currency.as_str()),
                )),
                Some((amount, cur)) => Ok(Some(
                    Money::parse(&format!("{path}.compensation.{name}.amount"), *amount, *cur)?
                        .minor,
                )),
            }
        };
        let fee_min = fee("feeMin", &c.fee_min)?;
        let fee_max = fee("feeMax", &c.fee_max)?;
        if let (Some(min), Some(max)) = (fee_min, fee_max)
            && min > max
        {
            return Err(AppError::bad_input(
                field("compensation.feeMax"),
                msg!("not-below", other = "feeMin"),
            ));
        }
        row.compensation_model = Set(c.model);
        row.fee_min_minor = Set(fee_min);
        row.fee_max_minor = Set(fee_max);
        row.commission_rate_bp = Set(c
            .commission_rate
            .map(|r| money::parse_rate(&field("compensation.commissionRate"), r, false))
            .transpose()?);
        row.gift_product = Set(c.gift_product);
    }
    if let Some(slots) = f.slots {
        if !(0..=MAX_SLOTS).contains(&slots) {
            return Err(AppError::bad_input(
                field("slots"),
                msg!("number-range", min = 0, max = MAX_SLOTS),
            ));
        }
        row.slots = Set(slots);
    }
    if let Some(r) = &f.requirements {
        let mut countries = BTreeSet::new();
        for (i, c) in r.countries.iter().enumerate() {
            countries.insert(text::country(
                &field(&format!("requirements.countries.{i}")),
                c,
            )?);
        }
        if r.min_followers.is_some_and(|m| m < 0) {
            return Err(AppError::bad_input(
                field("requirements.minFollowers"),
                msg!("zero-or-more"),
            ));
        }
        if r.max_followers.is_some_and(|m| m < 0) {
            return Err(AppError::bad_input(
                field("requirements.maxFollowers"),
                msg!("zero-or-more"),
            ));
        }
        if let (Some(min), Some(max)) = (r.min_followers, r.max_followers)
            && min > max
        {
            return Err(AppError::bad_input(
                field("requirements.maxFollowers"),
                msg!("not-below", other = "minFollowers"),
            ));
        }
        let kinds: BTreeSet<_> = r.creator_kinds.iter().copied().collect();
        let niches: BTreeSet<_> = r.niches.iter().copied().collect();
        row.req_creator_kinds = Set(join(kinds.iter().map(|k| k.as_str())));
        row.req_niches = Set(join(niches.iter().map(|n| n.as_str())));
        row.req_countries = Set(join(countries.iter().map(String::as_str)));
        row.req_min_followers = Set(r.min_followers.map(i64::from));
        row.req_max_followers = Set(r.max_followers.map(i64::from));
        row.req_min_engagement_bp = Set(r
            .min_engagement_rate
            .map(|e| money::parse_rate(&field("requirements.minEngagementRate"), e, true))
            .transpose()?);
        row.req_min_sample_fulfilment_bp = Set(r
            .min_sample_fulfilment_rate
            .map(|e| money::parse_rate(&field("requirements.minSampleFulfilmentRate"), e, true))
            .transpose()?);
    }
    if let Some(visibility) = f.visibility {
        row.visibility = Set(visibility);
    }
    if let Some(at) = f.application_deadline {
        row.application_deadline = Set(at);
    }
    if let Some(at) = f.content_due_at {
        row.content_due_at = Set(at);
    }
    if let Some(enforce) = f.enforce_advertising_law {
        row.enforce_advertising_law = Set(enforce);
    }
    if let Some(documents) = &f.product_documents {
        if documents.len() > MAX_PRODUCT_DOCUMENTS {
            return Err(AppError::bad_input(
                field("productDocuments"),
                msg!("documents-too-many", max = MAX_PRODUCT_DOCUMENTS),
            ));
        }
        let documents = documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let at = |name: &str| field(&format!("productDocuments.{i}.{name}"));
                Ok(ProductDocument {
                    title: text::required(&at("title"), &d.title, MAX_DOCUMENT_TITLE)?,
                    url: text::http_url(&at("url"), &d.url)?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        row.product_documents = Set(serde_json::to_string(&documents).expect("strings serialize"));
    }
    let deliverables = f
        .deliverables
        .as_ref()
        .map(|lines| validate_deliverables(&field("deliverables"), lines))
        .transpose()?;

    let title = row.title.try_as_ref().cloned().unwrap_or_default();
    let description = row.description.try_as_ref().cloned().unwrap_or_default();
    let product = row
        .product_name
        .try_as_ref()
        .cloned()
        .flatten()
        .unwrap_or_default();
    row.search_text = Set(search::fold(&format!("{title} {product} {description}")));
    Ok(deliverables)
}

pub fn validate_deliverables(
    path: &str,
    lines: &[DeliverableSpec],
) -> AppResult<Vec<DeliverableSpec>> {
    if lines.len() > MAX_DELIVERABLE_LINES {
        return Err(AppError::bad_input(
            path,
            msg!("deliverable-lines-too-many", max = MAX_DELIVERABLE_LINES),
        ));
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if !(1..=MAX_QUANTITY).contains(&d.quantity) {
                return Err(AppError::bad_input(
                    format!("{path}.{i}.quantity"),
                    msg!("number-range", min = 1, max = MAX_QUANTITY),
                ));
            }
            Ok(DeliverableSpec {
                notes: text::optional(&format!("{path}.{i}.notes"), d.notes.as_deref(), MAX_NOTES)?,
                ..d.clone()
            })
        })
        .collect()
}

async fn replace_deliverables(
    db: &impl ConnectionTrait,
    brief_id: Uuid,
    lines: Vec<DeliverableSpec>,
) -> AppResult<()> {
    brief_deliverable::Entity::delete_many()
        .filter(brief_deliverable::Column::BriefId.eq(brief_id))
        .exec(db)
        .await?;
    if lines.is_empty() {
        return Ok(());
    }
    brief_deliverable::Entity::insert_many(lines.into_iter().enumerate().map(|(i, d)| {
        brief_deliverable::ActiveModel {
            id: Set(Uuid::new_v4()),
            brief_id: Set(brief_id),
            position: Set(i as i32),
            deliverable_type: Set(d.deliverable_type),
            platform: Set(d.platform),
            quantity: Set(d.quantity),
            notes: Set(d.notes),
        }
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Compensation is consistent when FIXED_FEE has a fee (a brief: a fee range) and no commission,
/// COMMISSION a rate and no fee, HYBRID both, and GIFTING neither with `giftProduct` true.
/// `fees` names each fee field under `path` and whether it was given.
pub fn check_compensation(
    model: CompensationModel,
    fees: &[(&str, bool)],
    has_rate: bool,
    gift: bool,
    path: &str,
) -> AppResult<()> {
    let wants_fee = matches!(
        model,
        CompensationModel::FixedFee | CompensationModel::Hybrid
    );
    let wants_rate = matches!(
        model,
        CompensationModel::Commission | CompensationModel::Hybrid
    );
    let name = model.as_str();
    for &(field, given) in fees {
        if wants_fee && !given {
            return Err(AppError::bad_input(
                format!("{path}.{field}"),
                msg!("model-needs-fee", model = name),
            ));
        }
        if !wants_fee && given {
            return Err(AppError::bad_input(
                format!("{path}.{field}"),
                msg!("model-has-no-fee", model = name),
            ));
        }
    }
    if wants_rate && !has_rate {
        return Err(AppError::bad_input(
            format!("{path}.commissionRate"),
            msg!("model-needs-rate", model = name),
        ));
    }
    if !wants_rate && has_rate {
        return Err(AppError::bad_input(
            format!("{path}.commissionRate"),
            msg!("model-has-no-rate", model = name),
        ));
    }
    if model == CompensationModel::Gifting && !gift {
        return Err(AppError::bad_input(
            format!("{path}.giftProduct"),
            msg!("gifting-needs-gift"),
        ));
    }
    Ok(())
}

/// What publishing asks of a brief.
fn check_publishable(
    b: &brief::Model,
    deliverables: &[brief_deliverable::Model],
    check_deadline: bool,
    check_due: bool,
) -> AppResult<()> {
    if deliverables.is_empty() {
        return Err(AppError::bad_input(
            "deliverables",
            msg!("brief-needs-deliverable"),
        ));
    }
    if b.slots < 1 {
        return Err(AppError::bad_input("slots", msg!("brief-needs-slot")));
    }
    if b.budget_minor <= 0 {
        return Err(AppError::bad_input("budget", msg!("budget-positive")));
    }
    check_compensation(
        b.compensation_model,
        &[
            ("feeMin", b.fee_min_minor.is_some()),
            ("feeMax", b.fee_max_minor.is_some()),
        ],
        b.commission_rate_bp.is_some(),
        b.gift_product,
        "compensation",
    )?;
    let now = clock::now();
    if check_deadline && b.application_deadline.is_some_and(|at| at <= now) {
        return Err(AppError::bad_input(
            "applicationDeadline",
            msg!("must-be-future"),
        ));
    }
    if check_due && b.content_due_at.is_some_and(|at| at <= now) {
        return Err(AppError::bad_input("contentDueAt", msg!("must-be-future")));
    }
    Ok(())
}

/// Moves a brief from one of `from` to `to`, or CONFLICT. The conditional UPDATE makes two
/// racing transitions resolve to one.
async fn transition(
    work: &Work<'_>,
    b: &brief::Model,
    from: &[BriefStatus],
    to: BriefStatus,
    extra: impl FnOnce(&mut brief::ActiveModel),
) -> AppResult<brief::Model> {
    if !from.contains(&b.status) {
        return Err(AppError::conflict(msg!(
            "brief-cannot-become",
            status = b.status.as_str(),
            to = to.as_str()
        )));
    }
    let mut row: brief::ActiveModel = b.clone().into();
    row.status = Set(to);
    row.updated_at = Set(clock::now());
    extra(&mut row);
    work.set(
        brief::Entity::update_many()
            .set(row)
            .filter(brief::Column::Id.eq(b.id))
            .filter(brief::Column::Status.eq(b.status)),
        msg!("brief-changed-meanwhile"),
    )
    .await?;
    brief::Entity::find_by_id(b.id)
        .one(work.db())
        .await?
        .ok_or_else(|| AppError::not_found("brief"))
}

pub async fn publish(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<brief::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let b = own_brief(txn, viewer, id, msg!("action-publish-briefs")).await?;
    if b.status != BriefStatus::Draft {
        return Err(AppError::conflict(msg!(
            "brief-not-publishable",
            status = b.status.as_str()
        )));
    }
    check_publishable(&b, &deliverables_of(txn, b.id).await?, true, true)?;
    let now = clock::now();
    let published = transition(&work, &b, &[BriefStatus::Draft], BriefStatus::Open, |row| {
        row.published_at = Set(Some(now));
    })
    .await?;
    work.commit().await?;
    Ok(published)
}

pub async fn close(
    db: &DatabaseConnection,
    bus: &EventBus,
    viewer: &Viewer,
    id: Uuid,
) -> AppResult<brief::Model> {
    let work = Work::begin(db, bus, viewer).await?;
    let txn = work.db();
    let b = own_brief(txn, viewer, id, msg!("action-close-briefs")).await?;
    let closed = transition(&work, &b, &[BriefStatus::Open], BriefStatus::Closed, |_| {}).await?;
    work.commit().await?;
    Ok(closed)
}

/// `cancelBrief`, on the brief itself: refused while a collaboration is ACTIVE. The caller ends
/// the brief's open negotiations in the same unit of work (`deals::cancel_brief`).
pub async fn cancel(work: &Work<'_>, id: Uuid, reason: &str) -> AppResult<brief::Model> {
    let b = own_brief(work.db(), work.viewer, id, msg!("action-cancel-briefs")).await?;
    refuse_while_active(work, &b).await?;
    transition(
        work,
        &b,
        &[BriefStatus::Draft, BriefStatus::Open, BriefStatus::Closed],
        BriefStatus::Cancelled,
        |row| row.cancel_reason = Set(Some(reason.to_owned())),
    )
    .await
}

/// `completeBrief`, on the brief itself: a CLOSED brief without ACTIVE collaborations. The caller
/// declines the negotiations still open on it, which can no longer lead anywhere
/// (`deals::complete_brief`).
pub async fn complete(work: &Work<'_>, id: Uuid) -> AppResult<brief::Model> {
    let b = own_brief(work.db(), work.viewer, id, msg!("action-complete-briefs")).await?;
    refuse_while_active(work, &b).await?;
    transition(
        work,
        &b,
        &[BriefStatus::Closed],
        BriefStatus::Completed,
        |_| {},
    )
    .await
}

async fn refuse_while_active(work: &Work<'_>, b: &brief::Model) -> AppResult<()> {
    if budget::has_active(work.db(), b.id).await? {
        return Err(AppError::conflict(msg!("brief-has-active-collaboration")));
    }
    Ok(())
}
