//! `seed-demo`: a small, realistic Vietnamese-market demo. Idempotent: running it again changes
//! nothing that is already there. Every later area grows it with its own objects.
//! `seed-demo --scale N` adds N creators and N/10 briefs for load tests (see `scale`).

pub mod deadlines;
pub mod deals;
pub mod delivery;
pub mod money;
pub mod scale;
pub mod vietnam;

use chrono::Duration;
use entity::{
    brand, brief, creator_profile,
    enums::{
        BriefVisibility, CampaignObjective, CompensationModel, CreatorKind, CurrencyCode,
        DeliverableType, Niche, Platform, Role,
    },
    user,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    accounts::{self, SignUp},
    auth::Viewer,
    brands,
    briefs::{self, BriefFields, CompensationIn, DeliverableSpec, RequirementsIn},
    clock, creators,
    error::{AppError, AppResult},
    i18n::msg,
    patch::Patch,
    state::AppState,
};

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub struct DemoLogin {
    pub email: &'static str,
    pub role: Role,
    pub name: &'static str,
}

struct DemoBrand {
    email: &'static str,
    name: &'static str,
    industry: &'static str,
    website: &'static str,
    description: &'static str,
}

struct DemoCreator {
    email: &'static str,
    name: &'static str,
    kind: CreatorKind,
    city: &'static str,
    bio: &'static str,
    niches: &'static [Niche],
    languages: &'static [&'static str],
    /// (platform, handle, followers, engagement rate in percent)
    accounts: &'static [(Platform, &'static str, i32, &'static str)],
    /// (type, platform, price in VND)
    rates: &'static [(DeliverableType, Platform, i64)],
}

const ADMIN_EMAIL: &str = "admin@demo.vn";

const BRANDS: &[DemoBrand] = &[
    DemoBrand {
        email: "brand@comem.vn",
        name: "Cỏ Mềm Cosmetics",
        industry: "Mỹ phẩm thiên nhiên",
        website: "https://comem.example.vn",
        description: "Son môi và dưỡng da từ thảo mộc Việt.",
    },
    DemoBrand {
        email: "brand@bepnhamai.vn",
        name: "Bếp Nhà Mai",
        industry: "Thực phẩm",
        website: "https://bepnhamai.example.vn",
        description: "Nước mắm, gia vị và đồ ăn vặt nhà làm.",
    },
    DemoBrand {
        email: "brand@saoviet.vn",
        name: "Điện Máy Sao Việt",
        industry: "Điện tử tiêu dùng",
        website: "https://saoviet.example.vn",
        description: "Tai nghe, loa và đồ gia dụng thông minh.",
    },
];

const CREATORS: &[DemoCreator] = &[
    DemoCreator {
        email: "linh.beauty@demo.vn",
        name: "Linh Nguyễn Beauty",
        kind: CreatorKind::Kol,
        city: "Hồ Chí Minh",
        bio: "Chuyên gia trang điểm, review son môi và dưỡng da.",
        niches: &[Niche::Beauty, Niche::Fashion],
        languages: &["vi", "en"],
        accounts: &[
            (Platform::Tiktok, "linhbeauty", 1_250_000, "4.8"),
            (Platform::Instagram, "linh.beauty", 320_000, "3.1"),
            (Platform::Youtube, "LinhNguyenBeauty", 180_000, "2.2"),
        ],
        rates: &[
            (DeliverableType::VideoReview, Platform::Tiktok, 25_000_000),
            (DeliverableType::Story, Platform::Instagram, 6_000_000),
        ],
    },
    DemoCreator {
        email: "minh.review@demo.vn",
        name: "Minh Trần Review",
        kind: CreatorKind::Koc,
        city: "Hà Nội",
        bio: "Người tiêu dùng thật, đánh giá thật: đồ ăn và đồ gia dụng.",
        niches: &[Niche::Food, Niche::Home],
        languages: &["vi"],
        accounts: &[
            (Platform::Tiktok, "minhreview", 8_400, "7.5"),
            (Platform::Facebook, "minhtranreview", 3_100, "5.2"),
        ],
        rates: &[(DeliverableType::ShortVideo, Platform::Tiktok, 1_500_000)],
    },
    DemoCreator {
        email: "hoa.live@demo.vn",
        name: "Hoa Phạm Live",
        kind: CreatorKind::Kos,
        city: "Đà Nẵng",
        bio: "Livestream bán hàng mỗi tối trên TikTok Shop và Shopee Live.",
        niches: &[Niche::Beauty, Niche::Lifestyle],
        languages: &["vi"],
        accounts: &[
            (Platform::Tiktok, "hoalive", 46_000, "6.1"),
            (Platform::Shopee, "hoapham.live", 21_000, "3.9"),
        ],
        rates: &[(DeliverableType::Livestream, Platform::Shopee, 4_000_000)],
    },
    DemoCreator {
        email: "tuan.tech@demo.vn",
        name: "Tuấn Lê Tech",
        kind: CreatorKind::Kol,
        city: "Hồ Chí Minh",
        bio: "Đập hộp và so sánh đồ công nghệ.",
        niches: &[Niche::Tech, Niche::Gaming],
        languages: &["vi", "en"],
        accounts: &[
            (Platform::Youtube, "TuanLeTech", 540_000, "3.4"),
            (Platform::Tiktok, "tuantech", 210_000, "5.0"),
        ],
        rates: &[
            (DeliverableType::Unboxing, Platform::Youtube, 30_000_000),
            (DeliverableType::ShortVideo, Platform::Tiktok, 12_000_000),
        ],
    },
    DemoCreator {
        email: "an.eats@demo.vn",
        name: "An Vũ Ăn Gì",
        kind: CreatorKind::Koc,
        city: "Cần Thơ",
        bio: "Ăn khắp miền Tây, chia sẻ món ngon giá mềm.",
        niches: &[Niche::Food, Niche::Travel],
        languages: &["vi"],
        accounts: &[(Platform::Tiktok, "anangi", 950, "9.3")],
        rates: &[],
    },
];

/// Fills the demo and returns its logins.
pub async fn seed_demo(state: &AppState) -> AppResult<Vec<DemoLogin>> {
    let mut logins = Vec::new();

    if find_user(state, ADMIN_EMAIL).await?.is_none() {
        accounts::create_admin(state.accounts(), ADMIN_EMAIL, DEMO_PASSWORD.to_owned()).await?;
    }
    logins.push(DemoLogin {
        email: ADMIN_EMAIL,
        role: Role::Admin,
        name: "Admin",
    });

    for b in BRANDS {
        let user = ensure_user(state, b.email, Role::Brand, b.name).await?;
        let viewer = viewer_of(state, &user).await?;
        let brand = brands::own_brand(&state.db, &viewer, msg!("action-seed")).await?;
        if brand.industry.is_none() {
            brands::update_brand(
                &state.db,
                &state.events,
                &viewer,
                brands::BrandPatch {
                    industry: Patch::Set(b.industry.to_owned()),
                    website: Patch::Set(b.website.to_owned()),
                    description: Patch::Set(b.description.to_owned()),
                    // In Vietnam: the brand reads Vietnamese unless it chooses otherwise.
                    country: Patch::Set("VN".to_owned()),
                    ..Default::default()
                },
            )
            .await?;
        }
        logins.push(DemoLogin {
            email: b.email,
            role: Role::Brand,
            name: b.name,
        });
    }

    for c in CREATORS {
        let user = ensure_user(state, c.email, Role::Creator, c.name).await?;
        let viewer = viewer_of(state, &user).await?;
        let profile = creators::own_profile(&state.db, &viewer, msg!("action-seed")).await?;
        if profile.bio.is_none() {
            creators::update_profile(
                &state.db,
                &state.events,
                &viewer,
                creators::ProfilePatch {
                    bio: Patch::Set(c.bio.to_owned()),
                    kind: Patch::Set(c.kind),
                    niches: Patch::Set(c.niches.to_vec()),
                    country: Patch::Set("VN".to_owned()),
                    city: Patch::Set(c.city.to_owned()),
                    languages: Patch::Set(c.languages.iter().map(|l| (*l).to_owned()).collect()),
                    ..Default::default()
                },
            )
            .await?;
            for &(platform, handle, followers, rate) in c.accounts {
                creators::add_social_account(
                    &state.db,
                    &state.events,
                    &viewer,
                    creators::SocialAccountInput {
                        platform,
                        handle: handle.to_owned(),
                        url: None,
                        followers,
                        avg_views: Some(followers / 5),
                        engagement_rate: Some(decimal(rate)),
                    },
                )
                .await?;
            }
            creators::set_rate_card(
                &state.db,
                &state.events,
                &viewer,
                c.rates
                    .iter()
                    .map(
                        |&(deliverable_type, platform, vnd)| creators::RateCardLine {
                            deliverable_type,
                            platform,
                            price: Decimal::from(vnd),
                            currency: CurrencyCode::Vnd,
                        },
                    )
                    .collect(),
            )
            .await?;
        }
        logins.push(DemoLogin {
            email: c.email,
            role: Role::Creator,
            name: c.name,
        });
    }

    let brand_emails: Vec<&str> = BRANDS.iter().map(|b| b.email).collect();
    money::fund_brands(state, &brand_emails, ADMIN_EMAIL).await?;
    seed_briefs(state).await?;
    deals::seed_deals(state).await?;
    delivery::seed_delivery(state).await?;
    money::withdrawals(state, ADMIN_EMAIL).await?;
    vietnam::seed_vietnam(state).await?;
    deadlines::seed_deadlines(state).await?;
    Ok(logins)
}

fn decimal(text: &str) -> Decimal {
    text.parse().expect("demo decimals are valid")
}

/// The Viewer of a demo user, who must exist already.
pub(crate) async fn demo_viewer(state: &AppState, email: &str) -> AppResult<Viewer> {
    let user = find_user(state, email)
        .await?
        .ok_or_else(|| AppError::internal(format!("demo user {email} is missing")))?;
    viewer_of(state, &user).await
}

pub(crate) async fn viewer_of(state: &AppState, user: &user::Model) -> AppResult<Viewer> {
    let brand_id = brand::Entity::find()
        .filter(brand::Column::UserId.eq(user.id))
        .one(&state.db)
        .await?
        .map(|b| b.id);
    let creator_id = creator_profile::Entity::find()
        .filter(creator_profile::Column::UserId.eq(user.id))
        .one(&state.db)
        .await?
        .map(|c| c.id);
    Ok(Viewer {
        user_id: user.id,
        role: user.role,
        brand_id,
        creator_id,
        api_key: None,
    })
}

struct DemoBrief {
    brand_email: &'static str,
    title: &'static str,
    description: &'static str,
    objective: CampaignObjective,
    product: &'static str,
    model: CompensationModel,
    /// Fee range in VND.
    fee: Option<(i64, i64)>,
    commission: Option<&'static str>,
    budget: i64,
    slots: i32,
    deliverables: &'static [(DeliverableType, Platform, i32)],
    kinds: &'static [CreatorKind],
    niches: &'static [Niche],
    min_followers: Option<i32>,
    visibility: BriefVisibility,
    publish: bool,
}

const BRIEFS: &[DemoBrief] = &[
    DemoBrief {
        brand_email: "brand@comem.vn",
        title: "Son môi mùa hè: review chân thực",
        description: "Thử bộ son môi thảo mộc mới và chia sẻ cảm nhận thật trên TikTok và Instagram.",
        objective: CampaignObjective::Awareness,
        product: "Son môi Cỏ Mềm Hè 2026",
        model: CompensationModel::FixedFee,
        fee: Some((3_000_000, 25_000_000)),
        commission: None,
        budget: 120_000_000,
        slots: 5,
        deliverables: &[
            (DeliverableType::VideoReview, Platform::Tiktok, 1),
            (DeliverableType::Story, Platform::Instagram, 2),
        ],
        kinds: &[CreatorKind::Kol, CreatorKind::Koc],
        niches: &[Niche::Beauty],
        min_followers: Some(5_000),
        visibility: BriefVisibility::Public,
        publish: true,
    },
    DemoBrief {
        brand_email: "brand@comem.vn",
        title: "Livestream bán kem dưỡng da ban đêm",
        description: "Chốt đơn kem dưỡng da trong các phiên livestream Shopee Live, hoa hồng trên từng đơn.",
        objective: CampaignObjective::Sales,
        product: "Kem dưỡng da ban đêm Cỏ Mềm",
        model: CompensationModel::Commission,
        fee: None,
        commission: Some("12.5"),
        budget: 50_000_000,
        slots: 10,
        deliverables: &[(DeliverableType::Livestream, Platform::Shopee, 4)],
        kinds: &[CreatorKind::Kos],
        niches: &[Niche::Beauty, Niche::Lifestyle],
        min_followers: None,
        visibility: BriefVisibility::Public,
        publish: true,
    },
    DemoBrief {
        brand_email: "brand@bepnhamai.vn",
        title: "Nếm thử nước mắm nhĩ mới",
        description: "Nhận quà là bộ nước mắm nhĩ và gia vị, nấu một món và cho chúng tôi biết ý kiến thật.",
        objective: CampaignObjective::Feedback,
        product: "Nước mắm nhĩ Bếp Nhà Mai",
        model: CompensationModel::Gifting,
        fee: None,
        commission: None,
        budget: 5_000_000,
        slots: 20,
        deliverables: &[(DeliverableType::ShortVideo, Platform::Tiktok, 1)],
        kinds: &[CreatorKind::Koc],
        niches: &[Niche::Food],
        min_followers: None,
        visibility: BriefVisibility::Public,
        publish: true,
    },
    DemoBrief {
        brand_email: "brand@saoviet.vn",
        title: "Ra mắt tai nghe SV Buds Pro",
        description: "Đập hộp và đánh giá tai nghe chống ồn SV Buds Pro trong tuần ra mắt; phí cố định cộng hoa hồng.",
        objective: CampaignObjective::ProductLaunch,
        product: "SV Buds Pro",
        model: CompensationModel::Hybrid,
        fee: Some((10_000_000, 40_000_000)),
        commission: Some("5"),
        budget: 200_000_000,
        slots: 4,
        deliverables: &[
            (DeliverableType::Unboxing, Platform::Youtube, 1),
            (DeliverableType::ShortVideo, Platform::Tiktok, 2),
        ],
        kinds: &[CreatorKind::Kol],
        niches: &[Niche::Tech],
        min_followers: Some(100_000),
        visibility: BriefVisibility::Public,
        publish: true,
    },
    DemoBrief {
        brand_email: "brand@saoviet.vn",
        title: "Loa thông minh SV Home (bản nháp, chỉ mời)",
        description: "Chiến dịch riêng cho các nhà sáng tạo được mời; còn đang soạn.",
        objective: CampaignObjective::Awareness,
        product: "SV Home Speaker",
        model: CompensationModel::FixedFee,
        fee: Some((5_000_000, 15_000_000)),
        commission: None,
        budget: 60_000_000,
        slots: 3,
        deliverables: &[(DeliverableType::Tutorial, Platform::Youtube, 1)],
        kinds: &[],
        niches: &[Niche::Tech, Niche::Home],
        min_followers: None,
        visibility: BriefVisibility::InviteOnly,
        publish: false,
    },
];

async fn seed_briefs(state: &AppState) -> AppResult<()> {
    let now = clock::now();
    for b in BRIEFS {
        let Some(user) = find_user(state, b.brand_email).await? else {
            continue;
        };
        let viewer = viewer_of(state, &user).await?;
        let exists = brief::Entity::find()
            .filter(brief::Column::BrandId.eq(viewer.brand_id))
            .filter(brief::Column::Title.eq(b.title))
            .one(&state.db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let vnd = |amount: i64| (Decimal::from(amount), CurrencyCode::Vnd);
        let fields = BriefFields {
            title: Some(b.title.to_owned()),
            description: Some(b.description.to_owned()),
            objective: Some(b.objective),
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
                fee_min: b.fee.map(|(min, _)| vnd(min)),
                fee_max: b.fee.map(|(_, max)| vnd(max)),
                commission_rate: b.commission.map(decimal),
                gift_product: matches!(b.model, CompensationModel::Gifting),
            }),
            budget: Some(vnd(b.budget)),
            slots: Some(b.slots),
            requirements: Some(RequirementsIn {
                creator_kinds: b.kinds.to_vec(),
                niches: b.niches.to_vec(),
                min_followers: b.min_followers,
                countries: vec!["VN".to_owned()],
                ..Default::default()
            }),
            visibility: Some(b.visibility),
            application_deadline: Some(Some(now + Duration::days(30))),
            content_due_at: Some(Some(now + Duration::days(60))),
            ..Default::default()
        };
        let created = briefs::create(&state.db, &state.events, &viewer, fields).await?;
        if b.publish {
            briefs::publish(&state.db, &state.events, &viewer, created.id).await?;
        }
    }
    Ok(())
}

pub(crate) async fn find_user(state: &AppState, email: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&state.db)
        .await?)
}

async fn ensure_user(
    state: &AppState,
    email: &str,
    role: Role,
    name: &str,
) -> AppResult<user::Model> {
    if let Some(user) = find_user(state, email).await? {
        return Ok(user);
    }
    let session = accounts::sign_up(
        state.accounts(),
        SignUp {
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            role,
            name: name.to_owned(),
        },
    )
    .await?;
    Ok(session.user)
}

/// For callers that want a message rather than an error value.
pub fn describe(err: &AppError) -> String {
    format!("{}: {}", err.code(), err.message())
}
