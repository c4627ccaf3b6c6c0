//! `seed-demo --scale N`: N creators (with niches and social accounts) and N/10 briefs, for
//! measuring discovery at the size of a grown market; `--collaborations M` adds M ACTIVE
//! collaborations with pending deadlines, for measuring the sweep. Deterministic (seeded), written in batches
//! of multi-row INSERTs, and idempotent: it tops up to N, it never duplicates.

use chrono::{DateTime, Duration, Utc};
use entity::{
    brand, brief, brief_deliverable, collaboration, content_submission, creator_niche,
    creator_profile, deliverable,
    enums::{
        BriefStatus, BriefVisibility, CampaignObjective, CollaborationStatus, CompensationModel,
        CreatorKind, CurrencyCode, DeadlineKind, DeliverableStatus, DeliverableType, Niche,
        OfferStatus, Party, Platform, ProposalOrigin, ProposalStatus, Role, SubmissionStatus,
    },
    offer, offer_deliverable, proposal, social_account, user,
};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    clock, creators::audience::Audience, deadlines, delivery::ReviewWindow, error::AppResult,
    search, seed::DEMO_PASSWORD, state::AppState,
};

const BATCH: usize = 500;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Thị", "Văn", "Minh", "Ngọc", "Hoàng", "Thanh", "Quốc", "Bảo", "Gia",
];
const GIVEN: &[&str] = &[
    "Anh", "Linh", "Trang", "Hương", "Nam", "Tuấn", "Hải", "Long", "Mai", "Lan", "Hà", "Phương",
    "Vy", "Khánh", "Duy", "Quân", "Thảo", "My",
];
const CITIES: &[&str] = &[
    "Hồ Chí Minh",
    "Hà Nội",
    "Đà Nẵng",
    "Cần Thơ",
    "Hải Phòng",
    "Huế",
    "Nha Trang",
];
const NICHES: &[Niche] = &[
    Niche::Beauty,
    Niche::Fashion,
    Niche::Food,
    Niche::Tech,
    Niche::Finance,
    Niche::Travel,
    Niche::Fitness,
    Niche::Health,
    Niche::Parenting,
    Niche::Home,
    Niche::Gaming,
    Niche::Education,
    Niche::Lifestyle,
    Niche::Entertainment,
    Niche::Art,
    Niche::Automotive,
    Niche::Pets,
];
const PLATFORMS: &[Platform] = &[
    Platform::Tiktok,
    Platform::Facebook,
    Platform::Instagram,
    Platform::Youtube,
    Platform::Shopee,
    Platform::Lazada,
    Platform::Zalo,
];
const KINDS: &[CreatorKind] = &[CreatorKind::Kol, CreatorKind::Koc, CreatorKind::Kos];
const TYPES: &[DeliverableType] = &[
    DeliverableType::VideoReview,
    DeliverableType::Unboxing,
    DeliverableType::Tutorial,
    DeliverableType::Livestream,
    DeliverableType::ShortVideo,
    DeliverableType::Post,
    DeliverableType::Story,
];
const OBJECTIVES: &[CampaignObjective] = &[
    CampaignObjective::Awareness,
    CampaignObjective::Sales,
    CampaignObjective::Feedback,
    CampaignObjective::ProductLaunch,
];
const MODELS: &[CompensationModel] = &[
    CompensationModel::FixedFee,
    CompensationModel::Commission,
    CompensationModel::Gifting,
    CompensationModel::Hybrid,
];
const PRODUCTS: &[&str] = &[
    "Son môi",
    "Kem dưỡng da",
    "Sữa rửa mặt",
    "Nước mắm",
    "Cà phê rang xay",
    "Tai nghe",
    "Loa thông minh",
    "Áo thun",
    "Giày chạy bộ",
    "Bỉm trẻ em",
    "Thức ăn cho mèo",
    "Khóa học tiếng Anh",
    "Bảo hiểm du lịch",
    "Nồi chiên không dầu",
];

fn niche_words(n: Niche) -> &'static str {
    match n {
        Niche::Beauty => "son môi, dưỡng da và trang điểm",
        Niche::Fashion => "thời trang đường phố",
        Niche::Food => "ăn uống và món ngon",
        Niche::Tech => "đồ công nghệ",
        Niche::Finance => "tài chính cá nhân",
        Niche::Travel => "du lịch bụi",
        Niche::Fitness => "tập luyện",
        Niche::Health => "sức khỏe",
        Niche::Parenting => "nuôi dạy con",
        Niche::Home => "nhà cửa",
        Niche::Gaming => "trò chơi điện tử",
        Niche::Education => "học tập",
        Niche::Lifestyle => "phong cách sống",
        Niche::Entertainment => "giải trí",
        Niche::Art => "nghệ thuật",
        Niche::Automotive => "xe cộ",
        Niche::Pets => "thú cưng",
    }
}

pub struct ScaleReport {
    pub creators_added: usize,
    pub brands_added: usize,
    pub briefs_added: usize,
}

/// Tops the scale data up to `creators` creators and `creators / 10` briefs.
pub async fn fill(state: &AppState, creators: usize) -> AppResult<ScaleReport> {
    let db = &state.db;
    // One hash for every scale login: hashing 100,000 passwords would take an hour.
    let password_hash = state.hasher.hash(DEMO_PASSWORD.to_owned()).await?;
    let now = clock::now();

    let have_creators = count_like(db, "scale-creator-%").await?;
    let mut added_creators = 0;
    let mut start = have_creators;
    while start < creators {
        let end = (start + BATCH).min(creators);
        insert_creators(db, start, end, &password_hash, now).await?;
        added_creators += end - start;
        start = end;
    }

    let brands = (creators / 200).max(10);
    let have_brands = count_like(db, "scale-brand-%").await?;
    if have_brands < brands {
        insert_brands(db, have_brands, brands, &password_hash, now).await?;
    }
    let brand_ids = scale_brand_ids(db).await?;

    let want_briefs = creators / 10;
    let have_briefs = brief::Entity::find()
        .filter(brief::Column::BrandId.is_in(brand_ids.iter().copied()))
        .count(db)
        .await? as usize;
    let mut start = have_briefs;
    while start < want_briefs {
        let end = (start + BATCH).min(want_briefs);
        insert_briefs(db, start, end, &brand_ids, now).await?;
        start = end;
    }
    // Fresh statistics after a bulk load, as an operator would run: the planners choose the
    // discovery indexes from them.
    db.execute_unprepared("ANALYZE").await?;
    Ok(ScaleReport {
        creators_added: added_creators,
        brands_added: brands.saturating_sub(have_brands),
        briefs_added: want_briefs.saturating_sub(have_briefs),
    })
}

async fn scale_brand_ids(db: &DatabaseConnection) -> AppResult<Vec<Uuid>> {
    Ok(brand::Entity::find()
        .select_only()
        .column(brand::Column::Id)
        .inner_join(user::Entity)
        .filter(user::Column::Email.like("scale-brand-%"))
        .into_tuple()
        .all(db)
        .await?)
}

async fn count_like(db: &DatabaseConnection, pattern: &str) -> AppResult<usize> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.like(pattern))
        .count(db)
        .await? as usize)
}

fn user_row(
    id: Uuid,
    email: String,
    role: Role,
    hash: &str,
    at: DateTime<Utc>,
) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(id),
        email: Set(email),
        password_hash: Set(hash.to_owned()),
        role: Set(role),
        suspended_at: Set(None),
        suspension_reason: Set(None),
        language: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

async fn insert_creators(
    db: &DatabaseConnection,
    start: usize,
    end: usize,
    hash: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut rng = StdRng::seed_from_u64(start as u64);
    let (mut users, mut profiles, mut niches, mut accounts) = (vec![], vec![], vec![], vec![]);
    for i in start..end {
        let user_id = Uuid::new_v4();
        let creator_id = Uuid::new_v4();
        let at = now - Duration::seconds(rng.random_range(0..365 * 24 * 3600));
        users.push(user_row(
            user_id,
            format!("scale-creator-{i:06}@demo.vn"),
            Role::Creator,
            hash,
            at,
        ));
        let name = format!(
            "{} {} {}",
            FAMILY.choose(&mut rng).unwrap(),
            MIDDLE.choose(&mut rng).unwrap(),
            GIVEN.choose(&mut rng).unwrap()
        );
        let mine: Vec<Niche> = pick(&mut rng, NICHES, 1..=3);
        let bio = format!(
            "Chia sẻ về {} mỗi ngày.",
            mine.iter()
                .map(|n| niche_words(*n))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let country = if rng.random_bool(0.9) {
            "VN"
        } else {
            *["TH", "ID", "PH", "MY"].choose(&mut rng).unwrap()
        };
        let mut audience = Audience::default();
        let mut mine_accounts = Vec::new();
        for platform in pick(&mut rng, PLATFORMS, 1..=3) {
            // Followers spread over orders of magnitude, like real audiences.
            let followers = 10f64.powf(rng.random_range(2.0..6.3)) as i64;
            let rate = rng.random_bool(0.85).then(|| rng.random_range(30..1200));
            audience.add(followers, rate);
            mine_accounts.push((platform, followers, rate));
        }
        profiles.push(creator_profile::ActiveModel {
            audience_followers: Set(audience.followers),
            live_revenue_vnd: Set(0),
            live_conversion_bp: Set(None),
            audience_engagement_bp: Set(audience.engagement_bp()),
            id: Set(creator_id),
            user_id: Set(user_id),
            search_text: Set(search::fold(&format!("{name} {bio}"))),
            display_name: Set(name),
            bio: Set(Some(bio)),
            kind: Set(*KINDS.choose(&mut rng).unwrap()),
            country: Set(Some(country.to_owned())),
            city: Set(Some((*CITIES.choose(&mut rng).unwrap()).to_owned())),
            avatar_url: Set(None),
            languages: Set("vi".to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
        });
        for niche in mine {
            niches.push(creator_niche::ActiveModel {
                creator_id: Set(creator_id),
                niche: Set(niche),
            });
        }
        for (platform, followers, rate) in mine_accounts {
            let handle = format!("creator{i}{}", platform.as_str().to_lowercase());
            accounts.push(social_account::ActiveModel {
                id: Set(Uuid::new_v4()),
                creator_id: Set(creator_id),
                platform: Set(platform),
                handle_key: Set(handle.clone()),
                handle: Set(handle),
                url: Set(None),
                followers: Set(followers),
                avg_views: Set(Some(followers / 4)),
                engagement_rate_bp: Set(rate),
                created_at: Set(at),
                updated_at: Set(at),
            });
        }
    }
    let txn = db.begin().await?;
    user::Entity::insert_many(users).exec(&txn).await?;
    creator_profile::Entity::insert_many(profiles)
        .exec(&txn)
        .await?;
    for chunk in chunks(niches) {
        creator_niche::Entity::insert_many(chunk).exec(&txn).await?;
    }
    for chunk in chunks(accounts) {
        social_account::Entity::insert_many(chunk)
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A random handful of distinct items, between `range` in number.
fn pick<T: Copy>(rng: &mut StdRng, items: &[T], range: std::ops::RangeInclusive<usize>) -> Vec<T> {
    let n = rng.random_range(range);
    items.choose_multiple(rng, n).copied().collect()
}

/// Splits rows so that no INSERT binds more parameters than SQLite allows.
fn chunks<T>(rows: Vec<T>) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        out.push(rows.by_ref().take(BATCH).collect());
    }
    out
}

async fn insert_brands(
    db: &DatabaseConnection,
    start: usize,
    end: usize,
    hash: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut users = vec![];
    let mut brands = vec![];
    for i in start..end {
        let user_id = Uuid::new_v4();
        users.push(user_row(
            user_id,
            format!("scale-brand-{i:04}@demo.vn"),
            Role::Brand,
            hash,
            now,
        ));
        brands.push(brand::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(user_id),
            name: Set(format!("Thương hiệu {i:04}")),
            industry: Set(None),
            website: Set(None),
            description: Set(None),
            logo_url: Set(None),
            country: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    let txn = db.begin().await?;
    for chunk in chunks(users) {
        user::Entity::insert_many(chunk).exec(&txn).await?;
    }
    for chunk in chunks(brands) {
        brand::Entity::insert_many(chunk).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn insert_briefs(
    db: &DatabaseConnection,
    start: usize,
    end: usize,
    brand_ids: &[Uuid],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut rng = StdRng::seed_from_u64(1_000_000 + start as u64);
    let mut briefs = vec![];
    let mut lines = vec![];
    for i in start..end {
        let id = Uuid::new_v4();
        let product = *PRODUCTS.choose(&mut rng).unwrap();
        let title = format!("{product} #{i}: tìm nhà sáng tạo");
        let description =
            format!("Chiến dịch {product} cho mùa này; nội dung chân thực, đăng đúng hạn.");
        let model = *MODELS.choose(&mut rng).unwrap();
        let fee = matches!(
            model,
            CompensationModel::FixedFee | CompensationModel::Hybrid
        )
        .then(|| rng.random_range(1..20) * 1_000_000i64);
        let rate = matches!(
            model,
            CompensationModel::Commission | CompensationModel::Hybrid
        )
        .then(|| rng.random_range(200..2000));
        let status = match rng.random_range(0..100) {
            0..85 => BriefStatus::Open,
            85..90 => BriefStatus::Draft,
            90..95 => BriefStatus::Closed,
            _ => BriefStatus::Completed,
        };
        let published = (status != BriefStatus::Draft)
            .then(|| now - Duration::seconds(rng.random_range(0..90 * 24 * 3600)));
        let deadline = match rng.random_range(0..10) {
            0 => None,
            1 => Some(now - Duration::days(rng.random_range(1..30))),
            _ => Some(now + Duration::days(rng.random_range(1..60))),
        };
        let niches: Vec<&str> = pick(&mut rng, NICHES, 0..=2)
            .into_iter()
            .map(|n| n.as_str())
            .collect();
        let kinds: Vec<&str> = pick(&mut rng, KINDS, 0..=2)
            .into_iter()
            .map(|k| k.as_str())
            .collect();
        let created = published.unwrap_or(now) - Duration::days(1);
        briefs.push(brief::ActiveModel {
            id: Set(id),
            brand_id: Set(*brand_ids.choose(&mut rng).unwrap()),
            search_text: Set(search::fold(&format!("{title} {product} {description}"))),
            title: Set(title),
            description: Set(description),
            objective: Set(*OBJECTIVES.choose(&mut rng).unwrap()),
            product_name: Set(Some(product.to_owned())),
            product_url: Set(Some(format!("https://shop.example.vn/p/{i}"))),
            compensation_model: Set(model),
            fee_min_minor: Set(fee),
            fee_max_minor: Set(fee.map(|f| f * 2)),
            commission_rate_bp: Set(rate),
            gift_product: Set(model == CompensationModel::Gifting),
            enforce_advertising_law: Set(false),
            req_min_sample_fulfilment_bp: Set(None),
            product_documents: Set("[]".to_owned()),
            currency: Set(CurrencyCode::Vnd),
            budget_minor: Set(rng.random_range(10..500) * 1_000_000),
            committed_minor: Set(0),
            slots: Set(rng.random_range(1..20)),
            filled_slots: Set(0),
            req_creator_kinds: Set(kinds.join(",")),
            req_niches: Set(niches.join(",")),
            req_min_followers: Set(rng
                .random_bool(0.5)
                .then(|| rng.random_range(1..50) * 1_000)),
            req_max_followers: Set(None),
            req_min_engagement_bp: Set(rng.random_bool(0.3).then(|| rng.random_range(100..500))),
            req_countries: Set(if rng.random_bool(0.7) {
                "VN".to_owned()
            } else {
                String::new()
            }),
            visibility: Set(if rng.random_bool(0.9) {
                BriefVisibility::Public
            } else {
                BriefVisibility::InviteOnly
            }),
            status: Set(status),
            application_deadline: Set(deadline),
            content_due_at: Set(deadline.map(|d| d + Duration::days(30))),
            cancel_reason: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
            published_at: Set(published),
        });
        for (position, platform) in pick(&mut rng, PLATFORMS, 1..=3).into_iter().enumerate() {
            lines.push(brief_deliverable::ActiveModel {
                id: Set(Uuid::new_v4()),
                brief_id: Set(id),
                position: Set(position as i32),
                deliverable_type: Set(*TYPES.choose(&mut rng).unwrap()),
                platform: Set(platform),
                quantity: Set(rng.random_range(1..4)),
                notes: Set(None),
            });
        }
    }
    let txn = db.begin().await?;
    for chunk in chunks(briefs) {
        brief::Entity::insert_many(chunk).exec(&txn).await?;
    }
    for chunk in chunks(lines) {
        brief_deliverable::Entity::insert_many(chunk)
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// `seed-demo --scale N --collaborations M`: tops the scale data up to `wanted` ACTIVE
/// collaborations, creator `i mod N` hired on brief `i div N`, each with one deliverable due in
/// 20 days and, for every other one, a submission under review. Their deadlines are pending and
/// none is due: what the sweep must pass over cheaply. The rows are written straight, for
/// measuring on a bench database only: no slot or budget of the briefs is taken and no money is
/// held, so completing or cancelling one of them is not a demo of anything.
pub async fn fill_collaborations(state: &AppState, wanted: usize) -> AppResult<usize> {
    let db = &state.db;
    let have = collaboration::Entity::find()
        .filter(collaboration::Column::TrackingCode.like("Z%"))
        .count(db)
        .await? as usize;
    if have >= wanted {
        return Ok(0);
    }
    let creators: Vec<Uuid> = creator_profile::Entity::find()
        .select_only()
        .column(creator_profile::Column::Id)
        .inner_join(user::Entity)
        .filter(user::Column::Email.like("scale-creator-%"))
        .order_by_asc(creator_profile::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let brand_ids = scale_brand_ids(db).await?;
    let briefs: Vec<(Uuid, Uuid, CurrencyCode)> = brief::Entity::find()
        .select_only()
        .columns([
            brief::Column::Id,
            brief::Column::BrandId,
            brief::Column::Currency,
        ])
        .filter(brief::Column::BrandId.is_in(brand_ids))
        .order_by_asc(brief::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if creators.is_empty() || briefs.len() * creators.len() < wanted {
        return Err(crate::error::AppError::internal(
            "too few scale creators and briefs for that many collaborations: raise --scale",
        ));
    }
    let now = clock::now();
    let calendar = &state.config.deadlines.calendar;
    let window = ReviewWindow::new(calendar, now, 3);
    let due = now + Duration::days(20);
    let mut start = have;
    while start < wanted {
        let end = (start + BATCH).min(wanted);
        let txn = db.begin().await?;
        let (mut proposals, mut offers, mut lines, mut collaborations) =
            (vec![], vec![], vec![], vec![]);
        let (mut deliverables, mut submissions) = (vec![], vec![]);
        let (mut deliverable_ids, mut submission_ids) = (vec![], vec![]);
        for i in start..end {
            let creator = creators[i % creators.len()];
            let (brief_id, brand_id, currency) = briefs[i / creators.len()];
            let (proposal_id, offer_id, collaboration_id, deliverable_id) = (
                Uuid::new_v4(),
                Uuid::new_v4(),
                Uuid::new_v4(),
                Uuid::new_v4(),
            );
            proposals.push(proposal::ActiveModel {
                id: Set(proposal_id),
                brief_id: Set(brief_id),
                creator_id: Set(creator),
                brand_id: Set(brand_id),
                origin: Set(ProposalOrigin::Invitation),
                status: Set(ProposalStatus::Accepted),
                turn: Set(None),
                pitch: Set(None),
                close_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            });
            offers.push(offer::ActiveModel {
                id: Set(offer_id),
                proposal_id: Set(proposal_id),
                version: Set(1),
                author: Set(Party::Brand),
                status: Set(OfferStatus::Accepted),
                compensation_model: Set(CompensationModel::FixedFee),
                currency: Set(currency),
                fee_minor: Set(Some(1_000_000)),
                commission_rate_bp: Set(None),
                kill_fee_bp: Set(0),
                gift_product: Set(false),
                due_at: Set(due),
                revision_rounds: Set(2),
                usage_rights_days: Set(0),
                message: Set(None),
                review_days: Set(3),
                expires_at: Set(None),
                created_at: Set(now),
            });
            lines.push(offer_deliverable::ActiveModel {
                offer_id: Set(offer_id),
                position: Set(0),
                deliverable_type: Set(DeliverableType::ShortVideo),
                platform: Set(Platform::Tiktok),
                quantity: Set(1),
                notes: Set(None),
            });
            collaborations.push(collaboration::ActiveModel {
                id: Set(collaboration_id),
                proposal_id: Set(proposal_id),
                offer_id: Set(offer_id),
                brief_id: Set(brief_id),
                brand_id: Set(brand_id),
                creator_id: Set(creator),
                status: Set(CollaborationStatus::Active),
                tracking_code: Set(format!("Z{i:07}")),
                clicks: Set(0),
                started_at: Set(now),
                completed_at: Set(None),
                cancelled_at: Set(None),
                cancel_reason: Set(None),
                completion_requested_at: Set(None),
                auto_completes_at: Set(None),
            });
            let in_review = i % 2 == 1;
            deliverables.push(deliverable::ActiveModel {
                id: Set(deliverable_id),
                collaboration_id: Set(collaboration_id),
                position: Set(0),
                deliverable_type: Set(DeliverableType::ShortVideo),
                platform: Set(Platform::Tiktok),
                notes: Set(None),
                due_at: Set(due),
                status: Set(if in_review {
                    DeliverableStatus::InReview
                } else {
                    DeliverableStatus::AwaitingContent
                }),
                revisions_used: Set(0),
                live_url: Set(None),
                published_at: Set(None),
                product_use_attested_at: Set(None),
                product_use_attested_by: Set(None),
            });
            deliverable_ids.push(deliverable_id);
            if in_review {
                let submission_id = Uuid::new_v4();
                submission_ids.push(submission_id);
                submissions.push(content_submission::ActiveModel {
                    id: Set(submission_id),
                    deliverable_id: Set(deliverable_id),
                    version: Set(1),
                    media_urls: Set("[\"https://cdn.example.vn/scale.mp4\"]".to_owned()),
                    caption: Set(None),
                    note: Set(None),
                    status: Set(SubmissionStatus::InReview),
                    feedback: Set(None),
                    submitted_at: Set(now),
                    reviewed_at: Set(None),
                    review_due_at: Set(window.due_at),
                    auto_approved: Set(false),
                    unlabelled_reason: Set(None),
                });
            }
        }
        proposal::Entity::insert_many(proposals).exec(&txn).await?;
        offer::Entity::insert_many(offers).exec(&txn).await?;
        offer_deliverable::Entity::insert_many(lines)
            .exec_without_returning(&txn)
            .await?;
        collaboration::Entity::insert_many(collaborations)
            .exec(&txn)
            .await?;
        deliverable::Entity::insert_many(deliverables)
            .exec(&txn)
            .await?;
        if !submissions.is_empty() {
            content_submission::Entity::insert_many(submissions)
                .exec(&txn)
                .await?;
        }
        let overdue_from = deadlines::just_after(due);
        deadlines::schedule_all(
            &txn,
            DeadlineKind::DeliverableDue,
            deliverable_ids,
            overdue_from,
        )
        .await?;
        let kinds = [
            (DeadlineKind::ReviewDueSoon, window.reminder_at),
            (DeadlineKind::ReviewDue, window.due_at),
        ];
        for (kind, at) in kinds {
            deadlines::schedule_all(&txn, kind, submission_ids.iter().copied(), at).await?;
        }
        txn.commit().await?;
        start = end;
    }
    db.execute_unprepared("ANALYZE").await?;
    Ok(wanted - have)
}
