//! The demo's Vietnam-market storylines, each run once (while its proposal does not exist), each
//! starting in the past (`clock::as_of`) as if the parties had acted then:
//! - Hoa (KOS) sells SV Buds Pro in three Shopee Live sessions for Sao Việt, ten, seven and four
//!   days ago, each with more viewers and orders than the last: their growth shows;
//! - Bếp Nhà Mai sends its Tết spice box to four creators, a sample in each state: Minh's is
//!   SHIPPED, An's RECEIVED, Linh's FULFILLED (her caption labelled "#QuangCao", her use of the
//!   product attested before publishing, as the brief enforces the Advertising Law), Tuấn's past
//!   its post-by deadline with nothing published, which the sweep ending the seed makes OVERDUE.
//!
//! Every demo brand and creator is in Vietnam, so its notifications read in Vietnamese.

use chrono::{DateTime, Duration, Utc};
use entity::{
    brief,
    enums::{
        BriefVisibility, CampaignObjective, CompensationModel, CreatorKind, CurrencyCode,
        DeliverableType, Niche, Platform, ReviewDecision,
    },
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    auth::Viewer,
    briefs::{self, BriefFields, CompensationIn, DeliverableSpec, ProductDocument, RequirementsIn},
    clock,
    delivery::{self, ContentIn, ReviewIn},
    error::AppResult,
    livestreams, payments, samples,
    seed::{
        deals::terms,
        delivery::{Sides, first_deliverable, has_proposal, invited_and_accepted},
        demo_viewer,
    },
    state::AppState,
};

const BUDS_LIVE: &str = "Livestream chốt đơn SV Buds Pro trên Shopee Live";
const SPICE_BOX: &str = "Dùng thử hộp gia vị Tết Bếp Nhà Mai";

pub async fn seed_vietnam(state: &AppState) -> AppResult<()> {
    livestream_sessions(state).await?;
    samples_in_every_state(state).await
}

struct NewBrief<'a> {
    title: &'a str,
    description: &'a str,
    product: &'a str,
    model: CompensationModel,
    commission: Option<&'a str>,
    budget: i64,
    deliverables: &'a [(DeliverableType, Platform, i32)],
    kinds: &'a [CreatorKind],
    niches: &'a [Niche],
    enforce_law: bool,
}

/// The brand's OPEN brief of that title, made and published the first time.
async fn ensure_brief(
    state: &AppState,
    brand: &Viewer,
    b: NewBrief<'_>,
) -> AppResult<brief::Model> {
    if let Some(existing) = brief::Entity::find()
        .filter(brief::Column::BrandId.eq(brand.brand_id))
        .filter(brief::Column::Title.eq(b.title))
        .one(&state.db)
        .await?
    {
        return Ok(existing);
    }
    let now = clock::now();
    let vnd = |amount: i64| (Decimal::from(amount), CurrencyCode::Vnd);
    let fields = BriefFields {
        title: Some(b.title.to_owned()),
        description: Some(b.description.to_owned()),
        objective: Some(CampaignObjective::Sales),
        product_name: Some(Some(b.product.to_owned())),
        product_url: Some(Some(format!(
            "https://shop.example.vn/{}",
            crate::search::fold(b.product).replace(' ', "-")
        ))),
        deliverables: Some(
            b.deliverables
                .iter()
                .map(|&(deliverable_type, platform, quantity)| DeliverableSpec {
                    deliverable_type,
                    platform,
                    quantity,
                    notes: None,
                })
                .collect(),
        ),
        compensation: Some(CompensationIn {
            model: b.model,
            fee_min: None,
            fee_max: None,
            commission_rate: b
                .commission
                .map(|r| r.parse().expect("demo rates are valid")),
            gift_product: b.model == CompensationModel::Gifting,
        }),
        budget: Some(vnd(b.budget)),
        slots: Some(6),
        requirements: Some(RequirementsIn {
            creator_kinds: b.kinds.to_vec(),
            niches: b.niches.to_vec(),
            countries: vec!["VN".to_owned()],
            ..Default::default()
        }),
        visibility: Some(BriefVisibility::Public),
        application_deadline: Some(Some(now + Duration::days(30))),
        content_due_at: Some(Some(now + Duration::days(60))),
        enforce_advertising_law: Some(b.enforce_law),
        product_documents: b.enforce_law.then(|| {
            vec![ProductDocument {
                title: "Giấy chứng nhận an toàn thực phẩm".to_owned(),
                url: "https://cdn.example.vn/demo/bepnhamai/chung-nhan-attp.pdf".to_owned(),
            }]
        }),
    };
    let created = briefs::create(&state.db, &state.events, brand, fields).await?;
    briefs::publish(&state.db, &state.events, brand, created.id).await
}

/// One of Hoa's sessions: (days ago, total viewers, peak, minutes, orders of 1,290,000 đồng).
const SESSIONS: [(i64, i32, i32, i32, usize); 3] = [
    (10, 8_200, 1_150, 110, 3),
    (7, 10_500, 1_480, 125, 5),
    (4, 12_900, 1_720, 130, 8),
];

async fn livestream_sessions(state: &AppState) -> AppResult<()> {
    let saoviet = demo_viewer(state, "brand@saoviet.vn").await?;
    let hoa = demo_viewer(state, "hoa.live@demo.vn").await?;
    let b = ensure_brief(
        state,
        &saoviet,
        NewBrief {
            title: BUDS_LIVE,
            description: "Ba phiên Shopee Live chốt đơn tai nghe SV Buds Pro giá ưu đãi; hoa hồng 8% mỗi đơn.",
            product: "SV Buds Pro",
            model: CompensationModel::Commission,
            commission: Some("8"),
            budget: 30_000_000,
            deliverables: &[(DeliverableType::Livestream, Platform::Shopee, 3)],
            kinds: &[CreatorKind::Kos],
            niches: &[],
            enforce_law: false,
        },
    )
    .await?;
    if has_proposal(state, b.id, &hoa).await? {
        return Ok(());
    }
    let (db, bus) = (&state.db, &state.events);
    let now = clock::now();
    let sides = Sides {
        brand: &saoviet,
        creator: &hoa,
    };
    let c = clock::as_of(
        now - Duration::days(12),
        invited_and_accepted(
            state,
            &sides,
            b.id,
            "Chị Hoa ơi, Sao Việt mời chị ba phiên Shopee Live cho SV Buds Pro, hoa hồng 8%.",
            terms(
                CompensationModel::Commission,
                None,
                Some("8"),
                &[(DeliverableType::Livestream, Platform::Shopee, 3)],
            ),
        ),
    )
    .await?;
    for (days_ago, viewers, peak, minutes, orders) in SESSIONS {
        // 20:00 in Vietnam, the evening slot KOS sell in.
        let day = (now - Duration::days(days_ago)).date_naive();
        let starts: DateTime<Utc> = day.and_hms_opt(13, 0, 0).expect("a valid time").and_utc();
        let s = clock::as_of(
            starts - Duration::days(1),
            livestreams::schedule(
                db,
                bus,
                &hoa,
                livestreams::ScheduleIn {
                    collaboration_id: c.id,
                    platform: Platform::Shopee,
                    starts_at: starts,
                    planned_minutes: 120,
                    products: vec![
                        livestreams::ProductIn {
                            name: "SV Buds Pro".to_owned(),
                            price: (Decimal::from(1_290_000), CurrencyCode::Vnd),
                        },
                        livestreams::ProductIn {
                            name: "Hộp sạc dự phòng SV".to_owned(),
                            price: (Decimal::from(290_000), CurrencyCode::Vnd),
                        },
                    ],
                },
            ),
        )
        .await?;
        clock::as_of(starts, livestreams::start(db, bus, &hoa, s.id)).await?;
        let code = livestreams::code(&c.tracking_code, s.number);
        for n in 0..orders {
            clock::as_of(
                starts + Duration::minutes(10 + 10 * n as i64),
                payments::record_conversion(
                    db,
                    bus,
                    &state.config.money,
                    &saoviet,
                    payments::ConversionIn {
                        tracking_code: c.tracking_code.clone(),
                        order_ref: format!("SPL-{}-{:03}", s.number, n + 1),
                        amount: (Decimal::from(1_290_000), CurrencyCode::Vnd),
                        occurred_at: None,
                        session_code: Some(code.clone()),
                    },
                ),
            )
            .await?;
        }
        clock::as_of(
            starts + Duration::minutes(i64::from(minutes)),
            livestreams::end(
                db,
                bus,
                &hoa,
                s.id,
                livestreams::Figures {
                    peak_viewers: peak,
                    total_viewers: viewers,
                    duration_minutes: minutes,
                },
            ),
        )
        .await?;
    }
    Ok(())
}

/// How far each creator's sample got, and when (days ago) it was shipped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reached {
    Shipped,
    Received,
    Fulfilled,
    Overdue,
}

async fn samples_in_every_state(state: &AppState) -> AppResult<()> {
    let bep = demo_viewer(state, "brand@bepnhamai.vn").await?;
    let b = ensure_brief(
        state,
        &bep,
        NewBrief {
            title: SPICE_BOX,
            description: "Nhận hộp gia vị Tết, nấu một món ngày Tết và review thật; bài đăng ghi rõ #QuangCao theo Luật Quảng cáo.",
            product: "Hộp gia vị Tết Bếp Nhà Mai",
            model: CompensationModel::Gifting,
            commission: None,
            budget: 6_000_000,
            deliverables: &[(DeliverableType::ShortVideo, Platform::Tiktok, 1)],
            kinds: &[CreatorKind::Koc, CreatorKind::Kol, CreatorKind::Kos],
            niches: &[],
            enforce_law: true,
        },
    )
    .await?;
    let plan = [
        ("minh.review@demo.vn", Reached::Shipped, 1),
        ("an.eats@demo.vn", Reached::Received, 4),
        ("linh.beauty@demo.vn", Reached::Fulfilled, 12),
        ("tuan.tech@demo.vn", Reached::Overdue, 25),
    ];
    let now = clock::now();
    for (email, reached, days_ago) in plan {
        let creator = demo_viewer(state, email).await?;
        if has_proposal(state, b.id, &creator).await? {
            continue;
        }
        let sides = Sides {
            brand: &bep,
            creator: &creator,
        };
        let shipped = now - Duration::days(days_ago);
        sample_storyline(state, &sides, b.id, reached, shipped).await?;
    }
    Ok(())
}

async fn sample_storyline(
    state: &AppState,
    sides: &Sides<'_>,
    brief_id: uuid::Uuid,
    reached: Reached,
    shipped: DateTime<Utc>,
) -> AppResult<()> {
    let (db, bus) = (&state.db, &state.events);
    let c = clock::as_of(
        shipped - Duration::hours(2),
        invited_and_accepted(
            state,
            sides,
            brief_id,
            "Bếp Nhà Mai gửi bạn hộp gia vị Tết để nấu thử và review thật nhé!",
            terms(
                CompensationModel::Gifting,
                None,
                None,
                &[(DeliverableType::ShortVideo, Platform::Tiktok, 1)],
            ),
        ),
    )
    .await?;
    let sample = clock::as_of(
        shipped,
        samples::ship(
            db,
            bus,
            sides.brand,
            c.id,
            "Giao Hàng Nhanh",
            &format!("GHN{}", &c.tracking_code),
        ),
    )
    .await?;
    if reached == Reached::Shipped {
        return Ok(());
    }
    let received = shipped + Duration::days(2);
    clock::as_of(
        received,
        samples::confirm_receipt(db, bus, sides.creator, sample.id),
    )
    .await?;
    if reached != Reached::Fulfilled {
        // RECEIVED waits for content; OVERDUE's post-by passed, and the seed's sweep finds it.
        return Ok(());
    }
    let deliverable = first_deliverable(state, c.id).await?;
    let submitted = clock::as_of(
        received + Duration::days(3),
        delivery::submit(
            db,
            bus,
            &state.config.deadlines.calendar,
            sides.creator,
            deliverable,
            ContentIn {
                media_urls: &["https://cdn.example.vn/demo/linh/gia-vi-tet.mp4".to_owned()],
                caption: Some(
                    "#QuangCao Hợp tác cùng Bếp Nhà Mai: thịt kho hột vịt ngày Tết với hộp gia vị mới.",
                ),
                note: None,
            },
        ),
    )
    .await?;
    let approved = received + Duration::days(4);
    clock::as_of(
        approved,
        delivery::review(
            db,
            bus,
            sides.brand,
            submitted.id,
            ReviewIn {
                decision: ReviewDecision::Approve,
                feedback: Some("Món ngon, nhãn quảng cáo rõ ràng. Duyệt!"),
                unlabelled_reason: None,
            },
        ),
    )
    .await?;
    clock::as_of(
        approved,
        delivery::attest_product_use(db, bus, sides.creator, deliverable),
    )
    .await?;
    clock::as_of(
        approved + Duration::hours(3),
        delivery::publish(
            db,
            bus,
            sides.creator,
            deliverable,
            "https://www.tiktok.com/@linhbeauty/video/7380000000000000501",
        ),
    )
    .await?;
    Ok(())
}
