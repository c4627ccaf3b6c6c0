//! The demo's negotiations: a proposal in every status, and two collaborations, made through the
//! same domain functions the API calls (so they obey every rule and raise every notification).

use chrono::Duration;
use entity::{
    brief,
    enums::{CompensationModel, CurrencyCode, DeliverableType, Platform},
    proposal,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    briefs::DeliverableSpec,
    clock, collaborations,
    deals::{self, TermsIn},
    error::{AppError, AppResult},
    seed::demo_viewer,
    state::AppState,
};

pub(crate) fn terms(
    model: CompensationModel,
    fee: Option<i64>,
    rate: Option<&str>,
    lines: &[(DeliverableType, Platform, i32)],
) -> TermsIn {
    TermsIn {
        model,
        fee: fee.map(|f| (Decimal::from(f), CurrencyCode::Vnd)),
        commission_rate: rate.map(|r| r.parse().expect("demo rates are valid")),
        gift_product: model == CompensationModel::Gifting,
        deliverables: lines
            .iter()
            .map(|&(deliverable_type, platform, quantity)| DeliverableSpec {
                deliverable_type,
                platform,
                quantity,
                notes: None,
            })
            .collect(),
        due_at: clock::now() + Duration::days(45),
        revision_rounds: 2,
        usage_rights_days: 90,
        kill_fee_percent: Decimal::ZERO,
        review_days: deals::terms::DEFAULT_REVIEW_DAYS,
        expires_at: None,
    }
}

pub(crate) async fn brief_titled(state: &AppState, title: &str) -> AppResult<brief::Model> {
    brief::Entity::find()
        .filter(brief::Column::Title.eq(title))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::internal(format!("demo brief {title:?} is missing")))
}

/// Adds the demo's proposals, once: nothing happens when any proposal exists already.
pub async fn seed_deals(state: &AppState) -> AppResult<()> {
    if proposal::Entity::find().count(&state.db).await? > 0 {
        return Ok(());
    }
    let viewer = |email: &'static str| demo_viewer(state, email);
    let (db, bus) = (&state.db, &state.events);
    let comem = viewer("brand@comem.vn").await?;
    let bep = viewer("brand@bepnhamai.vn").await?;
    let saoviet = viewer("brand@saoviet.vn").await?;
    let linh = viewer("linh.beauty@demo.vn").await?;
    let minh = viewer("minh.review@demo.vn").await?;
    let hoa = viewer("hoa.live@demo.vn").await?;
    let tuan = viewer("tuan.tech@demo.vn").await?;
    let an = viewer("an.eats@demo.vn").await?;
    let creator = |v: &crate::auth::Viewer| v.creator_id.expect("demo creators have profiles");

    let lipstick = brief_titled(state, "Son môi mùa hè: review chân thực").await?;
    let livestream = brief_titled(state, "Livestream bán kem dưỡng da ban đêm").await?;
    let fish_sauce = brief_titled(state, "Nếm thử nước mắm nhĩ mới").await?;
    let buds = brief_titled(state, "Ra mắt tai nghe SV Buds Pro").await?;
    use CompensationModel as M;
    use DeliverableType as D;
    use Platform as P;
    let lipstick_lines = [(D::VideoReview, P::Tiktok, 1), (D::Story, P::Instagram, 2)];

    // ACCEPTED: an application with terms, a counter-offer, accepted by the creator.
    let p = deals::apply(
        db,
        bus,
        &linh,
        lipstick.id,
        "Mình đã dùng son thảo mộc 3 năm, khán giả của mình rất quan tâm dòng này.",
        Some(terms(M::FixedFee, Some(18_000_000), None, &lipstick_lines)),
        None,
    )
    .await?;
    deals::send_message(
        db,
        bus,
        &comem,
        p.id,
        "Chào Linh, bên mình có thể gửi mẫu thử trước không?",
    )
    .await?;
    deals::send_message(db, bus, &linh, p.id, "Dạ được ạ, mình nhận mẫu ở quận 3.").await?;
    let counter = deals::make_offer(
        db,
        bus,
        &comem,
        p.id,
        terms(M::FixedFee, Some(15_000_000), None, &lipstick_lines),
        Some("Ngân sách cho mỗi nhà sáng tạo là 15 triệu."),
    )
    .await?;
    collaborations::start(db, bus, &linh, counter.id).await?;

    // INVITED: the brand's offer waits for the creator.
    deals::invite(
        db,
        bus,
        &comem,
        lipstick.id,
        creator(&hoa),
        Some("Chị Hoa ơi, bên em muốn mời chị review son mới."),
        terms(M::FixedFee, Some(5_000_000), None, &lipstick_lines),
    )
    .await?;

    // NEGOTIATING: a commission counter-offer waits for the brand.
    let p = deals::invite(
        db,
        bus,
        &comem,
        livestream.id,
        creator(&hoa),
        Some("Mời chị livestream 4 phiên trên Shopee Live."),
        terms(
            M::Commission,
            None,
            Some("12.5"),
            &[(D::Livestream, P::Shopee, 4)],
        ),
    )
    .await?;
    deals::make_offer(
        db,
        bus,
        &hoa,
        p.id,
        terms(
            M::Commission,
            None,
            Some("15"),
            &[(D::Livestream, P::Shopee, 4)],
        ),
        Some("Phiên của chị thường chốt hơn 300 đơn, chị đề xuất 15%."),
    )
    .await?;

    // APPLIED: an application without terms.
    deals::apply(
        db,
        bus,
        &an,
        fish_sauce.id,
        "Mình nấu món miền Tây mỗi tuần, rất muốn thử nước mắm nhĩ.",
        None,
        None,
    )
    .await?;

    // ACCEPTED at offer 1: a gift accepted as invited.
    let gift = [(D::ShortVideo, P::Tiktok, 1)];
    let p = deals::invite(
        db,
        bus,
        &bep,
        fish_sauce.id,
        creator(&minh),
        None,
        terms(M::Gifting, None, None, &gift),
    )
    .await?;
    let offer = deals::current_offer(db, p.id)
        .await?
        .ok_or_else(|| AppError::internal("an invitation without its offer"))?;
    collaborations::start(db, bus, &minh, offer.id).await?;

    // WITHDRAWN: the brand takes an invitation back.
    let p = deals::invite(
        db,
        bus,
        &bep,
        fish_sauce.id,
        creator(&linh),
        None,
        terms(M::Gifting, None, None, &gift),
    )
    .await?;
    deals::withdraw(db, bus, &bep, p.id).await?;

    // DECLINED: the creator turns an invitation down.
    let p = deals::invite(
        db,
        bus,
        &saoviet,
        buds.id,
        creator(&tuan),
        Some("Mời anh đập hộp SV Buds Pro tuần ra mắt."),
        terms(
            M::Hybrid,
            Some(20_000_000),
            Some("5"),
            &[(D::Unboxing, P::Youtube, 1), (D::ShortVideo, P::Tiktok, 2)],
        ),
    )
    .await?;
    deals::decline(
        db,
        bus,
        &tuan,
        p.id,
        Some("Lịch tháng này của mình đã kín."),
    )
    .await?;
    Ok(())
}
